"""Cover letter and résumé in one .docx (python-docx). Section 1 is the cover letter with a plain contact
header. Section 2 (new page) is the résumé, with its OWN header and footer (not linked to section 1) that carry
the credentials. The body of neither section names a credential."""
from docx import Document
from docx.enum.section import WD_SECTION

doc = Document()
s1 = doc.sections[0]
s1.header.paragraphs[0].text = "Hye-jin Park  |  Sacramento, CA  |  (916) 555-0142  |  hjpark.ma@example.com"
for p in ["December 1, 2026",
          "Hiring Manager, American River Dermatology",
          "Dear Hiring Manager,",
          "I am applying for the Medical Assistant position posted on your website. I have spent four years in a "
          "busy dermatology practice and enjoy helping patients feel at ease before their procedures.",
          "Thank you for your time and consideration.",
          "Sincerely,", "Hye-jin Park"]:
    doc.add_paragraph(p)

s2 = doc.add_section(WD_SECTION.NEW_PAGE)
s2.header.is_linked_to_previous = False
s2.footer.is_linked_to_previous = False
s2.header.paragraphs[0].text = "Hye-jin Park, CCMA, CMAA"
s2.footer.paragraphs[0].text = ("Certifications: CCMA (NHA) - CMAA (NHA) - CPR/AED (American Red Cross) - "
                                "California CPT I (phlebotomy)")
doc.add_heading("Experience", level=2)
doc.add_paragraph("Medical Assistant, Capitol Skin & Laser, Sacramento, CA - 2022 to present")
for s in ["Scheduled procedures and checked in patients",
          "Took vitals and assisted with shave and punch biopsies",
          "Drew blood for isotretinoin monitoring labs"]:
    doc.add_paragraph(s, style="List Bullet")
doc.add_heading("Education", level=2)
doc.add_paragraph("Medical Assistant Diploma, Delta Allied Health School, 2022")
doc.save("cover_letter_and_resume.docx")
