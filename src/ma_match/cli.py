"""The command line: parse, call the library, print. `ma-match RESUME POSTING` runs `match`.

Results go to stdout; messages go to stderr as one line, with exit code 2 for bad input.
Every message and result passes its untrusted strings (file names, text, taxonomy labels)
through `ma_match.escape`; nothing read from an input is printed as rich markup.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from typer.core import TyperCommand

from . import __version__
from .errors import MaMatchError
from .escape import terminal

if TYPE_CHECKING:
    from rich.progress import Progress

    from .taxonomy import Taxonomy

try:  # typer >= 0.29 carries its own click; older releases use the click package
    from typer._click import Context, HelpFormatter, Parameter
except ImportError:  # pragma: no cover
    from click import Context, HelpFormatter, Parameter  # type: ignore[assignment,no-redef,unused-ignore]

# no_args_is_help is off: it printed the whole help and then an empty error; main() says what to give.
# Plain help (no rich panels): typer's rich help prints a type for every parameter, flags included
# ("<bool>", "<list[Path]>"); the plain one shows each parameter's metavar and nothing internal.
_SETTINGS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=_SETTINGS,
    help="Match a medical assistant's résumé against a job posting, offline.\n\n"
    "ma-match RESUME POSTING is short for ma-match match RESUME POSTING.",
)
taxonomy_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    context_settings=_SETTINGS,
    help="Inspect the taxonomy.",
)
app.add_typer(taxonomy_app, name="taxonomy")


class _Command(TyperCommand):
    """A command whose help names each argument by its metavar (RESUME, FILE) and never by an
    internal type ("<str>", "<list[Path]>"), in the usage line and in the Arguments list."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = ["[OPTIONS]"]
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _metavar(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        params = self.get_params(ctx)
        arguments = [
            (_metavar(p), getattr(p, "help", None) or "")
            for p in params
            if p.param_type_name == "argument"
        ]
        options = [
            (record[0], _plain_range(record[1]))
            for p in params
            if p.param_type_name == "option" and (record := p.get_help_record(ctx))
        ]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _plain_range(text: str) -> str:
    """A number range in words: click writes "x>=1" and "0<=x<=100" after an option's help."""
    text = re.sub(r"\b(\d+)<=x<=(\d+)\b", r"\1 to \2", text)
    return re.sub(r"\bx>=(\d+)\b", r"at least \1", text)


def _metavar(param: Parameter) -> str:
    return param.metavar or (param.name or "").upper()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ma-match {__version__}")
        raise typer.Exit()


@app.callback()
def _main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_version, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """The program's own options (the help text is the app's)."""


COMMANDS = {"match", "extract", "rank", "screen", "taxonomy"}
PROG = "ma-match"
COMPLETE_VAR = "_MA_MATCH_COMPLETE"  # click's name for it: _{PROG}_COMPLETE, upper case, "-" as "_"
# the program's own options: they come before any command, so no `match` is put in front of them
COMPLETION_OPTIONS = ("--install-completion", "--show-completion")
APP_OPTIONS = {"--help", "-h", "--version", *COMPLETION_OPTIONS}
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")  # the shells typer writes scripts for
# how close a word must be to a command's name to be taken for a mistyped command (difflib ratio)
_COMMAND_CUTOFF = 0.6
errors = Console(stderr=True, highlight=False, soft_wrap=True)
_REDRAW_SECONDS = 0.1  # how often the rank progress bar redraws
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
EXIT_TERMINATED = 143  # SIGTERM: 128 + SIGTERM
EXIT_BROKEN_PIPE = (
    141  # the reader of stdout went away (| head): 128 + SIGPIPE, as `yes | head` gives
)
USAGE_LINE = (
    "give a résumé and a posting (ma-match RESUME POSTING) or a command: "
    "match, extract, rank, screen, taxonomy (see ma-match --help)"
)


class MatchFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class ExtractFormat(str, Enum):
    table = "table"
    json = "json"


class Kind(str, Enum):
    resume = "resume"
    posting = "posting"


TaxonomyOption = Annotated[
    Path | None,
    typer.Option(
        "--taxonomy", metavar="PATH", help="Use this taxonomy file instead of the shipped one."
    ),
]


class _ResultConsole(Console):
    """stdout: a broken pipe is handed to `_writing` (rich itself would exit 1, the code that
    means "below --min-score")."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(32, "Broken pipe")


PIPED_WIDTH = 100  # the width of plain output when stdout is no terminal and COLUMNS is unset


def _stdout() -> Console:
    """Colour and a terminal's width on a terminal; plain text when piped, COLUMNS wide (100 when
    unset), so `COLUMNS=80 ma-match … | less` lays out for 80 columns (NO_COLOR honoured)."""
    console = _ResultConsole(highlight=False)
    if not console.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH
        console = _ResultConsole(highlight=False, width=width, no_color=True, color_system=None)
    return console


def _progress_bar(label: str) -> Progress:
    """A bar on stderr, shown only on a terminal and gone when done; redrawn by the caller
    (auto_refresh off: no refresh thread, so forking workers meanwhile cannot deadlock)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
        auto_refresh=False,
    )


