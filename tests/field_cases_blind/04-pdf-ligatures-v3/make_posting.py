"""A job posting flyer as PDF (posting_flyer.pdf, ligature code points U+FB00-FB03 in the text layer) and the
same text copied out of it (posting.txt): the code points survive copy and paste."""
TEXT = """Medical Assistant - Internal Medicine (Full-time)
Maplewood Internal Medicine, Fort Wayne, IN

Requirements
- Certified Medical Assistant (CMA) required
- Current BLS certification
- Insurance benefits verification and prior authorizations
- Administer flu and pneumonia vaccines
- Process prescription refill requests
- Proficient in Microsoft Office
- Staff the front office: check-in and check-out
- Certified Phlebotomy Technician (CPT) is a plus

Benefits
Medical, dental and vision insurance; 401(k) with match; paid time off
"""


def lig(s):
    for a, b in [("ffi", "\ufb03"), ("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02")]:
        s = s.replace(a, b)
    return s


open("posting.txt", "w", encoding="utf-8").write(lig(TEXT))

# the flyer itself: the same text as a one-page PDF (fpdf2, DejaVu Serif), code points in the text layer
from fpdf import FPDF  # noqa: E402  (run with /work/main/.venv/bin/python for this part)

pdf = FPDF()
pdf.add_page()
pdf.add_font("DVS", "", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
pdf.set_font("DVS", size=11)
for line in lig(TEXT).splitlines():
    pdf.cell(0, 6.5, line, new_x="LMARGIN", new_y="NEXT")
pdf.output("posting_flyer.pdf")
