"""The taxonomy is the schema: it loads strictly, and every concept and every disambiguation rule
has an example sentence that proves it (like linguist's "every heuristic has a test")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ma_match.errors import TaxonomyError
from ma_match.taxonomy import load_taxonomy, parse_taxonomy

EXAMPLES_FILE = Path(__file__).parent / "fixtures" / "concept_examples.yaml"
EXAMPLES = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
TAXONOMY = load_taxonomy()

POSITIVES = [(cid, text) for cid, texts in EXAMPLES["positive"].items() for text in texts]
NEGATIVES = [(n["concept"], n["term"], n["text"]) for n in EXAMPLES["negative"]]


def _rule_name(concept_id: str, terms: tuple[str, ...]) -> str:
    return f"{concept_id} disambiguation {list(terms)}"


def test_shipped_taxonomy_loads():
    assert len(TAXONOMY.concepts) >= 70
    assert TAXONOMY.by_id["cert.bls"].group == "cert"


def test_every_concept_has_a_positive_example():
    missing = [c.id for c in TAXONOMY.concepts if not EXAMPLES["positive"].get(c.id)]
    assert not missing, f"add a positive example to {EXAMPLES_FILE.name} for: {', '.join(missing)}"


def test_every_disambiguation_rule_has_a_negative_example():
    missing = []
    for concept in TAXONOMY.concepts:
        for rule in concept.disambiguation:
            terms = {t.lower() for t in rule.terms}
            if not any(cid == concept.id and term.lower() in terms for cid, term, _ in NEGATIVES):
                missing.append(_rule_name(concept.id, rule.terms))
    assert not missing, f"add a negative example to {EXAMPLES_FILE.name} for: " + "; ".join(missing)


def test_examples_name_known_concepts():
    unknown = sorted({cid for cid, _ in POSITIVES} - TAXONOMY.by_id.keys())
    assert not unknown, f"examples for unknown concepts: {unknown}"


@pytest.mark.parametrize(
    ("concept_id", "text"), POSITIVES, ids=[f"{c}: {t[:40]}" for c, t in POSITIVES]
)
def test_positive_example_yields_its_concept(extractor, concept_id, text):
    found = extractor.extract(text, "resume").get(concept_id)
    assert found is not None, f"{concept_id} not found in {text!r}"
    assert found.status == "present"


@pytest.mark.parametrize(
    ("concept_id", "term", "text"), NEGATIVES, ids=[f"{c} '{t}'" for c, t, _ in NEGATIVES]
)
def test_negative_example_does_not_yield_its_concept(extractor, concept_id, term, text):
    assert re.search(rf"(?<!\w){re.escape(term.lower())}(?!\w)", text.lower()), (
        f"the example must contain {term!r}"
    )
    for kind in ("resume", "posting"):
        found = extractor.extract(text, kind).get(concept_id)
        assert found is None or found.status != "present", (
            f"{concept_id} wrongly found in {text!r} ({kind}) from {[e.match for e in found.evidence]}"
        )


# --- strict loading: every error names the entry and its line ---------------------------------

MINIMAL = """\
version: 1
context:
  rules: []
posting: {}
concepts:
  - id: clinical.vital_signs
    label: Vital signs
    group: clinical
    side: clinical
    phrases: ["vital signs"]
  - id: cert.bls
    label: BLS
    group: cert
    side: none
    abbreviations: ["BLS"]
