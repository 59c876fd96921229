"""Scale: many résumés against many postings, each figure measured in one run on this machine.

    python bench/scale.py [--resumes 20000] [--postings 50] [--top 10] [--rounds 2]
                          [--memory-big 200000] [--skip-memory] [--quick]

--quick: 2,000 résumés, memory at 2,000 vs 20,000, growth up to 1,000 postings on 2,000.
--skip-scoring, --skip-screening, --skip-memory leave a part out; --memory-small sets N of 4.

1. Extraction vs scoring (one process, from memory): the résumés extracted once (no evidence,
   as screening does), then every pair with 100 postings scored by ma_match.bulk (a bounded top
   K each); the ratio scoring / extraction. For context: bare spaCy tokenisation of the same
   texts (spacy.blank("en").pipe) and the cost of one pair through Matcher.assess.
2. Scoring growth: the same extractions against 10, 100 and 1,000 postings.
3. Screening end to end (files -> top K Parquet, --postings of them): `ma-match screen -j 1`
   (one process), `ma-match screen -j 2` (a 2-worker local Dask cluster started by the
   command), and a 2-worker Dask cluster started beforehand (--scheduler ADDRESS, start-up not
   timed); résumés per second, the best of --rounds runs each, interleaved (a shared machine's
   hiccups only ever slow a run down), every run's wall seconds, and whether their rows are
   identical. CPU seconds (user + system, the command and its workers; for the started cluster
   its workers' too) show what each run cost whatever else the machine was doing: two workers on
   a machine other work keeps busy get less than two cores. Peak memory: the command's max RSS;
   for the started cluster, each worker's.
4. Peak memory of `ma-match screen -j 1` on a JSON-lines table of N and --memory-big résumés.

Résumés come from bench/speed.py's generator; postings are generated here from the example
postings' lines and the taxonomy's terms, each with its own mix of duties, credentials (some
as any-of lists), years asked and preferred items.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from speed import EXAMPLES, generate_resumes, measured, write_files

ROOT = Path(__file__).resolve().parents[1]
MA_MATCH = [sys.executable, "-m", "ma_match"]


# --- data -----------------------------------------------------------------------------------


def generate_postings(count: int, seed: int = 11) -> list[str]:
    """Postings with varied requirements: example duty lines and taxonomy terms as duties,
    credentials alone or as "A, B or C" lists, a minimum of years or none, preferred items."""
    from ma_match.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    rng = random.Random(seed)
    duty_lines = [
        line
        for path in sorted(EXAMPLES.glob("posting_*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("- ") and "year" not in line
    ]
    skills = [c for c in taxonomy.concepts if c.group in ("clinical", "admin") and c.phrases]
    certs = [c for c in taxonomy.concepts if c.group == "cert" and c.abbreviations]
    systems = [c for c in taxonomy.concepts if c.group == "ehr" and c.phrases]
    postings = []
    for i in range(count):
        duties = rng.sample(duty_lines, k=rng.randint(2, 5)) + [
            f"- {rng.choice(c.phrases).capitalize()}" for c in rng.sample(skills, rng.randint(2, 6))
        ]
        needs = []
        chosen = rng.sample(certs, rng.randint(1, 3))
        if len(chosen) > 1 and rng.random() < 0.5:
            names = [c.abbreviations[0] for c in chosen]
            needs.append(f"- {', '.join(names[:-1])} or {names[-1]} certification required")
        else:
            needs += [f"- {c.abbreviations[0]} certification required" for c in chosen]
        if rng.random() < 0.7:
            needs.append(f"- {rng.randint(1, 4)}+ years of medical assistant experience")
        preferred = [f"- Experience with {rng.choice(c.phrases)}" for c in rng.sample(systems, 1)]
        preferred += [f"- {rng.choice(c.phrases).capitalize()}" for c in rng.sample(skills, 2)]
        postings.append(
            "\n".join(
                [
                    f"Medical Assistant {i}",
                    "",
                    "Responsibilities",
                    *duties,
                    "",
                    "Requirements",
                    *needs,
                    "",
                    "Preferred Qualifications",
                    *preferred,
                    "",
                ]
            )
        )
    return postings


def write_postings(texts: list[str], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"posting_{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def write_jsonl(count: int, path: Path, chunk: int = 10000) -> None:
    """`count` generated résumés as JSON lines, made a chunk at a time (constant memory)."""
    with path.open("w", encoding="utf-8") as handle:
        for start in range(0, count, chunk):
            for i, text in enumerate(generate_resumes(min(chunk, count - start), seed=7 + start)):
                handle.write(json.dumps({"id": f"r{start + i}", "text": text}) + "\n")


# --- 1 and 2: extraction vs scoring ------------------------------------------------------------


def extraction_vs_scoring(
    texts: list[str], postings: list[str], top: int, growth_counts: list[int]
) -> tuple[dict[str, float], dict[int, float]]:
    import numpy as np
    import spacy

    from ma_match.bulk import PostingSet, TopK, batches
    from ma_match.extract import Extractor
    from ma_match.match import Matcher

    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    bare = time.perf_counter() - start

    extractor = Extractor()
    matcher = Matcher(extractor)
    start = time.perf_counter()
    resumes = list(extractor.pipe(texts, "resume", batch_size=64, evidence=False))
    extract_s = time.perf_counter() - start

    def score(posting_texts: list[str]) -> float:
        """Seconds to score every pair with these postings (compiling them included), keeping
        the top K of each."""
        extracted = [extractor.extract(t, "posting") for t in posting_texts]
        started = time.perf_counter()
        compiled = PostingSet(matcher, extracted)
        best = TopK(len(extracted), top)
        first = 0
        for batch in batches(resumes, 1024):
            best.add(compiled.scores(batch), np.arange(first, first + len(batch)))
            first += len(batch)
        return time.perf_counter() - started

    result: dict[str, float] = {
        "resumes": len(texts),
        "bare_tokenisation_s": round(bare, 2),
        "extract_s": round(extract_s, 2),
        "extract_per_resume_ms": round(1000 * extract_s / len(texts), 2),
    }
    score_100 = score(postings[:100])
    result["score_100_postings_s"] = round(score_100, 3)
    result["score_per_pair_us"] = round(1e6 * score_100 / (len(texts) * 100), 3)
    result["scoring_vs_extraction"] = round(score_100 / extract_s, 4)
    sample = resumes[:1000]
    posting = extractor.extract(postings[0], "posting")
    started = time.perf_counter()
    for resume in sample:
        matcher.assess(resume, posting)
    result["assess_per_pair_us"] = round(1e6 * (time.perf_counter() - started) / len(sample), 1)
    # growth: the same extractions against more and more postings
    pool = generate_postings(max(growth_counts), seed=23)
    grown = {count: round(score(pool[:count]), 3) for count in growth_counts}
    return result, grown


# --- 3 and 4: screening end to end --------------------------------------------------------------


def rows_of(path: Path) -> list[tuple]:
    import pyarrow.parquet as pq

    return [
        (r["posting"], r["rank"], r["resume"], r["score"])
        for r in pq.read_table(path, columns=["posting", "rank", "resume", "score"]).to_pylist()
    ]


def _peak_kb() -> int:
    """This process's peak resident memory in KB: the kernel's high-water mark of its own
    address space (VmHWM). Not ru_maxrss: a worker spawned by a large parent inherits the
    parent's maximum at fork, so a bench that held 20,000 extractions showed ~900 MB workers."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux


def screening(folder: Path, postings: list[str], top: int, rounds: int) -> dict[str, object]:
    from distributed import Client, LocalCluster

    count = sum(1 for _ in folder.iterdir())
    base = [*MA_MATCH, "screen", *postings, "--resumes", str(folder), "--top", str(top)]
    results: dict[str, object] = {}
    best: dict[str, float] = {}
    memory: dict[str, float] = {}
    tables: dict[str, list[tuple]] = {}
    with (
        tempfile.TemporaryDirectory() as out,
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        runs = {
            "jobs1": [*base, "-j", "1"],
            "jobs2_local_cluster": [*base, "-j", "2"],
            "dask_2_workers_started": [*base, "--scheduler", cluster.scheduler_address],
        }
        cpu: dict[str, float] = {}
        walls: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, argv in runs.items():
                path = Path(out) / f"{name}.parquet"
                before = client.run(time.process_time)
                wall, rss, used = measured([*argv, "--out", str(path)])
                if name == "dask_2_workers_started":  # its workers are not the command's children
                    after = client.run(time.process_time)
                    used += sum(after[w] - before[w] for w in before)
                walls[name].append(round(wall, 1))
                cpu[name] = min(cpu.get(name, used), used)
                best[name] = min(best.get(name, wall), wall)
                memory[name] = max(memory.get(name, 0.0), rss)
                table = rows_of(path)
                assert tables.setdefault(name, table) == table, f"{name} changed between runs"
        workers = client.run(_peak_kb)
    for name in runs:
        results[f"{name}_s"] = walls[name]
        results[f"{name}_per_s"] = round(count / best[name], 1)
        results[f"{name}_cpu_s"] = round(cpu[name], 1)
    results["jobs2_vs_jobs1"] = round(best["jobs1"] / best["jobs2_local_cluster"], 2)
    results["dask_started_vs_jobs1"] = round(best["jobs1"] / best["dask_2_workers_started"], 2)
    results["same_top_k"] = (
        tables["jobs1"] == tables["jobs2_local_cluster"] == tables["dask_2_workers_started"]
    )
    results["peak_mb_jobs1"] = memory["jobs1"]
    results["peak_mb_jobs2_command"] = memory["jobs2_local_cluster"]
    results["peak_mb_started_workers"] = [round(kb / 1024, 1) for kb in workers.values()]
    return results


def memory_flatness(small: int, big: int, postings: list[str], top: int) -> dict[str, float]:
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in (small, big):
            table = Path(folder) / f"pool_{count}.jsonl"
            write_jsonl(count, table)
            out = Path(folder) / "top.parquet"
            wall, rss, _ = measured(
                [
                    *MA_MATCH,
                    "screen",
                    *postings,
                    "--resumes",
                    str(table),
                    "--id-column",
                    "id",
                    "--top",
                    str(top),
                    "--out",
                    str(out),
                    "-j",
                    "1",
                ]
            )
            figures[f"peak_mb_{count}"] = rss
            figures[f"wall_s_{count}"] = round(wall, 1)
            table.unlink()
    figures["ratio"] = round(figures[f"peak_mb_{big}"] / figures[f"peak_mb_{small}"], 3)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--resumes", type=int, default=20000)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--memory-small", type=int, default=None, help="default: --resumes")
    parser.add_argument("--memory-big", type=int, default=200000)
    parser.add_argument("--growth", default="10,100,1000")
    parser.add_argument("--skip-scoring", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-screening", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.resumes, args.memory_big = 2000, 20000

    texts = generate_resumes(args.resumes)
    postings = generate_postings(max(args.postings, 100))
    if not args.skip_scoring:
        counts = [int(c) for c in args.growth.split(",")]
        figures, grown = extraction_vs_scoring(texts, postings[:100], args.top, counts)
        print("1. extraction vs scoring (one process):", figures, flush=True)
        print("2. scoring growth, seconds by postings:", grown, flush=True)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_postings(postings[: args.postings], Path(folder) / "postings")
        if not args.skip_screening:
            resumes = Path(folder) / "resumes"
            resumes.mkdir()
            write_files(texts, resumes)
            del texts
            print(
                f"3. screening {args.resumes} files x {args.postings} postings:",
                screening(resumes, paths, args.top, args.rounds),
                flush=True,
            )
        if not args.skip_memory:
            print(
                f"4. peak memory, one process, {args.postings} postings:",
                memory_flatness(
                    args.memory_small or args.resumes, args.memory_big, paths, args.top
                ),
                flush=True,
            )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
