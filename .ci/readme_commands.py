"""Print one of README.md's two commands, so CI runs exactly what the README tells a newcomer.

    python .ci/readme_commands.py install   # the install-and-demo line
    python .ci/readme_commands.py test      # the test command

They are the indented lines of README's "## Two commands" section, in that order. Exit 1 (with
a message) when the section does not hold exactly two: CI then fails instead of drifting.
"""
from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
NAMES = ("install", "test")


def readme_commands(text: str) -> list[str]:
    section, inside = [], False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Two commands"
            continue
        if inside and line.startswith("    ") and line.strip():
            section.append(line.strip())
    return section


def main(argv: list[str]) -> int:
    commands = readme_commands(README.read_text(encoding="utf-8"))
    if len(argv) != 1 or argv[0] not in NAMES:
        print(f"usage: readme_commands.py {'|'.join(NAMES)}", file=sys.stderr)
        return 2
    if len(commands) != len(NAMES):
        print(f"README.md's '## Two commands' section has {len(commands)} indented commands, "
              f"not {len(NAMES)}: {commands}", file=sys.stderr)
        return 1
    print(commands[NAMES.index(argv[0])])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
