"""The reference's recorded traces, as shipped in bundles and Gradescope zips.

Traces are numbers (losses, gradient norms, modes, weight distances) plus, for each
recorded call, the source line it came from as [file, lineno]. Before shipping, file paths
are cut to their base name, so a trace names no folder of the instructor's machine.
"""
from __future__ import annotations

import json
import os
from pathlib import Path


def scrub(data):
    """`data` with every absolute path string replaced by its base name."""
    if isinstance(data, str):
        return os.path.basename(data) if os.path.isabs(data) else data
    if isinstance(data, list):
        return [scrub(x) for x in data]
    if isinstance(data, dict):
        return {k: scrub(v) for k, v in data.items()}
    return data


def record_traces(exercise: str, device: str, out_dir: Path, *, secret_variants: int = 0) -> list[Path]:
    """Write `<out_dir>/<exercise>/<scenario>.<device>.json` for every scenario (and
    `<scenario>.<device>.v<k>.json` for `secret_variants` secret variants: autograders only)."""
    from grader.engine import record_reference

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = record_reference(exercise, device, out_dir, secret_variants=secret_variants)
    for path in paths:
        path.write_text(json.dumps(scrub(json.loads(path.read_text()))))
    return sorted(paths)
