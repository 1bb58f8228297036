"""Blank out IPython-only syntax (%magics, %%cell magics, !shell lines, `?` help) so the
cell is plain Python. Lines are blanked, not removed, so line numbers stay the student's."""
from __future__ import annotations

import re

from grader.load.program import Cell

_LINE_MAGIC = re.compile(r"^\s*(%|!|\?)|^\s*\S+\?\s*$")


def strip_magics(cells: list[Cell], warnings: list[str]) -> list[Cell]:
    out = []
    for cell in cells:
        if cell.code.lstrip().startswith("%%"):
            magic = cell.code.lstrip().split(None, 1)[0]
            warnings.append(f"{cell.label.rsplit(',', 1)[0]}: skipped (cell magic {magic})")
            continue
        lines = cell.code.splitlines()
        kept = ["" if _LINE_MAGIC.match(line) else line for line in lines]
        if kept != lines:
            # a blanked line may have been a block's only body line: keep the block valid
            kept = [_keep_indent(orig) if new == "" and orig.strip() else new for orig, new in zip(lines, kept)]
        out.append(Cell(code="\n".join(kept), filename=cell.filename, label=cell.label))
    return out


def _keep_indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())] + "pass"
