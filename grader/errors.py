"""Failures that are the grader's, never a student's.

A `GraderError` means grading could not be done honestly: the environment is broken (a missing
package, a torch that cannot hand tensors to numpy), the reference could not run, or the child
process failed before any student code ran. Every entry point turns it into a grader error, never
into a score: `grader grade` exits EXIT_GRADER_ERROR with one line, `grader batch` stops before
recording anyone's grade, the pytest self-check reports an error (not a failed check), and
Gradescope's runner writes a results.json that says the autograder failed, with no score.
"""
from __future__ import annotations

EXIT_USAGE = 2          # the command was given something it cannot use (unknown exercise, no file)
EXIT_GRADER_ERROR = 3   # the grader's own environment or reference is broken


class GraderError(RuntimeError):
    """Grading could not be done; the message is one line an instructor can act on."""
