"""The pipeline, top to bottom: load → validate → normalise → context → render → layout → write."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from . import faces, kinds as _kinds
from .errors import Location, MissingDataError, ValidationError
from .loader import Document, load_document, parse
from .model import Campaign, build_campaign
from .resources import templates_dir
from .rules import check_rules
from .schema import validate_data

PathLike = Union[str, os.PathLike]


def _validated(document: Document) -> Campaign:
    problems = validate_data(document.data, document.source) + check_rules(document.data, document.source)
    if problems:
        raise ValidationError(problems)
    return build_campaign(document.data, source=document.source.file)


def load(path: PathLike) -> Campaign:
    """Read, validate and normalise a campaign YAML file.

    Raises :class:`~docgen.errors.SourceError` when the file cannot be read or parsed and
    :class:`~docgen.errors.ValidationError` (listing every problem with file, line and field)
    when the data is invalid.
    """
    return _validated(load_document(path))


def loads(text: str, filename: str = "<string>") -> Campaign:
    """Like :func:`load`, from YAML text."""
    return _validated(parse(text, filename))


def validate(path: PathLike) -> list:
    """Problems in a campaign file (empty list when it is valid). Unreadable files still raise."""
    try:
        load(path)
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
        raise MissingDataError(spec.label, missing, file=campaign.source)
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


def render_file(source: Union[PathLike, Campaign], kind: str = "plan", output: Optional[PathLike] = None, *,
                template: Optional[PathLike] = None, template_dir: Optional[PathLike] = None,
                force: bool = False) -> Path:
    """Render ``kind`` from a campaign file (or :class:`Campaign`) and write it atomically.

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


__all__ = ["load", "loads", "validate", "render", "render_file", "title", "output_name", "template_path", "Location"]
