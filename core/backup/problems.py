"""What stops a backup or a restore: problems with a code, what they concern and a message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing that stops a restore (or that a verification found): a code, what, a message."""

    code: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}" if self.subject else self.message


class BackupError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RestoreIncomplete(BackupError):
    """The restore stopped after it had begun writing: the database and storage may be partial
    (a PostgreSQL restore is one transaction, so there only the files may be)."""


class VerificationError(BackupError):
    """The restore ran, but what is now stored does not match the backup."""


def fail(code: str, subject: str, message: str) -> BackupError:
    return BackupError([Problem(code, subject, message)])
