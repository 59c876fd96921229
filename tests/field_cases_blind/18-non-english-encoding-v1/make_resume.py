# Writes resume_cp1252.txt in Windows-1252, as Word's "Plain Text (Windows default)" saves it: curly quotes
# (0x91-0x94), bullets (0x95), en and em dashes (0x96, 0x97), an ellipsis (0x85), NBSP (0xA0) and accented
# Spanish letters. The Spanish lines state the languages the candidate speaks.
text = """Ximena Bustamante Ocaña, CCMA
Medical Assistant \u2014 Family Medicine

Experience
Medical Assistant, Clínica Comunitaria San Judas, Mar 2018 \u2013 Present
\u2022 Venipuncture and capillary draws for 40+ patients a day
\u2022 12\u2011lead EKGs and rapid strep/flu tests
\u2022 \u201cPatient of the Month\u201d team award for flu-clinic outreach\u2026
\u2022 Patients\u2019 vitals, allergies and chief complaint at intake

Idiomas: español (lengua materna) e inglés (avanzado)
Habilidades: atención al paciente, trabajo en equipo
"""
# U+2011 is not in cp1252: write the plain hyphen Word falls back to.
text = text.replace("\u2011", "-")
open("resume_cp1252.txt", "wb").write(text.replace("\n", "\r\n").encode("cp1252"))
