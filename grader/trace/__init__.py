"""The trace: what the child observed of one train() call, as typed, versioned records
(records.py), and the readers that derive epochs, sweeps and steps from them (read.py).
docs/trace.md describes every record."""
from grader.trace.records import (TRACE_VERSION, Forward, History, HistoryEntry, HistoryItem, LoaderPass,
                                  LossCall, Run, RunError, Step, TraceVersionError, Weights, check_version,
                                  read_run, to_dict)

__all__ = ["TRACE_VERSION", "Forward", "History", "HistoryEntry", "HistoryItem", "LoaderPass", "LossCall",
           "Run", "RunError", "Step", "TraceVersionError", "Weights", "check_version", "read_run", "to_dict"]
