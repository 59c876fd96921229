"""Load and validate the YAML taxonomy: the only place domain words live.

Loading is strict (like linguist's languages.yml): an unknown key, a duplicate ID, a term claimed
by two concepts without a disambiguation rule, or a relation to an unknown ID is a TaxonomyError
that names the entry and its line. The header of data/taxonomy.yaml documents every field.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .errors import TaxonomyError

GROUPS = ("clinical", "admin", "cert", "ehr", "edu", "general")
SIDE_OF_GROUP = {"clinical": "clinical", "admin": "administrative"}
Side = Literal["clinical", "administrative", "none"]
MIN_FUZZY_CHARS = 5


@dataclass(frozen=True)
class Disambiguation:
    """A term that also means something else: keep a match only when its context says so."""

    terms: tuple[str, ...]
    require_near: tuple[str, ...] = ()
    reject_near: tuple[str, ...] = ()
    window: int = 6
    line: int = 0


@dataclass(frozen=True)
class Concept:
    """One skill, credential, platform or qualification, and every wording that expresses it."""

    id: str
    label: str
    group: str
    side: Side
    phrases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    fuzzy: tuple[str, ...] = ()
    disambiguation: tuple[Disambiguation, ...] = ()
    implies: tuple[str, ...] = ()
    satisfied_by: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # with the siblings of partial_family already added
    partial_family: str = ""
    in_progress_is_present: bool = False
    # a job heading naming this concept shows it held ("Medical Assistant Externship, 2012")
    job_title_claims: bool = False
    schooling_titles: tuple[str, ...] = ()
    line: int = 0


CATEGORIES = ("negated", "pending", "other_person", "traded", "affirmed", "pseudo", "terminate")
# categories that give a mention a status; pseudo and terminate only shape the scope of others
MODIFIER_CATEGORIES = ("negated", "pending", "other_person", "traded", "affirmed")
Category = Literal[
    "negated", "pending", "other_person", "traded", "affirmed", "pseudo", "terminate"
]


@dataclass(frozen=True)
class ContextRule:
    """A ConText rule (after medspaCy's ConTextRule: literal, category, direction).

    Modifiers (negated, pending, other_person, traded, affirmed) set the status of the concepts in their
    scope; `pseudo` marks a phrase that looks like a trigger but is none ("no-show"), and with
    direction backward a word after a concept that a cue before the concept is really about
    ("no phlebotomy complications"); `terminate` ends every scope ("but", ";")."""

    literal: str
    category: Category
    direction: Literal["forward", "backward", "both"] = "forward"
    groups: tuple[str, ...] = ()  # empty: applies to every group
    window: int = 0  # 0: the context section's default window
    # the cue fills the rest of its line or table cell after a separator and speaks for the item
    # before it: "EKG / 12-lead: No", "CBCS | Not held", "BLS: Yes"
    standalone: bool = False
    line: int = 0


@dataclass(frozen=True)
class ContextRules:
    """ConText rules and the words that shape a cue's scope (see scope.py)."""

    rules: tuple[ContextRule, ...]
    window: int
    bridge: tuple[str, ...] = ()  # words that do not change what a cue is about
    conjunctions: tuple[str, ...] = ()  # join list items; a boundary when a clause follows
    boundaries: tuple[str, ...] = ()  # punctuation that may end a clause (comma, colon)
    dashes: tuple[str, ...] = ()  # end a forward cue's clause ("Not a CNA - a CCMA")
    cell_separators: tuple[str, ...] = ()  # stand before a standalone cue
    time_words: tuple[str, ...] = ()  # may follow a backward cue ("CCMA expected June 2027")
    time_prepositions: tuple[str, ...] = ()  # "expected in June", "scheduled for 2027"
    # someone who is not the candidate, as a clause's subject: what the clause says is theirs
    # ("Nurses on my unit did wound care", "the NP, who performed the EKGs"); see context.py
    other_people: tuple[str, ...] = ()  # singular forms
    other_people_plural: tuple[str, ...] = ()  # plural forms ("nurses", "midwives")
    other_determiners: tuple[str, ...] = ()  # make a singular one someone else ("our coder")
    relative_words: tuple[str, ...] = ()  # open a clause about the word before ("RNs who ...")
    self_words: tuple[str, ...] = ()  # the candidate beside them: "Nurses and I drew blood"
    self_possessives: tuple[str, ...] = ()  # "Physicians praised my phlebotomy skills"
    noun_cues: tuple[str, ...] = ()  # cues that govern nouns only: "No Epic, charted in NextGen"
    not_verbs: tuple[
        str, ...
    ] = ()  # "-ed" words that name a thing: "No phlebotomy, waived testing"

    @property
    def terminators(self) -> tuple[str, ...]:
        """The literals of the terminate rules: each ends every cue's scope."""
        return tuple(r.literal for r in self.rules if r.category == "terminate")


@dataclass(frozen=True)
class PostingRules:
    """How a posting's sections and cue words decide required, preferred or not asked at all."""

    required_headings: tuple[str, ...]
    preferred_headings: tuple[str, ...]
    duty_headings: tuple[str, ...]
    company_headings: tuple[str, ...]
    benefit_headings: tuple[str, ...]
    eeo_headings: tuple[str, ...]
    apply_headings: tuple[str, ...]
    metadata_headings: tuple[str, ...]
    conditions_headings: tuple[str, ...]
    required_cues: tuple[str, ...]
    preferred_cues: tuple[str, ...]
    offered_cues: tuple[str, ...]
    alternative_groups: tuple[str, ...] = ()  # groups whose concepts may be alternatives
    alternative_markers: tuple[str, ...] = ()  # "or", "/", "one of", "either"
    title_headings: tuple[str, ...] = ()  # "title", "job title": the line names the job
    # nouns a one-word cue may stand before and still be a cue ("preferred candidates"); before
    # any other noun it describes that noun ("preferred pharmacy", "bonus program")
    cue_heads: tuple[str, ...] = ()

    @property
    def headings_by_role(self) -> dict[str, tuple[str, ...]]:
        """Heading names by the line role they open (posting_structure.PostingRole)."""
        return {
            "requirement": self.required_headings,
            "preference": self.preferred_headings,
            "duty": self.duty_headings,
            "company": self.company_headings,
            "benefit": self.benefit_headings,
            "eeo": self.eeo_headings,
            "apply": self.apply_headings,
            "metadata": self.metadata_headings,
            "conditions": self.conditions_headings,
        }


@dataclass(frozen=True)
class Taxonomy:
    """The whole taxonomy, validated; `digest` identifies its content (for caches)."""

    concepts: tuple[Concept, ...]
    context: ContextRules
    posting: PostingRules
    scoring: dict[str, Any]
    experience: dict[str, Any]
    source: str
    digest: str
    # one-word shorthand read as the word it stands for inside multi-word phrases ("pts": "patients")
    shorthand: dict[str, str] = field(default_factory=dict)
    # words that mark a text as a posting or as a résumé ("we offer", "references available"),
    # by kind: read with the two structure readers to warn when the two files look swapped
    document_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_id: dict[str, Concept] = field(repr=False, compare=False, default_factory=dict)

    def concept(self, concept_id: str) -> Concept:
        return self.by_id[concept_id]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (mappings, lists, strings, numbers, booleans) of every field but
        `by_id`, for the start-up cache; `from_dict` reads it back."""
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: Any) -> Taxonomy:
        """The taxonomy `to_dict` described, each field checked against its declared type
        (a tuple of strings, a category among its Literal values, a whole number...).

        Raises TypeError naming the first field that is not of its type, or a missing/unknown one."""
        taxonomy = _from_plain(cls, data, "taxonomy")
        return replace(taxonomy, by_id={c.id: c for c in taxonomy.concepts})


# --- plain data (the start-up cache) ----------------------------------------------------------

_NOT_PLAIN = frozenset({"by_id"})  # derived on load


def _to_plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _to_plain(getattr(value, f.name))
            for f in fields(value)
            if f.name not in _NOT_PLAIN
        }
    if isinstance(value, (tuple, list)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("a mapping with keys that are not strings has no JSON form")
        return {k: _to_plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"{type(value).__name__} has no JSON form")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _from_plain(hint: Any, value: Any, where: str) -> Any:
    """`value` (from JSON) as the type `hint` says, or TypeError naming `where`."""
    origin, args = get_origin(hint), get_args(hint)
    if isinstance(hint, type) and is_dataclass(hint):
        if not isinstance(value, dict):
            raise TypeError(f"{where}: expected a mapping")
        hints = _hints(hint)
        names = {f.name for f in fields(hint) if f.init and f.name not in _NOT_PLAIN}
        if set(value) != names:
            raise TypeError(f"{where}: fields {sorted(set(value) ^ names)} missing or unknown")
        return hint(
            **{name: _from_plain(hints[name], value[name], f"{where}.{name}") for name in names}
        )
    if hint is Any:
        return value
    if origin in (Union, UnionType):  # Optional fields: the first type the value fits
        for option in args:
            try:
                return _from_plain(option, value, where)
            except TypeError:
                continue
        raise TypeError(f"{where}: {value!r} fits none of {args}")
    if hint is type(None):
        if value is not None:
            raise TypeError(f"{where}: expected null")
        return None
    if origin is Literal:
        if not any(value == a and type(value) is type(a) for a in args):
            raise TypeError(f"{where}: {value!r} is not one of {args}")
        return value
    if origin is tuple:
        if not isinstance(value, list) or len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"{where}: expected a list")
        return tuple(_from_plain(args[0], v, f"{where}[]") for v in value)
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"{where}: expected a mapping")
        return {k: _from_plain(args[1], v, f"{where}.{k}") for k, v in value.items()}
    if hint is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError(f"{where}: expected a number")
        return value
    if hint in (str, int, bool):
        if type(value) is not hint:
            raise TypeError(f"{where}: expected {hint.__name__}")
        return value
    raise TypeError(f"{where}: no plain form for {hint!r}")


# --- YAML with line numbers -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _line_loader() -> type:
    """A SafeLoader that records the line of each mapping and of each of its keys, and refuses
    duplicate keys. Built on first use: a start that finds the validated taxonomy in the cache
    never imports yaml at all."""
    import yaml

    # libyaml's parser when present: the pure-Python parser alone would cost most of a second
    safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("_LineLoader", (safe_loader,), {})
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return loader


def _construct_mapping(loader: Any, node: Any) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    key_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise TaxonomyError(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
        mapping[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__key_lines__"] = key_lines
    return mapping


_MARKERS = ("__line__", "__key_lines__")


def _key_line(data: dict[str, Any], key: str) -> int:
    """The line of one key of a mapping (so an error points at the key, not at the entry)."""
    return data.get("__key_lines__", {}).get(key, data["__line__"])


def _strip_lines(value: Any) -> Any:
    """Remove the loader's line markers from plain data (token patterns, scoring tables)."""
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in _MARKERS}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


