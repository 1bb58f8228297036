"""The isolated child: execute the submission (or the reference), call its train() on each
scenario under observation, and write the trace as JSON lines. Nothing here judges."""
from __future__ import annotations

import builtins
import gc
import importlib
import inspect
import itertools
import json
import os
import sys
import time
import traceback
import types

from grader.protocol import TAMPER_EXIT

SUBMISSION_MODULE = "__submission__"


class _BlockReference:
    """Keeps the reference solutions out of the student's process."""

    def find_spec(self, name, path=None, target=None):
        if name == "reference" or name.startswith("reference."):
            raise ImportError("the reference solutions are not available to submissions")
        return None


def _error_text(exc: BaseException) -> tuple[str, str]:
    """(type name, message) of an exception the submission raised, read without running any of its
    code: the class's name through type's own descriptor, the arguments only where they are exact
    built-ins (a __str__, __repr__ or property of its own would run inside the grader's frame)."""
    name = _TYPE_NAME(type(exc))
    args = _EXC_ARGS(exc)
    args = args if type(args) is tuple else ()
    plain = all(type(a) in (str, int, float, bool, type(None)) for a in args)
    if plain and not isinstance(inspect.getattr_static(type(exc), "__str__"), types.FunctionType):
        return name, str(exc)   # a built-in __str__ over built-in arguments (KeyError quotes its key)
    shown = [a if type(a) is str else repr(a) if type(a) in (int, float, bool, type(None)) else f"<{_TYPE_NAME(type(a))}>"
             for a in args]
    return name, (shown[0] if len(shown) == 1 else str(tuple(shown)) if shown else "")


def _error_record(exc: BaseException, files: set[str]) -> dict:
    frames = [f for f in traceback.extract_tb(_EXC_TRACEBACK(exc)) if f.filename in files]
    name, message = _error_text(exc)
    text = f"{name}: {message}"
    memory = issubclass(type(exc), MemoryError) or "can't allocate memory" in message or "not enough memory" in message
    return {"type": name, "message": text[:2000], "memory": memory,
            "frames": [[f.filename, f.lineno, (f.line or "")[:200]] for f in frames[-6:]]}


def _load_submission(job, emit, baseline=None) -> tuple[object, set[str]]:
    from grader.job.observe import patches
    from grader.job.execute import execute_program
    from grader.job import standins

    sys.meta_path.insert(0, _BlockReference())
    standins.install()   # inert IPython.display, off-screen matplotlib: display-only calls never fail a loop
    for name in [m for m in sys.modules if m == "reference" or m.startswith("reference.")]:
        del sys.modules[name]
    files = {c["filename"] for c in job["program"]}
    before = baseline if baseline is not None else patches.fingerprint()
    # Everything up to here is the grader's own side: a child that ends before this record
    # failed through no fault of the submission (grader.engine turns that into a GraderError).
    emit({"type": "boot"})
    sys.argv = [job["path"]]   # as `python file.py` sets it: argparse run at import sees no options
    # display() and get_ipython() are IPython builtins notebooks call without importing
    namespace = {"__name__": SUBMISSION_MODULE, "__builtins__": builtins, "__file__": job["path"],
                 **standins.notebook_names()}
    module = type(sys)(SUBMISSION_MODULE)
    module.__dict__.update(namespace)
    sys.modules[SUBMISSION_MODULE] = module  # pickling/dataclasses in student code look here
    failed_imports: list = []
    notes = execute_program(job["program"], module.__dict__, statement_budget=job["statement_budget"],
                            total_budget=job["load_budget"], failed_imports=failed_imports)
    train = module.__dict__.get("train")
    record = {"type": "load", "notes": notes, "train_found": callable(train),
              "failed_imports": [f.to_record() for f in failed_imports],
              "tampered": patches.changed_since(before)}
    if not callable(train):
        from grader.load.missing_train import why_no_train

        record["train_missing"] = why_no_train(module.__dict__, SUBMISSION_MODULE, job["program"])
    if callable(train):
        try:
            record["signature"] = f"train{inspect.signature(train)}"
        except (TypeError, ValueError):
            record["signature"] = "train(...)"
    emit(record)
    return (train if callable(train) else None), files