def _say(message: str) -> None:
    """One line on stderr; the message may hold file names or text, so it is shown escaped."""
    errors.print(terminal(f"ma-match: {message}"))


def _fail(message: str, code: int = 2) -> typer.Exit:
    _say(message)
    return typer.Exit(code)


@contextmanager
def _writing() -> Iterator[None]:
    """Results written to stdout; when its reader has gone (`| head -1`), end quietly with
    EXIT_BROKEN_PIPE instead of a traceback or click's exit 1 (which means "below --min-score")."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # what is still buffered can never be written: point stdout at nothing so the exit is quiet
        # a test runner's buffer is not a real file: nothing to redirect then
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None


def _extractor(taxonomy: Path | None):
    from .extract import Extractor, default_extractor
    from .taxonomy import load_taxonomy

    return default_extractor() if taxonomy is None else Extractor(load_taxonomy(taxonomy))


def _read(source: str, extractor=None) -> str:
    from .reader import read_document

    # with an extractor, PDF lines wrapped inside one of its terms are joined
    return read_document(source, joins=extractor.joins if extractor is not None else None)


@app.command("match", cls=_Command, short_help="Match a résumé against a posting.")
def match_command(
    resume: Annotated[
        str,
        typer.Argument(
            metavar="RESUME", help="Résumé file (txt, md, html, pdf, docx), or - for stdin."
        ),
    ],
    posting: Annotated[
        str, typer.Argument(metavar="POSTING", help="Posting file, or - for stdin.")
    ],
    format: Annotated[
        MatchFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output format: table, json, markdown or html."
        ),
    ] = MatchFormat.table,
    min_score: Annotated[
        int | None,
        typer.Option(
            "--min-score",
            min=0,
            max=100,
            metavar="N",
            help="Exit with code 1 when the score is below N (0-100), or when there is no score.",
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how the score was computed.")
    ] = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Show how well RESUME answers POSTING: coverage table, score, both sides, gaps."""
    if resume == "-" and posting == "-":
        raise _fail(
            "only one of RESUME and POSTING can be read from stdin (-); give the other as a file path"
        )
    from .match import Matcher
    from .render import print_report, report_json, report_markdown

    try:
        extractor = _extractor(taxonomy)
        resume_text, posting_text = _read(resume, extractor), _read(posting, extractor)
        report = Matcher(extractor).match(resume_text, posting_text)
    except MaMatchError as exc:
        raise _fail(str(exc)) from None
    for warning in report.warnings:  # swapped or wrong files: said before the results
        _say(f"warning: {warning}")
    with _writing():
        if format is MatchFormat.json:
            typer.echo(report_json(report))
        elif format is MatchFormat.markdown:
            typer.echo(report_markdown(report, explain, resume, posting), nl=False)
        elif format is MatchFormat.html:
            from .html_report import report_html

            page = report_html(report, _shown_name(resume), _shown_name(posting), explain)
            typer.echo(page, nl=False)
        else:
            print_report(report, _stdout(), explain)
    if min_score is not None and report.score is None:
        _say(
            f"no score to compare with --min-score {min_score}: the posting names nothing "
            "ma-match knows"
        )
        raise typer.Exit(1)
    if min_score is not None and report.score is not None and report.score < min_score:
        _say(f"score {report.score} is below --min-score {min_score}")
        raise typer.Exit(1)


