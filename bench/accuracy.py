"""Accuracy of the extractor against a gold-labelled corpus (default: ../shared/corpus).

    python bench/accuracy.py [--corpus DIR] [--json OUT] [--errors] [--taxonomy PATH]

Prints precision, recall and F1 per group and overall, separately for résumés and postings; the
accuracy of required/preferred on the posting concepts found; how many negated or pending gold
labels were credited as present; and with --errors every false positive and false negative with
its evidence line, so the taxonomy can be improved from it. Scoring follows corpus/README.md.

It also prints the years of experience each posting asks for (value and importance) against the
gold `min_years` / `min_years_importance`, and the context accuracy on the project's own labelled
sentences (tests/fixtures/context_cases*.yaml: status of résumé concepts, importance of posting
concepts) and the date ranges read from held-out résumé lines (tests/fixtures/
date_ranges_heldout.yaml), which need no corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from ma_match.dates import find_ranges
from ma_match.extract import Extractor
from ma_match.taxonomy import GROUPS, load_taxonomy

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CONTEXT_SETS = {
    name: Path(__file__).resolve().parents[1] / "tests" / "fixtures" / f"{name}.yaml"
    for name in ("context_cases", "context_cases_heldout", "context_cases_heldout2")
}
DATE_SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "date_ranges_heldout.yaml"


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def evaluate(corpus: Path, extractor: Extractor) -> dict:
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    counts = {kind: defaultdict(Counter) for kind in ("resume", "posting")}
    errors: list[dict] = []
    importance = Counter()
    credited = Counter()
    years = Counter()
    for name, entry in sorted(gold.items()):
        kind = entry["kind"]
        text = (corpus / name).read_text(encoding="utf-8")
        found = extractor.extract(text, kind)
        if kind == "posting":
            need = found.experience_need
            got = (need.years, need.importance) if need else (None, None)
            want = (entry.get("min_years"), entry.get("min_years_importance"))
            right = got == want or (
                got[0] is not None
                and want[0] is not None
                and abs(got[0] - want[0]) < 0.05
                and got[1] == want[1]
            )
            years["right" if right else "wrong"] += 1
            if not right:
                errors.append(
                    {
                        "file": name,
                        "kind": "years",
                        "id": "experience.min_years",
                        "gold": want,
                        "got": got,
                        "evidence": [need.text] if need else [],
                    }
                )
        labels: dict[str, str] = entry["concepts"]
        if kind == "resume":
            truth = {cid for cid, status in labels.items() if status == "present"}
            predicted = {c.id for c in found.concepts if c.status == "present"}
            for cid, status in labels.items():
                if status != "present":
                    credited[status + "_labels"] += 1
                    if cid in predicted:
                        credited[status + "_credited"] += 1
        else:
            truth = set(labels)
            predicted = {c.id for c in found.concepts}
            for finding in found.concepts:
                if finding.id in labels:
                    importance[
                        "right" if finding.importance == labels[finding.id] else "wrong"
                    ] += 1
                    if finding.importance != labels[finding.id]:
                        errors.append(
                            {
                                "file": name,
                                "kind": "importance",
                                "id": finding.id,
                                "gold": labels[finding.id],
                                "got": finding.importance,
                                "evidence": [e.text for e in finding.evidence],
                            }
                        )
        for cid in truth | predicted:
            group = cid.split(".")[0]
            if cid in truth and cid in predicted:
                counts[kind][group]["tp"] += 1
            elif cid in predicted:
                counts[kind][group]["fp"] += 1
                finding = found.get(cid)
                errors.append(
                    {
                        "file": name,
                        "kind": "FP",
                        "id": cid,
                        "gold": labels.get(cid),
                        "evidence": [f"L{e.line} [{e.match}] {e.text}" for e in finding.evidence]
                        if finding
                        else [],
                    }
                )
            else:
                counts[kind][group]["fn"] += 1
                errors.append(
                    {
                        "file": name,
                        "kind": "FN",
                        "id": cid,
                        "gold": labels.get(cid),
                        "evidence": [f"reported {found.get(cid).status}"] if found.get(cid) else [],
                    }
                )
    result: dict = {"resume": {}, "posting": {}}
    for kind in ("resume", "posting"):
        total = Counter()
        for group in GROUPS:
            c = counts[kind][group]
            total.update(c)
            result[kind][group] = prf(c["tp"], c["fp"], c["fn"])
        result[kind]["overall"] = prf(total["tp"], total["fp"], total["fn"])
    judged = importance["right"] + importance["wrong"]
    result["importance_accuracy"] = round(importance["right"] / judged, 3) if judged else 1.0
    result["importance_judged"] = judged
    result["negated_or_pending"] = dict(credited)
    result["years_asked"] = {"right": years["right"], "of": years["right"] + years["wrong"]}
    result["errors"] = errors
    return result


def context_accuracy(extractor: Extractor, cases: Path) -> dict:
    """The share of labelled context items (all their concepts) the extractor reads right, by
    kind and category; the same items tests/test_context_cases.py runs one by one."""
    items = yaml.safe_load(cases.read_text(encoding="utf-8"))
    by_category: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        found = extractor.extract(item["text"], item["kind"])
        right = True
        for cid, want in item["expect"].items():
            finding = found.get(cid)
            got = (
                "absent"
                if finding is None
                else finding.status
                if item["kind"] == "resume"
                else finding.importance
            )
            right = right and got == want
        by_category[f"{item['kind']}/{item['category']}"]["right" if right else "wrong"] += 1
    total = (
        sum(c["right"] for c in by_category.values()),
        sum(sum(c.values()) for c in by_category.values()),
    )
    return {
        "right": total[0],
        "of": total[1],
        "by_category": {
            k: f"{c['right']}/{c['right'] + c['wrong']}" for k, c in sorted(by_category.items())
        },
    }


def date_accuracy(cases: Path) -> dict[str, int]:
    """How many held-out résumé lines dates.find_ranges reads right: each range to its first and
    last month (one range a line), and no range in the lines that hold none."""
    data = yaml.safe_load(cases.read_text(encoding="utf-8"))

    def month(text: str) -> int:
        year, number = text.split("-")
        return int(year) * 12 + int(number)

    ranges = 0
    for item in data["ranges"]:
        end = None if item["end"] == "open" else month(item["end"]) + 1
        found = [(r.start, r.end) for r in find_ranges(item["text"])]
        ranges += found == [(month(item["start"]), end)]
    none = sum(not find_ranges(item["text"]) for item in data["not_ranges"])
    return {
        "ranges": ranges,
        "ranges_of": len(data["ranges"]),
        "none": none,
        "none_of": len(data["not_ranges"]),
    }


def render(result: dict, console: Console, show_errors: bool) -> None:
    for kind in ("resume", "posting"):
        table = Table(title=f"{kind}s", title_justify="left")
        for column in ("group", "tp", "fp", "fn", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "group" else "right")
        for group, row in result[kind].items():
            table.add_row(
                group,
                str(row["tp"]),
                str(row["fp"]),
                str(row["fn"]),
                f"{row['precision']:.3f}",
                f"{row['recall']:.3f}",
                f"{row['f1']:.3f}",
                style="bold" if group == "overall" else None,
            )
        console.print(table)
    console.print(
        f"required/preferred accuracy on posting concepts found: "
        f"{result['importance_accuracy']:.3f} ({result['importance_judged']} judged)"
    )
    np = result["negated_or_pending"]
    console.print(
        f"negated gold labels credited as present: {np.get('negated_credited', 0)} of {np.get('negated_labels', 0)}; "
        f"pending: {np.get('pending_credited', 0)} of {np.get('pending_labels', 0)}"
    )
    years = result["years_asked"]
    console.print(
        f"years of experience asked (value and importance) right: {years['right']} of {years['of']} postings"
    )
    for name, context in result.get("context", {}).items():
        console.print(
            f"context test set tests/fixtures/{name}.yaml: {context['right']} of {context['of']} "
            f"items read right ({context['right'] / context['of']:.3f})"
        )
    dates = result.get("dates")
    if dates:
        console.print(
            f"date ranges tests/fixtures/{DATE_SET.name}: {dates['ranges']} of {dates['ranges_of']} "
            f"ranges read to the month, {dates['none']} of {dates['none_of']} lines without a "
            "range read as none"
        )
    if show_errors:
        for error in result["errors"]:
            console.print(
                f"{error['kind']:10} {error['file']:18} {error['id']:36} gold={error.get('gold')} "
                f"got={error.get('got', '')} {' | '.join(error['evidence'])}",
                markup=False,
                highlight=False,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument(
        "--json", type=Path, help="also write the figures (and errors) as JSON here"
    )
    parser.add_argument(
        "--errors", action="store_true", help="list every false positive and negative"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "gold.json").is_file():
        print(f"no gold.json under {args.corpus}: pass --corpus", file=sys.stderr)
        return 2
    extractor = Extractor(load_taxonomy(args.taxonomy))
    result = evaluate(args.corpus, extractor)
    result["context"] = {
        name: context_accuracy(extractor, path) for name, path in CONTEXT_SETS.items()
    }
    result["dates"] = date_accuracy(DATE_SET)
    render(result, Console(width=140), args.errors)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
