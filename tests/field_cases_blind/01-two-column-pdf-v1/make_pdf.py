"""Two-column résumé, sidebar on the LEFT, drawn two ways with fpdf2 (same page, same positions):
  resume_columns.pdf  sidebar top-to-bottom, then the main column
  resume_rows.pdf     row by row (sidebar cell, then the main cell on the same baseline), as table-based
                      templates are exported; a text extractor that follows the content stream puts both
                      cells of a row on one line
"""
from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LEFT = ["CONTACT", "Gallup, NM 87301", "h.tsosie.ma@example.com", "",
        "CREDENTIALS", "RMA (AMT), 2021", "BLS for Healthcare Providers (AHA)", "",
        "AVAILABILITY", "Not available Sundays", "No overnight shifts", "",
        "LANGUAGES", "Navajo and English", "",
        "EDUCATION", "Medical Assistant Certificate", "Four Corners Technical College", "2019 - 2020"]
RIGHT = ["Harlan Tsosie", "Registered Medical Assistant - family medicine", "",
         "SUMMARY", "Eight years in family medicine, front office and clinical", "",
         "EXPERIENCE",
         "Medical Assistant, Red Mesa Family Health, Gallup, NM", "03/2021 - Present",
         "Gave IM and SubQ injections, B12 and Depo shots",
         "Administered childhood and flu vaccines",
         "Drew blood by venipuncture; processed and labeled specimens",
         "Charted visits and refill requests in NextGen",
         "Ran point-of-care tests: rapid strep, A1C, urine dipstick", "",
         "Front Desk / MA Trainee, Canyon Road Clinic", "01/2018 - 02/2021",
         "Checked in patients and verified insurance eligibility",
         "Answered multi-line phones and scheduled appointments"]
LX, RX, TOP, PITCH = 36, 230, 60, 15


def page():
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.add_font("DV", "", FONT)
    pdf.set_font("DV", size=10)
    return pdf


def cells():
    left = [(LX, TOP + i * PITCH, s) for i, s in enumerate(LEFT) if s]
    right = [(RX, TOP + i * PITCH, s) for i, s in enumerate(RIGHT) if s]
    return left, right


left, right = cells()
pdf = page()
for x, y, s in left + right:
    pdf.text(x, y, s)
pdf.output("resume_columns.pdf")

pdf = page()
for x, y, s in sorted(left + right, key=lambda t: (t[1], t[0])):
    pdf.text(x, y, s)
pdf.output("resume_rows.pdf")
