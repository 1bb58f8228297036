"""Start a job: on Linux under the fork server's confinement (grader.sandbox.zygote,
grader.sandbox.confine), SpawnLauncher being that server started for one job; elsewhere a plain
child process (no confinement: for a student's own self-check only). What the job sends comes
back over the parent's own pipes (grader.sandbox.channels).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from grader.limits import apply_limits
from grader.sandbox.channels import (CappedOutput, ChildOutcome, Drain, TraceSink, child_env, classify_exit,
                                     job_file, kill_group)
from grader.sandbox.confine import require_confinement
from grader.sandbox.zygote import ZygoteLauncher


class SpawnLauncher:
    """A fresh worker per submission: on Linux the fork server (same confinement) started for
    one job, without preloading; elsewhere a plain child process.

    confinement: "auto" (confine where bubblewrap works), "required" (raise
    ConfinementUnavailable where it does not), "off" (never: the student's own self-check)."""

    def __init__(self, confinement: str = "auto"):
        if confinement == "required":
            require_confinement()
        self.confinement = confinement

    def run(self, job: dict, *, timeout: float, memory_bytes: int, output_limit: int) -> ChildOutcome:
        if sys.platform == "linux":
            with ZygoteLauncher(confinement=self.confinement, preload=False, one_shot=True,
                                with_reference=job.get("kind") == "reference") as worker:
                return worker.run(job, timeout=timeout, memory_bytes=memory_bytes, output_limit=output_limit)
        return run_plain(job, timeout=timeout, memory_bytes=memory_bytes, output_limit=output_limit)


def run_plain(job: dict, *, timeout: float, memory_bytes: int, output_limit: int) -> ChildOutcome:
    """An unconfined child in its own process group (non-Linux self-check only)."""
    with tempfile.TemporaryDirectory(prefix="grader-") as work, job_file(job) as jf:
        trace_r, trace_w = os.pipe()
        out_r, out_w = os.pipe()
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "grader.job.child", f"/dev/fd/{jf.fileno()}", f"/dev/fd/{trace_w}"],
            stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, pass_fds=(jf.fileno(), trace_w),
            cwd=work, env=child_env(), start_new_session=True,
            preexec_fn=lambda: apply_limits(memory_bytes))
        os.close(trace_w)
        os.close(out_w)
        output, trace = CappedOutput(output_limit), TraceSink()
        drains = [Drain(out_r, output), Drain(trace_r, trace)]
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        kill_group(proc.pid)  # the child and anything it forked in its group
        proc.wait()
        for d in drains:
            d.finish()
        outcome = ChildOutcome(exit_code=proc.returncode, elapsed=time.monotonic() - start,
                               output=output.text(), output_bytes=output.total, records=trace.records,
                               trace_dropped=trace.dropped, trace_truncated=trace.truncated)
        classify_exit(outcome, timed_out, timeout)
        return outcome
