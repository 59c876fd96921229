"""Promises of normalise_text: one canonical, line-preserving form, idempotent and fast."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ma_match.normalise import normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("\u2022 Vital signs", "- Vital signs"),
        ("\u2022Vital signs", "- Vital signs"),
        ("  \u25aa  Scheduling", "- Scheduling"),
        (
            "\u25e6 a\n\u25cf b\n\u25a0 c\n\u27a2 d\n\u2713 e\n\uf0b7 f\n\u00b7 g",
            "- a\n- b\n- c\n- d\n- e\n- f\n- g",
        ),
        ("* starred\n\u2013 dashed\n\u2014 long", "- starred\n- dashed\n- long"),
        ("- already", "- already"),
        ("2019\u20132021", "2019-2021"),
        ("Clinic \u2014 Boston", "Clinic - Boston"),
        ("\ufb01ling of\ufb02ow", "filing offlow"),
        ("so\u00adft", "soft"),
        ("venipunc-\nture", "venipuncture"),
        ("venipunc-\n   ture", "venipuncture"),  # the next line indented
        ("eClinical-\nWorks", "eClinicalWorks"),  # a camel-case name goes on in a capital
        ("McKesson-\nTrained", "McKesson-\nTrained"),  # a name in capitals is no camel case
        ("eCW-\nEpic", "eCW-\nEpic"),  # two names: the first ends in a capital
        ("eClinicalWorks-\nCerner", "eClinicalWorks-\nCerner"),  # a whole camel-case name before
        ("CPR-\nCertified", "CPR-\nCertified"),
        ("EKG-\ncertified", "EKG-certified"),  # a compound's own hyphen stays, the break goes
        ("CPR-\ncertified 2024", "CPR-certified 2024"),
        ("12-\nlead EKG", "12-lead EKG"),
        ("Point-of-\ncare", "Point-of-care"),
        ("check-in/check-\nout", "check-in/check-out"),
        ("first-\n- bullet", "first-\n- bullet"),
        ("non\u00a0breaking\u2009thin\u3000wide", "non breaking thin wide"),
        ("a  \t  b", "a b"),
        ("trailing   \nline\t", "trailing\nline"),
        ("a\n\n\n\n\n\nb", "a\n\n\nb"),
        ("a\n\n\nb", "a\n\n\nb"),
        ("zero\u200bwidth\u200d\ufeff", "zerowidth"),
        ("bell\x07 nul\x00 esc\x1b", "bell nul esc"),
        ("form\x0cfeed\u2028sep", "form\nfeed\nsep"),
        ("\u201cquoted\u201d patient\u2019s", '"quoted" patient\'s'),
        ("\n\n  body  \n\n", "body"),
        ("EHRSystems and PatientIntake", "EHRSystems and PatientIntake"),  # no word splitting
    ],
)
def test_normalise_examples(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_line_structure_is_kept() -> None:
    raw = "EXPERIENCE\nMedical Assistant, Clinic\n\u2022 Took vitals\n\u2022 Drew blood\n\nSKILLS\nEKG"
    assert normalise_text(raw).split("\n") == [
        "EXPERIENCE",
        "Medical Assistant, Clinic",
        "- Took vitals",
        "- Drew blood",
        "",
        "SKILLS",
        "EKG",
    ]


_TRICKY = list(
    "aZé1 \t\n\r-*\u2022\u25aa\u00b7\uf0b7\u2013\u2014\u2010\u00ad\u200b\u00a0\ufb01\u0301\u00a8"
    "\u2033\u2019\x00\x07\x0c\x85\u2028\ufeff\u3000|"
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(_TRICKY))))
def test_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY)))
def test_output_has_only_plain_line_breaks_and_spaces(text: str) -> None:
    out = normalise_text(text)
    assert out.splitlines() == out.split("\n") or out == ""
    assert "\r" not in out and "\t" not in out and "  " not in out
    assert all(line == line.strip() for line in out.split("\n"))


def test_five_megabytes_read_as_each_part_would() -> None:
    # timings belong in bench/; here, a large text is normalised as its repeated part is
    line = "\u2022 Perform venipunc-\nture and EKGs \u2013 12\u2011lead\u00a0\u00a0tests\t\u201cdaily\u201d\r\n"
    count = 5_000_000 // len(line)
    out = normalise_text(line * count)
    one = normalise_text(line)
    assert one == '- Perform venipuncture and EKGs - 12-lead tests "daily"'
    assert out == "\n".join([one] * count)


@pytest.mark.parametrize(
    ("garbled", "plain"),
    [
        (
            "In process of\u00c2\u00a0earning my CCMA",
            "In process of earning my CCMA",
        ),  # a no-break space misread
        (
            "Biling\u00c3\u00bce: espa\u00c3\u00b1ol e ingl\u00c3\u00a9s",
            "Bilingüe: español e inglés",
        ),
        (
            "Front desk \u00e2\u20ac\u201c scheduling",
            "Front desk - scheduling",
        ),  # an en dash misread
    ],
)
def test_utf8_read_as_windows_1252_is_repaired(garbled: str, plain: str) -> None:
    assert normalise_text(garbled) == plain


def test_accented_text_that_is_not_garbled_is_kept() -> None:
    assert (
        normalise_text("Hablo español; Ánimo y Área clínica")
        == "Hablo español; Ánimo y Área clínica"
    )
