"""nbgrader configuration for this course (read when nbgrader runs from the repository root).

The settings live in autograder/config.py, shared with `make release` and `make grade`.
"""

from autograder.config import configure

configure(get_config())  # noqa: F821 - get_config is provided by nbgrader
