"""The pipeline, top to bottom: load → validate → normalise → context → render → layout → write."""
from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional, Union

from . import faces, kinds as _kinds
from .errors import InputError, Location, MissingDataError, Problem, ValidationError
from .loader import Document, PathKey, SourceMap, decode, format_path, load_document, parse
from .model import Campaign, build_campaign
from .resources import templates_dir
from .rules import check_rules
from .schema import validate_data

PathLike = Union[str, "os.PathLike[str]"]
#: Campaign data as plain Python: what ``yaml.safe_load`` or ``json.load`` give.
Data = Mapping[str, Any]


# Slips whose repair rewrote the value itself (``due: 注意: 2026-04-30`` read as ``注意：…``): what the
# schema then finds wrong with that value is the slip, already named, not a second problem.
_VALUE_SLIPS = frozenset({"DG-SLIP-COLON-IN-VALUE", "DG-SLIP-QUOTE", "DG-SLIP-BRACKET"})


def _not_from_slips(problems: list[Problem], found: list[Problem]) -> list[Problem]:
    rewritten = [(p.location.line, p.location.path) for p in found if p.code in _VALUE_SLIPS and p.location.path]
    def within(inner: Optional[str], outer: str) -> bool:
        return inner is not None and inner.startswith(outer) and inner[len(outer):len(outer) + 1] in ("", ".", "[")

    return [p for p in problems
            if not any(p.location.line == line and within(p.location.path, path) for line, path in rewritten)]


def _validated(data: Any, source: Optional[SourceMap], file: Optional[str],
               found: Optional[list[Problem]] = None) -> Campaign:
    problems = (found or []) + _not_from_slips(validate_data(data, source) + check_rules(data, source), found or [])
    if problems:
        # in file order (a slip before the problems it explains); mappings keep schema order
        raise ValidationError(sorted(problems, key=lambda p: (p.location.line or 0, p.location.column or 0)))
    return build_campaign(data, source=file)


def _plain(value: Any, path: PathKey, problems: list[Problem]) -> Any:
    """``value`` as the plain data the YAML loader gives: dicts with text keys, lists, dates as
    ISO text (``yaml.safe_load`` builds ``datetime.date``; docgen validates the text)."""
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(Problem(f"字段名必须是文字，而不是 {type(key).__name__} / keys must be strings: {key!r}",
                                        Location(path=format_path(path) or None), code="DG-YAML-KEY"))
                continue
            out[key] = _plain(item, path + (key,), problems)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, path + (i,), problems) for i, item in enumerate(value)]
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")     # a time of day is not a date: named as such
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _from_data(data: Data) -> Campaign:
    problems: list[Problem] = []
    plain = _plain(data, (), problems)
    return _validated(plain, None, None, problems)


def _from_document(document: Document) -> Campaign:
    """The campaign of a parsed file (its data is left as it is): validated, normalised."""
    return _validated(document.data, document.source, document.source.file, document.problems)


def _from_text(text: Union[str, bytes], filename: str) -> Campaign:
    return _from_document(parse(decode(bytes(text), filename) if isinstance(text, (bytes, bytearray)) else text,
                                filename))


def load(source: Union[PathLike, Data]) -> Campaign:
    """Read, validate and normalise a campaign: a YAML file, or the same data as a mapping.

    A mapping (what ``yaml.safe_load`` or ``json.load`` give; ``datetime.date`` values are taken
    as their ISO text) is validated exactly like a file; its problems name the field path
    (``tasks[2].owners``) and no file or line.

    Raises :class:`~docgen.errors.SourceError` when the file cannot be read or parsed and
    :class:`~docgen.errors.ValidationError` (listing every problem with file, line and field)
    when the data is invalid.
    """
    if isinstance(source, Mapping):
        return _from_data(source)
    return _from_document(load_document(source))


def loads(text: Union[str, bytes, Data], filename: str = "<string>") -> Campaign:
    """Like :func:`load`, from YAML text (``bytes`` are decoded like a file: UTF-8, BOM, GB18030)
    or a mapping; ``filename`` is what problems name as the file."""
    if isinstance(text, Mapping):
        return _from_data(text)
    return _from_text(text, filename)


def validate(source: Union[PathLike, bytes, Data, None] = None, *, text: Union[str, bytes, None] = None,
             filename: Optional[str] = None) -> list[Problem]:
    """Every problem in a campaign (an empty list when it is valid).

    ``source`` is a path, a mapping, file content as ``bytes``, or YAML text as a ``str`` that
    contains a line break (no file name does; one-line YAML: pass ``text=``).  ``text=`` is
    always YAML text.  ``filename`` names the text in problems (default ``<string>``).
    Input that cannot be read at all (a missing file, an unknown encoding) still raises
    :class:`~docgen.errors.SourceError`.
    """
    if (source is None) == (text is None):
        raise TypeError("validate() takes a source or text=, not both or neither")
    try:
        if text is not None:
            _from_text(text, filename or "<string>")
        elif isinstance(source, Mapping):
            _from_data(source)
        elif isinstance(source, (bytes, bytearray)) or (isinstance(source, str) and "\n" in source):
            _from_text(source, filename or "<string>")
        else:
            load(source)  # type: ignore[arg-type]  # the remaining case: a path
    except ValidationError as exc:
        return exc.problems
    return []


