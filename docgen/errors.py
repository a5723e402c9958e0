"""docgen's exceptions: one hierarchy, each carrying where the problem is.

Every failure a user can cause ends as a :class:`DocgenError`.  The CLI prints
``str(error)`` (Chinese first, English alongside) and exits with
``error.exit_code``: 2 for invalid input, 1 for anything else.
"""
from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator, Optional

#: Every problem code docgen gives, with what it means.  A code is stable: integrators may
#: branch on it (``problem.code``, ``error.to_dict()``, ``docgen validate --format json``);
#: messages may be reworded, codes are not.  docs/errors.md lists the same table (a test
#: keeps the two in step).
CODES: dict[str, str] = {
    # the file itself
    "DG-FILE-NOT-FOUND": "找不到文件 / the file does not exist",
    "DG-FILE-IS-DIRECTORY": "给出的是文件夹，不是 YAML 文件 / a folder was given where a YAML file was expected",
    "DG-FILE-TOO-LARGE": "文件过大 / the file is larger than docgen reads",
    "DG-FILE-UNREADABLE": "文件无法读取（权限等）/ the file cannot be read (permissions, I/O)",
    "DG-FILE-BINARY": "不是文本文件 / not a text file",
    "DG-FILE-ENCODING": "文件编码无法识别 / unknown text encoding",
    "DG-FILE-EMPTY": "文件是空的 / the file holds no data",
    "DG-FILE-NOT-MAPPING": "最外层不是“字段: 值”的映射 / the top level is not a mapping",
    "DG-FILE-NOT-REGULAR": "不是普通文件（设备、管道等），不会读取 / not a regular file (a device, FIFO or socket)",
    "DG-SOURCE": "输入无法读取或解析（其他原因）/ the input cannot be read or parsed (other reasons)",
    # YAML syntax and structure
    "DG-YAML-SYNTAX": "YAML 格式错误 / YAML syntax error",
    "DG-YAML-TAG": "不支持的 YAML 标签（如 !!python/…）/ an unsupported YAML tag",
    "DG-YAML-MERGE-KEY": "不支持“<<”合并键 / merge keys are not supported",
    "DG-YAML-KEY": "字段名不是文字 / a key that is not plain text",
    "DG-YAML-DUPLICATE-KEY": "同一字段写了两次 / a key given twice",
    "DG-YAML-VALUE": "无法识别的值 / a value YAML cannot read",
    "DG-YAML-TOO-LARGE": "别名展开后内容过多 / too many values after alias expansion",
    "DG-YAML-TOO-MANY-VALUES": "文件中的值过多，超过上限 / more values than docgen reads",
    "DG-YAML-TOO-DEEP": "嵌套层级过深 / nested too deeply",
    "DG-YAML-CONTROL-CHARACTER": "含有 YAML 不允许的控制字符（在第几行第几列、字符编码）/ a control character YAML does not allow",
    # slips typed on a Chinese keyboard (docgen.slips)
    "DG-SLIP-FULLWIDTH-COLON": "字段名后用了中文冒号“：” / a full-width colon after a key",
    "DG-SLIP-MISSING-SPACE": "冒号后缺少空格 / no space after the colon of a key",
    "DG-SLIP-FULLWIDTH-SPACE": "用全角空格“　”缩进 / full-width spaces as indentation",
    "DG-SLIP-TAB": "用 Tab 键缩进 / a tab as indentation",
    "DG-SLIP-LIST-DASH": "列表项开头不是“- ” / a list item starting with －, —, · or a dash without a space",
    "DG-SLIP-LIST-COMMA": "列表里用了中文逗号“，”分隔 / items separated by a full-width comma",
    "DG-SLIP-COLON-IN-VALUE": "值里有英文冒号加空格“: ” / ': ' inside a value",
    "DG-SLIP-BRACKET": "列表或映射用了中文括号 / full-width brackets where YAML needs [ ] or { }",
    "DG-SLIP-QUOTE": "引号不配对（英文引号配中文引号）/ a half-width quote closed by a full-width one",
    # the data against the schema
    "DG-SCHEMA-REQUIRED": "缺少必填字段 / a required field is missing",
    "DG-SCHEMA-EMPTY": "字段没有填写内容 / a field is empty",
    "DG-SCHEMA-TYPE": "类型不对（如应为列表却写成了文字）/ a value of the wrong type",
    "DG-SCHEMA-UNKNOWN-FIELD": "未知字段（多为拼写错误）/ an unknown field (usually a misspelling)",
    "DG-SCHEMA-ENUM": "不是可选值之一 / not one of the allowed values",
    "DG-SCHEMA-PATTERN": "格式不对 / does not match the required form",
    "DG-SCHEMA-MIN-ITEMS": "列表项数不够 / a list with too few items",
    "DG-SCHEMA-DATE": "不是日期，或日期不存在 / not a date, or a day that does not exist",
    "DG-SCHEMA-DATE-FORM": "日期没有写成 YYYY-MM-DD（docgen 给出应写的形式）/ a date not written as YYYY-MM-DD (the exact form is suggested)",
    # rules the schema cannot express (docgen.rules)
    "DG-RULE": "跨字段规则：日期先后、任务编号重复或不存在、控制字符、只有标点没有文字等 / a cross-field rule (date order, task ids, control characters, punctuation alone)",
    "DG-INVALID": "数据有误（其他）/ invalid data (other)",
    # rendering and output
    "DG-KIND-UNKNOWN": "没有这种文档 / an unknown document kind",
    "DG-MISSING-DATA": "生成该种文档缺少数据 / the campaign lacks data this document kind needs",
    "DG-TEMPLATE": "模板无法使用 / a template cannot be used",
    "DG-TEMPLATE-BOUND": "模板超出时间、运算量或大小的上限（死循环、压缩炸弹等）/ a template went past a bound on time, work or size",
    "DG-OUTPUT": "输出文件无法写入 / the output cannot be written",
    "DG-OUTPUT-PROTECTED": "输出会覆盖输入文件或正在使用的模板 / the output would replace an input file or a template in use",
    "DG-INPUT": "输入无法使用（其他）/ the input cannot be used (other)",
    "DG-PDF": "PDF 转换失败或未安装 LibreOffice / PDF conversion failed or LibreOffice is missing",
    "DG-ERROR": "其他错误 / another error",
}


