"""Résumé whose credentials and clinical competencies are tables with a status column (python-docx)."""
from docx import Document

doc = Document()
doc.add_paragraph("Delphine Okoro")
doc.add_paragraph("Medical Assistant - Pediatrics | Columbus, OH")

doc.add_heading("Certifications", level=2)
t = doc.add_table(rows=5, cols=3)
t.style = "Table Grid"
rows = [("Certification", "Issuing body", "Status"),
        ("Certified Medical Assistant (CMA)", "AAMA", "Active - expires 09/2029"),
        ("BLS Provider", "American Heart Association", "Active"),
        ("Certified Phlebotomy Technician (CPT)", "NHA", "Not certified"),
        ("Certified Medical Administrative Assistant (CMAA)", "NHA", "Exam booked for 03/2027")]
for r, vals in zip(t.rows, rows):
    for c, v in zip(r.cells, vals):
        c.text = v

doc.add_heading("Clinical competencies", level=2)
t = doc.add_table(rows=5, cols=4)
t.style = "Table Grid"
rows = [("Skill", "Hands-on experience", "Skill", "Hands-on experience"),
        ("Vital signs (incl. pediatric BP)", "Yes", "Vision and hearing screening", "Yes"),
        ("Immunizations (VFC program)", "Yes", "Venipuncture", "None"),
        ("Nebulizer treatments", "Yes", "Spirometry", "None"),
        ("Rapid strep / flu tests", "Yes", "EKG", "None")]
for r, vals in zip(t.rows, rows):
    for c, v in zip(r.cells, vals):
        c.text = v

doc.add_heading("Experience", level=2)
doc.add_paragraph("Medical Assistant, Maple Hollow Pediatrics, Columbus, OH - 2021 to present")
doc.add_paragraph("Room patients and record vitals and growth charts in Epic", style="List Bullet")
doc.add_paragraph("Schedule well-child visits and process referrals", style="List Bullet")
doc.save("resume_tables.docx")
