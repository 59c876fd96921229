"""Speed and memory of ma-match, each figure measured in one run on this machine.

    python bench/speed.py [--n 2000] [--big-n 20000] [--repeat 5] [--skip-memory] [--long-mb 10]

1. Start-up: `ma-match RESUME POSTING` on the example files vs
   `python -c "import spacy; spacy.blank('en')"` (median of --repeat runs each, interleaved);
   and `ma-match --help` and `--version` vs that match (neither imports spaCy).
2. Ranking: N generated résumés (made by shuffling and recombining the example résumés' lines)
   through `ma_match.rank.rank` with 1 and 2 jobs, vs bare `nlp.pipe` tokenisation of the same
   texts on a blank English pipeline: résumés per second (best of three runs each, interleaved)
   and the ratio. For context, also the bare rate with the tokenizer ma-match uses, primed
   as rank primes it (the same tokens, cached), and rank's ratio to that.
3. Peak memory of `ma-match rank` (a child process, its max RSS) for N and for --big-n résumés.
4. One long text (--long-mb MB; 0 skips): CPU seconds (time.process_time, so a busy shared machine
   does not inflate them as wall time would) to extract it, against priming-aware tokenisation of
   the same text alone (the extractor's tokenizer, fresh, with the text's own distinct words
   primed into its cache first, then the text tokenised), and the same at half the size, which
   shows whether the time grows linearly. Two texts: résumés run together (dense in concepts: every
   line a mention or three) and one line of made-up words (nothing of the taxonomy). For each, the
   floor no extractor built on this tokenizer and these reading rules goes below: tokenisation
   plus the reading every text passes through before a concept is looked for (Extractor.prepare:
   normalise_text and split_glued; then reading_form), as a ratio to tokenisation alone; and a
   second floor for any extractor that rules on each mention: that reading, plus spaCy's own
   PhraseMatcher (LOWER) run with the taxonomy's phrases and abbreviations, plus one Span made
   for each of its matches (the least a mention costs in Python before any rule looks at it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POSTING = EXAMPLES / "posting_family_medicine.txt"


def _made_up_word(rng: random.Random) -> str:
    return "".join(
        rng.choice("bcdfghklmnprstvz") + rng.choice("aeiouy") for _ in range(rng.randint(2, 4))
    ).title()


def _personal_lines(rng: random.Random) -> list[str]:
    """What makes each real résumé's vocabulary its own: names, contacts, employers, places."""
    first, last, town = (_made_up_word(rng) for _ in range(3))
    employers = [
        f"{_made_up_word(rng)} {rng.choice(['Family Practice', 'Clinic', 'Health', 'Pediatrics'])}"
        for _ in range(rng.randint(1, 3))
    ]
    return [
        f"{first} {last}",
        f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@{_made_up_word(rng).lower()}.com | "
        f"({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}",
        f"{rng.randint(10, 9999)} {_made_up_word(rng)} Street, {town}",
        *(f"{employer}, {town}" for employer in employers),
        f"References: Dr. {_made_up_word(rng)} {_made_up_word(rng)}, {_made_up_word(rng)} Medical Group",
    ]


