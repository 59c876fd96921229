"""Every ConText rule of the taxonomy (context.rules) has an example line that shows what it does,
as every disambiguation rule has one in test_taxonomy.py (issue 9, item 1).

The examples live in tests/fixtures/context_rule_examples.yaml. Beyond giving their reading, the
examples of pseudo and terminate rules must depend on their rule: rebuilt from the taxonomy
without that rule's line, the extractor must read the example otherwise. (Modifier rules show
their dependence by the status itself; examples marked `redundant` are checked the other way:
the reading holds without the rule, as the mark claims.)"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from known_gaps import as_params
from ma_match.extract import Extractor
from ma_match.taxonomy import ContextRule, load_taxonomy, parse_taxonomy

EXAMPLES_FILE = Path(__file__).parent / "fixtures" / "context_rule_examples.yaml"
EXAMPLES: list[dict] = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
TAXONOMY_FILE = Path(__file__).parents[1] / "data" / "taxonomy.yaml"
TAXONOMY = load_taxonomy()

FIELDS = {"rule", "kind", "text", "expect", "redundant", "xfail"}
RULE_FIELDS = {"literal", "category", "direction", "standalone"}
VALUES = {
    "resume": {"present", "negated", "pending", "absent"},
    "posting": {"required", "preferred", "absent"},
}
# the categories whose every example is rebuilt without its rule (the others only when `redundant`)
DEPENDENCE_CHECKED = ("pseudo", "terminate")

RuleKey = tuple[str, str, str, bool]  # literal, category, direction, standalone


def _key_of_rule(rule: ContextRule) -> RuleKey:
    return rule.literal, rule.category, rule.direction, rule.standalone


def _key_of_example(example: dict) -> RuleKey:
    rule = example["rule"]
    return (
        str(rule["literal"]).strip().lower(),
        rule["category"],
        rule.get("direction", "forward"),
        bool(rule.get("standalone", False)),
    )


def _name(key: RuleKey) -> str:
    literal, category, direction, standalone = key
    extra = ("" if direction == "forward" else f", direction: {direction}") + (
        ", standalone: true" if standalone else ""
    )
    return f'{{literal: "{literal}", category: {category}{extra}}}'


def _id(key: RuleKey) -> str:
    literal, category, direction, standalone = key
    return (
        f"{category}-{literal}"
        + ("" if direction == "forward" else f"-{direction}")
        + ("-standalone" if standalone else "")
    )


RULES: dict[RuleKey, ContextRule] = {_key_of_rule(r): r for r in TAXONOMY.context.rules}
BY_RULE: dict[RuleKey, list[dict]] = defaultdict(list)
for _example in EXAMPLES:
    BY_RULE[_key_of_example(_example)].append(_example)


def _example_ids(examples: list[dict]) -> list[str]:
    seen: dict[str, int] = defaultdict(int)
    ids = []
    for example in examples:
        base = _id(_key_of_example(example))
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def _reading(extractor: Extractor, example: dict) -> dict[str, str]:
    """The example's concepts as the extractor reads them: résumé status or posting importance,
    `absent` when not reported."""
    kind = example.get("kind", "resume")
    found = extractor.extract(example["text"], kind)
    reading = {}
    for concept_id in example["expect"]:
        finding = found.get(concept_id)
        reading[concept_id] = (
            "absent"
            if finding is None
            else (finding.status if kind == "resume" else finding.importance)
        )
    return reading


def _without_rule(rule: ContextRule) -> Extractor:
    """An extractor over the shipped taxonomy with this rule's line removed (one rule a line)."""
    lines = TAXONOMY_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    assert f'literal: "{rule.literal}"' in lines[rule.line - 1].lower(), (
        f"line {rule.line} is not the rule {rule}"
    )
    del lines[rule.line - 1]
    taxonomy = parse_taxonomy("".join(lines), "taxonomy-without-rule.yaml")
    assert _key_of_rule(rule) not in {_key_of_rule(r) for r in taxonomy.context.rules}
    return Extractor(taxonomy)


