# resume_utf16be.txt: UTF-16 big-endian with a BOM (as some Mac and Java exporters write "Unicode" text).
# resume_mojibake.txt: a UTF-8 résumé that was once decoded as Windows-1252 and saved again as UTF-8 - the
#   classic mojibake ("Ã©", "â€“", "â€¢", "Â " for a no-break space).
# posting.txt: UTF-8 with a BOM and CRLF line ends (Notepad's "UTF-8 with BOM").
a = """Gonçalo Figueirêdo Batista, NCMA
Assistente médico / Medical Assistant

Experience
Medical Assistant, Clínica Atlântica Family Health, Jul 2020 – Present
• Venipuncture, injections and vital signs
• Prior authorizations and insurance eligibility checks in eClinicalWorks

Línguas: português (nativo) e inglês (fluente)
"""
open("resume_utf16be.txt", "wb").write(b"\xfe\xff" + a.encode("utf-16-be"))

b = """Renée Duchâteau-Ibáñez, NCMA
Medical Assistant

Experience
Medical Assistant, Hôpital Saint-Rémi Outpatient Clinic, Sep 2017 – Present
• Venipuncture, injections and vital\u00a0signs for 30 patients a day
• Prior authorizations and insurance eligibility checks in eClinicalWorks
• Fluent in Portuguese and English
"""
open("resume_mojibake.txt", "w", encoding="utf-8").write(b.encode("utf-8").decode("cp1252", errors="replace"))

p = """Medical Assistant – Multilingual Community Clinic

Requirements
- Bilingual (English and Portuguese) required
- 3+ years of medical assistant experience
- NCMA certification
- Venipuncture and injections
- Obtain prior authorizations and verify insurance eligibility
- eClinicalWorks experience
"""
open("posting.txt", "wb").write(b"\xef\xbb\xbf" + p.replace("\n", "\r\n").encode("utf-8"))
