"""What leaves the instructor's machine: student bundles (`grader assign`) and the
Gradescope autograder zip (`grader export gradescope`).

Both carry a vendored copy of the grader (grader/ and the one exercise it needs, never
reference/) and the reference's recorded traces as data, so grading never needs the
reference source. See vendor.py for what is copied and why.
"""