def template_path(kind: str, *, template: Optional[PathLike] = None, template_dir: Optional[PathLike] = None) -> Path:
    """The template file used for ``kind``: an explicit file, else one in ``template_dir``, else the built-in."""
    if template:
        return Path(template)
    spec = _kinds.get(kind)
    if template_dir and (Path(template_dir) / spec.template).is_file():
        return Path(template_dir) / spec.template
    return templates_dir() / spec.template


def title(campaign: Campaign, kind: str = "plan") -> str:
    """The title of ``kind`` for ``campaign`` (also what output files are named after)."""
    return _kinds.get(kind).title(campaign)


def render(campaign: Campaign, kind: str = "plan", *, template: Optional[PathLike] = None,
           template_dir: Optional[PathLike] = None) -> bytes:
    """Render one document kind of ``campaign`` to .docx bytes.

    Raises :class:`~docgen.errors.MissingDataError` when the campaign lacks data the kind needs
    and :class:`~docgen.errors.TemplateError` when a template is unusable.
    """
    from . import templating

    spec = _kinds.get(kind)
    missing = spec.missing(campaign)
    if missing:
        raise MissingDataError(spec.name, missing, label=spec.label, file=campaign.source)
    compiled = templating.load(template_path(kind, template=template, template_dir=template_dir))
    context = _kinds.full_context(spec, campaign, template_dir=template_dir)
    return compiled.render(context, title=context.get("title"), faces=faces.for_campaign(campaign))


def output_name(campaign: Campaign, kind: str = "plan", extension: str = ".docx") -> str:
    """A file name from the document title, safe on Windows, macOS and Linux: ``<title>.docx``.

    Characters a name cannot hold are replaced or dropped, Windows device names and leading
    ``-``/``.`` are avoided, and the name is cut (on a character boundary) so that it stays within
    255 bytes even with a collision suffix `` (2)`` — see :mod:`docgen.names`.
    """
    from .names import file_name

    return file_name(title(campaign, kind), extension, fallback=kind)


def to_pdf(docx: bytes, *, timeout: float = 300) -> bytes:
    """PDF bytes of a .docx given as bytes (for instance from :func:`render`), through LibreOffice.

    Raises :class:`~docgen.errors.InputError` when ``docx`` is not a .docx and
    :class:`~docgen.errors.PdfError` when LibreOffice is missing or fails.
    """
    from . import pdf

    if not isinstance(docx, (bytes, bytearray, memoryview)):
        raise TypeError(f"to_pdf() takes the .docx as bytes, not {type(docx).__name__}")
    data = bytes(docx)
    if not data.startswith(b"PK"):
        raise InputError("这不是 .docx 文件的内容 / these bytes are not a .docx document",
                         hint="请传入 docgen.render() 返回的字节，或 .docx 文件读出的字节。")
    return pdf.convert_bytes(data, timeout=timeout)


def render_file(source: Union[PathLike, Data, Campaign], kind: str = "plan", output: Optional[PathLike] = None, *,
                template: Optional[PathLike] = None, template_dir: Optional[PathLike] = None,
                force: bool = False) -> Path:
    """Render ``kind`` from a campaign file (or mapping, or :class:`Campaign`) and write it atomically.

    ``output`` may be a file path or an existing folder; by default the file is named after the
    document title and written next to the campaign file (or in the current folder).  A file
    already there that docgen did not write, or that was changed since, is kept and the document
    is written as ``<name> (2).docx`` with a :class:`~docgen.errors.DocgenWarning` — unless
    ``force``.  The output never replaces the campaign file or the template.
    Returns the path written.
    """
    from .batch import protected_files
    from .package import keep_changed, write_atomic

    campaign = source if isinstance(source, Campaign) else load(source)
    data = render(campaign, kind, template=template, template_dir=template_dir)
    if output is None:
        folder = Path(campaign.source).parent if campaign.source and Path(campaign.source).exists() else Path.cwd()
        target = folder / output_name(campaign, kind)
    elif Path(output).is_dir():
        target = Path(output) / output_name(campaign, kind)
    else:
        target = Path(output)
    inputs = [campaign.source] if campaign.source else []
    protected = protected_files(inputs, [kind], template=template, template_dir=template_dir)
    return write_atomic(keep_changed(target, force=force, protected=protected), data)


__all__ = ["load", "loads", "validate", "render", "render_file", "to_pdf", "title", "output_name", "template_path",
           "Location"]
