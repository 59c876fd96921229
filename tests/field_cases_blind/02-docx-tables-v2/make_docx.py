"""Résumé laid out entirely in tables (python-docx): a dates | details layout table for experience, a skills
grid without a header row, and a credential table whose "Active" status cell is merged vertically over two rows
(in the XML the second row's status cell is an empty vMerge continuation)."""
from docx import Document

doc = Document()
head = doc.add_table(rows=1, cols=2)
head.rows[0].cells[0].text = "Augustin Ferreira-Lowe"
head.rows[0].cells[1].text = "Lead Medical Assistant | Manchester, NH"

doc.add_heading("Experience", level=2)
lay = doc.add_table(rows=2, cols=2)
lay.rows[0].cells[0].text = "2019 - Present"
c = lay.rows[0].cells[1]
c.text = "Lead Medical Assistant, Granite Peak Internal Medicine"
for line in ["Verify insurance and obtain prior authorizations in athenaOne",
             "Perform EKGs, spirometry and point-of-care glucose and A1C testing",
             "Train new MAs on OSHA and infection control"]:
    c.add_paragraph(line, style="List Bullet")
lay.rows[1].cells[0].text = "2016 - 2019"
c = lay.rows[1].cells[1]
c.text = "Medical Assistant, Juniper Urgent Care"
for line in ["Laceration care: suture removal and dressing changes",
             "Collected urine and swab specimens"]:
    c.add_paragraph(line, style="List Bullet")

doc.add_heading("Skills", level=2)
sk = doc.add_table(rows=2, cols=3)
for r, vals in zip(sk.rows, [("Medication reconciliation", "Telehealth visit set-up", "Patient portal messages"),
                             ("ICD-10 and CPT coding", "Medical terminology", "HIPAA compliance")]):
    for cell, v in zip(r.cells, vals):
        cell.text = v

doc.add_heading("Credentials", level=2)
cr = doc.add_table(rows=4, cols=2)
cr.style = "Table Grid"
cr.rows[0].cells[0].text = "Credential"
cr.rows[0].cells[1].text = "Status"
cr.rows[1].cells[0].text = "CCMA - NHA"
cr.rows[2].cells[0].text = "BLS - American Heart Association"
merged = cr.rows[1].cells[1].merge(cr.rows[2].cells[1])
merged.text = "Active (renewed 2026)"
cr.rows[3].cells[0].text = "CET - NHA"
cr.rows[3].cells[1].text = "Scheduled: 04/2027"
doc.save("resume_layout_tables.docx")
