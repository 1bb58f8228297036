"""Instructor batch grading: discover a class's submissions, grade them in parallel,
resume where a killed batch stopped, and write reports, a CSV and the gradebook."""
