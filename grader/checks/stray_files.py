"""train() leaves nothing on disk but the tracker file and checkpoints in checkpoint_dir."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import files

ID = "stray_files"
TITLE = "Nothing left on disk but the tracker's file and checkpoints in checkpoint_dir"
WHY = ("A tracked run keeps its record in one place (seed 002): files scattered in the working directory or "
       "the temporary folder are not tied to the run, collide between runs and jobs, and fill shared disks.")
FIX = ("Put metrics in the tracker's table and the writer, and checkpoints in checkpoint_dir; use "
       "`with tempfile.TemporaryDirectory() as d:` for scratch files, so they are gone when train() returns.")
NEEDS = frozenset()

# where a file is, as a student reads it (LeftFile.place)
WHERE = {"cwd": "in the working directory", "tmp": "in the temporary folder", "shm": "in /dev/shm",
         "tracker_dir": "beside the tracker file"}
SHOWN = 5


def check(ctx: CheckContext) -> Verdict:
    prod = ctx.run.production
    if prod is None or prod.left_files is None:
        return Verdict(False, "What train() left on disk was not observed on this run.")
    strays = [f for f in prod.left_files if not f.expected(prod.tracker_file)]
    more = prod.left_files_more
    if strays or more:
        shown = ", ".join(f"{f.path} ({WHERE.get(f.place, f.place)}{'' if f.new else ', changed'})" for f in strays[:SHOWN])
        extra = len(strays) - SHOWN + more
        shown += f" and {extra} more" if extra > 0 else ""
        count = len(strays) + more
        return Verdict(False, f"train() left {count} file{'s' if count != 1 else ''} behind that the exercise does not "
                              f"ask for: {shown}. Only the tracker file and checkpoints in checkpoint_dir may remain.",
                       details={"files": [[f.place, f.path] for f in strays[:SHOWN]], "count": count},
                       points=[files(*[f.path.rsplit("/", 1)[-1] for f in strays[:SHOWN]], role="writes a file")])
    kept = [f for f in prod.left_files if f.place in ("checkpoint_dir", "tracker_dir")]
    where = "the working directory" + (", the temporary folder" if "tmp" in prod.watched else "")
    return Verdict(True, f"Nothing was left in {where} or beside the tracker but the tracker's own files; "
                         f"{sum(f.place == 'checkpoint_dir' for f in kept)} file(s) in checkpoint_dir.")
