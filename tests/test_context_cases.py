"""The extractor reads what a sentence says about each skill: held, lacking or in progress on a
résumé; required, preferred or merely offered in a posting.

Every item of tests/fixtures/context_cases.yaml is one test. The set was written from the kinds of
context (negation forms, following negation, scope ends, pseudo-triggers, pending cues, whose
credential, asked vs offered, nearest cue, headings, alternatives), apart from the rules, so it
tests the kind and not the rule. context_cases_heldout.yaml is a second set of the same kinds,
written later by another hand and measured before any rule was changed for it, as is
context_cases_heldout2.yaml, a third; an item marked `known_gap` is a strict xfail. All texts are
invented."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from known_gaps import as_params
from ma_match.taxonomy import load_taxonomy

FIXTURES = Path(__file__).parent / "fixtures"
CASES: list[dict] = [
    *yaml.safe_load((FIXTURES / "context_cases.yaml").read_text(encoding="utf-8")),
    *(
        {**case, "set": name}
        for name, file in (
            ("heldout", "context_cases_heldout.yaml"),
            ("heldout2", "context_cases_heldout2.yaml"),
        )
        for case in yaml.safe_load((FIXTURES / file).read_text(encoding="utf-8"))
    ),
]

FIELDS = {"kind", "category", "text", "expect", "why"}
OPTIONAL = {"set", "known_gap"}
VALUES = {
    "resume": {"present", "negated", "pending", "absent"},
    "posting": {"required", "preferred", "absent"},
}
MIN_ITEMS = 240


def _ids(cases: list[dict]) -> list[str]:
    """Readable test ids: kind-category-NN, numbered within each kind and category."""
    seen: Counter[tuple[str, str]] = Counter()
    ids = []
    for case in cases:
        key = (str(case.get("kind")), str(case.get("category")))
        prefix = f"{case['set']}-" if "set" in case else ""
        seen[(prefix, *key)] += 1
        ids.append(f"{prefix}{key[0]}-{key[1]}-{seen[(prefix, *key)]:02d}")
    return ids


def _reading(finding, kind: str) -> str:
    """What a finding says about its concept, in the vocabulary of the test set."""
    if finding is None:
        return "absent"
    return finding.status if kind == "resume" else finding.importance


@pytest.mark.parametrize(
    "case",
    as_params(CASES),
    ids=_ids(CASES),
)
def test_context_case(extractor, case):
    found = extractor.extract(case["text"], case["kind"])
    got = {cid: _reading(found.get(cid), case["kind"]) for cid in case["expect"]}
    assert got == case["expect"], f"{case['why']}\ntext: {case['text']!r}"


# --- the set itself (the tests are its schema) ----------------------------------------------------


def test_every_case_has_the_fields_and_valid_values():
    taxonomy_ids = set(load_taxonomy().by_id)
    problems = []
    for test_id, case in zip(_ids(CASES), CASES):
        if not FIELDS <= set(case) <= FIELDS | OPTIONAL:
            problems.append(f"{test_id}: fields {sorted(case)}, want {sorted(FIELDS)}")
            continue
        if case["kind"] not in VALUES:
            problems.append(f"{test_id}: kind {case['kind']!r} is not resume or posting")
            continue
        if not (isinstance(case["text"], str) and case["text"].strip()):
            problems.append(f"{test_id}: empty text")
        if not (isinstance(case["why"], str) and case["why"].strip()):
            problems.append(f"{test_id}: empty why")
        if not (isinstance(case["category"], str) and case["category"].strip()):
            problems.append(f"{test_id}: empty category")
        if not (isinstance(case["expect"], dict) and case["expect"]):
            problems.append(f"{test_id}: expect must name at least one concept")
            continue
        for concept_id, value in case["expect"].items():
            if concept_id not in taxonomy_ids:
                problems.append(f"{test_id}: {concept_id} is not a taxonomy concept")
            if value not in VALUES[case["kind"]]:
                problems.append(
                    f"{test_id}: {concept_id}: {value!r} is not one of {sorted(VALUES[case['kind']])}"
                )
    assert not problems, "\n".join(problems)


def test_the_set_is_large_and_covers_both_kinds():
    kinds = Counter(case.get("kind") for case in CASES)
    assert len(CASES) >= MIN_ITEMS, f"{len(CASES)} items, want at least {MIN_ITEMS}"
    assert kinds["resume"] > 0 and kinds["posting"] > 0, kinds


def test_no_text_is_labelled_twice():
    texts = Counter((case.get("kind"), case.get("text")) for case in CASES)
    repeated = [text for text, n in texts.items() if n > 1]
    assert not repeated, repeated