def generate_resumes(count: int, seed: int = 7) -> list[str]:
    """Varied résumés built from the example résumés' lines (shuffled sections, recombined
    bullets), each with its own made-up name, contacts, employers and places, as real résumés
    bring words no other résumé has."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("resume_*.txt"))]
    pool = [line for text in sources for line in text.splitlines() if line.strip()]
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        base = sources[i % len(sources)].splitlines()
        extra = rng.sample(pool, k=min(len(pool), rng.randint(5, 20)))
        lines = _personal_lines(rng) + rng.sample(base[3:], k=len(base) - 3) + extra
        texts.append("\n".join(lines))
    return texts


def timed_command(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(repeat: int) -> dict[str, float]:
    spacy_cmd = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
    ours = [sys.executable, "-m", "ma_match", str(EXAMPLES / "resume_dual.txt"), str(POSTING)]
    timed_command(ours)  # warm the taxonomy cache and the file system, as a second run would be
    spacy_times, our_times = [], []
    for _ in range(repeat):
        spacy_times.append(timed_command(spacy_cmd))
        our_times.append(timed_command(ours))
    s, o = statistics.median(spacy_times), statistics.median(our_times)
    return {"spacy_start_s": round(s, 3), "single_pair_s": round(o, 3), "ratio": round(o / s, 2)}


def help_speed(repeat: int) -> dict[str, float]:
    """Wall time of `ma-match --help` and `--version` against one match (medians, interleaved):
    neither may import spaCy, so each should cost a fraction of a match."""
    base = [sys.executable, "-m", "ma_match"]
    commands = {
        "help_s": [*base, "--help"],
        "version_s": [*base, "--version"],
        "match_s": [*base, str(EXAMPLES / "resume_dual.txt"), str(POSTING)],
    }
    timed_command(commands["match_s"])  # warm the cache, as a second run would find it
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            times[name].append(timed_command(argv))
    result = {name: round(statistics.median(values), 3) for name, values in times.items()}
    result["help_vs_match"] = round(result["help_s"] / result["match_s"], 2)
    return result


def write_files(texts: list[str], folder: Path) -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"resume_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def throughput(texts: list[str], paths: list[Path], rounds: int = 3) -> dict[str, float]:
    import spacy
    from spacy.language import Language

    from ma_match.extract import PRIMING_TEXTS, blank_english, prime_tokenizer
    from ma_match.rank import rank

    posting = POSTING.read_text(encoding="utf-8")
    nlp = spacy.blank("en")
    # the blank pipeline with the tokenizer ma-match uses, primed as rank primes it: how much
    # of rank's time is ma-match's own work once tokenising is as fast as rank's
    primed = blank_english()
    prime_tokenizer(primed.tokenizer, texts[:PRIMING_TEXTS])

    def bare_run(pipeline: Language) -> float:
        start = time.perf_counter()
        for _ in pipeline.pipe(texts, batch_size=64):
            pass
        return len(texts) / (time.perf_counter() - start)

    # best of `rounds` for every figure: a shared machine's hiccups only ever slow a run down
    rates: dict[int, float] = {}
    orders: dict[int, list[tuple[str, int]]] = {}
    bare = bare_primed = 0.0
    for _ in range(rounds):
        bare = max(bare, bare_run(nlp))
        bare_primed = max(bare_primed, bare_run(primed))
        for jobs in (1, 2):
            start = time.perf_counter()
            rows, _ = rank(posting, paths, jobs=jobs)
            rates[jobs] = max(rates.get(jobs, 0.0), len(paths) / (time.perf_counter() - start))
            order = [(r.file, r.score) for r in rows]
            assert orders.setdefault(jobs, order) == order, "ranking order changed between runs"
    return {
        "bare_tokenisation_per_s": round(bare, 1),
        "rank_jobs1_per_s": round(rates[1], 1),
        "rank_jobs2_per_s": round(rates[2], 1),
        "rank_vs_bare": round(rates[1] / bare, 3),
        "bare_primed_tokeniser_per_s": round(bare_primed, 1),
        "rank_vs_bare_primed": round(rates[1] / bare_primed, 3),
        "jobs2_vs_jobs1": round(rates[2] / rates[1], 2),
        "same_order_jobs1_jobs2": orders[1] == orders[2],
    }


def long_texts(megabytes: float) -> dict[str, str]:
    """The two long texts of section 4, each `megabytes` long (10**6 characters a MB)."""
    size = int(megabytes * 1_000_000)
    resumes = "\n\n".join(generate_resumes(max(1, size // 1000)))
    while len(resumes) < size:
        resumes += "\n\n" + resumes
    rng = random.Random(11)
    words = [_made_up_word(rng).lower() for _ in range(50_000)]
    made_up = " ".join(rng.choice(words) for _ in range(size // 6 + 1))
    return {"resumes": resumes[:size], "made_up_one_line": made_up[:size]}


def taxonomy_phrase_matcher(nlp: Any, extractor: Any) -> Any:
    """spaCy's PhraseMatcher on lower-case text, holding every phrase and abbreviation the
    taxonomy lists: the cheapest way this stack finds the candidates an extractor rules on."""
    from spacy.matcher import PhraseMatcher

    terms = sorted(
        {term.lower() for c in extractor.taxonomy.concepts for term in c.phrases + c.abbreviations}
    )
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("TERM", [nlp.make_doc(term) for term in terms])
    return matcher


def long_text(megabytes: float) -> dict[str, dict[str, float]]:
    """CPU seconds to extract each long text (as a résumé) and to tokenise it alone, primed."""
    from ma_match.extract import Extractor, blank_english, prime_tokenizer, reading_form

    extractor = Extractor()
    result = {}
    for name, full in long_texts(megabytes).items():
        figures: dict[str, float] = {}
        for label, text in (("half", full[: len(full) // 2]), ("full", full)):
            form = reading_form(extractor.prepare(text))
            tokenizer = blank_english()
            tokenizer.max_length = len(form) + 1
            start = time.process_time()
            prime_tokenizer(tokenizer.tokenizer, [form])
            doc = tokenizer.make_doc(form)
            tokenise = time.process_time() - start
            phrases = taxonomy_phrase_matcher(tokenizer, extractor)
            start = time.process_time()
            reading_form(extractor.prepare(text))
            reading = time.process_time() - start
            start = time.process_time()
            found = phrases(doc)
            phrase_match = time.process_time() - start
            start = time.process_time()
            spans = [doc[begin:end] for _, begin, end in found]
            make_spans = time.process_time() - start
            del doc, spans
            fresh = Extractor(extractor.taxonomy)  # its tokenizer has seen none of these words
            start = time.process_time()
            fresh.extract(text, "resume")
            extract = time.process_time() - start
            figures[f"{label}_tokenise_cpu_s"] = round(tokenise, 2)
            figures[f"{label}_reading_cpu_s"] = round(reading, 2)
            figures[f"{label}_extract_cpu_s"] = round(extract, 2)
            figures[f"{label}_phrase_match_cpu_s"] = round(phrase_match, 2)
            figures[f"{label}_spans_cpu_s"] = round(make_spans, 2)
            figures[f"{label}_phrase_matches"] = len(found)
        figures["ratio"] = round(figures["full_extract_cpu_s"] / figures["full_tokenise_cpu_s"], 2)
        figures["floor_ratio"] = round(
            1 + figures["full_reading_cpu_s"] / figures["full_tokenise_cpu_s"], 2
        )
        figures["matching_floor_ratio"] = round(
            figures["floor_ratio"]
            + (figures["full_phrase_match_cpu_s"] + figures["full_spans_cpu_s"])
            / figures["full_tokenise_cpu_s"],
            2,
        )
        figures["extract_full_vs_half"] = round(
            figures["full_extract_cpu_s"] / figures["half_extract_cpu_s"], 2
        )
        result[name] = figures
    return result


def peak_memory(count: int) -> float:
    """Max RSS in MB of a `ma-match rank` child ranking `count` generated résumés."""
    with tempfile.TemporaryDirectory() as folder:
        write_files(generate_resumes(count), Path(folder))
        argv = [sys.executable, "-m", "ma_match", "rank", str(POSTING), folder, "--format", "csv"]
        return measured(argv)[1]


def measured(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, max RSS (MB) and CPU seconds (user + system) of a command, from a fresh
    parent so RUSAGE_CHILDREN holds that command (and the worker processes it waits for) alone."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        f"subprocess.run({argv!r}, check=True, stdout=subprocess.DEVNULL); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), round(int(out[1]) / 1024, 1), float(out[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--big-n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--long-mb", type=float, default=10.0)
    parser.add_argument("--only-long", action="store_true", help="section 4 alone")
    args = parser.parse_args(argv)
    if args.only_long:
        print(f"one {args.long_mb} MB text (CPU s):", long_text(args.long_mb), flush=True)
        return 0

    print("start-up (median of", args.repeat, "runs):", startup(args.repeat), flush=True)
    print("help and version (median of", args.repeat, "runs):", help_speed(args.repeat), flush=True)
    texts = generate_resumes(args.n)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(texts, Path(folder))
        print(f"ranking {args.n} résumés:", throughput(texts, paths), flush=True)
    if not args.skip_memory:
        small = peak_memory(args.n)
        big = peak_memory(args.big_n)
        print(
            f"peak memory: {args.n} résumés {small} MB, {args.big_n} résumés {big} MB, ratio {big / small:.2f}"
        )
    if args.long_mb > 0:
        print(f"one {args.long_mb} MB text (CPU s):", long_text(args.long_mb), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
