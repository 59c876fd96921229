# Writes resume_latin1.txt in ISO-8859-1 (Latin-1), as older Linux/Unix mail clients and some ATS exports
# save text: accented letters are single bytes (0xE1, 0xE9, 0xED, 0xF1, 0xFC), NBSP is 0xA0, and the
# summary and languages lines are in Spanish. Latin-1 has no en dash or curly quotes, so dates use "-".
text = """Valeria Quiñones Ibáñez, CCMA
Asistente Médica Bilingüe / Medical Assistant

Resumen
Asistente médica bilingüe (español/inglés) con experiencia en pediatría y medicina familiar.

Experience
Medical Assistant, Centro de Salud Familiar Peñasco, Jan 2023 - Present
- Vital\u00a0signs, immunizations and well-child intake
- Scheduling, check-in and insurance verification for four providers
- Charting in athenahealth

Idiomas: español (nativo), inglés (fluido)
"""
open("resume_latin1.txt", "wb").write(text.encode("latin-1"))
