"""Execute a Python file as a module of its own, by path: an exercise's scenario, reference and
checks, in the parent (grader.exercise) and in the job (the files the parent named in it)."""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def module_name(path: Path | str, role: str) -> str:
    """A private module name for a file loaded by path: unique per file, never a real package."""
    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return f"_loopgrader_{role}_{digest}"


def load_module(path: Path | str, role: str, *, cached: bool = False) -> ModuleType:
    """Execute the Python file at `path` as a module of its own (importlib's spec_from_file_location)
    under a private name, registered in sys.modules (dataclasses and pickling look there).
    cached=True reuses a module this process already loaded from that file; otherwise it is
    loaded afresh, whatever sys.modules holds under that name."""
    name = module_name(path, role)
    if cached and name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, str(path))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module
