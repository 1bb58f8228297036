"""Is this environment able to grade? Checked once, in the grader's own process, before any
student is graded: the sandboxed child runs the same interpreter and site-packages, so what is
missing here is missing there, and a missing piece must be the grader's error, not a student's
low score (a torch without numpy fails every `.numpy()` call inside the student's run).

`versions()` names what a grade depends on outside the grader's own source (the batch resume
key and the reference cache key include it)."""
from __future__ import annotations

import functools
import importlib
import os
import platform
from pathlib import Path

from grader.errors import GraderError

def default_cache_dir() -> Path:
    """Where reference traces and secret variants are cached (the sandbox hides it from every job)."""
    return Path(os.environ.get("LOOPGRADER_CACHE") or Path.home() / ".cache" / "loopgrader")


# Distributions the grading path imports, with the module that proves each is importable.
REQUIRED = (("numpy", "numpy"), ("torch", "torch"), ("nbformat", "nbformat"), ("jinja2", "jinja2"))


@functools.lru_cache(maxsize=1)
def check_environment() -> None:
    """Raise GraderError naming the first thing this environment lacks."""
    for dist, module in REQUIRED:
        try:
            importlib.import_module(module)
        except Exception as exc:   # ImportError, or a package broken at import time
            raise GraderError(f"{dist} cannot be imported ({type(exc).__name__}: {exc}) "
                              f"— is {dist} installed in this environment? (pip install {dist})") from None
    import torch

    try:
        torch.zeros(2).numpy()    # torch built without numpy support, or a numpy it cannot use
    except Exception as exc:
        raise GraderError(f"torch cannot hand tensors to numpy ({type(exc).__name__}: "
                          f"{exc}) — is numpy installed in this environment, in a version torch "
                          f"{torch.__version__} supports?") from None


def versions() -> dict[str, str]:
    """The versions a grade depends on besides the grader's own source."""
    out = {"python": platform.python_version()}
    for dist, module in REQUIRED[:2]:
        try:
            out[dist] = importlib.import_module(module).__version__
        except Exception:
            out[dist] = "missing"
    return out
