"""What a user sees first (issue 19.9): every command and sub-command's --help opens with a
description line, and `grader exercises` keeps its columns aligned whatever the names' lengths,
the course's own exercises included."""
import argparse
import re
import shutil
from pathlib import Path

from grader.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _parsers(parser: argparse.ArgumentParser, path=("grader",)):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + (name,))


def test_every_command_and_subcommand_help_has_a_description(capsys):
    found = list(_parsers(build_parser()))
    assert len(found) >= 12      # grader, its commands, export gradescope, gradebook merge
    for path, parser in found:
        assert parser.description and parser.description.strip(), " ".join(path)
        text = parser.format_help()
        assert parser.description.split()[0] in text, " ".join(path)


def test_exercises_columns_line_up_with_a_long_course_exercise(tmp_path, monkeypatch, capsys):
    long_name = "a_course_exercise_with_a_very_long_name"
    shutil.copytree(ROOT / "exercises" / "training_loop", tmp_path / "exercises" / long_name)
    (tmp_path / "loopgrader.toml").write_text('exercises = ["exercises"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["exercises"]) == 0
    lines = [l for l in capsys.readouterr().out.splitlines() if " pts " in l]
    assert any(l.startswith(long_name) for l in lines) and len(lines) >= 10
    assert len({l.index(" pts ") for l in lines}) == 1          # the points column
    assert len({re.search(r"hidden  ", l).end() for l in lines}) == 1   # the titles column
