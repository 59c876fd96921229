"""Two-column résumé, shaded sidebar on the LEFT with a bold heading font (fpdf2), drawn two ways:
  resume_columns.pdf  sidebar top-to-bottom, then the main column
  resume_rows.pdf     row by row (sidebar cell, then main cell on the same baseline)
The sidebar's pending credential ("CPT (NHA) - exam scheduled 02/2027") shares a baseline with the main
column's summary line that names the credentials actually held.
"""
from fpdf import FPDF

REG = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
# (row, text, bold)
SIDE = [(0, "Mae Villanueva", True), (1, "Tampa, FL", False), (2, "(813) 555-0178", False),
        (4, "CERTIFICATIONS", True), (5, "NCMA (NCCT)", False), (6, "BLS (AHA) - current", False),
        (7, "CPT (NHA) - exam scheduled 02/2027", False),
        (9, "SKILLS", True), (10, "12-lead EKG", False), (11, "Holter and event monitors", False),
        (12, "Vital signs", False), (13, "Medication reconciliation", False),
        (14, "Prior authorizations", False),
        (16, "LANGUAGES", True), (17, "English, Tagalog", False),
        (19, "EDUCATION", True), (20, "Medical Assisting Diploma", False),
        (21, "Coastal Career College, 2020", False)]
MAIN = [(0, "Cardiology Medical Assistant", True),
        (4, "SUMMARY", True),
        (5, "Four years in cardiology and family medicine.", False),
        (7, "Nationally certified MA (NCMA) and Certified EKG Technician (CET).", False),
        (9, "EXPERIENCE", True),
        (10, "Cardiology Medical Assistant, Bayfront Heart & Vascular", True),
        (11, "09/2022 - Present", False),
        (12, "Performed 12-lead EKGs and applied Holter monitors", False),
        (13, "Took vitals and reconciled medication lists before each visit", False),
        (14, "Obtained prior authorizations for echocardiograms and stress tests", False),
        (15, "Scheduled follow-ups and device checks in Epic", False),
        (17, "Medical Assistant, Palmetto Family Care", True),
        (18, "01/2021 - 08/2022", False),
        (19, "Roomed patients; ran rapid flu and COVID tests", False),
        (20, "Answered phones and processed referrals", False)]
SX, MX, TOP, PITCH = 30, 215, 56, 15


def page():
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.add_font("DV", "", REG)
    pdf.add_font("DV", "B", BOLD)
    pdf.set_fill_color(232, 238, 244)
    pdf.rect(0, 0, 200, 792, style="F")
    return pdf


side = [(SX, TOP + r * PITCH, t, b) for r, t, b in SIDE]
main = [(MX, TOP + r * PITCH, t, b) for r, t, b in MAIN]

for name, seq in [("resume_columns.pdf", side + main),
                  ("resume_rows.pdf", sorted(side + main, key=lambda t: (t[1], t[0])))]:
    pdf = page()
    for x, y, t, b in seq:
        pdf.set_font("DV", "B" if b else "", 10 if b else 9.5)
        pdf.text(x, y, t)
    pdf.output(name)
