"""Résumé whose name/credential line is a TABLE inside the page header, and whose EHR and language line is in
the footer (python-docx). The body names no credential, no EHR and no language."""
from docx import Document
from docx.shared import Inches

doc = Document()
sec = doc.sections[0]
hdr = sec.header
hdr.paragraphs[0].text = ""
ht = hdr.add_table(rows=1, cols=2, width=Inches(6.5))
ht.rows[0].cells[0].text = "Corinne Achebe"
ht.rows[0].cells[1].text = "CMA (AAMA) | BLS (AHA)"
sec.footer.paragraphs[0].text = "EHR: Epic and Cerner PowerChart  |  Languages: English, Haitian Creole"

doc.add_heading("Experience", level=2)
doc.add_paragraph("Medical Assistant, Willow Creek OB/GYN, Orlando, FL - 2020 to present")
for s in ["Chaperoned exams and set up trays for colposcopies and IUD insertions",
          "Ran urine pregnancy tests and collected Pap specimens",
          "Gave Depo-Provera injections and Tdap vaccines"]:
    doc.add_paragraph(s, style="List Bullet")
doc.add_heading("Education", level=2)
doc.add_paragraph("Medical Assisting Diploma, Sunshine State Health Institute, 2019")
doc.save("resume_header_table.docx")
