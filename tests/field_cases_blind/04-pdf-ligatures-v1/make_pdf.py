"""Résumé whose text layer carries the Unicode ligature code points U+FB00-FB04 (ff, fi, fl, ffi, ffl), as
some exporters leave them (fpdf2, DejaVu Sans, which has all five glyphs), plus the same text pasted from a PDF
viewer into a .txt file (the code points survive copy and paste)."""
from fpdf import FPDF

LINES = [
    "Griffin Ashworth-Bell",
    "Certified Clinical Medical Assistant (CCMA) | Bluffton, OH",
    "Profile",
    "Efficient, affable MA with five years in a busy pediatric office",
    "Experience",
    "Medical Assistant, Cliffview Pediatrics, 2021 - Present",
    "- Administered flu shots and filed VIS forms for every dose",
    "- Insurance verification and benefits checks before every visit",
    "- Performed fingerstick hemoglobin and lead screens",
    "- Handled refill requests and faxed prescriptions to pharmacies",
    "- Triaged sick calls (fevers, sniffles, rashes) by nurse protocol",
    "- Staffed the front office; answered multi-line phones",
    "Certifications",
    "CCMA - certified 2021; BLS - certified through 2027",
    "Skills",
    "Microsoft Office (Word, Excel); HIPAA and confidentiality",
    "Languages: fluent Spanish",
]


def lig(s):
    for a, b in [("ffi", "\ufb03"), ("ffl", "\ufb04"), ("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02")]:
        s = s.replace(a, b)
    return s


pdf = FPDF()
pdf.add_page()
pdf.add_font("DVS", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
pdf.set_font("DVS", size=10.5)
for line in LINES:
    pdf.cell(0, 6.5, lig(line), new_x="LMARGIN", new_y="NEXT")
pdf.output("resume_codepoints.pdf")
open("resume_pasted.txt", "w", encoding="utf-8").write("\n".join(lig(l) for l in LINES) + "\n")
