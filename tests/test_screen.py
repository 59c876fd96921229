"""Promises of `ma-match screen`: for each posting, the top K résumés by score (ties: the résumé
first in the source) with full reports, from files, globs, Parquet and JSON lines; the same rows
in one process and on a 2-worker Dask cluster.

The texts are short inventions written for these tests.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.errors import InputError
from ma_match.match import Matcher
from ma_match.screen import plan, run_here, screen

pa = pytest.importorskip("pyarrow", reason="screening writes Parquet: needs the dask extra")
pq = pytest.importorskip("pyarrow.parquet", reason="screening writes Parquet: needs the dask extra")

TODAY = date(2026, 11, 1)
POSTINGS = [
    (
        "clinic.txt",
        "Requirements\n- CMA or RMA certification required\n- BLS required\n"
        "- Take vital signs and perform venipuncture\nPreferred\n- Experience with Epic\n",
    ),
    ("front.txt", "Duties\n- Schedule appointments and verify insurance\n- Answer phones\n"),
    ("vague.txt", "We are a friendly team.\n"),
]
RESUMES = [
    "Registered Medical Assistant (RMA), BLS certified\n- Took vital signs and performed venipuncture\n",
    "Front desk\n- Scheduled appointments, verified insurance and answered phones\n",
    "Cashier\n- Handled the register\n",
    "CPR, American Red Cross\n- Took vital signs\n- Scheduled appointments in Epic\n",
    "Medical assistant\n- Performed venipuncture and EKGs\n- Verified insurance\n",
]
POOL = RESUMES * 3  # equal scores: the earlier résumé ranks first


def expected(extractor, names: list[str], texts: list[str], k: int) -> list[tuple]:
    """Every pair scored one at a time with Matcher.match: the rows the screen must write. A
    posting that asks nothing ("vague.txt") has no score (null), and its K are the first K."""
    matcher = Matcher(extractor, TODAY)
    rows = []
    for posting, posting_text in POSTINGS:
        scores = [matcher.match(text, posting_text).score for text in texts]
        order = sorted(range(len(texts)), key=lambda i: (-(scores[i] or 0), i))
        rows += [(posting, rank, names[i], scores[i]) for rank, i in enumerate(order[:k], 1)]
    return rows


def written(path: Path) -> list[tuple]:
    return [
        (r["posting"], r["rank"], r["resume"], r["score"]) for r in pq.read_table(path).to_pylist()
    ]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cvs")
    for i, text in enumerate(POOL):
        (root / f"cv_{i:02d}.txt").write_text(text, encoding="utf-8")
    return root


def test_files_in_one_process_give_the_top_k_of_matching_every_pair(extractor, folder, tmp_path):
    out = tmp_path / "top.parquet"
    summary = screen(POSTINGS, [str(folder)], out, top=4, today=TODAY, part_size=4)
    names = [str(folder / f"cv_{i:02d}.txt") for i in range(len(POOL))]
    assert written(out) == expected(extractor, names, POOL, 4)
    assert (summary.resumes, summary.rows, summary.postings) == (len(POOL), 12, 3)
    row = pq.read_table(out).to_pylist()[0]  # clinic.txt's best: the RMA with BLS, vitals, draws
    assert json.loads(row["report"])["score"] == row["score"]
    assert any("BLS" in label for label in row["met"])
    assert row["missing_required"] == []
    assert row["partial"] == [] and row["band"] == "strong"


def test_a_glob_and_a_missing_file_are_expanded_and_reported(folder, tmp_path):
    out = tmp_path / "top.parquet"
    summary = screen(
        POSTINGS, [str(folder / "cv_0[0-4].txt"), str(folder / "gone.txt")], out, top=2
    )
    assert summary.resumes == 5
    assert [s.file for s in summary.skipped] == [str(folder / "gone.txt")]


def test_json_lines_parts_cut_at_lines_and_rows_named_by_line_or_id(extractor, tmp_path):
    table = tmp_path / "pool.jsonl"
    lines = [json.dumps({"id": f"cand-{i}", "text": t}) for i, t in enumerate(POOL)]
    lines.insert(3, "")  # a blank line is no résumé
    lines.insert(5, json.dumps({"id": "empty", "text": ""}))
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts, _ = plan([str(table)], part_size=4)
    assert [p.first_row for p in parts] == [0, 4, 8, 12, 16]
    out = tmp_path / "top.parquet"
    summary = screen(POSTINGS, [str(table)], out, top=3, today=TODAY, part_size=4, id_column="id")
    assert written(out) == expected(extractor, [f"cand-{i}" for i in range(len(POOL))], POOL, 3)
    assert [s.file for s in summary.skipped] == ["empty"]
    screen(POSTINGS, [str(table)], out, top=1, today=TODAY, part_size=4)
    assert written(out)[0][2] == f"{table}:1", "without an id column: the file and its line"


def test_json_lines_that_are_broken_or_lack_the_id_are_said_as_such(tmp_path):
    table = tmp_path / "pool.jsonl"
    table.write_text(
        json.dumps({"id": "a", "text": POOL[0]}) + "\n{not json\n[1, 2]\n", encoding="utf-8"
    )
    summary = screen(POSTINGS, [str(table)], tmp_path / "top.parquet", top=1, id_column="id")
    assert [s.reason for s in summary.skipped] == [
        f"{table}:2: not a JSON object on this line",
        f"{table}:3: not a JSON object on this line",
    ]
    with pytest.raises(InputError, match=r"pool\.jsonl:1: no 'name' in this line"):
        screen(POSTINGS, [str(table)], tmp_path / "top.parquet", top=1, id_column="name")


def test_parquet_row_groups_are_cut_into_parts(extractor, tmp_path):
    table = tmp_path / "pool.parquet"
    data = pa.table({"name": [f"p{i}" for i in range(len(POOL))], "body": POOL})
    pq.write_table(data, table, row_group_size=6)
    parts, _ = plan([str(table)], part_size=4)
    # a row group is one part, read as a stream (a slice of it would cost reading it all)
    assert [(p.row_group, p.start, p.stop, p.first_row) for p in parts] == [
        (0, 0, 6, 0),
        (1, 0, 6, 6),
        (2, 0, 3, 12),
    ]
    out = tmp_path / "top.parquet"
    screen(
        POSTINGS,
        [str(table)],
        out,
        top=5,
        today=TODAY,
        part_size=4,
        text_column="body",
        id_column="name",
    )
    assert written(out) == expected(extractor, [f"p{i}" for i in range(len(POOL))], POOL, 5)


def test_a_table_without_the_text_column_is_refused_with_its_name(tmp_path):
    table = tmp_path / "pool.parquet"
    pq.write_table(pa.table({"body": POOL}), table)
    with pytest.raises(InputError, match=r"pool\.parquet: cannot read columns \['text'\]"):
        screen(POSTINGS, [str(table)], tmp_path / "top.parquet", top=2)
    result = CliRunner().invoke(
        app,
        [
            "screen",
            *_posting_files(tmp_path),
            "-r",
            str(table),
            "-o",
            str(tmp_path / "t.parquet"),
            "-j",
            "1",
        ],
    )
    assert result.exit_code == 2
    assert "cannot read columns ['text']" in result.output


def _posting_files(folder: Path) -> list[str]:
    paths = []
    for name, text in POSTINGS:
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(str(folder / name))
    return paths


def test_cli_screen_in_one_process(folder, tmp_path):
    postings = _posting_files(tmp_path)
    out = tmp_path / "top.parquet"
    result = CliRunner().invoke(
        app,
        ["screen", *postings, "--resumes", str(folder), "--top", "2", "--out", str(out), "-j", "1"],
    )
    assert result.exit_code == 0, result.output
    assert "screened 15 résumés against 3 postings: 6 rows" in result.output
    assert [r[0] for r in written(out)] == [p for p in postings for _ in range(2)]


def screen_cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["screen", *args])


def test_the_vague_posting_is_said_to_have_no_score(folder, tmp_path):
    out = tmp_path / "top.parquet"
    result = screen_cli(*_posting_files(tmp_path), "-r", str(folder), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "vague.txt: names nothing the taxonomy knows" in result.output
    assert "clinic.txt: names nothing" not in result.output


def test_a_result_file_is_replaced_only_by_a_run_that_succeeds(folder, tmp_path):
    out = tmp_path / "keep.parquet"
    postings = _posting_files(tmp_path)
    assert screen_cli(*postings, "-r", str(folder), "-o", str(out), "-j", "1").exit_code == 0
    before = out.read_bytes()
    # a mistyped source: nothing read, the earlier result stays whole and no stray file is left
    failed = screen_cli(*postings, "-r", str(tmp_path / "cvz"), "-o", str(out), "-j", "1")
    assert failed.exit_code == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_interrupted_run_leaves_no_result_and_keeps_the_old_one(folder, tmp_path):
    out = tmp_path / "keep.parquet"
    out.write_bytes(b"an earlier result")

    def interrupted(function, items, job):  # type: ignore[no-untyped-def]
        yield function(items[0], job)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        screen(POSTINGS, [str(folder)], out, top=2, runner=interrupted, part_size=4)
    assert out.read_bytes() == b"an earlier result"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.parquet"]


@pytest.mark.parametrize(
    ("kind", "says"),
    [("parquet", "is also an input"), ("jsonl", ".parquet name"), ("txt", ".parquet name")],
)
def test_the_output_may_not_be_one_of_the_inputs(folder, tmp_path, kind, says):
    target = tmp_path / f"pool.{kind}"
    if kind == "parquet":
        pq.write_table(pa.table({"text": POOL}), target)
    elif kind == "jsonl":
        target.write_text("".join(json.dumps({"text": t}) + "\n" for t in POOL), "utf-8")
    else:
        target.write_text(POOL[0], encoding="utf-8")
    before = target.read_bytes()
    result = screen_cli(*_posting_files(tmp_path), "-r", str(target), "-o", str(target), "-j", "1")
    assert result.exit_code == 2
    assert says in result.output
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("-", "file name"),
        ("top.csv", ".parquet name"),
        ("missing/top.parquet", "cannot be written"),
    ],
)
def test_a_wrong_output_fails_before_any_work(folder, tmp_path, out, says):
    given = out if out == "-" else str(tmp_path / out)
    result = screen_cli(*_posting_files(tmp_path), "-r", str(folder), "-o", given, "-j", "1")
    assert result.exit_code == 2
    assert says in result.output
    assert "screened" not in result.output


def test_a_file_named_twice_is_read_once(folder, tmp_path):
    out = tmp_path / "top.parquet"
    summary = screen(POSTINGS, [str(folder), f"{folder}/./cv_0*.txt"], out, top=2)
    assert summary.resumes == len(POOL)
    assert any("the same file as" in s.reason for s in summary.skipped)


def test_a_folder_whose_name_looks_like_a_pattern_is_a_folder(tmp_path):
    cvs = tmp_path / "cvs [final]"
    cvs.mkdir()
    (cvs / "a.txt").write_text(RESUMES[0], encoding="utf-8")
    summary = screen(POSTINGS, [str(cvs)], tmp_path / "top.parquet", top=1)
    assert summary.resumes == 1 and not summary.skipped


def test_a_name_that_is_not_utf8_is_written_escaped(tmp_path):
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / os.fsdecode(b"latin_\xe9.txt")).write_text(RESUMES[0], encoding="utf-8")
    out = tmp_path / "top.parquet"
    screen(POSTINGS[:1], [str(cvs)], out, top=1)
    assert written(out)[0][2] == str(cvs / "latin_\\xe9.txt")


FULL_RESUME = """{name}
{login}@example.com | (555) 201-33{n:02d}

