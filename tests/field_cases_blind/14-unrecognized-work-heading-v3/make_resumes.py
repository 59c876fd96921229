# resume.txt and a heading variant: identical except for the heading line of the work section.
base = """Noor Al-Sayegh
Medical Assistant - Cardiology
noor.alsayegh@example.com

Professional Summary
Cardiology MA with five years of EKG, Holter and stress-test support.

Education
Medical Assistant Certificate, Lakeview Community College
Aug 2020 - May 2021
Externship: Lakeview Heart Clinic, 160 hours

Certifications
CMA (AAMA); Certified EKG Technician (NHA)

{heading}
Medical Assistant, Fernhill Cardiology Associates
June 2021 - Present
- 12-lead EKGs, Holter and event monitor hook-ups
- Assist with treadmill stress tests; vitals and medication lists
"""
for name, heading in [("resume.txt", "Healthcare Employment History"),
                      ("resume_h_job_history.txt", "JOB HISTORY")]:
    open(name, "w", encoding="utf-8").write(base.format(heading=heading))
