# resume.txt and a heading variant: identical except for the heading line of the work section.
base = """GRACIELA MONTOYA-REYES
Certified Clinical Medical Assistant

SUMMARY
Pediatric and family-practice MA; fast, accurate injections and a calm chairside manner.

LICENSES & CERTIFICATIONS
Certified Clinical Medical Assistant (CCMA), NHA - issued 05/2017, renewed 05/2025
BLS Provider, American Heart Association - valid 10/2025 to 10/2027

{heading}
Medical Assistant | Orchard Valley Pediatrics | Aug 2018 - Present
- Immunizations per the CDC schedule, injections, vitals and growth charts
- Hearing and vision screenings for school physicals
Float Medical Assistant | Meridian Health Partners | Jan 2016 - Jul 2018
- Covered six family-medicine clinics: rooming, vitals, EKGs, point-of-care tests
"""
for name, heading in [("resume.txt", "POSITIONS HELD"),
                      ("resume_h_medical_office.txt", "Medical Office Experience")]:
    open(name, "w", encoding="utf-8").write(base.format(heading=heading))
