# Writes the two résumés in UTF-8; the apostrophes are U+2019 (as Word's smart quotes make them)
# and the dashes U+2013.
A, D = "\u2019", "\u2013"
a = f"""Yesenia Holloway, RMA (AMT)

EXPERIENCE
Medical Assistant {D} Oakmont Women's Health
Feb 2020 {D}
present
- Chaperone and assist with pelvic exams, Pap smears and IUD insertions
Medical Assistant {D} Cedar Hollow Pediatrics
Oct {A}15 {D} Jan {A}20
- Well-child vitals, immunizations, hearing and vision screening
"""
open("resume.txt", "w", encoding="utf-8").write(a)
b = f"""Yesenia Holloway, RMA (AMT)

EXPERIENCE
Medical Assistant, Oakmont Women's Health, Spring {A}20 {D} Today
- Chaperone and assist with pelvic exams, Pap smears and IUD insertions
Medical Assistant, Cedar Hollow Pediatrics, Fall {A}15 {D} Spring {A}20
- Well-child vitals, immunizations, hearing and vision screening
"""
open("resume_b.txt", "w", encoding="utf-8").write(b)