def _run_scenario(train, scenarios, scenario: str, device: str, budget: tuple[float, float], files: set[str],
                  variant_state: dict | None = None, emit=None, baseline=None, evaluate: bool = False,
                  keep: list | None = None) -> dict:
    """`evaluate`: evaluate the returned model here (the reference's job only: a submission's model
    is evaluated by the parent, from its weights, so that none of its code runs after train()).
    `keep`: where everything train() was given or returned is held until the process ends (see below).
    `budget`: (wall seconds, CPU seconds) train() may take (grader.job.execute.time_budget)."""
    import torch

    from grader.job.observe import patches
    from grader.job.observe.history import describe_history
    from grader.job.observe.recorder import Recorder
    from grader.job.execute import Overrun, time_budget

    # the scenario (model, data) is built as the reference's was: under torch's own default dtype and
    # device, whatever the submission's top-level code set (torch.set_default_dtype(torch.float64)
    # would give the model other initial weights); train() then runs under the submission's settings
    # (a default device is touched only when one other than the CPU was set: setting one, even the
    # CPU, installs a torch function mode)
    dtype, default_device = torch.get_default_dtype(), torch.get_default_device()
    torch.set_default_dtype(torch.float32)
    if default_device.type != "cpu":
        torch.set_default_device(None)
    try:
        # the exercise's scenario module, loaded by run_job: the public objects, and for a secret
        # variant the tensors the parent built (the job never learns which variant: grader.variants)
        setup = scenarios.SCENARIOS[scenario](device, 0)
        if variant_state is not None:
            from exercises.common import load_variant_state
            load_variant_state(setup, variant_state)
    finally:
        torch.set_default_dtype(dtype)
        if default_device.type != "cpu":
            torch.set_default_device(default_device)
    recorder = Recorder(setup, device, files)
    if emit is not None:   # snapshot digests leave the process as they are taken (grader.job.observe.journal)
        from grader.job.observe.journal import EventJournal, SnapshotJournal
        from grader.protocol import MAX_EVENTS
        recorder.snapshots = SnapshotJournal(emit, scenario)
        # events leave as they are recorded; the parent compares them with the run record's
        recorder.forwards = EventJournal(emit, scenario, "forwards", MAX_EVENTS)
        recorder.steps = EventJournal(emit, scenario, "steps", MAX_EVENTS)
        if not evaluate and torch.device(device).type == "cpu":   # a submission's CPU run: steps the parent replays
            from grader.job.observe.journal import StepJournal
            from grader.job.observe.step_evidence import StepWitness
            recorder.witness = StepWitness(recorder, StepJournal(emit, scenario, MAX_EVENTS))
    before = baseline if baseline is not None else patches.fingerprint()
    args = (setup.model, setup.train_loader, setup.val_loader, setup.loss_fn, setup.optimizer, setup.epochs)
    kwargs = {"device": device, **setup.kwargs}
    record = {"type": "run", "scenario": scenario, "device": device, "epochs": setup.epochs,
              # objects passed in (a scheduler, a scaler) are named by their type: the record is JSON
              "kwargs": {k: v if isinstance(v, (bool, int, float, str, type(None))) else type(v).__name__
                         for k, v in setup.kwargs.items()},
              "status": "ok", "error": None}
    try:
        inspect.signature(train).bind(*args, **kwargs)
        callable_as_contract = True
    except TypeError as exc:
        # not called; the record still goes through every step below (trace version, seal), so
        # the parent reads it as the grader's own record of a train() with the wrong parameters
        callable_as_contract = False
        called_as = ", ".join(["model", "train_loader", "val_loader", "loss_fn", "optimizer", "epochs"]
                              + [f"{k}=..." for k in kwargs])
        message = f"{exc}: train{inspect.signature(train)} is called as train({called_as})"
        record.update(status="signature", error={"type": "TypeError", "message": message, "memory": False, "frames": []})
    except ValueError:
        callable_as_contract = True  # builtins and some wrappers have no signature; just call
    # What was imported above came from sys.modules, where the submission may have put modules of
    # its own since the load record (from a profile hook, a thread) and may put the grader's back
    # before train() returns: compared now, inline, before train() runs.
    swapped = [e[0] for e in before if e[1].get(e[2]) is not e[3] or (e[4] is not None and e[3].__code__ is not e[4])]
    start, cpu_start = time.perf_counter(), time.process_time()
    history = None
    # Every object made before train() (torch's, the grader's: ~300k) is moved out of the
    # collector's view while train() runs, as a pre-fork server does: a loop calling gc.collect()
    # every epoch (a Kaggle habit) scans only what it made, not the grader's heap as well (0.15 s
    # a call: a correct loop ran out of time under load)
    # After train() returns no code of the submission's may run: the collector stays off until the
    # next train() (a reference cycle's __del__ would run whenever it next collected), and every
    # object train() was given or returned is kept alive until the process ends (a __del__ or a
    # weakref.finalize on them would run as this frame drops them, with the record reachable).
    freeze, unfreeze, enable, disable = _GC_FREEZE, _GC_UNFREEZE, _GC_ENABLE, _GC_DISABLE
    try:
        recorder.attach()
        if callable_as_contract:
            with time_budget(budget[0], cpu=budget[1]):
                enable()
                freeze()
                try:
                    history = train(*args, **kwargs)
                finally:
                    disable()
                    unfreeze()
    except Overrun as exc:
        why = (f"train() had computed for {exc.limit:.0f} s of CPU time without returning (an endless "
               "loop, or far more work than the reference does?)" if exc.kind == "cpu" else
               f"train() was still running when the job's time limit was reached ({exc.limit:.0f} s "
               "left for it; --timeout sets the limit)")
        record.update(status="timeout", error={"type": "Timeout", "memory": False, "frames": [], "message": why})
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the run ends, we report
        record.update(status="error", error=_error_record(exc, files))
        if record["error"]["memory"]:
            record["status"] = "memory"
    record["elapsed"] = time.perf_counter() - start
    record["cpu"] = time.process_time() - cpu_start   # the reference's sets the CPU budget (grader.engine)
    if keep is not None:
        keep.append((setup, args, kwargs, history, recorder))
    # a profile or trace function set by the submission would run inside the grader's code from
    # here on (and could edit the record before it leaves): reported, then removed
    from grader.job.observe.journal import clear_hooks, hooks_set
    interpreter_hooks = hooks_set()
    clear_hooks()
    record["hooks_intact"] = recorder.hooks_intact()
    recorder.detach()
    record["tampered"] = patches.changed_since(before) + interpreter_hooks + swapped
    record.update(recorder.records())
    if record["status"] == "ok":
        record["history"] = describe_history(history)
        try:
            record["weights"] = recorder.finish()
            if evaluate:
                record["final_eval"] = recorder.evaluate()
        except Exception as exc:  # e.g. the model was left on another device or mangled
            record["final_eval"] = {"error": "{}: {}".format(*_error_text(exc))}
    from grader.job.observe.journal import seal
    seal(record, recorder, before, {"emit": emit} if emit is not None else {})   # last: see journal.seal
    # Inline, in this frame (running since before train() was called, so its bytecode is still the
    # grader's): anything fingerprinted rebound or given new code, the comparison itself included.
    record["tampered"] = record.get("tampered", []) + [
        e[0] for e in before if e[1].get(e[2]) is not e[3] or (e[4] is not None and e[3].__code__ is not e[4])]
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    return record