Work History
Medical Assistant, Lakeside Family Clinic
March 2021 - Present
- Took vital signs and performed venipuncture

Education
Medical Assistant Diploma, Riverbend College, 2020
"""


def test_an_unquoted_glob_is_said(tmp_path):
    """The shell expanded cvs/*.txt: every file but the first became a posting."""
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    files = []
    for n, name in enumerate(["Dana Whitfield", "Lee Ortiz", "Sam Novak", "Ari Chen"]):
        path = cvs / f"cv_{n}.txt"
        path.write_text(FULL_RESUME.format(name=name, login=name.split()[0].lower(), n=n), "utf-8")
        files.append(str(path))
    posting = _posting_files(tmp_path)[:1]
    result = screen_cli(
        *posting, *files[1:], "-r", files[0], "-o", str(tmp_path / "t.parquet"), "-j", "1"
    )
    assert result.exit_code == 0, result.output
    assert "3 of 4 postings read as résumés" in result.output and "quote it" in result.output
    # postings alone say nothing
    alone = screen_cli(*posting, "-r", *files[:1], "-o", str(tmp_path / "u.parquet"), "-j", "1")
    assert "read as résumés" not in alone.output


def test_cli_screen_refuses_a_scheduler_with_jobs(folder, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "screen",
            str(folder / "cv_00.txt"),
            "-r",
            str(folder),
            "-o",
            str(tmp_path / "x.parquet"),
            "--scheduler",
            "tcp://127.0.0.1:1",
            "-j",
            "2",
        ],
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.parquet").exists()


# --- on a Dask cluster ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    """One local cluster of 2 worker processes for this module (starting one takes seconds)."""
    pytest.importorskip(
        "distributed", reason="Dask is not installed (pip install 'ma-match[dask]')"
    )
    from ma_match import dask as on_dask

    with on_dask.connect(None, workers=2) as client:
        yield client


def test_dask_cluster_writes_the_rows_one_process_writes(cluster, folder, tmp_path):
    from ma_match import dask as on_dask

    here, there = tmp_path / "here.parquet", tmp_path / "there.parquet"
    screen(POSTINGS, [str(folder)], here, top=4, today=TODAY, part_size=2, runner=run_here)
    summary = screen(
        POSTINGS,
        [str(folder)],
        there,
        top=4,
        today=TODAY,
        part_size=2,
        runner=on_dask.runner(cluster),
    )
    assert pq.read_table(there).to_pylist() == pq.read_table(here).to_pylist()
    assert summary.resumes == len(POOL)
    workers = cluster.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2, "two worker processes did the work"


def test_cli_screen_on_a_scheduler_address(cluster, folder, tmp_path):
    (tmp_path / "p.txt").write_text(POSTINGS[0][1], encoding="utf-8")
    out = tmp_path / "top.parquet"
    address = cluster.scheduler.address
    result = CliRunner().invoke(
        app,
        [
            "screen",
            str(tmp_path / "p.txt"),
            "-r",
            str(folder),
            "-o",
            str(out),
            "--scheduler",
            address,
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(written(out)) == 10


@pytest.mark.parametrize("newline_at_end", [True, False])
def test_progress_counts_every_resume_of_the_source(folder, tmp_path, newline_at_end):
    table = tmp_path / "pool.jsonl"
    lines = "\n".join(json.dumps({"text": t}) for t in POOL[:6])
    table.write_text(lines + ("\n" if newline_at_end else ""), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    screen(
        POSTINGS,
        [str(folder), str(table)],
        tmp_path / "top.parquet",
        top=2,
        part_size=4,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    total = len(POOL) + 6
    assert [t for _, t in seen] == [total] * len(seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1][0] == total


def test_a_small_pool_is_cut_finer_for_more_workers_and_gives_the_same_rows(tmp_path):
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for i in range(80):
        (cvs / f"cv_{i:02d}.txt").write_text(RESUMES[i % len(RESUMES)], encoding="utf-8")
    one, _ = plan([str(cvs)])
    four, _ = plan([str(cvs)], spread=2)
    assert [p.size for p in one] == [80]
    assert len(four) == 5 and all(p.size == 16 for p in four)  # 80 / (2 workers x 4), at least 16
    alone, spread = tmp_path / "one.parquet", tmp_path / "two.parquet"
    screen(POSTINGS, [str(cvs)], alone, top=5, today=TODAY)
    screen(POSTINGS, [str(cvs)], spread, top=5, today=TODAY, workers=2)
    assert pq.read_table(alone).to_pylist() == pq.read_table(spread).to_pylist()


def test_a_big_row_group_is_read_as_a_stream_of_batches(extractor, tmp_path):
    """A row group is one part, read and scored a batch at a time: a pool written with
    pyarrow's default of a million rows a group is neither read once per slice nor held whole."""
    from ma_match.screen import Job, read_part_batches

    table = tmp_path / "pool.parquet"
    pq.write_table(pa.table({"text": (POOL * 40)[:600]}), table)  # one row group
    (part,), _ = plan([str(table)])
    job = Job(tuple(POSTINGS), 3, TODAY)
    sizes = [len(found) for found, _ in read_part_batches(part, job, extractor, size=256)]
    assert sizes == [256, 256, 88]
    out = tmp_path / "top.parquet"
    screen(POSTINGS, [str(table)], out, top=3, today=TODAY)
    names = [f"{table}:{i + 1}" for i in range(600)]
    assert written(out) == expected(extractor, names, (POOL * 40)[:600], 3)


def test_a_private_result_file_stays_private_when_replaced(folder, tmp_path):
    out = tmp_path / "top.parquet"
    out.write_bytes(b"an earlier result")
    out.chmod(0o600)
    screen(POSTINGS, [str(folder)], out, top=2)
    assert out.stat().st_mode & 0o777 == 0o600
    assert written(out)  # replaced by the new rows


def test_a_winner_gone_before_its_report_leaves_no_gap_in_the_ranks(tmp_path):
    from ma_match.screen import run_here, score_part

    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for i, text in enumerate(RESUMES):
        (cvs / f"cv_{i}.txt").write_text(text, encoding="utf-8")
    victim = cvs / "cv_0.txt"  # the RMA: clinic.txt's best

    def runner(function, items, job):  # type: ignore[no-untyped-def]
        if function is not score_part and victim.exists():
            victim.unlink()  # removed between scoring and reporting
        yield from run_here(function, items, job)

    out = tmp_path / "top.parquet"
    screen(POSTINGS[:1], [str(cvs)], out, top=3, runner=runner, today=TODAY)
    rows = written(out)
    assert [r[1] for r in rows] == [1, 2]
    assert str(victim) not in [r[2] for r in rows]
