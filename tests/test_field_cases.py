"""Field cases: small inputs that reproduce failure kinds people reported in public against résumé
parsers, matchers, ATS keyword scanners and clinical negation tools, rewritten as MA texts
(tests/field_cases/INDEX.md). Each check of each case's expect.json is one test, judged by the
cases' own checker (field_cases/check.py) on the JSON the command line prints.

A second set (tests/field_cases_blind/README.md) holds other instances of the same kinds,
written blind to the rules; a check it still fails is a strict xfail (known_gaps.json), so a fix
shows."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ma_match.cli import app

CASES = Path(__file__).parent / "field_cases"
_spec = importlib.util.spec_from_file_location("field_case_check", CASES / "check.py")
assert _spec and _spec.loader
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

BLIND = Path(__file__).parent / "field_cases_blind"
# the day each set's expectations were decided (case.md: "today 2026-11-30"): years of experience
# run to today, so "2022 – Present" is 4.9 years then and 5 a day later
DECIDED = {CASES: date(2026, 11, 30), BLIND: date(2026, 12, 1)}
BLIND_GAPS: dict[str, str] = json.loads((BLIND / "known_gaps.json").read_text(encoding="utf-8"))


def _decided_day(day: date) -> type[date]:
    class DecidedDay(date):
        @classmethod
        def today(cls) -> date:  # type: ignore[override]
            return day

    return DecidedDay


def _checks(folder: Path, gaps: dict[str, str]) -> list:
    params = []
    for case_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        for expectation in json.loads((case_dir / "expect.json").read_text(encoding="utf-8")):
            name = f"{case_dir.name}:{check.label(expectation)}"
            marks = (
                [pytest.mark.xfail(reason=f"known gap: {gaps[name]}", strict=True)]
                if name in gaps
                else []
            )
            params.append(pytest.param(case_dir, expectation, id=name, marks=marks))
    return params


CHECKS = _checks(CASES, {}) + _checks(BLIND, BLIND_GAPS)


def test_every_case_has_checks():
    assert len({param.values[0] for param in CHECKS if param.values[0].parent == CASES}) >= 19
    assert len({param.values[0] for param in CHECKS if param.values[0].parent == BLIND}) >= 57


def test_every_known_gap_names_a_check():
    names = {param.id for param in CHECKS}
    assert set(BLIND_GAPS) <= names


@pytest.mark.parametrize(("case_dir", "expectation"), CHECKS)
def test_field_case(monkeypatch, case_dir, expectation):
    monkeypatch.chdir(case_dir)  # the runs name their inputs relative to the case
    # the module, not the package's match() function of the same name
    day = _decided_day(DECIDED[case_dir.parent])
    monkeypatch.setattr(importlib.import_module("ma_match.match"), "date", day)
    result = CliRunner().invoke(app, [*expectation["run"], "--format", "json"])
    assert result.exit_code == 0, result.output
    judge = check.check_extract if expectation["run"][0] == "extract" else check.check_match
    unmet = judge(expectation, json.loads(result.stdout))
    assert not unmet, "\n".join(unmet)
