# Builds resume_hyphenated.pdf with fpdf2: one cell per printed line, as a word processor with
# automatic hyphenation would lay the summary out in a narrow column.
from fpdf import FPDF

pdf = FPDF(format="letter")
pdf.add_page()
pdf.set_font("Helvetica", "B", 14)
pdf.cell(0, 8, "Rosa Delgado-Whitfield", new_x="LMARGIN", new_y="NEXT")
pdf.set_font("Helvetica", "", 10)
lines = [
    "Summary",
    "National Certified Medical As-",
    "sistant (NCCT) holding CPR/AED",
    "and first aid cards; skilled in phle-",
    "botomy, capillary sticks and speci-",
    "men processing; charted in athena-",
    "health and handled refill re-",
    "quests and prior authoriza-",
    "tions for a pediatric practice.",
    "",
    "Experience",
    "Medical Assistant, Two Rivers Pediatrics, 2021 - Present",
    "- Well-child vitals, hearing and vision",
    "  screenings; vaccine administration per the VFC schedule",
]
for line in lines:
    pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
pdf.output("resume_hyphenated.pdf")
