"""The reference's recorded traces, as shipped in bundles and Gradescope zips."""
from __future__ import annotations

from pathlib import Path


def record_traces(exercise: str, device: str, out_dir: Path) -> list[Path]:
    """Write `<out_dir>/<exercise>/<scenario>.<device>.json` for every scenario."""
    from grader.engine import record_reference

    out_dir.mkdir(parents=True, exist_ok=True)
    record_reference(exercise, device, out_dir)
    return sorted((out_dir / exercise).glob(f"*.{device}.json"))
