"""Resource limits applied in the child before any student code runs.

`resource` is Unix-only: it is imported where limits are applied, so the grader imports on
Windows too (the student's own self-check runs there without these limits)."""
from __future__ import annotations

import os
import re

_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def parse_size(text: str | int) -> int:
    """'4G', '512M', '1.5G' or a byte count -> bytes."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)i?B?\s*", str(text), re.IGNORECASE)
    if not m:
        raise ValueError(f"not a memory size: {text!r} (try 4G or 512M)")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def limits_available() -> bool:
    """Whether this OS offers the rlimits apply_limits sets (Linux and macOS; not Windows)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def apply_limits(memory_bytes: int) -> None:
    """Address-space cap (a memory hog gets MemoryError, not the machine), no core dumps,
    a cap on processes where the OS enforces it (fork bombs)."""
    import resource   # Unix only; callers off Unix check limits_available() first

    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        cap = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (cap, cap))
    except (ValueError, OSError):
        pass
    os.environ.setdefault("MPLBACKEND", "Agg")  # plt.show() must not wait for a window