"""


def test_minimal_taxonomy_parses():
    taxonomy = parse_taxonomy(MINIMAL, "mini.yaml")
    assert [c.id for c in taxonomy.concepts] == ["clinical.vital_signs", "cert.bls"]


def _error(text: str) -> str:
    with pytest.raises(TaxonomyError) as info:
        parse_taxonomy(text, "broken.yaml")
    return str(info.value)


def test_unknown_key_names_the_concept_and_the_line_of_the_key():
    text = MINIMAL.replace(
        '    abbreviations: ["BLS"]', '    abbreviations: ["BLS"]\n    colour: red'
    )
    message = _error(text)
    assert message.startswith("broken.yaml:16:")
    assert "cert.bls" in message and "colour" in message


def test_a_malformed_word_list_names_the_line_of_its_key():
    message = _error(MINIMAL.replace('phrases: ["vital signs"]', 'phrases: "vital signs"'))
    assert message.startswith("broken.yaml:10:")
    assert "clinical.vital_signs" in message and "'phrases' must be a list" in message


def test_duplicate_id_names_the_entry_and_both_lines():
    text = (
        MINIMAL.replace("id: cert.bls", "id: clinical.vital_signs")
        .replace("group: cert", "group: clinical")
        .replace("side: none", "side: clinical")
    )
    message = _error(text)
    assert message.startswith("broken.yaml:11:")
    assert "clinical.vital_signs" in message and "duplicate id" in message and "line 6" in message


def test_term_claimed_by_two_concepts_without_a_rule():
    text = MINIMAL.replace(
        'abbreviations: ["BLS"]', 'abbreviations: ["BLS"]\n    phrases: ["vital signs"]'
    )
    message = _error(text)
    assert message.startswith("broken.yaml:6:")
    assert "'vital signs'" in message and "cert.bls" in message and "disambiguation" in message


def test_relation_to_an_unknown_id():
    text = MINIMAL.replace(
        'abbreviations: ["BLS"]', 'abbreviations: ["BLS"]\n    implies: [cert.cpr_card]'
    )
    message = _error(text)
    assert message.startswith("broken.yaml:11:")
    assert "cert.bls" in message and "cert.cpr_card" in message


def test_bad_yaml_names_the_line():
    text = MINIMAL.replace('    phrases: ["vital signs"]', '    phrases: ["vital signs"')
    message = _error(text)
    assert re.match(r"broken\.yaml:1[0-2]: not valid YAML", message), message


def test_duplicate_key_names_its_line():
    text = MINIMAL.replace("    label: BLS\n", "    label: BLS\n    label: Basic Life Support\n")
    message = _error(text)
    assert message.startswith("broken.yaml:13:") and "duplicate key 'label'" in message


def test_disambiguation_term_must_be_the_concepts_own():
    text = MINIMAL.replace(
        'abbreviations: ["BLS"]',
        'abbreviations: ["BLS"]\n    disambiguation:\n'
        '      - {terms: ["CPR"], reject_near: ["bureau"]}',
    )
    message = _error(text)
    assert message.startswith("broken.yaml:17:") and "'CPR'" in message


def test_a_group_in_a_word_list_stands_for_its_concepts_terms():
    text = MINIMAL.replace(
        'abbreviations: ["BLS"]',
        'abbreviations: ["BLS"]\n    disambiguation:\n'
        '      - {terms: ["BLS"], require_near: ["@clinical", "card"]}',
    )
    rule = parse_taxonomy(text, "mini.yaml", use_cache=False).concept("cert.bls").disambiguation[0]
    assert rule.require_near == ("vital signs", "card")


def test_an_unknown_group_in_a_word_list_names_the_entry_and_line():
    text = MINIMAL.replace(
        'abbreviations: ["BLS"]',
        'abbreviations: ["BLS"]\n    disambiguation:\n'
        '      - {terms: ["BLS"], reject_near: ["@clinicl"]}',
    )
    message = _error(text)
    assert message.startswith("broken.yaml:17:") and "cert.bls" in message
    assert "'@clinicl' names no group" in message


# --- families: interchangeable concepts earn partial credit for each other -------------------


def test_every_ehr_platform_and_ma_credential_is_partial_for_its_siblings():
    for family in ("ehr_platform", "ma_credential"):
        members = [c for c in TAXONOMY.concepts if c.partial_family == family]
        assert len(members) >= 4, family
        for concept in members:
            siblings = {m.id for m in members} - {concept.id}
            assert siblings <= set(concept.partial), (
                f"{concept.id} lacks {siblings - set(concept.partial)}"
            )
            assert concept.id not in concept.partial
    assert {c.id for c in TAXONOMY.concepts if c.group == "ehr"} == {
        c.id for c in TAXONOMY.concepts if c.partial_family == "ehr_platform"
    }


FAMILY = (
    MINIMAL.replace('    phrases: ["vital signs"]\n', '    phrases: ["vital signs"]\n')
    + """\
  - id: ehr.epic
    label: Epic
    group: ehr
    side: none
    partial_family: ehr_platform
    abbreviations: ["Epic"]
  - id: ehr.cerner
    label: Cerner
    group: ehr
    side: none
    partial: [cert.bls]
    partial_family: ehr_platform
    phrases: ["cerner"]
