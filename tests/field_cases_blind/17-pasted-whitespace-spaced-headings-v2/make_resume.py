# Writes resume.txt as pasted from a web résumé builder into a Windows text box: CRLF line ends, headings
# letter-spaced with NBSP (U+00A0) in title case, a zero-width space (U+200B) after a slash (from a <wbr>),
# narrow no-break spaces (U+202F), a middle dot and U+25AA bullets.
NB, ZW, NN = "\u00a0", "\u200b", "\u202f"
def spaced(word):
    return NB.join(word)
lines = [
    "Marisol Trevi\u00f1o-Hayes",
    "Registered Medical Assistant",
    "",
    spaced("Profile"),
    f"RMA (AMT) with a current BLS/{ZW}CPR card (AHA) and seven{NN}years in allergy and asthma care.",
    "",
    spaced("Experience"),
    "Medical Assistant \u00b7 Northshore Allergy & Asthma \u00b7 06/2019 \u2013 Present",
    f"  \u25aa Spirometry{NB}and{NB}peak{NB}flow for every asthma visit",
    f"  \u25aa Allergen immunotherapy injections (SubQ){NN}and 30-minute observation",
    f"  \u25aa Prior{NB}authorizations for biologics; documentation in NextGen",
    "",
    spaced("Education"),
    "Medical Assisting Certificate \u00b7 Lakeside Career Institute \u00b7 08/2017 \u2013 05/2018",
]
open("resume.txt", "w", encoding="utf-8", newline="").write("\r\n".join(lines) + "\r\n")
