"""Two-page résumés (python-docx) whose credentials are only in headers/footers that are not the plain
default ones:
  resume_firstpage.docx  "Different First Page": name + credential in the first-page header, credential strip
                         in the first-page footer; pages 2+ carry a plain default header and footer
  resume_even_page.docx  "Different Odd & Even Pages": credentials only in the even-page header (page 2);
                         BLS is in the body
"""
from docx import Document
from docx.enum.text import WD_BREAK


def body(doc, with_bls):
    doc.add_heading("Experience", level=2)
    doc.add_paragraph("Medical Assistant, Riverside Heart Clinic, Fresno, CA - 2021 to present")
    for s in ["Performed resting 12-lead EKGs and applied Holter monitors",
              "Took vitals and updated medication lists",
              "Charted every visit in eClinicalWorks"]:
        doc.add_paragraph(s, style="List Bullet")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Medical Assistant, Valley Family Care, Clovis, CA - 2018 to 2021")
    for s in ["Roomed patients and ran rapid strep tests", "Scheduled follow-up appointments"]:
        doc.add_paragraph(s, style="List Bullet")
    doc.add_heading("Education", level=2)
    doc.add_paragraph("Medical Assistant Certificate, San Joaquin Valley Career College, 2018")
    if with_bls:
        doc.add_paragraph("BLS for Healthcare Providers (American Heart Association), current")


# A: first-page header and footer
doc = Document()
sec = doc.sections[0]
sec.different_first_page_header_footer = True
sec.first_page_header.paragraphs[0].text = "Rafael Quintanilla, NCMA  |  Fresno, CA  |  (559) 555-0163"
sec.first_page_footer.paragraphs[0].text = "NCMA (NCCT)  -  CET (NHA)  -  BLS (AHA)"
sec.header.paragraphs[0].text = "R. Quintanilla - page 2"
sec.footer.paragraphs[0].text = "References available on request"
body(doc, with_bls=False)
doc.save("resume_firstpage.docx")

# B: even-page header only
doc = Document()
doc.settings.odd_and_even_pages_header_footer = True
sec = doc.sections[0]
sec.header.paragraphs[0].text = "Rafael Quintanilla  |  Fresno, CA"
sec.even_page_header.paragraphs[0].text = "Rafael Quintanilla, NCMA, CET  -  continued"
body(doc, with_bls=True)
doc.save("resume_even_page.docx")