# --- validation helpers -----------------------------------------------------------------------

CONCEPT_KEYS = {
    "id",
    "label",
    "group",
    "side",
    "phrases",
    "abbreviations",
    "patterns",
    "fuzzy",
    "disambiguation",
    "implies",
    "satisfied_by",
    "partial",
    "partial_family",
    "in_progress_is_present",
    "schooling_titles",
    "job_title_claims",
}
REQUIRED_CONCEPT_KEYS = {"id", "label", "group", "side"}
DISAMBIGUATION_KEYS = {"terms", "require_near", "reject_near", "window"}
CONTEXT_RULE_KEYS = {"literal", "category", "direction", "groups", "window", "standalone"}
CONTEXT_WORD_KEYS = (
    "bridge",
    "conjunctions",
    "boundaries",
    "dashes",
    "cell_separators",
    "time_words",
    "time_prepositions",
    "other_people",
    "other_people_plural",
    "other_determiners",
    "relative_words",
    "self_words",
    "self_possessives",
    "noun_cues",
    "not_verbs",
)
TOP_KEYS = {
    "version",
    "concepts",
    "context",
    "posting",
    "scoring",
    "experience",
    "shorthand",
    "document_cues",
}
DOCUMENT_KINDS = ("posting", "resume")
EXPERIENCE_KEYS = {
    "number_words",
    "units",
    "subject_words",
    "not_minimum_before",
    "headings",
    "head_words",
    "generic_head_words",
    "relevant_words",
    "relevant_titles",
}
# résumé section kinds a heading can open (structure.py); "header" is the text before any heading
RESUME_SECTION_KINDS = (
    "summary",
    "work",
    "education",
    "certifications",
    "skills",
    "references",
    "other",
)