@dataclass(frozen=True)
class Location:
    """Where something is: file, 1-based line and column, and the field path (``tasks[2].owners``)."""

    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    path: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """``{"file", "line", "column", "path"}`` (``None`` where unknown), for JSON."""
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path}

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
    """One thing wrong with an input: what (``message``), where, how to fix it (``hint``, which
    may span lines, e.g. a YAML example) and a stable ``code`` from :data:`CODES`
    (empty only until the raising error fills in its own)."""

    message: str
    location: Location = field(default_factory=Location)
    hint: Optional[str] = None
    code: str = ""

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "message", "hint", "file", "line", "column", "path"}``, for JSON."""
        return {"code": self.code, "message": self.message, "hint": self.hint, **self.location.to_dict()}

    def __str__(self) -> str:
        text = f"{self.location}：{self.message}" if str(self.location) else self.message
        if self.hint:
            text += "\n" + "\n".join(f"    {line}" for line in self.hint.splitlines())
        return text


def _coded(problems: Iterable[Problem], code: str) -> list[Problem]:
    return [p if p.code else replace(p, code=code) for p in problems]


class DocgenError(Exception):
    """Base class of every error docgen raises on purpose.

    ``code`` is a stable identifier from :data:`CODES` (each subclass has a default; the
    raising code may name a more precise one); every item of :attr:`problems` carries one.
    """

    exit_code = 1
    code = "DG-ERROR"

    def __init__(self, message: str, *, location: Optional[Location] = None, hint: Optional[str] = None,
                 code: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.hint = hint
        if code is not None:
            self.code = code

    @property
    def problems(self) -> list[Problem]:
        """The individual problems (one for most errors, many for validation)."""
        return [Problem(self.message, self.location, self.hint, self.code)]

    def to_dict(self) -> dict[str, Any]:
        """The error as plain data for JSON: type, code, exit code, message and every problem
        (each with its code, message, hint, file, line, column and field path)."""
        return {"error": type(self).__name__, "code": self.code, "exit_code": self.exit_code,
                "message": self.message, "problems": [p.to_dict() for p in self.problems]}

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(DocgenError):
    """The user's input cannot be used (exit code 2)."""

    exit_code = 2
    code = "DG-INPUT"


class SourceError(InputError):
    """The input file cannot be read or parsed: missing, a directory, wrong encoding, YAML syntax."""

    code = "DG-SOURCE"


class ValidationError(InputError):
    """The campaign data breaks the schema or a rule the schema cannot express; lists every problem
    (each with its own code; ``code`` of the error itself is ``DG-INVALID``)."""

    code = "DG-INVALID"

    def __init__(self, problems: Iterable[Problem]):
        self._problems = _coded(problems, self.code)
        count = len(self._problems)
        super().__init__(f"发现 {count} 处问题 / {count} problem(s) found")

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def __str__(self) -> str:
        head = f"数据有误，共 {len(self._problems)} 处 / invalid campaign data ({len(self._problems)} problem(s)):"
        return "\n".join([head] + [f"  - {p}" for p in self._problems])


class MissingDataError(InputError):
    """A document kind needs fields the campaign does not have.

    ``kind`` is the kind's name (``"summary"``), ``label`` its Chinese name (``"工作总结"``),
    ``fields`` the missing field paths (``["unit.superior"]``).
    """

    code = "DG-MISSING-DATA"

    def __init__(self, kind: str, fields: Iterable[str], *, label: Optional[str] = None, file: Optional[str] = None):
        self.kind = kind
        self.label = label or kind
        self.fields = list(fields)
        missing = ", ".join(self.fields)
        super().__init__(
            f"无法生成“{self.label}”：缺少字段 {missing} / cannot render {kind!r}: missing {missing}",
            location=Location(file=file),
            hint="请在 YAML 文件中补充上述字段后重试。",
        )


class TemplateError(InputError):
    """A template is unusable: unknown fields, bad syntax, or something the sandbox refuses."""

    code = "DG-TEMPLATE"


class OutputError(InputError):
    """The output cannot be written where asked (missing folder, no permission, a directory)."""

    code = "DG-OUTPUT"


class PdfError(DocgenError):
    """PDF conversion failed or LibreOffice is not installed."""

    code = "DG-PDF"


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
def collect_warnings() -> Iterator[list[DocgenWarning]]:
    """Collect the :class:`DocgenWarning` s issued inside the block (each once, in order); other
    warnings pass through as usual."""
    caught: list[DocgenWarning] = []
    others: list[warnings.WarningMessage] = []
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
