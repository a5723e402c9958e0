"""What the app asks of docgen, as plain functions that run in a worker process.

Every function starts from the form's values and goes the way a user's file goes: values →
campaign data (:func:`docgen.serve.form.to_data`) → YAML text (:func:`docgen.serve.yamlio.dump`)
→ :func:`docgen.loads` → :func:`docgen.render`.  So the problems shown are the ones
``docgen validate`` prints for the saved file, and a downloaded document is the one
``docgen render`` makes from it.  Results are plain dicts (they cross a process boundary);
nothing is written except inside a temporary folder that is removed before returning (PDF).
docgen's rendering modules are imported inside the functions: the web server process, which only
hands jobs over, starts without them.
"""
from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

from ..errors import DocgenError, MissingDataError, Problem, collect_warnings
from . import form

if TYPE_CHECKING:
    from ..model import Campaign

#: What a function here answers: plain data for the browser (JSON, but for ``content`` bytes).
Result = dict[str, Any]

DEFAULT_NAME = "活动.yaml"
_LAST_STEP = re.compile(r"(?:^|\.)[^.\[\]]+$|\[\d+\]$")


def problem_dict(problem: Problem) -> Result:
    """A problem for the browser: the CLI's own text, and the form field it belongs to."""
    where = problem.location
    path = field = where.path or ""
    if problem.code == "DG-SCHEMA-REQUIRED":    # names the missing field itself; ``path`` is its parent
        path = _LAST_STEP.sub("", field)
    return {"path": path, "field": field, "message": problem.message, "hint": problem.hint or "",
            "text": str(problem), "line": where.line}


def source_text(values: Any) -> str:
    """The YAML file the form's ``values`` make (what "save" downloads)."""
    from . import yamlio

    return yamlio.dump(form.to_data(values))


def source_file(values: Any, name: str = DEFAULT_NAME) -> Result:
    """The campaign file to save: ``{"filename", "content"}`` (valid or not: a draft can be saved)."""
    from .. import api

    text = source_text(values)
    try:
        campaign = api.loads(text, name)
    except DocgenError:
        campaign = None
    return {"filename": yaml_filename(campaign, name), "content": text.encode("utf-8")}


def _load(values: Any, name: str) -> tuple[Optional[Campaign], str, list[Result]]:
    """(campaign or None, YAML text, problem dicts)."""
    from .. import api

    text = source_text(values)
    try:
        return api.loads(text, name or DEFAULT_NAME), text, []
    except DocgenError as error:
        return None, text, [problem_dict(p) for p in error.problems]


def _missing(error: MissingDataError, kind: str) -> Result:
    from .. import kinds

    return {"kind": kind, "label": kinds.get(kind).label, "missing": error.fields, "message": error.message,
            "hint": error.hint or ""}


def _render(campaign: Campaign, kind: str) -> tuple[bytes, list[str]]:
    from .. import api

    with collect_warnings() as notes:
        data = api.render(campaign, kind)
    return data, [str(n) for n in notes]


def check(values: Any, kind: str, name: str = DEFAULT_NAME) -> Result:
    """Every problem of the form's data and, when there are none, the preview of ``kind``; and
    what :func:`docgen.serve.form.tidy` took in (``tidied``), so the page shows what is saved."""
    _values, tidied = form.tidy(values)
    return {**_check(values, kind, name), "tidied": tidied}


def _check(values: Any, kind: str, name: str) -> Result:
    from .. import api, kinds
    from .preview import docx_html

    campaign, _text, problems = _load(values, name)
    if campaign is None:
        return {"problems": problems, "preview": None}
    try:
        data, notes = _render(campaign, kind)
    except MissingDataError as error:
        return {"problems": [], "preview": _missing(error, kind)}
    except DocgenError as error:
        return {"problems": [problem_dict(p) for p in error.problems], "preview": None}
    return {"problems": [], "preview": {"kind": kind, "label": kinds.get(kind).label,
                                        "title": api.title(campaign, kind), "html": docx_html(data),
                                        "warnings": notes}}


def document(values: Any, kind: str, name: str = DEFAULT_NAME) -> Result:
    """The .docx of ``kind``: ``{"filename", "content"}``, or why not (``problems``/``missing``)."""
    from .. import api

    campaign, _text, problems = _load(values, name)
    if campaign is None:
        return {"problems": problems}
    try:
        data, _notes = _render(campaign, kind)
    except MissingDataError as error:
        return {"missing": _missing(error, kind)}
    except DocgenError as error:
        return {"problems": [problem_dict(p) for p in error.problems]}
    return {"filename": api.output_name(campaign, kind), "content": data}


def _unique(name: str, used: set[str]) -> str:
    """``name`` or ``stem (2).docx`` … — the naming ``docgen render`` uses for a collision."""
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
    used.add(candidate.casefold())
    return candidate


