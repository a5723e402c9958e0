"""docgen's exceptions: one hierarchy, each carrying where the problem is.

Every failure a user can cause ends as a :class:`DocgenError`.  The CLI prints
``str(error)`` (Chinese first, English alongside) and exits with
``error.exit_code``: 2 for invalid input, 1 for anything else.
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional


@dataclass(frozen=True)
class Location:
    """Where something is: file, 1-based line and column, and the field path (``tasks[2].owners``)."""

    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    path: Optional[str] = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [p for p in (where, f"字段 {self.path}" if self.path else "") if p]
        return " ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: what (``message``), where, and how to fix it (``hint``)."""

    message: str
    location: Location = field(default_factory=Location)
    hint: Optional[str] = None

    def __str__(self) -> str:
        text = f"{self.location}：{self.message}" if str(self.location) else self.message
        if self.hint:
            text += f"\n    {self.hint}"
        return text


class DocgenError(Exception):
    """Base class of every error docgen raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, location: Optional[Location] = None, hint: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.hint = hint

    @property
    def problems(self) -> list[Problem]:
        """The individual problems (one for most errors, many for validation)."""
        return [Problem(self.message, self.location, self.hint)]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(DocgenError):
    """The user's input cannot be used (exit code 2)."""

    exit_code = 2


class SourceError(InputError):
    """The input file cannot be read or parsed: missing, a directory, wrong encoding, YAML syntax."""


class ValidationError(InputError):
    """The campaign data breaks the schema or a rule the schema cannot express; lists every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self._problems = list(problems)
        count = len(self._problems)
        super().__init__(f"发现 {count} 处问题 / {count} problem(s) found")

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __str__(self) -> str:
        head = f"数据有误，共 {len(self._problems)} 处 / invalid campaign data ({len(self._problems)} problem(s)):"
        return "\n".join([head] + [f"  - {p}" for p in self._problems])


class MissingDataError(InputError):
    """A document kind needs fields the campaign does not have."""

    def __init__(self, kind: str, fields: Iterable[str], *, file: Optional[str] = None):
        self.kind = kind
        self.fields = list(fields)
        super().__init__(
            f"无法生成“{kind}”：缺少字段 {', '.join(self.fields)} / cannot render {kind!r}: missing {', '.join(self.fields)}",
            location=Location(file=file),
            hint="请在 YAML 文件中补充上述字段后重试。",
        )


class TemplateError(InputError):
    """A template is unusable: unknown fields, bad syntax, or something the sandbox refuses."""


class OutputError(InputError):
    """The output cannot be written where asked (missing folder, no permission, a directory)."""


class PdfError(DocgenError):
    """PDF conversion failed or LibreOffice is not installed."""


class DocgenWarning(UserWarning):
    """Something a user should know that does not stop the document: a task with no result in a
    summary, a template style docgen replaced, a character the chosen font lacks.

    Raised through :func:`warnings.warn` (see :func:`warn`), so library users can filter or collect
    them with the standard :mod:`warnings` machinery; the CLI prints each on stderr as
    ``提示 / warning: …`` and still exits 0.
    """

    def __init__(self, message: str, *, location: Optional[Location] = None, hint: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.hint = hint

    def __str__(self) -> str:
        return str(Problem(self.message, self.location, self.hint))


def warn(message: str, *, location: Optional[Location] = None, hint: Optional[str] = None) -> None:
    """Issue a :class:`DocgenWarning` (shown by the CLI, collectable with :func:`warnings.catch_warnings`)."""
    warnings.warn(DocgenWarning(message, location=location, hint=hint), stacklevel=2)


@contextlib.contextmanager
def collect_warnings() -> Iterator[list]:
    """Collect the :class:`DocgenWarning` s issued inside the block (each once, in order); other
    warnings pass through as usual."""
    caught: list = []
    others: list = []
    try:
        with warnings.catch_warnings(record=True) as records:
            warnings.simplefilter("always", DocgenWarning)
            try:
                yield caught
            finally:
                for record in records:
                    if not isinstance(record.message, DocgenWarning):
                        others.append(record)
                    elif str(record.message) not in {str(w) for w in caught}:
                        caught.append(record.message)
    finally:
        for record in others:  # outside the recording block, so they reach the caller's filters
            warnings.warn_explicit(record.message, record.category, record.filename, record.lineno)