"""
)


def test_a_new_family_member_is_one_entry():
    added = (
        FAMILY + "  - id: ehr.newplatform\n    label: New\n    group: ehr\n    side: none\n"
        '    partial_family: ehr_platform\n    phrases: ["newplatform"]\n'
    )
    taxonomy = parse_taxonomy(added, "fam.yaml")
    assert set(taxonomy.by_id["ehr.epic"].partial) == {"ehr.cerner", "ehr.newplatform"}
    assert taxonomy.by_id["ehr.cerner"].partial == (
        "cert.bls",
        "ehr.epic",
        "ehr.newplatform",
    )  # explicit first
    assert set(taxonomy.by_id["ehr.newplatform"].partial) == {"ehr.epic", "ehr.cerner"}
    assert taxonomy.by_id["cert.bls"].partial == ()


def test_a_family_of_one_is_an_error():
    message = _error(
        FAMILY.replace(
            "partial_family: ehr_platform\n    phrases", "partial_family: ehr_platfrom\n    phrases"
        )
    )
    assert message.startswith("broken.yaml:16:") and "no other member" in message


def test_a_family_name_must_be_a_name():
    message = _error(
        FAMILY.replace(
            "partial_family: ehr_platform\n    abbreviations",
            "partial_family: [a]\n    abbreviations",
        )
    )
    assert "partial_family" in message


def test_partial_family_earns_partial_credit_in_a_match():
    from ma_match import match

    report = match(
        "Medical assistant. Charted every visit in NextGen for three years.",
        "Requirements\n- Epic experience required",
    )
    epic = next(r for r in report.requirements if r.id == "ehr.epic")
    assert epic.status == "partial"
    report = match("CCMA (NHA), 2024. Medical assistant.", "Requirements\n- RMA required")
    assert next(r for r in report.requirements if r.id == "cert.rma").status == "partial"


# --- accents and decomposed text: the matcher reads letters without their accents -----------


def test_accented_and_plain_spellings_meet(extractor):
    for text in (
        "Bilingüe: español e inglés",
        "Bilingue: espanol e ingles",
        "Hablo español con fluidez",
        "Languages: Tiếng Việt, Kreyòl ayisyen",
        "Idiomas: español, inglés",
    ):
        assert extractor.extract(text, "resume").get("general.bilingual") is not None, text


def test_decomposed_text_reads_as_composed(extractor):
    import unicodedata

    composed = "José Peña, RMA\nMedical Assistant, Clínica del Valle\n- Bilingüe: español e inglés\n- Venipuncture"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    found = extractor.extract(decomposed, "resume")
    assert {c.id for c in found.concepts} == {
        c.id for c in extractor.extract(composed, "resume").concepts
    }
    assert found.get("general.bilingual") is not None
    assert found.get("general.bilingual").evidence[0].text == "Bilingüe: español e inglés"


# --- a résumé with no clinical or office work -------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_POSTINGS = sorted((Path(__file__).parents[1] / "examples").glob("posting_*.txt"))
# what each invented career-changer résumé honestly states (a cashier does handle a cash drawer)
STATED = {
    "resume_cashier.txt": {"admin.customer_service", "admin.billing"},
    "resume_warehouse.txt": {"edu.high_school"},
}


@pytest.mark.parametrize("name", sorted(STATED))
def test_a_resume_without_clinical_or_office_work_shows_only_what_it_states(extractor, name):
    found = {
        c.id
        for c in extractor.extract((FIXTURES / name).read_text(encoding="utf-8"), "resume").concepts
    }
    assert found == STATED[name]
    assert not {cid for cid in found if cid.split(".")[0] in ("clinical", "cert", "ehr")}


@pytest.mark.parametrize("name", sorted(STATED))
def test_a_resume_without_clinical_or_office_work_scores_weak_against_every_example_posting(name):
    from ma_match import match

    assert len(EXAMPLE_POSTINGS) >= 2
    resume = (FIXTURES / name).read_text(encoding="utf-8")
    for posting in EXAMPLE_POSTINGS:
        report = match(resume, posting.read_text(encoding="utf-8"))
        assert report.band == "weak", (posting.name, report.score)
        assert not report.both_sides_covered
        met = {r.id for r in report.requirements if r.status in ("met", "partial")}
        assert met <= STATED[name] | {"experience.min_years"}, (posting.name, met - STATED[name])
