# Writes resume.txt as pasted from a two-column PDF template: letter-spaced headings with uneven gaps,
# tab-aligned dates, em spaces (U+2003) between title and employer, en spaces (U+2002) around the skill
# separators, en-dash bullets after a tab, and trailing spaces/tabs on some lines.
EM, EN = "\u2003", "\u2002"
text = f"""DeShawn Whitaker, CCMA\t\t
Occupational Health Medical Assistant

C E R T I F I C A T I O N S  &  L I C E N S E S
Certified Clinical Medical Assistant \u2014 NHA\t\t\tissued 2018
Certified Phlebotomy Technician \u2014 NHA\t\t\tissued 2017
BLS Provider \u2014 American Heart Association\t\tvalid 2025 \u2013 2027

P R O F E S S I O N A L    E X P E R I E N C E
Medical Assistant / Phlebotomist{EM}Sierra Vista Occupational Health{EM}\tJan 2019 \u2013 Present
\t\u2013\tDOT and pre-employment urine drug screen collections with chain of custody   
\t\u2013\tVenipuncture, audiometry and Snellen vision screening
\t\u2013\tSpirometry for respirator medical clearance
Phlebotomist{EM}Halvorsen Diagnostic Laboratory{EM}\tMar 2016 \u2013 Dec 2018
\t\u2013\tOutpatient venipuncture, 70 draws per shift

S  K  I  L  L  S
Cerner{EN}|{EN}Microsoft Excel{EN}|{EN}HIPAA{EN}|{EN}OSHA bloodborne pathogens
"""
open("resume.txt", "w", encoding="utf-8").write(text)
