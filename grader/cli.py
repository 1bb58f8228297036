"""The `grader` console script. Each subcommand lives in grader/commands/<name>.py and
exposes `add_parser(subparsers)` and `run(args) -> int`."""
from __future__ import annotations

import argparse
import importlib
import signal
import sys

# Subcommand modules, in the order `grader --help` lists them.
COMMANDS = ["exercises", "grade", "assign", "export", "batch", "review", "gradebook", "new-exercise",
            "check-exercise"]


def build_parser() -> argparse.ArgumentParser:
    from grader import __version__

    parser = argparse.ArgumentParser(
        prog="grader", description="Grade PyTorch train() submissions by observing the loop.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"grader.commands.{name.replace('-', '_')}")
        sub = module.add_parser(subparsers)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    # `grader ... | head` should end quietly, not with a BrokenPipeError traceback
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    from grader.errors import EXIT_GRADER_ERROR, GraderError

    try:
        return args._run(args)
    except GraderError as exc:   # the grader's own failure: one line, no score written anywhere
        print(f"grader error: {exc}", file=sys.stderr)
        return EXIT_GRADER_ERROR


if __name__ == "__main__":
    sys.exit(main())
