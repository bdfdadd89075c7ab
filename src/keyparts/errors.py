"""One exception family for every mistake a user can act on.

Messages say what was found, where (``file:row:field`` or an API field) and what was
expected, e.g. ``sourcing.csv:14:share: 1.3 is above 1 (a share of the buyer's need, 0–1)``.
The CLI prints them without a traceback and exits 2 (bad input); the API returns 4xx.
"""

from __future__ import annotations

from dataclasses import dataclass


class KeypartsError(Exception):
    """Base of every error keyparts raises on purpose."""

    exit_code: int = 2


@dataclass(frozen=True)
class Problem:
    """One validation finding: where it is and what is wrong."""

    file: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


class ValidationError(KeypartsError):
    """A dataset (or a single input) failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        self.warnings = [p for p in problems if p.severity != "error"]
        n = len(self.problems)
        head = "\n".join(str(p) for p in self.problems[:50])
        more = f"\n... and {n - 50} more" if n > 50 else ""
        super().__init__(f"{n} error(s):\n{head}{more}")


class InputError(KeypartsError):
    """A single bad argument or value (CLI option, API field, function argument)."""


class InsufficientDataError(KeypartsError):
    """The data carry too little information for the requested analysis."""


class ConflictError(KeypartsError):
    """The request collides with the current state (an id already taken, a row changed by
    someone else since it was read): retry after reading it again."""


class NotFoundError(KeypartsError):
    """An id that does not exist (or is not visible to the caller)."""

    exit_code = 2


class ForbiddenError(KeypartsError):
    """The caller sees the row but its part in it does not allow this write (e.g. the maker of
    a part in a qualification case: only the OEM records decisions)."""