def bundle(values: Any, name: str = DEFAULT_NAME) -> Result:
    """A zip of every kind the data supports, the campaign file itself, and a note of what was
    left out and why: ``{"filename", "content"}`` or ``{"problems"}``."""
    from .. import api, kinds

    campaign, text, problems = _load(values, name)
    if campaign is None:
        return {"problems": problems}
    used: set[str] = set()
    skipped: list[str] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in kinds.KINDS:
            try:
                data, _notes = _render(campaign, kind)
            except MissingDataError as error:
                skipped.append(f"{kinds.get(kind).label}（{kind}）：{error.message}")
                continue
            except DocgenError as error:
                skipped.append(f"{kinds.get(kind).label}（{kind}）：{error}")
                continue
            archive.writestr(_unique(api.output_name(campaign, kind), used), data)
        archive.writestr(_unique(yaml_filename(campaign, name), used), text.encode("utf-8"))
        if skipped:
            note = "以下文档未生成 / not generated:\n" + "\n".join(skipped) + "\n"
            archive.writestr(_unique("未生成的文档.txt", used), note.encode("utf-8"))
    stem = api.output_name(campaign, "plan")[: -len(".docx")]
    return {"filename": f"{stem}.zip", "content": buffer.getvalue(), "skipped": skipped}


def yaml_filename(campaign: Optional[Campaign], name: Optional[str]) -> str:
    """The campaign file's name: the name it was opened under, else after the campaign."""
    from .. import api

    if name and name != DEFAULT_NAME or campaign is None:
        name = name or DEFAULT_NAME
        return name if name.lower().endswith((".yaml", ".yml")) else name + ".yaml"
    return api.output_name(campaign, "plan")[: -len(".docx")] + ".yaml"


@contextlib.contextmanager
def _home(folder: Path) -> Iterator[None]:
    """LibreOffice (through dconf) writes ~/.config and ~/.cache whatever its profile: in a worker,
    point them into the job's temporary folder for the conversion."""
    folder.mkdir()
    names = ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({"HOME": str(folder), "XDG_CONFIG_HOME": str(folder / ".config"),
                       "XDG_CACHE_HOME": str(folder / ".cache")})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _with_pdf(values: Any, kind: str, name: str, seconds: float,
              then: Callable[[Result, Path, Path], Result]) -> Result:
    from .. import pdf as pdf_module

    result = document(values, kind, name)
    if "content" not in result:
        return result
    work = Path(tempfile.mkdtemp(prefix="docgen-serve-"))
    try:
        source = work / "document.docx"
        source.write_bytes(result["content"])
        try:
            with _home(work / "home"):
                produced = pdf_module.convert([source], timeout=seconds)[0]
        except DocgenError as error:
            return {"error": str(error), "hint": error.hint or ""}
        return then(result, produced, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def pdf(values: Any, kind: str, name: str = DEFAULT_NAME, seconds: float = 120) -> Result:
    """The PDF of ``kind`` through LibreOffice (in a temporary folder removed afterwards)."""
    def read(result: Result, produced: Path, _work: Path) -> Result:
        return {"filename": result["filename"][: -len(".docx")] + ".pdf", "content": produced.read_bytes()}

    return _with_pdf(values, kind, name, seconds, read)


def pages(values: Any, kind: str, name: str = DEFAULT_NAME, seconds: float = 120, dpi: int = 60) -> Result:
    """Page images of ``kind`` (PNG, base64): LibreOffice's PDF drawn by ``pdftoppm``."""
    def draw(result: Result, produced: Path, work: Path) -> Result:
        try:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(produced), str(work / "page")],
                           check=True, timeout=seconds, capture_output=True)
        except (OSError, subprocess.SubprocessError) as exc:
            return {"error": f"无法生成页面图像 / cannot draw the pages: {exc}", "hint": ""}
        images = sorted(work.glob("page*.png"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
        return {"pages": [base64.b64encode(p.read_bytes()).decode("ascii") for p in images]}

    return _with_pdf(values, kind, name, seconds, draw)


def open_file(raw: bytes, name: str) -> Result:
    """An uploaded campaign file as form values, with the file's own problems (its lines)."""
    from . import yamlio

    opened = yamlio.read(raw, name)
    problems = [problem_dict(p) for p in opened.problems]
    if opened.data is None:
        return {"values": None, "problems": problems}
    return {"values": form.to_values(opened.data), "problems": problems}


def warm() -> bool:
    """Compile every built-in template in this worker, so the first preview is quick."""
    from .. import api, kinds, templating

    for kind in kinds.KINDS:
        templating.load(api.template_path(kind))
    return True


def sleep(seconds: float) -> bool:
    """A job that takes ``seconds`` (tests of the time limit)."""
    import time

    time.sleep(seconds)
    return True
