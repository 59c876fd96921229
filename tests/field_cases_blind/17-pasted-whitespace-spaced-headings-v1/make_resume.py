# Writes resume.txt as it comes out of a copy-paste from a designed Word template: letter-spaced headings
# (three spaces between words), tabs between columns, NBSP (U+00A0) inside phrases, a non-breaking hyphen
# (U+2011) in "point-of-care", bullets U+2022 followed by a tab. control_resume.txt is the same text with the
# headings written normally.
NB, NBH = "\u00a0", "\u2011"
body = """Jordan Castellanos
Certified{NB}Medical{NB}Assistant (AAMA)

{EDU}
Associate of Applied Science, Medical Assisting\tRiverbend Community College
2009 \u2013 2011

{EXP}
Medical{NB}Assistant\tPalisade Internal Medicine\tApr 2021 \u2013 Present
\u2022\tVital{NB}signs, EKGs and point{NBH}of{NBH}care{NB}glucose and A1c testing
\u2022\tCharting in Epic;{NB}prescription{NB}refill requests
"""
spaced = {"EDU": "E D U C A T I O N", "EXP": "W O R K   E X P E R I E N C E"}
plain = {"EDU": "EDUCATION", "EXP": "WORK EXPERIENCE"}
open("resume.txt", "w", encoding="utf-8").write(body.format(NB=NB, NBH=NBH, **spaced))
open("control_resume.txt", "w", encoding="utf-8").write(body.format(NB=NB, NBH=NBH, **plain))