class _Where:
    """Builds error messages that name the file, the line and the entry."""

    def __init__(self, source: str):
        self.source = source

    def error(self, line: int, entry: str, problem: str) -> TaxonomyError:
        return TaxonomyError(f"{self.source}:{line}: {entry}: {problem}")


def _check_keys(where: _Where, data: dict[str, Any], allowed: set[str], entry: str) -> None:
    for key in data:
        if key not in _MARKERS and key not in allowed:
            raise where.error(
                _key_line(data, key),
                entry,
                f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})",
            )


def _strings(where: _Where, data: dict[str, Any], key: str, entry: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise where.error(
            _key_line(data, key), entry, f"{key!r} must be a list of non-empty strings"
        )
    return tuple(v.strip() for v in value)


def _mapping(where: _Where, data: Any, entry: str, line: int) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise where.error(line, entry, "expected a mapping")
    return data


# characters a label or band name may not hold: markup of the terminal (rich: "[bold]", "[/x]",
# "[link=...]"), of Markdown and HTML ("<img>", "`", "*", "|" in a table); control and format
# characters (escape sequences, bidi overrides) are refused by category
_MARKUP_CHARS = frozenset("[]<>`*|\\")


def _plain_text(where: _Where, data: dict[str, Any], key: str, entry: str) -> str:
    """A short, single-line, plain-text string (a label shown in every report), stripped."""
    import unicodedata

    value = data.get(key)
    line = _key_line(data, key)
    if not isinstance(value, str) or not value.strip():
        raise where.error(line, entry, f"{key} must be a non-empty string")
    bad = sorted({c for c in value if c in _MARKUP_CHARS or unicodedata.category(c)[0] == "C"})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise where.error(
            line, entry, f"{key} must be plain text: no markup or control characters ({shown})"
        )
    return value.strip()


def _check_token_pattern(
    where: _Where, pattern: tuple[dict[str, Any], ...], line: int, entry: str
) -> None:
    """Compile one token pattern as matcher.py will, with spaCy's schema validation (an unknown
    attribute, a wrong-typed value, a bad operator or regular expression), so that a file
    `taxonomy check` passes is one every run can build."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    try:
        Matcher(Vocab(), validate=True).add("pattern", [list(pattern)])
    except Exception as exc:  # noqa: BLE001 - MatchPatternError, re.error, ValueError, TypeError, KeyError
        details = [part.strip(" -") for part in str(exc).splitlines()[1:] if part.strip(" -")]
        reason = "; ".join(details[:3]) if details else f"{type(exc).__name__}: {exc}"
        raise where.error(line, entry, f"invalid token pattern ({reason})") from None


# --- parsing ----------------------------------------------------------------------------------


def _parse_concept(where: _Where, raw: Any, index: int, parent_line: int) -> Concept:
    data = _mapping(where, raw, f"concept #{index + 1}", parent_line)
    line = data["__line__"]
    entry = f"concept {data.get('id', f'#{index + 1}')!r}"
    _check_keys(where, data, CONCEPT_KEYS, entry)
    missing = REQUIRED_CONCEPT_KEYS - data.keys()
    if missing:
        raise where.error(line, entry, f"missing {', '.join(sorted(missing))}")
    if not isinstance(data["id"], str):
        raise where.error(_key_line(data, "id"), entry, "id must be a string '<group>.<slug>'")
    cid, group, side = data["id"], data["group"], data["side"]
    label = _plain_text(where, data, "label", entry)
    if group not in GROUPS:
        raise where.error(line, entry, f"group {group!r} is not one of {', '.join(GROUPS)}")
    if not cid.startswith(f"{group}.") or len(cid) <= len(group) + 1:
        raise where.error(line, entry, f"id must be '<group>.<slug>' with group {group!r}")
    expected_side = SIDE_OF_GROUP.get(group, "none")
    if side != expected_side:
        raise where.error(line, entry, f"side must be {expected_side!r} for group {group!r}")

    phrases = _strings(where, data, "phrases", entry)
    abbreviations = _strings(where, data, "abbreviations", entry)
    fuzzy = _strings(where, data, "fuzzy", entry)
    known_terms = {p.lower() for p in phrases}
    for term in fuzzy:
        if term.lower() not in known_terms:
            raise where.error(line, entry, f"fuzzy term {term!r} is not one of its phrases")
        if len(term.replace(" ", "")) < MIN_FUZZY_CHARS:
            raise where.error(
                line, entry, f"fuzzy term {term!r} is shorter than {MIN_FUZZY_CHARS} letters"
            )

    patterns_raw = data.get("patterns", []) or []
    if not isinstance(patterns_raw, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns_raw
    ):
        raise where.error(
            line, entry, "'patterns' must be a list of spaCy token patterns (lists of mappings)"
        )
    patterns = tuple(tuple(_strip_lines(p)) for p in patterns_raw)
    for raw_pattern, pattern in zip(patterns_raw, patterns, strict=True):
        _check_token_pattern(where, pattern, raw_pattern[0].get("__line__", line), entry)

    rules = []
    ruled_terms: dict[str, int] = {}  # a term's rule is looked up by its text: one rule per term
    for raw_rule in data.get("disambiguation", []) or []:
        rule = _mapping(where, raw_rule, entry, line)
        _check_keys(where, rule, DISAMBIGUATION_KEYS, f"{entry} disambiguation")
        terms = _strings(where, rule, "terms", f"{entry} disambiguation")
        if not terms:
            raise where.error(
                rule["__line__"], f"{entry} disambiguation", "needs at least one term"
            )
        own = known_terms | set(abbreviations)
        for term in terms:
            if term.lower() not in known_terms and term not in own:
                raise where.error(
                    rule["__line__"],
                    f"{entry} disambiguation",
                    f"term {term!r} is not one of its terms",
                )
        require = _strings(where, rule, "require_near", f"{entry} disambiguation")
        reject = _strings(where, rule, "reject_near", f"{entry} disambiguation")
        if not require and not reject:
            raise where.error(
                rule["__line__"], f"{entry} disambiguation", "needs require_near or reject_near"
            )
        window = rule.get("window", 6)
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise where.error(
                rule["__line__"],
                f"{entry} disambiguation",
                "window must be a positive whole number",
            )
        for term in terms:
            if ruled_terms.get(term.lower(), rule["__line__"]) != rule["__line__"]:
                raise where.error(
                    rule["__line__"],
                    f"{entry} disambiguation",
                    f"term {term!r} already has a rule (line {ruled_terms[term.lower()]}); a term has one rule",
                )
            ruled_terms[term.lower()] = rule["__line__"]
        rules.append(Disambiguation(terms, require, reject, window, rule["__line__"]))

    family = data.get("partial_family", "")
    if not isinstance(family, str) or (family and not family.replace("_", "").isalnum()):
        raise where.error(
            _key_line(data, "partial_family"),
            entry,
            "partial_family must be a name (letters, digits, _)",
        )
    in_progress = data.get("in_progress_is_present", False)
    if not isinstance(in_progress, bool):
        raise where.error(line, entry, "in_progress_is_present must be true or false")
    job_title_claims = data.get("job_title_claims", False)
    if not isinstance(job_title_claims, bool):
        raise where.error(line, entry, "job_title_claims must be true or false")
    if not (phrases or abbreviations or patterns):
        raise where.error(
            line, entry, "has no phrases, abbreviations or patterns: nothing can find it"
        )

    return Concept(
        id=cid,
        label=label,
        group=group,
        side=side,
        phrases=phrases,
        abbreviations=abbreviations,
        patterns=patterns,
        fuzzy=fuzzy,
        disambiguation=tuple(rules),
        implies=_strings(where, data, "implies", entry),
        satisfied_by=_strings(where, data, "satisfied_by", entry),
        partial=_strings(where, data, "partial", entry),
        partial_family=family,
        schooling_titles=tuple(t.lower() for t in _strings(where, data, "schooling_titles", entry)),
        in_progress_is_present=in_progress,
        job_title_claims=job_title_claims,
        line=line,
    )


def _check_claims(where: _Where, concepts: list[Concept]) -> None:
    """A term claimed by two concepts is an error unless each claim has a disambiguation rule."""
    claims: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        for term in {p.lower() for p in concept.phrases} | {f"={a}" for a in concept.abbreviations}:
            claims[term].append(concept)
    for term, owners in claims.items():
        if len(owners) < 2:
            continue
        plain = term.removeprefix("=")
        for owner in owners:
            ruled = any(
                plain in {t.lower() for t in rule.terms} or plain in rule.terms
                for rule in owner.disambiguation
            )
            if not ruled:
                others = ", ".join(o.id for o in owners if o is not owner)
                raise where.error(
                    owner.line,
                    f"concept {owner.id!r}",
                    f"term {plain!r} is also claimed by {others}; add a disambiguation rule for it",
                )


def _expand_group_words(where: _Where, concepts: list[Concept]) -> list[Concept]:
    """A disambiguation's require_near or reject_near entry "@GROUP" stands for every phrase and
    abbreviation of that group's concepts, lower-cased: "Elation" is the EHR when another
    platform is named beside it ("Practice Fusion, DrChrono, or Elation"). An unknown group is
    an error naming the entry and the rule's line."""
    words: dict[str, tuple[str, ...]] = {}
    for group in GROUPS:
        terms = {t.lower() for c in concepts if c.group == group for t in c.phrases}
        terms |= {a.lower() for c in concepts if c.group == group for a in c.abbreviations}
        words[group] = tuple(sorted(terms))

    def expanded(entries: tuple[str, ...], concept: Concept, line: int) -> tuple[str, ...]:
        result: list[str] = []
        for entry in entries:
            if not entry.startswith("@"):
                result.append(entry)
            elif entry[1:] in words:
                result.extend(words[entry[1:]])
            else:
                raise where.error(
                    line,
                    f"concept {concept.id!r} disambiguation",
                    f"{entry!r} names no group (one of {', '.join(GROUPS)})",
                )
        return tuple(dict.fromkeys(result))

    result = []
    for concept in concepts:
        rules = tuple(
            replace(
                rule,
                require_near=expanded(rule.require_near, concept, rule.line),
                reject_near=expanded(rule.reject_near, concept, rule.line),
            )
            for rule in concept.disambiguation
        )
        result.append(replace(concept, disambiguation=rules) if rules else concept)
    return result


def _expand_families(where: _Where, concepts: list[Concept]) -> list[Concept]:
    """Every member of a partial_family earns partial credit for every other member: its
    siblings are added to each member's `partial` list (after the explicit ones, once each).
    A family of one member is an error (a misspelt family name would silently do nothing)."""
    families: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        if concept.partial_family:
            families[concept.partial_family].append(concept)
    for name, members in families.items():
        if len(members) < 2:
            raise where.error(
                members[0].line,
                f"concept {members[0].id!r}",
                f"partial_family {name!r} has no other member",
            )
    expanded = []
    for concept in concepts:
        if concept.partial_family:
            siblings = [m.id for m in families[concept.partial_family] if m.id != concept.id]
            concept = replace(concept, partial=tuple(dict.fromkeys((*concept.partial, *siblings))))
        expanded.append(concept)
    return expanded


def _check_relations(where: _Where, concepts: list[Concept]) -> None:
    ids = {c.id for c in concepts}
    for concept in concepts:
        for relation in ("implies", "satisfied_by", "partial"):
            for target in getattr(concept, relation):
                if target not in ids:
                    raise where.error(
                        concept.line,
                        f"concept {concept.id!r}",
                        f"{relation} names unknown id {target!r}",
                    )
                if target == concept.id:
                    raise where.error(
                        concept.line, f"concept {concept.id!r}", f"{relation} names itself"
                    )


def _parse_context(where: _Where, raw: Any, line: int) -> ContextRules:
    data = _mapping(where, raw, "context", line)
    _check_keys(where, data, {"window", "rules", *CONTEXT_WORD_KEYS}, "context")
    rules = []
    for raw_rule in data.get("rules", []) or []:
        rule = _mapping(where, raw_rule, "context rule", data["__line__"])
        entry = f"context rule {rule.get('literal', '?')!r}"
        _check_keys(where, rule, CONTEXT_RULE_KEYS, entry)
        if not isinstance(rule.get("literal"), str) or not rule["literal"].strip():
            raise where.error(rule["__line__"], entry, "needs a literal")
        if rule.get("category") not in CATEGORIES:
            raise where.error(
                _key_line(rule, "category"),
                entry,
                f"category must be one of {', '.join(CATEGORIES)}",
            )
        direction = rule.get("direction", "forward")
        if direction not in ("forward", "backward", "both"):
            raise where.error(
                _key_line(rule, "direction"), entry, "direction must be forward, backward or both"
            )
        standalone = rule.get("standalone", False)
        if not isinstance(standalone, bool):
            raise where.error(
                _key_line(rule, "standalone"), entry, "standalone must be true or false"
            )
        if standalone and (direction != "backward" or rule["category"] not in MODIFIER_CATEGORIES):
            raise where.error(
                _key_line(rule, "standalone"), entry, "a standalone cue is a backward modifier"
            )
        window = rule.get("window", 0)
        if not isinstance(window, int) or isinstance(window, bool) or window < 0:
            raise where.error(
                _key_line(rule, "window"), entry, "window must be a whole number of tokens"
            )
        groups = _strings(where, rule, "groups", entry)
        for group in groups:
            if group not in GROUPS:
                raise where.error(rule["__line__"], entry, f"unknown group {group!r}")
        rules.append(
            ContextRule(
                rule["literal"].strip().lower(),
                rule["category"],
                direction,
                groups,
                window,
                standalone,
                rule["__line__"],
            )
        )
    window = data.get("window", 6)
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        raise where.error(
            _key_line(data, "window"), "context", "window must be a positive whole number"
        )
    words = {
        key: tuple(w.lower() for w in _strings(where, data, key, "context"))
        for key in CONTEXT_WORD_KEYS
    }
    return ContextRules(tuple(rules), window, **words)


POSTING_KEYS = {
    "cue_heads",
    "required_headings",
    "preferred_headings",
    "duty_headings",
    "company_headings",
    "benefit_headings",
    "eeo_headings",
    "apply_headings",
    "metadata_headings",
    "conditions_headings",
    "required_cues",
    "preferred_cues",
    "offered_cues",
    "alternative_groups",
    "alternative_markers",
    "title_headings",
}


def _parse_posting(where: _Where, raw: Any, line: int) -> PostingRules:
    data = _mapping(where, raw, "posting", line)
    _check_keys(where, data, POSTING_KEYS, "posting")
    values = {
        key: tuple(s.lower() for s in _strings(where, data, key, "posting")) for key in POSTING_KEYS
    }
    return PostingRules(**values)


MAX_TAXONOMY_BYTES = 4 * 1024 * 1024
"""Largest taxonomy file read: the shipped one is about 165 KB, so 4 MB leaves room for any real
growth, while parsing and validating what is below it stays within a second or two."""


def load_taxonomy(path: str | Path | None = None, *, use_cache: bool = True) -> Taxonomy:
    """Read and validate a taxonomy file; without a path, the one shipped with the package.

    `use_cache=False` reads and validates the file itself, never an entry of the start-up cache
    (what `taxonomy check` wants: it must judge the file, not what an earlier run made of it).
    Raises TaxonomyError (one line, naming the file and line) for anything unreadable or invalid:
    missing, a directory, not a regular file (a FIFO or device is never read), over
    MAX_TAXONOMY_BYTES, not UTF-8, YAML anchors or aliases, or any invalid entry."""
    if path is None:
        resource = resources.files("ma_match").joinpath("data/taxonomy.yaml")
        if resource.is_file():
            text, source = resource.read_text(encoding="utf-8"), "taxonomy.yaml"
        else:  # running from a source checkout: data/ sits at the repository root
            repo_copy = Path(__file__).resolve().parents[2] / "data" / "taxonomy.yaml"
            text, source = _read_file(repo_copy), str(repo_copy)
    else:
        text, source = _read_file(Path(path)), str(path)
    return parse_taxonomy(text, source, use_cache=use_cache)


def _read_file(path: Path) -> str:
    """The text of a regular file of at most MAX_TAXONOMY_BYTES. Its type is checked before it is
    opened (a FIFO would block the open, /dev/zero never ends), it is opened non-blocking, and the
    open descriptor is checked again; the read itself stops one byte past the cap."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            kind = (
                "a directory" if path.is_dir() else "not a regular file (a pipe, device or socket)"
            )
            raise TaxonomyError(f"{path}: is {kind}; give a taxonomy file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise TaxonomyError(
                    f"{path}: is not a regular file (a pipe, device or socket); give a taxonomy file"
                )
            data = handle.read(MAX_TAXONOMY_BYTES + 1)
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: taxonomy file not found") from None
    except OSError as exc:
        raise TaxonomyError(
            f"{path}: cannot read the taxonomy ({exc.__class__.__name__})"
        ) from None
    if len(data) > MAX_TAXONOMY_BYTES:
        raise TaxonomyError(
            f"{path}: larger than {MAX_TAXONOMY_BYTES // (1024 * 1024)} MB; "
            "a taxonomy is a few hundred KB"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TaxonomyError(f"{path}: not UTF-8 text; save the taxonomy as UTF-8") from None


def parse_taxonomy(text: str, source: str = "taxonomy.yaml", *, use_cache: bool = True) -> Taxonomy:
    """Validate taxonomy YAML text; errors name `source`, the line and the entry.

    A taxonomy that validated before is taken from the user's cache (keyed by its text and this
    code, see cache.py) unless `use_cache` is False; either way the result is the same value."""
    if not use_cache:
        return _parse_taxonomy(text, source)
    from .cache import cached

    taxonomy = cached(
        text,
        lambda: _parse_taxonomy(text, source),
        kind="taxonomy",
        encode=Taxonomy.to_dict,
        decode=Taxonomy.from_dict,
    )
    return taxonomy if taxonomy.source == source else replace(taxonomy, source=source)


def _refuse_anchors(text: str, loader: type) -> None:
    """Raise TaxonomyError at the first YAML anchor (&name) or alias (*name). An alias repeats a
    node without repeating its text: nested ones make a few lines expand to billions of values
    (a "billion laughs"), and the taxonomy needs none. Scans parser events, before any node is
    built, in about 15 ms for the shipped file."""
    import yaml

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise TaxonomyError(
                f"line {line}: YAML anchors and aliases (&name, *name) are not allowed; "
                "write the value out"
            )


def _parse_taxonomy(text: str, source: str) -> Taxonomy:
    import yaml

    where = _Where(source)
    try:
        _refuse_anchors(text, _line_loader())
        data = yaml.load(text, Loader=_line_loader())
    except TaxonomyError as exc:
        raise TaxonomyError(f"{source}:{str(exc).removeprefix('line ')}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise TaxonomyError(
            f"{source}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    data = _mapping(where, data, "taxonomy", 1)
    _check_keys(where, data, TOP_KEYS, "taxonomy")
    for key in ("concepts", "context", "posting"):
        if key not in data:
            raise where.error(1, "taxonomy", f"missing top-level key {key!r}")
    if not isinstance(data["concepts"], list) or not data["concepts"]:
        raise where.error(data["__line__"], "taxonomy", "'concepts' must be a non-empty list")

    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["concepts"]):
        concept = _parse_concept(where, raw, index, data["__line__"])
        if concept.id in seen:
            raise where.error(
                concept.line,
                f"concept {concept.id!r}",
                f"duplicate id (first at line {seen[concept.id]})",
            )
        seen[concept.id] = concept.line
        concepts.append(concept)
    _check_claims(where, concepts)
    concepts = _expand_families(where, concepts)
    concepts = _expand_group_words(where, concepts)
    _check_relations(where, concepts)

    context = _parse_context(where, data["context"], data["__line__"])
    posting = _parse_posting(where, data["posting"], data["__line__"])
    scoring = _parse_scoring(
        where, data.get("scoring") or {"__line__": data["__line__"]}, _key_line(data, "scoring")
    )
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise where.error(
            _key_line(data, "version"), "taxonomy", "version must be a positive whole number"
        )
    experience = _parse_experience(
        where,
        data.get("experience") or {"__line__": data["__line__"]},
        _key_line(data, "experience"),
    )
    shorthand = _parse_shorthand(
        where, data.get("shorthand") or {"__line__": data["__line__"]}, _key_line(data, "shorthand")
    )
    document_cues = _parse_document_cues(
        where,
        data.get("document_cues") or {"__line__": data["__line__"]},
        _key_line(data, "document_cues"),
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Taxonomy(
        concepts=tuple(concepts),
        context=context,
        posting=posting,
        scoring=scoring,
        experience=experience,
        source=source,
        digest=digest,
        by_id={c.id: c for c in concepts},
        shorthand=shorthand,
        document_cues=document_cues,
    )


def _parse_document_cues(where: _Where, raw: Any, line: int) -> dict[str, tuple[str, ...]]:
    """document_cues: {posting: [phrases], resume: [phrases]}, each a list of non-empty strings
    (compared in lower case, as whole words)."""
    data = _mapping(where, raw, "document_cues", line)
    _check_keys(where, data, set(DOCUMENT_KINDS), "document_cues")
    return {
        kind: tuple(c.lower() for c in _strings(where, data, kind, "document_cues"))
        for kind in DOCUMENT_KINDS
    }


SCORING_KEYS = {"weights", "partial_credit", "bands", "min_skills_per_side", "resume_only_limit"}
IMPORTANCES = ("required", "preferred")
# what match.py assumes when the section leaves a key out
SCORING_DEFAULTS: dict[str, Any] = {
    "weights": {"required": 3.0, "preferred": 1.0},
    "partial_credit": 0.5,
    "bands": [
        {"name": "strong", "min": 75},
        {"name": "fair", "min": 50},
        {"name": "weak", "min": 0},
    ],
    "min_skills_per_side": 2,
    "resume_only_limit": 8,
}


def _number(value: Any) -> bool:
    return (
        isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
    )  # not NaN


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_scoring(where: _Where, raw: Any, line: int) -> dict[str, Any]:
    """The scoring section with every key present and typed: weights {required, preferred} as
    positive floats, partial_credit a float in 0..1, bands a non-empty list of {name: plain text,
    min: 0..100} with distinct names and one band from 0 (every score has a band), and
    min_skills_per_side, resume_only_limit whole numbers >= 0. Missing keys take SCORING_DEFAULTS."""
    data = _mapping(where, raw, "scoring", line)
    data.setdefault("__line__", line)
    _check_keys(where, data, SCORING_KEYS, "scoring")
    result = {key: data.get(key, default) for key, default in SCORING_DEFAULTS.items()}

    weights_line = _key_line(data, "weights")
    weights = _mapping(where, result["weights"], "scoring weights", weights_line)
    plain_weights = _strip_lines(weights)
    for importance, weight in plain_weights.items():
        at = weights.get("__key_lines__", {}).get(importance, weights_line)
        if importance not in IMPORTANCES:
            raise where.error(
                at,
                "scoring weights",
                f"unknown importance {importance!r} (allowed: {', '.join(IMPORTANCES)})",
            )
        if not _number(weight) or weight <= 0:
            raise where.error(at, "scoring weights", f"{importance} must be a positive number")
    result["weights"] = {
        k: float(v) for k, v in {**SCORING_DEFAULTS["weights"], **plain_weights}.items()
    }

    credit = result["partial_credit"]
    if not _number(credit) or not 0 <= credit <= 1:
        raise where.error(
            _key_line(data, "partial_credit"),
            "scoring",
            "partial_credit must be a number from 0 to 1",
        )
    result["partial_credit"] = float(credit)

    bands_raw = result["bands"]
    bands_line = _key_line(data, "bands")
    if not isinstance(bands_raw, list) or not bands_raw:
        raise where.error(bands_line, "scoring", "bands must be a non-empty list of {name, min}")
    bands: list[dict[str, Any]] = []
    for band in bands_raw:
        band = _mapping(where, band, "scoring bands", bands_line)
        band_line = band.get("__line__", bands_line)
        if "__line__" in band:
            _check_keys(where, band, {"name", "min"}, "scoring bands")
        name = _plain_text(where, {"__line__": band_line, **band}, "name", "scoring bands")
        minimum: Any = band.get("min")
        if not _number(minimum) or not 0 <= minimum <= 100:
            raise where.error(
                band_line, f"scoring band {name!r}", "min must be a score from 0 to 100"
            )
        if any(b["name"] == name for b in bands):
            raise where.error(band_line, f"scoring band {name!r}", "duplicate band name")
        bands.append({"name": name, "min": minimum})
    if min(b["min"] for b in bands) > 0:
        raise where.error(
            bands_line, "scoring", "bands need one from min 0: every score must have a band"
        )
    result["bands"] = bands

    for key in ("min_skills_per_side", "resume_only_limit"):
        if not _whole(result[key]) or result[key] < 0:
            raise where.error(_key_line(data, key), "scoring", f"{key} must be a whole number >= 0")
    return result


def _parse_shorthand(where: _Where, raw: Any, line: int) -> dict[str, str]:
    """The shorthand table: a lower-case word of letters to the one lower-case word it stands for.
    Each side must be a single word, since the matcher swaps one token's stem for another's."""
    table = _mapping(where, raw, "shorthand", line)
    result: dict[str, str] = {}
    for word, meaning in _strip_lines(table).items():
        if not (isinstance(word, str) and word.isalpha() and word.islower()):
            raise where.error(
                _key_line(table, word), "shorthand", f"{word!r} must be one lower-case word"
            )
        if not (isinstance(meaning, str) and meaning.isalpha() and meaning.islower()):
            raise where.error(
                _key_line(table, word),
                "shorthand",
                f"{word!r}: {meaning!r} must be one lower-case word",
            )
        result[word] = meaning
    return result


def _parse_experience(where: _Where, raw: Any, line: int) -> dict[str, Any]:
    """The experience section as plain data, after checking its keys and the shape of each value:
    word lists are lists of strings, heading tables map a known section kind to such a list."""
    data = _mapping(where, raw, "experience", line)
    data.setdefault("__line__", line)
    _check_keys(where, data, EXPERIENCE_KEYS, "experience")
    for key in ("subject_words", "not_minimum_before", "relevant_words", "relevant_titles"):
        _strings(where, data, key, "experience")
    for key in ("number_words", "units"):
        table = _mapping(
            where, data.get(key, {"__line__": line}), f"experience {key}", _key_line(data, key)
        )
        for word, value in _strip_lines(table).items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise where.error(
                    _key_line(table, word), f"experience {key}", f"{word!r} must be a number"
                )
    for key in ("headings", "head_words"):
        table = _mapping(
            where, data.get(key, {"__line__": line}), f"experience {key}", _key_line(data, key)
        )
        _check_keys(where, table, set(RESUME_SECTION_KINDS), f"experience {key}")
        for kind in table:
            if kind not in _MARKERS:
                _strings(where, table, kind, f"experience {key}")
    generic = _mapping(
        where,
        data.get("generic_head_words", {"__line__": line}),
        "experience generic_head_words",
        _key_line(data, "generic_head_words"),
    )
    for word, kind in _strip_lines(generic).items():
        if kind not in RESUME_SECTION_KINDS:
            raise where.error(
                _key_line(generic, word),
                "experience generic_head_words",
                f"{word!r} must name a section kind ({', '.join(RESUME_SECTION_KINDS)})",
            )
    return _strip_lines(data)