WALL_MARGIN = 2.0   # seconds before the job's wall-clock limit at which train() is stopped here

# taken when the child starts, before any student code can rebind them
_GC_FREEZE, _GC_UNFREEZE, _GC_ENABLE, _GC_DISABLE = gc.freeze, gc.unfreeze, gc.enable, gc.disable
_STREAMS = (sys.__stdout__, sys.__stderr__)
_TYPE_NAME = type.__dict__["__name__"].__get__
_EXC_ARGS, _EXC_TRACEBACK = BaseException.args.__get__, BaseException.__traceback__.__get__


def _refuse_fork(*args, **kwargs):
    raise PermissionError("creating processes with fork is disabled while grading")


def run_job(job: dict, trace_path: str) -> None:
    """job: {"kind": "submission"|"reference", "exercise", "scenarios", "device", "program", ...}.
    Ends the process (exit status 0) once the trace is complete."""
    started = time.monotonic()
    # A raw descriptor and os.write, bound before any student code: a file object's write() can be
    # shadowed on the instance, these cannot. Every record carries the next number (grader.verify
    # flags a gap, a repeat or a record without one: lines injected or swallowed by the submission).
    trace = trace_path if isinstance(trace_path, int) else os.open(trace_path, os.O_WRONLY | os.O_APPEND)
    dumps, hard_exit, write, getpid = json.dumps, os._exit, os.write, os.getpid
    writer_pid, numbers = getpid(), itertools.count()

    def emit(record: dict) -> None:
        if getpid() != writer_pid:
            return  # a process the submission forked must not write into the trace
        # numbered only once its text exists: encoding can run a garbage-collection callback that
        # emits a record of its own, which then takes the earlier number and is written first
        payload = dumps(record)
        seq = next(numbers)
        data = (f'{{"seq": {seq}, {payload[1:]}' if payload != "{}" else f'{{"seq": {seq}}}').encode() + b"\n"
        while data:
            data = data[write(trace, data):]

    import torch

    torch.set_num_threads(1)
    from grader.job.observe import patches

    # the exercise's files by the paths the parent put in the job (grader.exercise), before any
    # student code; a submission job carries no reference path at all
    from grader.load.module import load_module

    scenarios = load_module(job["scenario_file"], "scenario")
    # the recorder captures the torch entry points it uses when imported: now, before any student code
    import grader.job.observe.recorder  # noqa: F401
    patches.install()
    # every grader module a scenario uses, imported now: one the submission put in sys.modules
    # before the grader's first import would be taken for the grader's, and be in no baseline
    import grader.job.observe.history, grader.job.observe.journal, grader.job.execute  # noqa: E401,F401
    # what every tamper comparison is made against: taken before any student code, held only here
    baseline = patches.fingerprint({"emit": emit})
    writer = (emit.__code__, *(c.cell_contents for c in emit.__closure__))
    if job["kind"] == "reference":
        module = load_module(job["reference_file"], "reference")
        train, files = module.train, {module.__file__}
        emit({"type": "load", "notes": [], "train_found": True, "tampered": []})
    else:
        # Best effort against fork bombs (the whole process group is killed afterwards anyway).
        os.fork = os.forkpty = _refuse_fork
        train, files = _load_submission(job, emit, baseline)
    if train is not None:
        keep = []
        for scenario in job["scenarios"]:
            emit({"type": "start", "scenario": scenario})
            # train() may compute for scenario_budget CPU-seconds (a loop that never ends is stopped
            # by the work it did, the same on a busy machine as on an idle one) and wait until just
            # before the job's wall-clock limit (--timeout), stopped here so that this scenario is
            # reported as what it is rather than killed by the parent
            left = job.get("wall_budget", float("inf")) - (time.monotonic() - started) - WALL_MARGIN
            budget = (max(1.0, left), job["scenario_budget"])
            emit(_run_scenario(train, scenarios, scenario, job["device"], budget, files,
                               (job.get("variant_state") or {}).get(scenario), emit, baseline, evaluate=job["kind"] == "reference", keep=keep))
    # The trace writer itself reports tampering, so a writer swapped in memory could hide it: checked
    # here, inline, and answered with an exit status the parent flags (grader.protocol.TAMPER_EXIT).
    now = (emit.__code__, *(c.cell_contents for c in emit.__closure__))
    if len(now) != len(writer) or any(a is not b for a, b in zip(now, writer)):
        hard_exit(TAMPER_EXIT)
    emit({"type": "done"})
    os.close(trace)
    # The process ends here, holding `keep`: the submission's objects are never freed, so no
    # __del__ or weakref.finalize of theirs runs after train() returned (not even now); the
    # grader's own streams are flushed, never an object the submission put in sys.stdout.
    for stream in _STREAMS:
        try:
            stream.flush()
        except Exception:   # a closed or broken pipe: the output is the parent's to cut
            pass
    hard_exit(0)


def main() -> None:
    job_path, trace_path = sys.argv[1], sys.argv[2]
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    run_job(job, trace_path)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: student atexit handlers and threads don't matter now


if __name__ == "__main__":
    main()