# --- the set itself -------------------------------------------------------------------------------


def test_every_rule_has_an_example():
    missing = [_name(key) for key in RULES if key not in BY_RULE]
    assert not missing, (
        f"add an example to {EXAMPLES_FILE.name} for these context rules of "
        f"data/taxonomy.yaml: " + "; ".join(missing)
    )


def test_every_example_names_a_rule_of_the_taxonomy():
    unknown = sorted(_name(key) for key in BY_RULE if key not in RULES)
    assert not unknown, (
        f"examples in {EXAMPLES_FILE.name} for rules the taxonomy does not have: {unknown}"
    )


def test_every_example_is_well_formed():
    problems = []
    for test_id, example in zip(_example_ids(EXAMPLES), EXAMPLES):
        if not set(example) <= FIELDS or not {"rule", "text", "expect"} <= set(example):
            problems.append(f"{test_id}: fields {sorted(example)}; allowed {sorted(FIELDS)}")
            continue
        if not set(example["rule"]) <= RULE_FIELDS:
            problems.append(
                f"{test_id}: rule fields {sorted(example['rule'])}; allowed {sorted(RULE_FIELDS)}"
            )
        kind = example.get("kind", "resume")
        if kind not in VALUES:
            problems.append(f"{test_id}: kind {kind!r} is not resume or posting")
            continue
        if not (isinstance(example["expect"], dict) and example["expect"]):
            problems.append(f"{test_id}: expect must name at least one concept")
            continue
        for concept_id, value in example["expect"].items():
            if concept_id not in TAXONOMY.by_id:
                problems.append(f"{test_id}: {concept_id} is not a taxonomy concept")
            if value not in VALUES[kind]:
                problems.append(
                    f"{test_id}: {concept_id}: {value!r} is not one of {sorted(VALUES[kind])}"
                )
        for note in ("redundant", "xfail"):
            if note in example and not (isinstance(example[note], str) and example[note].strip()):
                problems.append(f"{test_id}: {note} must say why")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_ids(EXAMPLES))
def test_example_contains_the_rules_literal(example):
    literal = _key_of_example(example)[0]
    # a hyphen may be written as a space, and the other way round
    pattern = r"[-\s]".join(re.escape(part) for part in re.split(r"[-\s]", literal))
    assert re.search(pattern, example["text"].lower()), f"the example must contain {literal!r}"


# --- the readings ---------------------------------------------------------------------------------


def _marked(examples: list[dict]) -> list:
    return as_params(examples, "xfail")


@pytest.mark.parametrize("example", _marked(EXAMPLES), ids=_example_ids(EXAMPLES))
def test_example_gives_its_reading(extractor, example):
    assert _reading(extractor, example) == example["expect"], f"text: {example['text']!r}"


# --- each example depends on its rule -------------------------------------------------------------

CHECKED = sorted(
    (
        key
        for key, examples in BY_RULE.items()
        if key in RULES
        and (key[1] in DEPENDENCE_CHECKED or any("redundant" in e for e in examples))
    ),
    key=lambda key: RULES[key].line,
)


@pytest.mark.parametrize("key", CHECKED, ids=[_id(k) for k in CHECKED])
def test_example_depends_on_its_rule(monkeypatch, key):
    # the taxonomies without one rule must not fill the user's start-up cache
    monkeypatch.setenv("MA_MATCH_CACHE_DIR", "")
    without = _without_rule(RULES[key])
    problems = []
    for example in BY_RULE[key]:
        if "xfail" in example:
            continue
        reading = _reading(without, example)
        if "redundant" in example and reading != example["expect"]:
            problems.append(
                f"{example['text']!r} now depends on the rule ({reading}): drop its `redundant` mark"
            )
        elif "redundant" not in example and reading == example["expect"]:
            problems.append(
                f"{example['text']!r} reads the same without the rule: it does not show what the rule does"
            )
    assert not problems, f"{_name(key)}:\n" + "\n".join(problems)
