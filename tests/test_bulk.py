"""Promises of extract once, match many: `Matcher.match` takes extractions, the bulk scores equal
`match` exactly (any concepts, statuses, importances, alternatives, experience, weights and
partial credit), and the top K per posting is the best K by (score, earlier résumé).

The texts are short inventions written for these tests.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ma_match.bulk import PostingSet, TopK, top_matches
from ma_match.match import Matcher
from ma_match.models import ConceptFinding, ExperienceNeed, Extraction, Mention, WorkHistory

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def matcher(extractor):
    return Matcher(extractor, today=TODAY)


RESUMES = [
    "Registered Medical Assistant (RMA), BLS certified\nEXPERIENCE\nMedical Assistant, Elm Clinic\n"
    "03/2021 - Present\n- Took vital signs, performed venipuncture and gave injections\n",
    "CPR, American Red Cross\nCCMA exam scheduled for 12/2026\n- Scheduled appointments in Epic\n",
    "Cashier\n- Handled the register and stocked shelves\n",
    "Medical assistant\nWORK HISTORY\nFront desk, Oak Pediatrics, 2019 - 2020\n"
    "- Verified insurance and obtained prior authorizations\n- Answered phones\n",
]
POSTINGS = [
    "Requirements\n- CMA, RMA or CCMA certification required\n- BLS required\n"
    "- 2+ years of medical assistant experience\nPreferred\n- Experience with Epic\n",
    "Duties\n- Schedule appointments and verify insurance\n- Take vital signs\n",
    "We are a friendly team.\n",
]


def test_match_takes_extractions_and_gives_the_report_the_texts_give(matcher, extractor):
    for resume in RESUMES:
        for posting in POSTINGS:
            from_texts = matcher.match(resume, posting)
            from_extractions = matcher.match(
                extractor.extract(resume, "resume"), extractor.extract(posting, "posting")
            )
            assert from_extractions.score == from_texts.score
            assert from_extractions.requirements == from_texts.requirements
            assert from_extractions.experience == from_texts.experience


def test_a_resume_extraction_carries_its_work_history_read_once(matcher, extractor):
    resume = extractor.extract(RESUMES[0], "resume")
    assert resume.work is not None and resume.work.spans, "the 2021 - Present job is work"
    assert extractor.extract(POSTINGS[0], "posting").work is None
    # the same years as reading the text again, which the extraction spares
    assert matcher.experience_found(resume) == matcher.experience_reader.found(
        resume.text, TODAY, resume.structure
    )
    assert matcher.experience_found(replace(resume, work=None)) == matcher.experience_found(resume)


def as_bulk(score: int | None) -> int:
    """A report's score as the bulk array holds it: a posting that asks nothing is unscored
    (None) in its report and 0 in the array, as rank orders résumés against it."""
    return 0 if score is None else score


def test_bulk_scores_of_real_texts_equal_match(matcher, extractor):
    resumes = [extractor.extract(t, "resume") for t in RESUMES]
    postings = [extractor.extract(t, "posting") for t in POSTINGS]
    reports = [[matcher.match(r, p) for p in postings] for r in resumes]
    compiled = PostingSet(matcher, postings)
    assert compiled.scores(resumes).tolist() == [[as_bulk(x.score) for x in row] for row in reports]
    # the posting that asks nothing is unscored in both, and only that one
    assert compiled.scored.tolist() == [x.score is not None for x in reports[0]]
    assert not all(compiled.scored)


def test_top_matches_is_the_best_k_with_full_reports(matcher, extractor):
    resumes = [extractor.extract(t, "resume") for t in RESUMES * 3]  # ties: earlier first
    postings = [extractor.extract(t, "posting") for t in POSTINGS]
    result = top_matches(iter(resumes), postings, 3, matcher=matcher, batch_size=2)
    assert len(result) == len(postings)
    for p, ranked in enumerate(result):
        everyone = sorted(
            ((-as_bulk(matcher.match(r, postings[p]).score), i) for i, r in enumerate(resumes)),
        )
        assert [(r.index, as_bulk(r.score)) for r in ranked] == [(i, -s) for s, i in everyone[:3]]
        for r in ranked:
            assert r.report == matcher.match(resumes[r.index], postings[p])
            assert r.score == r.report.score  # None where the posting is unscored


def test_top_k_keeps_k_and_merges_partitions_as_one_pass():
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 101, size=(50, 4))
    whole = TopK(4, 5)
    whole.add(scores, np.arange(50))
    merged = TopK(4, 5)
    for start in range(0, 50, 7):
        part = TopK(4, 5)
        part.add(scores[start : start + 7], np.arange(start, start + 7))
        merged.merge(part)
    for p in range(4):
        expected = sorted(range(50), key=lambda i: (-scores[i, p], i))[:5]
        assert [i for i, _ in whole.best(p)] == expected
        assert merged.best(p) == whole.best(p)
    with pytest.raises(ValueError):
        TopK(4, 0)


# --- property: bulk scores equal match, whatever the findings ---------------------------------


def _finding(concept, status, importance):
    return ConceptFinding(
        concept.id, concept.label, concept.group, concept.side, status, importance, ()
    )


YEARS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)


@st.composite
def cases(draw, concepts):
    ids = st.sampled_from(range(len(concepts)))
    resumes = []
    for _ in range(draw(st.integers(1, 4))):
        chosen = draw(st.dictionaries(ids, st.sampled_from(["present", "pending", "negated"])))
        spans = draw(
            st.lists(
                st.tuples(
                    st.integers(
                        2020 * 12,
                        2027 * 12,
                    ).map(lambda m: m - m % 6),
                    st.none() | st.integers(2020 * 12, 2027 * 12).map(lambda m: m - m % 6),
                    st.booleans(),
                ),
                max_size=3,
            )
        )
        # years on a coarse grid, so that a résumé often has exactly the years asked, or half
        stated = draw(st.none() | st.sampled_from(YEARS) | st.floats(0, 20, allow_nan=False))
        resumes.append(
            Extraction(
                kind="resume",
                concepts=tuple(_finding(concepts[i], s, None) for i, s in sorted(chosen.items())),
                text="",
                work=WorkHistory(tuple(spans), tuple("range" for _ in spans), stated),
            )
        )
    postings = []
    for _ in range(draw(st.integers(1, 4))):
        chosen = draw(st.dictionaries(ids, st.sampled_from(["required", "preferred"])))
        # alternatives: mentions that share a choice number form one any-of requirement
        choice = draw(st.lists(st.integers(-1, 2), min_size=len(chosen), max_size=len(chosen)))
        mentions = tuple(
            Mention(concepts[i].id, 0, 0, 0, 0, 0, 1, choice=c)
            for (i, _), c in zip(sorted(chosen.items()), choice)
        )
        need = draw(
            st.none()
            | st.builds(
                ExperienceNeed,
                st.sampled_from(YEARS) | st.floats(0.5, 10, allow_nan=False),
                st.sampled_from(["required", "preferred"]),
                st.just("1+ year of experience"),
                st.just(1),
            )
        )
        postings.append(
            Extraction(
                kind="posting",
                concepts=tuple(
                    _finding(concepts[i], "present", m) for i, m in sorted(chosen.items())
                ),
                text="",
                mentions=mentions,
                experience_need=need,
            )
        )
    weights = {
        "required": draw(st.floats(0.1, 10, allow_nan=False)),
        "preferred": draw(st.floats(0.1, 10, allow_nan=False)),
    }
    partial_credit = draw(st.floats(0, 1, allow_nan=False))
    return resumes, postings, weights, partial_credit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bulk_scores_equal_match_exactly(extractor, data):
    matcher = Matcher(extractor, today=TODAY)
    resumes, postings, weights, partial_credit = data.draw(cases(matcher.taxonomy.concepts))
    matcher.weights = weights  # rounding with weights and credit that floats cannot hold exactly
    matcher.partial_credit = partial_credit
    expected = [[as_bulk(matcher.match(r, p).score) for p in postings] for r in resumes]
    assert PostingSet(matcher, postings).scores(resumes).tolist() == expected
