"""experiment_tracking: seed 000's regression loop that also records the run (seed 002's table)
in an SQLite file the grader creates (`tracker=`, with `run_id=`), saves checkpoints into
`checkpoint_dir=`, and logs scalars to a SummaryWriter-like `writer=` (seed 001's TensorBoard)."""
import shutil
import sqlite3
import tempfile
import weakref
from pathlib import Path

from exercises.experiment_tracking.writer import RecordingWriter
from exercises.regression import regression_setup

PRIMARY = "main"
RUN_ID = "run_2026_04_19_001"
SCHEMA = ("CREATE TABLE training_history (run_id TEXT, epoch_number INTEGER, train_loss REAL, val_loss REAL, "
          "learning_rate REAL, checkpoint_path TEXT, created_at TEXT)")


def main(device, variant=0):
    setup = regression_setup(device, variant=variant, epochs=30, seed=11, lr=0.05)
    # a fresh folder per run, in the grading process's temporary space
    folder = Path(tempfile.mkdtemp(prefix="loopgrader-tracking-"))
    db = folder / "runs.db"
    con = sqlite3.connect(db)
    con.execute(SCHEMA)
    con.commit()
    con.close()
    (folder / "checkpoints").mkdir()
    setup.kwargs = {"tracker": str(db), "run_id": RUN_ID, "checkpoint_dir": str(folder / "checkpoints"),
                    "writer": RecordingWriter()}
    # gone with the setup: a job's /tmp vanishes with it anyway, but a setup built in the grader's
    # own process (tests, check-exercise) would otherwise leave one folder per build behind
    weakref.finalize(setup, shutil.rmtree, folder, ignore_errors=True)
    return setup


SCENARIOS = {"main": main}