@app.command("extract", cls=_Command, short_help="List the concepts in one text.")
def extract_command(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A résumé or posting file, or - for stdin.")
    ],
    kind: Annotated[
        Kind,
        typer.Option(
            "--as",
            metavar="KIND",
            help="Read the text as a résumé or a posting: resume or posting.",
        ),
    ],
    format: Annotated[
        ExtractFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="Output format: table or json."),
    ] = ExtractFormat.table,
    taxonomy: TaxonomyOption = None,
) -> None:
    """List the concepts found in one text, with status or importance and evidence."""
    from .render import extraction_json, extraction_table

    try:
        extractor = _extractor(taxonomy)
        extraction = extractor.extract(_read(file, extractor), kind.value)
    except MaMatchError as exc:
        raise _fail(str(exc)) from None
    with _writing():
        if format is ExtractFormat.json:
            typer.echo(extraction_json(extraction))
        else:
            _stdout().print(extraction_table(extraction))


class RankFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


def _shown_name(source: str | Path) -> str:
    """An input as a page names it: "-" is standard input."""
    return "standard input" if source == "-" else os.fspath(source)


@app.command("rank", cls=_Command, short_help="Rank many résumés against a posting.")
def rank_command(
    posting: Annotated[
        str, typer.Argument(metavar="POSTING", help="The posting file, or - for stdin.")
    ],
    resumes: Annotated[
        list[Path],
        typer.Argument(
            metavar="RESUME_OR_DIR...",
            help=(
                "Résumé files and/or directories (walked for txt, md, html, pdf, docx; rtf, odt"
                " and doc are reported as skipped)."
            ),
        ),
    ],
    top: Annotated[
        int | None, typer.Option("--top", min=1, metavar="N", help="Show only the best N.")
    ] = None,
    format: Annotated[
        RankFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: table, json, csv, markdown or html.",
        ),
    ] = RankFormat.table,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes.")
    ] = 1,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Score every résumé against POSTING, best first; unreadable files are skipped and reported."""
    from .rank import collect_files, rank, unique_files
    from .render import rank_csv_chunks, rank_json, rank_markdown, rank_table
    from .taxonomy import load_taxonomy

    try:
        loaded = load_taxonomy(taxonomy) if taxonomy is not None else None
        posting_text = _read(posting)
    except MaMatchError as exc:
        raise _fail(str(exc)) from None
    _warn_if_resume(posting_text, loaded)
    listed, missing = collect_files(resumes)
    files, repeats = unique_files(listed)  # a résumé named twice would take two places
    missing += repeats
    # no refresh thread: worker processes are forked during the run, and a fork while another
    # thread holds a lock can deadlock the child; the bar redraws as results come in instead
    progress = _progress_bar("ranking")
    redrawn = [0.0]

    def advance(_: object) -> None:
        progress.advance(task)
        if time.monotonic() - redrawn[0] >= _REDRAW_SECONDS:
            redrawn[0] = time.monotonic()
            progress.refresh()

    with progress:
        task = progress.add_task("rank", total=len(files))
        progress.refresh()
        try:
            rows, skipped = rank(posting_text, files, jobs=jobs, taxonomy=loaded, on_done=advance)
        except MaMatchError as exc:  # a worker process was killed from outside
            raise _fail(str(exc)) from None
    for item in [*missing, *skipped]:
        _say(f"skipped {item.reason}")
    if not rows:
        raise _fail(
            "no résumé could be ranked"
            + (f" ({len(missing) + len(skipped)} skipped)" if missing or skipped else "")
        )
    shown = rows[:top] if top else rows
    with _writing():
        if format is RankFormat.json:
            typer.echo(rank_json(shown))
        elif format is RankFormat.csv:
            for chunk in rank_csv_chunks(shown):  # written as formatted, not held whole
                typer.echo(chunk, nl=False)
        elif format is RankFormat.markdown:
            typer.echo(rank_markdown(shown, total=len(rows)), nl=False)
        elif format is RankFormat.html:
            from .html_report import rank_html

            typer.echo(rank_html(shown, len(rows), _shown_name(posting)), nl=False)
        else:
            _stdout().print(rank_table(shown, total=len(rows)))
    if missing or skipped:
        _say(f"ranked {len(rows)}, skipped {len(missing) + len(skipped)}")
    from .match import UNSCORED

    if all(row.band == UNSCORED for row in rows):  # only a posting that asks nothing scores none
        _say(
            "warning: the posting names nothing ma-match knows (no skill, credential, EHR "
            "platform, schooling or years of experience): no résumé has a score; they are "
            "listed by name"
        )


def _warn_if_resume(posting_text: str, taxonomy: Taxonomy | None) -> None:
    """A warning on stderr when rank's posting reads as a résumé (the arguments swapped, or a
    résumé named first), said before the ranking, which would score against it in silence."""
    from .doc_kind import KindReader, posting_warning
    from .taxonomy import load_taxonomy

    signals = KindReader(taxonomy or load_taxonomy()).signals(posting_text)
    if signals.reads_as() == "resume":
        usage = "The posting comes first: ma-match rank POSTING RESUME_OR_DIR..."
        _say(f"warning: {posting_warning(signals, usage)}")


@app.command("screen", cls=_Command)
def screen_command(
    postings: Annotated[
        list[Path],
        typer.Argument(
            metavar="POSTING_OR_DIR...",
            help="Posting files and/or directories (walked for txt, md, html, pdf, docx).",
        ),
    ],
    resumes: Annotated[
        list[str],
        typer.Option(
            "--resumes",
            "-r",
            metavar="DIR_OR_GLOB_OR_TABLE",
            help="Résumé folder, file, glob pattern ('cvs/**/*.pdf') or table (.parquet, .jsonl); repeatable.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="PATH", help="The Parquet file to write.")
    ],
    top: Annotated[
        int, typer.Option("--top", "-k", min=1, metavar="K", help="Résumés kept per posting.")
    ] = 10,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="A Dask scheduler's address (tcp://host:8786); default: a local cluster.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes of the local cluster (default: one per CPU); 1 runs in this process.",
        ),
    ] = None,
    text_column: Annotated[
        str,
        typer.Option(
            "--text-column", metavar="COLUMN", help="A table's column that holds the résumé text."
        ),
    ] = "text",
    id_column: Annotated[
        str | None,
        typer.Option(
            "--id-column",
            metavar="COLUMN",
            help="A table's column that names each résumé (default: file:row).",
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """The top K résumés of every posting, written to Parquet.

    Runs in this process with --jobs 1, on a local Dask cluster by default, or on the cluster
    at --scheduler; needs the dask extra. Quote glob patterns ('cvs/*.pdf') so ma-match, not
    the shell, expands them. An existing --out file is replaced only when the run succeeds.
    With --scheduler, every path must be readable at the same place on every worker."""
    from .rank import collect_files, unique_files
    from .screen import Runner, Summary, check_output, run_here, screen

    if scheduler and jobs is not None:
        raise _fail("give --scheduler or --jobs, not both: --jobs sizes the local cluster")
    listed, missing = collect_files(postings)
    files, repeats = unique_files(listed)  # a posting named twice would write its rows twice
    for item in [*missing, *repeats]:
        _say(f"skipped {item.reason}")
    try:
        check_output(out)  # before any work: a wrong --out fails in a second, not at the end
        texts = [(name, _read(name)) for name in files]
        if not texts:
            raise _fail("no posting could be read")
        _warn_resumes_among_postings(texts, taxonomy)
        workers = jobs if jobs is not None else (os.cpu_count() or 1)
        # a path every worker can open: relative paths would be read from each worker's folder
        chosen = None if taxonomy is None else str(taxonomy.resolve())
        if scheduler:  # a remote worker's folder is not ours: résumé paths are made absolute
            resumes = [_absolute_source(source) for source in resumes]

        progress = _progress_bar("screening")
        task = progress.add_task("screen", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)
            progress.refresh()

        def run(runner: Runner) -> Summary:
            with progress:
                return screen(
                    texts,
                    resumes,
                    out,
                    top=top,
                    runner=runner,
                    taxonomy=chosen,
                    text_column=text_column,
                    id_column=id_column,
                    on_progress=advance,
                    workers=1 if scheduler else workers,
                )

        if scheduler is None and workers == 1:
            summary = run(run_here)  # one process needs no cluster, nor Dask
        else:
            from . import dask as on_dask

            with on_dask.connect(scheduler, workers) as client:
                summary = run(on_dask.runner(client))
    except MaMatchError as exc:
        raise _fail(str(exc)) from None
    for item in summary.skipped:
        _say(f"skipped {item.reason}")
    for name in summary.unscored:
        _say(
            f"{name}: names nothing the taxonomy knows (no skill, credential, EHR, schooling or "
            f"years): no score; its rows are the first {top} résumés read"
        )
    if not summary.resumes:
        raise _fail(
            "no résumé could be read"
            + (f" ({len(summary.skipped)} skipped)" if summary.skipped else "")
        )
    with _writing():
        typer.echo(
            terminal(
                f"screened {_count(summary.resumes, 'résumé')} against "
                f"{_count(summary.postings, 'posting')}: {_count(summary.rows, 'row')} "
                f"(top {top} each) written to {out}"
            )
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _absolute_source(source: str) -> str:
    """A résumé source (file, folder, glob pattern, table) as an absolute path or pattern."""
    return source if os.path.isabs(source) else os.path.join(os.getcwd(), source)


def _warn_resumes_among_postings(texts: list[tuple[str, str]], taxonomy: Path | None) -> None:
    """One warning when some postings read as résumés: most often a glob the shell expanded
    (--resumes cvs/*.txt unquoted), which hands every file but the first to the postings."""
    if len(texts) < 2:
        return
    from .doc_kind import KindReader
    from .taxonomy import load_taxonomy

    kinds = KindReader(load_taxonomy(taxonomy))
    resumes = [name for name, text in texts if kinds.signals(text).reads_as() == "resume"]
    if resumes:
        shown = ", ".join(resumes[:3]) + (", …" if len(resumes) > 3 else "")
        _say(
            f"{len(resumes)} of {len(texts)} postings read as résumés ({shown}); if a glob "
            "was meant for --resumes, quote it (--resumes 'cvs/*.txt') so the shell leaves it"
        )


@taxonomy_app.command("check", cls=_Command)
def taxonomy_check(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="Taxonomy file; default: the shipped one."),
    ] = None,
) -> None:
    """Validate a taxonomy file and summarise it (concepts per group, terms)."""
    from .taxonomy import load_taxonomy

    try:
        taxonomy = load_taxonomy(
            path, use_cache=False
        )  # a check reads the file itself, never the cache
    except MaMatchError as exc:
        raise _fail(str(exc)) from None
    groups = Counter(c.group for c in taxonomy.concepts)
    terms = sum(len(c.phrases) + len(c.abbreviations) + len(c.patterns) for c in taxonomy.concepts)
    rules = sum(len(c.disambiguation) for c in taxonomy.concepts)
    console = _stdout()
    console.soft_wrap = True
    with _writing():
        console.print(
            terminal(
                f"{taxonomy.source}: OK, {len(taxonomy.concepts)} concepts, {terms} terms, "
                f"{rules} disambiguation rules, {len(taxonomy.context.rules)} context rules"
            )
        )
        for group, count in groups.items():
            console.print(terminal(f"  {group:9} {count}"))


def main() -> None:
    """Console entry point: `ma-match RESUME POSTING` is `ma-match match RESUME POSTING`."""
    if os.environ.get(COMPLETE_VAR):
        # the shell asks for completions (the script --show-completion prints sets this):
        # typer answers from the words the shell passes in the environment
        app(prog_name=PROG)
        return
    args = sys.argv[1:]
    if not args:
        _say(USAGE_LINE)
        sys.exit(2)
    if args[0] in COMPLETION_OPTIONS:
        sys.exit(_completion(args[0], args[1:]))
    first = next((a for a in args if not a.startswith("-") or a == "-"), None)
    if first is not None and first not in COMMANDS and args[0] not in APP_OPTIONS:
        suggestion = _command_meant(args[0])
        if suggestion:
            _say(f"no such command '{args[0]}'; did you mean '{suggestion}'? (see ma-match --help)")
            sys.exit(2)
        args = ["match", *args]
    try:  # typer >= 0.29 carries its own click; older releases use the click package
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover
        from click.exceptions import ClickException  # type: ignore[assignment,no-redef,unused-ignore]

    # SIGTERM ends the run like Ctrl-C does: the exception unwinds through `rank`, whose pool
    # is torn down on the way out, and the process exits 143 without a traceback
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = app(args=args, prog_name=PROG, standalone_mode=False)
    except ClickException as exc:  # usage errors: one line, like every other failure
        message = " ".join(exc.format_message().split())
        if not message:
            ctx = getattr(exc, "ctx", None)
            usage = ctx.get_usage() if ctx is not None else ""
            message = " ".join(usage.split()) or USAGE_LINE
        _say(f"{message} (see ma-match --help)")
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        sys.exit(EXIT_INTERRUPTED)
    except _Terminated:
        sys.exit(EXIT_TERMINATED)
    sys.exit(code if isinstance(code, int) else 0)


def _completion(option: str, rest: list[str]) -> int:
    """`--show-completion [SHELL]` and `--install-completion [SHELL]`, with the shell as given,
    else as shellingham finds it among the parent processes, else as $SHELL names it. typer's own
    options take no shell once shellingham is installed, and fail ("Shell  not supported") when
    no shell is among the parents (an IDE, cron, a CI runner): the shell named is the fix."""
    from typer.completion import get_completion_script, install

    shell = rest[0].lower() if rest else _detected_shell()
    if shell not in SHELLS:
        _say(
            f"cannot tell the shell{f' ({shell!r} is not one)' if shell else ''}; name it: "
            f"ma-match {option} {'|'.join(SHELLS)}"
        )
        return 2
    if option == "--show-completion":
        typer.echo(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell))
        return 0
    name, path = install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    typer.echo(f"{name} completion installed in {path}")
    typer.echo("Completion will take effect once you restart the terminal")
    return 0


def _detected_shell() -> str:
    """The nearest parent process that is a shell typer writes scripts for, else $SHELL's name
    (a script run by `sh` still completes for the user's bash)."""
    try:
        import shellingham  # type: ignore[import-untyped]  # typer's dependency for finding the shell

        found = str(shellingham.detect_shell()[0]).lower()
    except Exception:  # noqa: BLE001  (ImportError, or no shell among the parent processes)
        found = ""
    return found if found in SHELLS else Path(os.environ.get("SHELL", "")).name.lower()


def _command_meant(word: str) -> str | None:
    """The command *word* looks like a mistyping of ("rnak" -> "rank"), when *word* names no file:
    `ma-match RESUME POSTING` takes a first argument that is no command for a file name, so an
    existing file is always read as one."""
    if word == "-" or os.path.lexists(word):
        return None
    close = difflib.get_close_matches(word.lower(), sorted(COMMANDS), n=1, cutoff=_COMMAND_CUTOFF)
    return close[0] if close else None


class _Terminated(BaseException):
    """Raised by the SIGTERM handler; a BaseException so no `except Exception` swallows it."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated()


def _buffer_stdout() -> None:
    """Give stdout a buffer when Python runs unbuffered (PYTHONUNBUFFERED, -u). Unbuffered, a
    text write goes straight to the file descriptor, and a write the pipe takes only in part (its
    reader gone after the first 64 KB, as `| head -1`; a signal mid-write) reports success: the
    rest is dropped without an error, so the run exited 0 with part of its result. A buffered
    writer writes the rest or raises BrokenPipeError, which `_writing` turns into 141. Lines
    still go out as they are written (line buffering), as unbuffered output would."""
    stream = sys.stdout
    if isinstance(getattr(stream, "buffer", None), io.FileIO):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(stream.buffer),
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=True,
        )


def run() -> None:
    """The `ma-match` program: main(), then leave without tearing the interpreter down.

    Freeing spaCy's vocabulary and the matchers object by object at exit costs a third of a
    second and does nothing a process exit does not do; output is flushed first."""
    _buffer_stdout()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    for stream in (sys.stdout, sys.stderr):
        # the reader went away (| head): nothing to say
        with contextlib.suppress(BrokenPipeError, OSError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
