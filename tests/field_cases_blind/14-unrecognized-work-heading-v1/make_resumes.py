# resume.txt and its heading variants: identical except for the heading line of the work section.
base = """Talia Brennan, RMA
Medical Assistant

EDUCATION
Medical Assistant Diploma, Northgate Career College
September 2014 - August 2015

SKILLS
Epic, vital signs, EKGs, injections, phlebotomy, scheduling

{heading}
Medical Assistant, Cypress Lane Internal Medicine, March 2020 - Present
- Room patients, take vitals, perform EKGs and give injections
Medical Assistant, Gilford Family Practice, June 2016 - February 2020
- Venipuncture, rapid strep tests, scheduling and Epic charting

REFERENCES
Available upon request
"""
for name, heading in [("resume.txt", "PROFESSIONAL HISTORY"),
                      ("resume_h_career_history.txt", "Career History"),
                      ("control_resume.txt", "EXPERIENCE")]:
    open(name, "w", encoding="utf-8").write(base.format(heading=heading))
