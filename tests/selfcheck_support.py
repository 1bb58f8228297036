"""Shared by the self-check, assign, export and workflow tests."""
from __future__ import annotations

import os
import re
from importlib.metadata import entry_points
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def plugin_args() -> list[str]:
    """pytest arguments that load the self-check plugin exactly once: nothing where the
    installed package's pytest11 entry point loads it, else `-p grader.selfcheck.plugin`."""
    installed = any(ep.name == "loopgrader" for ep in entry_points(group="pytest11"))
    if installed and not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return []
    return ["-p", "loopgrader" if installed else "grader.selfcheck.plugin"]


def expectation(path: Path) -> set[str] | None:
    """The corpus header: None for `# expect: pass`, else the check ids expected to fail."""
    text = path.read_text()
    m = re.search(r"expect-fail:\s*([\w ,]+)", text)
    return {c.strip() for c in m.group(1).replace(",", " ").split()} if m else None


def blocker(folder: Path) -> Path:
    """A folder to put first on PYTHONPATH so that `import reference` fails loudly."""
    pkg = folder / "reference"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text(
        "raise ImportError('reference must not be imported here (student-side run)')\n")
    return folder
