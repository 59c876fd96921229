"""The command line's conventions: --version, -h and --help answer without loading spaCy, help names
parameters by their metavars and never by an internal type, typer's shell completion works, and a
mistyped command gets a suggestion instead of being read as a file name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ma_match
from ma_match import cli

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ma_match", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "MA_MATCH_CACHE_DIR": "", **(env or {})},
        timeout=120,
    )


def modules_loaded_by(*args: str) -> set[str]:
    """The modules a CLI run has imported when it exits (a subprocess, so nothing is shared)."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sys.modules) + '\\n'))\n"
        "sys.argv = ['ma-match', *sys.argv[1:]]\n"
        "from ma_match.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "MA_MATCH_CACHE_DIR": ""},
        timeout=120,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("--version",), ("match", "--help")])
def test_help_and_version_do_not_import_spacy(args):
    loaded = modules_loaded_by(*args)
    assert "ma_match.cli" in loaded
    assert not any(m == "spacy" or m.startswith("spacy.") for m in loaded)


def test_a_match_does_import_spacy(tmp_path):
    # the check above can fail: a real match loads spaCy through the same entry point
    resume, posting = tmp_path / "r.txt", tmp_path / "p.txt"
    resume.write_text("Took vital signs\n", encoding="utf-8")
    posting.write_text("Take vital signs\n", encoding="utf-8")
    assert "spacy" in modules_loaded_by(str(resume), str(posting))


def test_the_package_api_still_gives_the_match_function_after_the_module_loads():
    from ma_match.match import Matcher  # binds the submodule on the package

    assert Matcher is not None
    assert callable(ma_match.match) and ma_match.match.__name__ == "match"
    from ma_match import Report, Requirement, match

    assert match is ma_match.match and Report.__name__ == "Report" and Requirement.__name__


def test_version_prints_the_package_version():
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"ma-match {ma_match.__version__}"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_short_and_long_help_are_the_same(flag):
    done = run_cli(flag)
    assert done.returncode == 0
    assert done.stdout == run_cli("--help").stdout
    assert "ma-match RESUME POSTING" in done.stdout


@pytest.mark.parametrize(
    "command, metavars",
    [
        (["match"], ["RESUME", "POSTING", "--format FORMAT", "--min-score N", "--taxonomy PATH"]),
        (["rank"], ["POSTING", "RESUME_OR_DIR...", "--top N", "--jobs N", "--format FORMAT"]),
        (["extract"], ["FILE", "--as KIND"]),
        (["taxonomy", "check"], ["[PATH]"]),
        (
            ["screen"],
            ["POSTING_OR_DIR...", "--resumes DIR_OR_GLOB_OR_TABLE", "--top K", "--out PATH"],
        ),
        ([], ["--version", "--install-completion", "--show-completion"]),
    ],
)
def test_help_shows_metavars_and_no_internal_type_names(command, metavars):
    done = run_cli(*command, "-h")
    assert done.returncode == 0, done.stderr
    for metavar in metavars:
        assert metavar in done.stdout
    # typer's rich help printed "<bool>", "<str>", "<list[Path]>", "<int range>"; click's usage
    # line "{resume}"
    assert not re.search(r"<[a-z][\w\[\] ]*>|\{\w+\}", done.stdout), done.stdout
    # click's ranges ("x>=1", "0<=x<=100") read as words
    assert not re.search(r"<=|>=", done.stdout), done.stdout


def test_show_completion_prints_a_bash_script():
    done = run_cli("--show-completion", "bash")
    assert done.returncode == 0, done.stderr
    assert "_MA_MATCH_COMPLETE=complete_bash" in done.stdout
    assert "complete " in done.stdout and "ma-match" in done.stdout


def test_show_completion_takes_the_shell_from_the_environment():
    done = run_cli("--show-completion", env={"SHELL": "/bin/bash"})
    assert done.returncode == 0, done.stderr
    assert "_MA_MATCH_COMPLETE=complete_bash" in done.stdout


def test_install_completion_writes_the_script_under_home(tmp_path):
    done = run_cli("--install-completion", "bash", env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "ma-match.sh"
    assert "_MA_MATCH_COMPLETE" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "words, expected",
    [("ma-match ra", {"rank"}), ("ma-match ex", {"extract"}), ("ma-match rank --to", {"--top"})],
)
def test_the_shell_gets_completions(words, expected):
    done = run_cli(
        env={
            "_MA_MATCH_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
    )
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) == expected


@pytest.mark.parametrize(
    "typed, meant", [("rnak", "rank"), ("matc", "match"), ("extrct", "extract"), ("Rank", "rank")]
)
def test_a_mistyped_command_gets_a_suggestion_and_exit_2(typed, meant, tmp_path):
    done = run_cli(typed, str(tmp_path / "posting.txt"))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"ma-match: no such command '{typed}'; did you mean '{meant}'? (see ma-match --help)"
    )


def test_an_existing_file_named_like_a_command_is_read_as_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("rnak").write_text("Took vital signs\n", encoding="utf-8")
    assert cli._command_meant("rnak") is None
    assert cli._command_meant("resume.txt") is None  # far from every command: a missing file
    assert cli._command_meant("-") is None


def test_a_mistyped_subcommand_gets_a_suggestion():
    done = run_cli("taxonomy", "chek")
    assert done.returncode == 2
    assert "Did you mean 'check'?" in done.stderr


def test_show_completion_without_a_shell_anywhere_says_how_to_name_it(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_detected_shell", lambda: "")
    assert cli._completion("--show-completion", []) == 2
    assert "name it: ma-match --show-completion bash|zsh|fish|powershell|pwsh" in (
        capsys.readouterr().err
    )


def test_show_completion_for_zsh_names_the_program():
    done = run_cli("--show-completion", "zsh")
    assert done.returncode == 0, done.stderr
    assert "#compdef ma-match" in done.stdout
