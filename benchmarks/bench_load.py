"""What loading one submission costs the grading process itself, and the bounded helper that
reads it (grader.load.bounded), for honest files and for the hostile ones of issue 18.

    python benchmarks/bench_load.py

Prints, per file: wall seconds, the grading process's own CPU seconds and peak-RSS growth, and
the helper's CPU seconds (what the budget bounds). The grading process's share should not grow
with the file: a process start and a reply of at most grader.load.bounded.MAX_REPLY_BYTES.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.load import LoadError, load_submission  # noqa: E402

ARGS = "model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'"
TRAIN = f"def train({ARGS}):\n    return {{}}\n"


def cases(folder: Path) -> dict[str, Path]:
    made = {
        "honest notebook (corpus)": ROOT / "tests/corpus/training_loop/ok_notebook_magics.ipynb",
        "2,500-term + chain (corpus)": ROOT / "tests/corpus/broken/load_deep_plus_chain.py",
        "3,000 magic lines (corpus)": ROOT / "tests/corpus/broken/load_many_magics.py",
        "300 run_cell_magic calls (corpus)": ROOT / "tests/corpus/broken/load_cell_magic_exports.py",
    }
    texts = {
        "12,000 magic lines": TRAIN + "%matplotlib inline\n!pip install x\nx = (1\n%2)\n" * 3000,
        "1 MB expression": TRAIN + "x = [" + "0," * 480_000 + "]\n",
        "6,000-term chain (unparseable)": f"def train({ARGS}):\n    s = (" + " + ".join(["1"] * 6000) + ")\n",
    }
    for name, text in texts.items():
        path = folder / (name.split()[0].replace(",", "") + ".py")
        path.write_text(text)
        made[name] = path
    big = folder / "big.ipynb"
    with open(big, "wb") as f:
        f.truncate(17 * 2**20)
    made["17 MiB notebook (over the cap)"] = big
    return made


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'file':36} {'wall s':>7} {'grader CPU s':>13} {'grader RSS +MiB':>16} {'helper CPU s':>13}  result")
        for name, path in cases(Path(tmp)).items():
            self0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            try:
                program = load_submission(path)
                result = f"{len(program.cells)} cells"
            except LoadError as exc:
                result = f"LoadError: {str(exc)[:60]}"
            wall = time.perf_counter() - start
            self1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            own = (self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime)
            helper = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
            grown = (self1.ru_maxrss - self0.ru_maxrss) / 1024
            print(f"{name:36} {wall:7.2f} {own:13.3f} {grown:16.1f} {helper:13.2f}  {result}")


if __name__ == "__main__":
    main()
