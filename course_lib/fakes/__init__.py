"""The local fakes of the course's outside services; `GRADING` limits the ones a grader runs."""

from course_lib.fakes.limits import DEFAULT, GRADING, ServerLimits

__all__ = ["DEFAULT", "GRADING", "ServerLimits"]
