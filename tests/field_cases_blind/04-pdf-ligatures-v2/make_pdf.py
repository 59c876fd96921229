"""Résumé in Liberation Serif whose text layer carries U+FB01 (fi) and U+FB02 (fl) - the only two ligatures
that font has - with bold headings and wrapped paragraphs (fpdf2 multi_cell)."""
from fpdf import FPDF

HEAD = "Delfina Fleischer"
BLOCKS = [
    ("", "Registered Medical Assistant (AMT) and Certified EKG Technician - cardiology"),
    ("Professional Profile", "Six years in a cardiology office; confident with stress-test flow, device clinics "
     "and a full schedule of walk-in EKGs."),
    ("Experience", "Medical Assistant, Fairfield Heart Specialists, Dayton, OH, 2019 - Present"),
    ("", "- Performed 12-lead EKGs and fitted Holter monitors"),
    ("", "- Confirmed appointments and filed prior authorization requests with payers"),
    ("", "- Reconciled medication lists and flagged interactions for the provider"),
    ("", "- Gave flu shots and B12 injections"),
    ("", "- Refilled and reordered exam room supplies every Friday"),
    ("Certifications", "Registered Medical Assistant (RMA), certified 2019"),
    ("", "Certified EKG Technician, NHA, certified 2020"),
    ("", "BLS, certified through 2027"),
]


def lig(s):
    return s.replace("fi", "\ufb01").replace("fl", "\ufb02")


pdf = FPDF()
pdf.add_page()
pdf.add_font("LS", "", "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
pdf.add_font("LS", "B", "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf")
pdf.set_font("LS", "B", 16)
pdf.cell(0, 9, lig(HEAD), new_x="LMARGIN", new_y="NEXT")
for heading, text in BLOCKS:
    if heading:
        pdf.ln(2)
        pdf.set_font("LS", "B", 12)
        pdf.cell(0, 7, lig(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("LS", "", 11)
    pdf.multi_cell(120, 5.5, lig(text), new_x="LMARGIN", new_y="NEXT")
pdf.output("resume.pdf")
