"""The structure of a posting: every line's role and the section it stands in, read once.

Roles: title (the first line, or "title: …"), metadata ("location: Boston" speaks for its own line
only), heading, and the roles a heading opens: duty, requirement, preference (these ask for
something), company, benefit, eeo, apply, conditions (these ask nothing). Text before any heading
is read as duties.

Headings are found by name (the taxonomy's `posting.*_headings`; "Requirements", "About Us"), by a
name followed by a title ("About Little Oaks") or by text ("Requirements: CMA or RMA"), and by form
when no list names them: a short line ending in a colon, a line in capitals, or a Title Case line set
apart by a blank line and followed by a blank line or a list ("What a Day Looks Like"). A heading no
list names takes its role from its first or last word when the taxonomy's names agree on that word
("Our Perks" is a benefit heading, "Preferred Certifications" a preference), and is a duty heading
otherwise, so a posting that names its sections its own way still asks for what it lists.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal, cast

from .models import SectionKind
from .taxonomy import PostingRules

PostingRole = Literal[
    "title",
    "metadata",
    "heading",
    "duty",
    "requirement",
    "preference",
    "company",
    "benefit",
    "eeo",
    "apply",
    "conditions",
]

# the importance a line of each role gives its mentions by default; "ignored" asks nothing
SECTION_OF_ROLE: dict[PostingRole, SectionKind] = {
    "title": "duty",
    "duty": "duty",
    "requirement": "required",
    "preference": "preferred",
    "company": "ignored",
    "benefit": "ignored",
    "eeo": "ignored",
    "apply": "ignored",
    "conditions": "ignored",
    "metadata": "ignored",
}
_BULLETS = "-–•*·>▪◦"
_HEADING_WORDS = 6  # a heading is a short line
_UNTITLED_COLON_WORDS = 3  # "Schedule:", "What we need:" head a section; longer lead-ins do not
_TITLE_WORDS = 12  # a posting's first line is its title when it is this short
_MINOR = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "&",
        "/",
        "you",
        "your",
        "we",
        "our",
        "us",
        "is",
        "are",
        "it",
        "this",
    }
)
# a heading's label ends at a colon, or at a table cell boundary ("Preferred | Epic experience")
_LABEL = re.compile(r"(:|\s\|\s)")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class PostingLine:
    """One line of a posting: its role and the section kind that sets its default importance."""

    role: PostingRole
    section: SectionKind
    heading: str  # the heading of the section it stands in ("" before any)


@dataclass(frozen=True)
class PostingStructure:
    """Every line of a posting (0-based, as text.split("\\n")) with its role and section."""

    lines: tuple[PostingLine, ...]

    def line(self, number: int) -> PostingLine:
        """The line with this 1-based number (as Mention.line gives it)."""
        return self.lines[number - 1]


class PostingStructureReader:
    """Reads posting structure with the heading names of the taxonomy's `posting` section."""

    def __init__(self, rules: PostingRules):
        self.names: dict[str, PostingRole] = {}
        for role, names in rules.headings_by_role.items():
            for name in names:
                self.names.setdefault(_squash(name), cast(PostingRole, role))
        self.titles = frozenset(_squash(t) for t in rules.title_headings)
        self.longest_name = max((len(n.split()) for n in self.names), default=1)
        self.first_words = _agreed(self.names, 0)
        self.last_words = _agreed(self.names, -1)

    def read(self, text: str) -> PostingStructure:
        """The role and section of every line; one pass over the lines."""
        lines = text.split("\n")
        result: list[PostingLine] = []
        role: PostingRole = "duty"
        heading_text = ""
        titled = seen = False
        for index, line in enumerate(lines):
            stripped = line.strip()
            if not stripped:
                result.append(PostingLine(role, SECTION_OF_ROLE[role], heading_text))
                continue
            first, seen = not seen, True
            found = self.heading(stripped, lines, index)
            if found is not None and first and not found[2]:
                found = None  # "Bilingual Medical Assistant": the first line is the title, not a heading
            if found is not None:
                opened, inline, _ = found
                if opened == "title" or (inline and SECTION_OF_ROLE[opened] == "ignored"):
                    # "title: Bilingual MA", "location: Boston": the line speaks for itself only
                    result.append(PostingLine(opened, SECTION_OF_ROLE[opened], heading_text))
                    titled = titled or opened == "title"
                    continue
                label = _LABEL.search(stripped)
                role, heading_text = (
                    opened,
                    (stripped[: label.start()] if label else stripped).strip(),
                )
                result.append(
                    PostingLine(
                        role if inline else "heading",
                        SECTION_OF_ROLE[role],
                        heading_text,
                    )
                )
                continue
            if (
                first
                and not titled
                and len(stripped.split()) <= _TITLE_WORDS
                and stripped[0] not in _BULLETS
            ):
                titled = True
                result.append(PostingLine("title", "duty", ""))
                continue
            result.append(PostingLine(role, SECTION_OF_ROLE[role], heading_text))
        return PostingStructure(tuple(result))

    def heading(
        self, stripped: str, lines: list[str], index: int
    ) -> tuple[PostingRole, bool, bool] | None:
        """(role, inline, named) when the line is a heading: `inline` when text follows it on the
        line ("Requirements: CMA", "Preferred | Epic experience"), `named` when the taxonomy
        names it."""
        if stripped[0] in _BULLETS:
            return None  # a list item ("- Experience with Epic") is never a heading
        label = _LABEL.search(stripped)
        head, colon, rest = (
            (stripped[: label.start()], label.group(1).strip(), stripped[label.end() :])
            if label
            else (stripped, "", "")
        )
        squashed = _squash(head)
        if colon and rest.strip(" *–-"):
            if squashed in self.titles:
                return ("title", True, True)
            if squashed in self.names and len(head.split()) <= self.longest_name:
                return (
                    self.names[squashed],
                    True,
                    True,
                )  # "Requirements: CMA or RMA", "location: Boston"
            return None
        if squashed in self.titles and colon:
            return None
        if squashed in self.names:
            return (self.names[squashed], False, True)  # the whole line is a heading's name
        words = _WORD.findall(head)
        if (
            not words
            or len(head.split()) > _HEADING_WORDS
            or _DIGIT.search(head)
            or head.endswith((".", ",", ";"))
        ):
            return None
        if not (_titled(head) or (colon and len(words) <= _UNTITLED_COLON_WORDS)):
            return None  # "Direct experience with the following tasks:" leads into a list
        named = self._named_prefix(words, bool(colon))
        if named is not None:
            return (named, False, True)  # "About Little Oaks", "Compensation Starting at:"
        if not (colon or (head.isupper() and len(words) > 1) or self._set_apart(lines, index)):
            return None
        return (self._role_by_word(words), False, False)

    def _named_prefix(self, words: list[str], colon: bool) -> PostingRole | None:
        """The role of a known heading name that starts the line and is followed by a name
        ("About Little Oaks"), or by anything up to a colon ("Compensation Starting at:");
        "Experience with Epic" is a list line."""
        for size in range(min(len(words) - 1, self.longest_name), 0, -1):
            name = _squash(" ".join(words[:size]))
            if name in self.names:
                if colon or not any(w.lower() in _MINOR for w in words[size:]):
                    return self.names[name]
                return None
        return None

    def _role_by_word(self, words: list[str]) -> PostingRole:
        """A heading no list names: the role its first or last word has in every name that
        starts or ends with it ("Our Perks" → benefit); otherwise duty."""
        lowered = [w.lower() for w in words]
        return self.first_words.get(lowered[0]) or self.last_words.get(lowered[-1]) or "duty"

    @staticmethod
    def _set_apart(lines: list[str], index: int) -> bool:
        """A blank line (or the text's start) before, and a blank line or a list item after."""
        before = lines[index - 1].strip() if index > 0 else ""
        after = next((line.strip() for line in lines[index + 1 : index + 3] if line.strip()), "")
        blank_after = index + 1 >= len(lines) or not lines[index + 1].strip()
        return not before and (blank_after or after[:1] in _BULLETS)


def _squash(text: str) -> str:
    """A heading as compared with the taxonomy's names: lower case, single spaces, no colon."""
    return " ".join(text.lower().replace("’", "'").split()).strip(" :")


def _titled(text: str) -> bool:
    """Every word capitalised, or a minor word ("What a Day Looks Like", "ABOUT US")."""
    words = _WORD.findall(text)
    return (
        bool(words)
        and words[0][0].isupper()
        and all(w[0].isupper() or w.lower() in _MINOR for w in words)
    )


def _agreed(names: dict[str, PostingRole], position: int) -> dict[str, PostingRole]:
    """Words (first or last of a heading name) for which most names that share them, at least
    two, open one role: "perks" → benefit, "preferred" → preference, "requirements" → requirement
    (though "physical requirements" are conditions)."""
    roles: dict[str, Counter[PostingRole]] = {}
    for name, role in names.items():
        words = _WORD.findall(name)
        if words:
            roles.setdefault(words[position], Counter())[role] += 1
    agreed = {}
    for word, counts in roles.items():
        role, count = counts.most_common(1)[0]
        if count >= 2 and count * 2 > sum(counts.values()) and word not in _MINOR:
            agreed[word] = role
    return agreed
