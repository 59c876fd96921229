"""Two-column résumé, main column on the LEFT, narrow sidebar on the RIGHT (fpdf2), drawn three ways:
  resume_columns.pdf        main column top-to-bottom, then the sidebar
  resume_sidebar_first.pdf  sidebar top-to-bottom, then the main column (the sidebar's EDUCATION block
                            ends right before the name and the EXPERIENCE heading)
  resume_rows.pdf           row by row, main cell then sidebar cell on the same baseline
"""
from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
MAIN = ["Sloane Whitacre", "Certified Clinical Medical Assistant - orthopedics and urgent care", "",
        "PROFILE", "Nine years as an MA in orthopedics and walk-in urgent care", "",
        "EXPERIENCE",
        "Medical Assistant, Summit Orthopedic Group, Reno, NV", "08/2022 - Present",
        "Applied splints, changed dressings and removed sutures and staples",
        "Set up sterile trays and assisted with joint injections",
        "Took vitals and charted visits in Epic", "",
        "Medical Assistant, QuickCare Urgent Care, Sparks, NV", "05/2017 - 07/2022",
        "Performed 12-lead EKGs and spirometry",
        "Drew blood and ran rapid flu and strep tests",
        "Documented in athenaOne and coordinated referrals"]
SIDE_ROWS = {0: "CERTIFICATIONS", 1: "CCMA (NHA)", 2: "CPT - Phlebotomy (NHA)",
             3: "CPR/AED & First Aid (Red Cross)",
             5: "EHR SYSTEMS", 6: "Epic", 7: "athenaOne",
             9: "TRAVEL", 10: "Not seeking travel positions",
             13: "EDUCATION", 14: "Clinical Medical Assistant Diploma", 15: "Lakeview Career Institute",
             16: "2016 - 2017",
             18: "OFFICE", 19: "Microsoft Excel and Outlook"}
MX, SX, TOP, PITCH = 36, 400, 60, 15


def page():
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.add_font("DV", "", FONT)
    pdf.set_font("DV", size=9.5)
    return pdf


main = [(MX, TOP + i * PITCH, s) for i, s in enumerate(MAIN) if s]
side = [(SX, TOP + i * PITCH, s) for i, s in sorted(SIDE_ROWS.items())]

for name, seq in [("resume_columns.pdf", main + side),
                  ("resume_sidebar_first.pdf", side + main),
                  ("resume_rows.pdf", sorted(main + side, key=lambda t: (t[1], t[0])))]:
    pdf = page()
    for x, y, s in seq:
        pdf.text(x, y, s)
    pdf.output(name)
