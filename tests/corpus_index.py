"""Reads the expectations the corpus files declare in their first lines."""
from __future__ import annotations

import json
import re
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
EXERCISES = ["training_loop", "best_epoch", "early_stopping", "bce_conversion", "moons", "grad_accumulation",
             "lr_schedule", "amp_clipping", "experiment_tracking"]


CORPUS_GROUP = "corpus:"   # xdist_group name prefix: every test of one corpus file (tests/conftest.py)


def corpus_group(exercise: str, path: Path) -> str:
    """The xdist group of the tests of one corpus file: one worker runs them back to back and
    they share its sandbox run of the file (tests/conftest.py)."""
    return f"{CORPUS_GROUP}{exercise}/{path.name}"


def header(path: Path) -> str:
    if path.suffix == ".ipynb":
        try:
            nb = json.loads(path.read_text())
        except json.JSONDecodeError:
            return path.read_text(errors="replace")[:2000]
        code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
        src = code[0]["source"] if code else ""
        return "".join(src) if isinstance(src, list) else src
    return path.read_text(errors="replace")[:2000]


def expectation(path: Path) -> dict:
    text = header(path)
    out = {}
    if m := re.search(r"^#\s*expect:\s*pass\b", text, re.M):
        out["pass"] = True
    if m := re.search(r"^#\s*expect-fail:\s*([\w ,]+)", text, re.M):
        out["fail"] = [c.strip() for c in m.group(1).split(",") if c.strip()]
    if m := re.search(r"^#\s*expect-runtime:\s*(\w+)", text, re.M):
        out["runtime"] = m.group(1)
    if m := re.search(r"^#\s*exercise:\s*(\w+)", text, re.M):
        out["exercise"] = m.group(1)
    return out


def submissions(exercise: str) -> list[Path]:
    return sorted(p for p in (CORPUS / exercise).glob("*") if p.suffix in (".py", ".ipynb"))
