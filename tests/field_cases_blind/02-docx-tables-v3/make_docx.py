"""Résumé with a transposed credential table (credentials across the header row, status in the row below), a
Front office | Back office table whose cells hold several paragraphs, and an EHR | Years table (python-docx)."""
from docx import Document

doc = Document()
doc.add_paragraph("Yesenia Kaur-Delgado")
doc.add_paragraph("Medical Assistant, front and back office | Bakersfield, CA")

doc.add_heading("Credentials", level=2)
t = doc.add_table(rows=3, cols=5)
t.style = "Table Grid"
for r, vals in zip(t.rows, [("Credential", "RMA (AMT)", "CPR/BLS (AHA)", "CPT (ASPT)", "CEHRS (NHA)"),
                            ("Status", "Active", "Active", "In progress", "Active"),
                            ("Since", "2020", "2025", "-", "2023")]):
    for c, v in zip(r.cells, vals):
        c.text = v

doc.add_heading("Skills", level=2)
t = doc.add_table(rows=2, cols=2)
t.style = "Table Grid"
t.rows[0].cells[0].text = "Front office"
t.rows[0].cells[1].text = "Back office"
front, back = t.rows[1].cells
front.text = "Check-in and registration"
for s in ["Appointment scheduling", "Insurance eligibility checks", "Billing and copay collection"]:
    front.add_paragraph(s)
back.text = "Vital signs"
for s in ["Injections (IM, SubQ, ID)", "Urinalysis dipstick and pregnancy tests", "Autoclave and room turnover"]:
    back.add_paragraph(s)

doc.add_heading("EHR systems", level=2)
t = doc.add_table(rows=4, cols=2)
t.style = "Table Grid"
for r, vals in zip(t.rows, [("EHR", "Years"), ("eClinicalWorks", "4"), ("Practice Fusion", "1"),
                            ("Cerner", "None")]):
    for c, v in zip(r.cells, vals):
        c.text = v

doc.add_heading("Experience", level=2)
doc.add_paragraph("Medical Assistant, Kern Valley Family Medicine, 2020 - Present")
doc.add_paragraph("Medical Receptionist, Oildale Community Clinic, 2018 - 2020")
doc.save("resume_tables.docx")
