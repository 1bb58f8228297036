"""Reporters: turn a GradeResult (or many) into something people and systems read."""
