"""Credit by role: a résumé mention is the candidate's claim only where its line's role makes it one.

Job headings name a title, an employer, a place and dates: "Cashier, BP Gas Station", "Host, Epic
Fitness Club" or "Certified Nursing Assistant, 05/2014 to 02/2015" show no skill, EHR or credential
(CONCEPTS.md: a job title names no skill). References name other people ("Athena Morales"). The
contact header ("Maria Lopez, CCMA"), summary, skills, credential entries, education and duties
are claims, and so is a concept marked `job_title_claims` in a job heading (an externship). Roles come from structure.py, read once per résumé and kept on the doc for the steps
after this one (schooling titles, experience).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .pipeline import TaxonomyComponent
from .segment import doc_text
from .structure import ResumeStructure, ResumeStructureReader
from .taxonomy import Taxonomy

# roles whose lines claim nothing for the candidate
UNCLAIMED_ROLES = frozenset({"job_heading", "references"})
STRUCTURE_KEY = "resume_structure"


class RoleFilter(TaxonomyComponent):
    """A spaCy component for résumés: reads the structure into `doc.user_data["resume_structure"]`
    and drops the mentions that stand on lines whose role claims nothing."""

    def setup(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.reader = ResumeStructureReader(taxonomy.experience)
        self.title_claims = frozenset(c.id for c in taxonomy.concepts if c.job_title_claims)

    def __call__(self, doc: Doc) -> Doc:
        if not self.built:
            self.ready()
        structure = self.reader.read(doc_text(doc))
        doc.user_data[STRUCTURE_KEY] = structure
        if doc._.mentions:
            doc._.mentions = tuple(
                m
                for m in doc._.mentions
                if self.claimed(structure.lines[m.line - 1].role, m.concept_id)
            )
        return doc

    def claimed(self, role: str, concept_id: str) -> bool:
        """Whether a mention of this concept on a line of this role is the candidate's claim."""
        if role == "job_heading":
            return concept_id in self.title_claims
        return role not in UNCLAIMED_ROLES


def structure_of(doc: Doc) -> ResumeStructure | None:
    """The structure the RoleFilter read for this doc (None for postings)."""
    return doc.user_data.get(STRUCTURE_KEY)
