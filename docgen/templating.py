"""Stage 5: compile a .docx template once, render it many times.

A template is read, laid out to GB/T 9704 (:func:`docgen.layout.apply`), its
document XML cleaned by docxtpl (tags Word split across runs are rejoined) and
compiled by Jinja — once per template per process.  Rendering a document is
then one Jinja render plus a zip write.

Templates run in Jinja's sandbox with strict undefined variables and XML
autoescaping: a user-supplied template can reach only the campaign data and
docgen's filters, and ``& < >`` in the data stay intact in the document.
"""
from __future__ import annotations

import datetime as _dt
import functools
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Union

from . import text
from .errors import Location, TemplateError

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .faces import FaceChoice
    from .package import ZipEntry

# layout and package (zip, lxml for the one-off layout pass) load with the first template, so
# ``docgen validate`` — which imports this module for the template helpers — does not pay for them.
DOCUMENT = "word/document.xml"

CORE = "docProps/core.xml"


def _cn_date(value: Optional[_dt.date]) -> str:
    return text.format_date(value) if value else ""


def _span(start: _dt.date, end: _dt.date) -> str:
    return text.format_span(start, end)


def _people(persons: Iterable[Any]) -> str:
    return "、".join(f"{p.name}（{p.post}）" if getattr(p, "post", None) else p.name for p in persons)


def _names(persons: Iterable[Any]) -> str:
    return "、".join(p.name for p in persons)


def _book(title: str) -> str:
    return title if title.startswith("《") else f"《{title}》"


def _target(target: Any) -> str:
    # The phrasing lives with the rest of the wording; imported here, not at the top, because
    # docgen.contexts itself imports this module.
    from .contexts.wording import target as phrase

    return phrase(target)


FILTERS = {
    "target": _target,
    "cn_date": _cn_date,
    "cn_month": lambda d: text.format_month(d) if d else "",
    "span": _span,
    "period_label": lambda p: text.format_period_label(p.start, p.end),
    "join_list": lambda items, sep="、": text.join_list(items, sep),
    "people": _people,
    "names": _names,
    "cn_number": text.cn_number,
    "ordinal": lambda n, level=1: text.ordinal(level, n),
    "nopunct": lambda s: text.strip_trailing_punct(s or ""),
    "sentence": lambda s: text.ensure_period(s) if s else "",
    "book": _book,
}


class Numbering:
    """层次序数 counters for a template: ``num.h1()`` → 一、, ``num.h2()`` → （一）, resetting lower levels."""

    def __init__(self) -> None:
        self._counts = [0, 0, 0, 0]

    def _next(self, level: int) -> str:
        self._counts[level - 1] += 1
        for lower in range(level, 4):
            self._counts[lower] = 0
        return text.ordinal(level, self._counts[level - 1])

    def h1(self) -> str:
        """Next level-1 ordinal: 一、二、…"""
        return self._next(1)

    def h2(self) -> str:
        """Next level-2 ordinal: （一）（二）…"""
        return self._next(2)

    def h3(self) -> str:
        """Next level-3 ordinal: 1. 2. …"""
        return self._next(3)

    def h4(self) -> str:
        """Next level-4 ordinal: （1）（2）…"""
        return self._next(4)


_ENVS: dict[bool, ImmutableSandboxedEnvironment] = {}
_ENV_LOCK = threading.Lock()


def environment(*, trusted: bool = False) -> ImmutableSandboxedEnvironment:
    """The shared sandboxed Jinja environment (created on first use).

    Both are Jinja's immutable sandbox.  The default one, for users' templates, also bounds every
    render's time, work and value sizes (:class:`docgen.sandbox.BoundedSandbox`); ``trusted=True``
    gives the one docgen's own templates use, without that per-operation accounting (they are
    tested, and the data they get is bounded by the loader), so a batch keeps its speed.
    """
    with _ENV_LOCK:
        if trusted not in _ENVS:
            import builtins
            import types

            from jinja2 import StrictUndefined
            from jinja2.exceptions import TemplateRuntimeError, UndefinedError
            from jinja2.sandbox import ImmutableSandboxedEnvironment
            from jinja2.utils import missing

            from .sandbox import BoundedSandbox

            _getattr = builtins.getattr
            _METHODS = (types.MethodType, types.BuiltinMethodType)

            class _Sandbox(ImmutableSandboxedEnvironment):
                """The immutable sandbox, with its attribute verdicts memoised per (type, name).

                Jinja's checks (``_``-prefixed names, function/method/frame internals, mutating
                methods of list/dict/set) depend only on the object's type and the attribute
                name, so one verdict per pair is exact; re-deciding it for every ``{{ t.title }}``
                was half of a document's render time.  Objects whose ``__class__`` differs
                from their type (proxies) are always checked afresh.
                """

                _verdicts: dict[tuple[type, str], bool] = {}

                def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
                    cls = type(obj)
                    if obj.__class__ is not cls:
                        return super().is_safe_attribute(obj, attr, value)
                    safe = self._verdicts.get((cls, attr))
                    if safe is None:
                        safe = super().is_safe_attribute(obj, attr, value)
                        if len(self._verdicts) < 10_000:
                            self._verdicts[(cls, attr)] = safe
                    return safe

                def getattr(self, obj: Any, attribute: str) -> Any:
                    # Fast path for ``{{ task.title }}``: an attribute already judged safe whose value
                    # is data, not a method (methods go the full way: str.format needs wrapping).
                    cls = type(obj)
                    if self._verdicts.get((cls, attribute)) is True and obj.__class__ is cls:
                        try:
                            value = _getattr(obj, attribute)
                        except AttributeError:
                            pass
                        else:
                            if not isinstance(value, _METHODS):
                                return value
                    return super().getattr(obj, attribute)

            class _BoundedSandbox(_Sandbox, BoundedSandbox):
                """The same, for users' templates: every render bounded (:class:`BoundedSandbox`)."""

            def _missing(message: str, *, exc: type[TemplateRuntimeError], owner: Any, name: Optional[str]
                         ) -> TemplateRuntimeError:
                error = exc(message)     # UndefinedError, or SecurityError for what the sandbox refuses
                # For the paragraph and did-you-mean: attributes Jinja's exceptions do not declare.
                setattr(error, "owner", owner)
                setattr(error, "name", name)
                return error

            class _Undefined(StrictUndefined):
                """StrictUndefined whose error remembers what was looked up, and on what."""

                __slots__ = ()

                def __init__(self, hint: Optional[str] = None, obj: Any = missing, name: Optional[str] = None,
                             exc: type[TemplateRuntimeError] = UndefinedError) -> None:
                    super().__init__(hint, obj, name, exc)
                    # Jinja declares this an exception class but only ever calls it with the message;
                    # a factory that also records the owner and name is called the same way.
                    self._undefined_exception = functools.partial(  # type: ignore[assignment]
                        _missing, exc=exc, owner=obj, name=name)

            # Immutable: templates cannot call list.append/dict.update on the campaign data either.
            env = (_Sandbox if trusted else _BoundedSandbox)(autoescape=True, undefined=_Undefined,
                                                             keep_trailing_newline=True)
            env.filters.update(FILTERS)
            if isinstance(env, BoundedSandbox):
                env.guard_filters()   # every filter counts as work and is size-checked
            _ENVS[trusted] = env
    return _ENVS[trusted]


def _excerpt(source: str, lineno: Optional[int]) -> str:
    import re

    if not lineno:
        return ""
    lines = source.splitlines()[max(lineno - 2, 0): lineno + 1]
    return re.sub(r"<[^>]+>", "", " ".join(lines))[:120]


class CompiledTemplate:
    """A template ready to render: laid-out static parts plus the compiled document XML."""

    def __init__(self, name: str, parts: Mapping[str, bytes], *, trusted: bool = False):
        from docxtpl import DocxTemplate
        from jinja2 import TemplateSyntaxError, meta, nodes

        self.name = name
        #: Built-in templates are trusted to produce well-formed XML; a user's is checked per render.
        self.trusted = trusted
        from . import layout
        from .package import STATIC_LEVEL, prepare_stamp, zip_entry
        from .sandbox import bound_loops
        from .style_audit import replaced_edits

        if not trusted:
            _check_parts(name, parts)
        try:
            # The layout stage replaces docgen's styles and the page setup: edits to them are told, not lost silently.
            self.replaced = replaced_edits(parts)
            laid_out = layout.apply(parts)
        except Exception as exc:  # noqa: BLE001 - whatever a broken part makes lxml raise
            raise TemplateError(f"模板无法排版，文件可能已损坏 / the template cannot be laid out: {exc}",
                                location=Location(name), hint="请用 Word/WPS 打开并另存为 .docx 后重试。") from None
        self.parts, self._custom = prepare_stamp(laid_out)
        # docxtpl's cleaning uses no instance state; calling it unbound avoids loading the package twice.
        source = DocxTemplate.patch_xml(None, self.parts[DOCUMENT].decode("utf-8"))
        env = environment(trusted=trusted)
        try:
            ast = env.parse(source)
            # Names the template assigns itself ({% set %}, loop variables, macros) are not campaign
            # fields, even where Jinja cannot prove them set (a {% set %} inside {%p if %}).
            assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
            assigned |= {m.name for m in ast.find_all(nodes.Macro)}
            self.variables = frozenset(meta.find_undeclared_variables(ast)) - assigned
            self._template = env.from_string(ast if trusted else bound_loops(ast))
        except TemplateSyntaxError as exc:
            raise self._syntax_error(exc.message or str(exc), _excerpt(source, exc.lineno)) from None
        # Every part but the document XML (and the title in core.xml) is the same in every document:
        # compress it once here; a render then deflates one part and copies the rest into the zip.
        #: None stands for the document XML, made per render.
        self._entries: list[Optional[ZipEntry]] = [
            None if name == DOCUMENT else zip_entry(name, data, STATIC_LEVEL) for name, data in self.parts.items()]
        self._names = list(self.parts)
        self._face_entries: dict[tuple[tuple[str, str], ...], list[Optional[ZipEntry]]] = {}

    def _document_xml(self) -> str:
        return self.parts[DOCUMENT].decode("utf-8")

    def _syntax_error(self, message: str, nearby: str) -> TemplateError:
        from . import template_errors

        env = environment(trusted=self.trusted)
        unknown = template_errors.unknown_filter(self.name, self._document_xml(), message, env.filters, env.tests,
                                                 FILTERS)
        return unknown or template_errors.syntax_error(self.name, self._document_xml(), message, env.parse, nearby)

    def check_fields(self, context: Mapping[str, Any]) -> None:
        """Raise :class:`TemplateError` naming the fields the template uses but the context lacks
        (each with its paragraph and a close spelling, when there is one)."""
        unknown = self.variables - set(context) - set(environment(trusted=self.trusted).globals)
        if unknown:
            from . import template_errors

            raise template_errors.unknown_fields(self.name, self._document_xml(), unknown, context)

    def render_xml(self, context: Mapping[str, Any]) -> str:
        """Render the document XML (titles broken into lines, 落款 placed)."""
        from jinja2 import TemplateError as JinjaError
        from jinja2.exceptions import SecurityError, UndefinedError

        from . import sandbox, template_errors

        self.check_fields(context)
        try:
            xml = self._template.render(context) if self.trusted else sandbox.render(self._template, context)
        except sandbox.BoundExceeded as exc:
            raise TemplateError(str(exc), location=Location(self.name), code="DG-TEMPLATE-BOUND",
                                hint="请检查模板中的循环和运算。/ check the template's loops and expressions.") from None
        except RecursionError:
            raise TemplateError("模板递归过深（宏调用自身？）/ the template recurses too deeply",
                                location=Location(self.name), code="DG-TEMPLATE-BOUND") from None
        except MemoryError:
            raise TemplateError("模板渲染所需内存过多 / the template needs too much memory",
                                location=Location(self.name), code="DG-TEMPLATE-BOUND") from None
        except SecurityError as exc:
            raise template_errors.unsafe(self.name, self._document_xml(), str(exc)) from None
        except UndefinedError as exc:
            from jinja2.utils import missing

            name = getattr(exc, "name", None)
            if not isinstance(name, str):
                raise TemplateError(f"模板引用了不存在的字段 / unknown field: {exc.message}",
                                    location=Location(self.name), hint="请检查模板中 {{ }} 里的字段名。") from None
            raise template_errors.unknown_field(self.name, self._document_xml(), getattr(exc, "owner", missing),
                                                name, context) from None
        except JinjaError as exc:
            raise (self._syntax_error(str(exc), "") if "No filter named" in str(exc) or "No test named" in str(exc)
                   else TemplateError(f"模板渲染失败 / template error: {exc}", location=Location(self.name))) from None
        except (TypeError, ValueError, AttributeError, ArithmeticError, LookupError) as exc:
            raise TemplateError(f"模板渲染失败 / template error: {exc}", location=Location(self.name)) from None
        xml = _finish_layout(xml)
        if not self.trusted:
            problem = xml_problem(xml.encode("utf-8"))
            if problem:
                raise TemplateError(f"模板生成的文档 XML 格式错误（{problem}），未写入任何文件 / the template "
                                    "produced malformed XML; nothing was written", location=Location(self.name),
                                    hint="通常是 {% if %}/{% for %} 等标签跨越了段落或表格边界；请改用 {%p %} 或 {%tr %}。")
        return xml

    def render(self, context: Mapping[str, Any], *, title: Optional[str] = None,
               faces: Optional[FaceChoice] = None) -> bytes:
        """Render a complete .docx.

        ``faces`` (a :class:`docgen.faces.FaceChoice`) names the chosen 仿宋/楷体 faces in the
        document and warns about characters the GB2312 faces lack.  Each edit of the template's
        styles that the GB/T 9704 layout replaced is reported as a :class:`~docgen.errors.DocgenWarning`.
        The document is stamped (docProps/custom.xml), so a later render can tell whether it was changed.
        """
        from .errors import warn
        from .package import stamp_entry, zip_bytes, zip_entry

        for message, hint in self.replaced:
            warn(message, location=Location(self.name), hint=hint or None)
        xml = self.render_xml(context)
        static = self._entries
        if faces is not None:
            faces.check(xml)
            if faces.substitutions:
                xml = faces.apply(xml)
                static = self._entries_with(faces.substitutions)
        document = zip_entry(DOCUMENT, xml.encode("utf-8"))
        entries = [document if entry is None else entry for entry in static]
        if title:
            core = zip_entry(CORE, _core_xml(title))
            if CORE in self._names:
                entries[self._names.index(CORE)] = core
            else:
                entries.append(core)
        entries.append(stamp_entry(entries, self._custom))
        return zip_bytes(entries)

    def _entries_with(self, faces: Mapping[str, str]) -> list[Optional[ZipEntry]]:
        """The static zip entries with other font faces named (styles, font table …), made once per choice."""
        key = tuple(sorted(faces.items()))
        with _CACHE_LOCK:
            cached = self._face_entries.get(key)
        if cached is None:
            from .faces import replace_faces
            from .package import STATIC_LEVEL, zip_entry

            cached = list(self._entries)
            for index, name in enumerate(self._names):
                data = self.parts[name]
                if cached[index] is not None and name.endswith(".xml") and any(f.encode() in data for f in faces):
                    changed = replace_faces(data.decode("utf-8"), faces).encode("utf-8")
                    cached[index] = zip_entry(name, changed, STATIC_LEVEL)
            with _CACHE_LOCK:
                self._face_entries[key] = cached
        return cached


def xml_problem(data: bytes) -> Optional[str]:
    """Why ``data`` is not well-formed XML (with line and column), or None.  DOCTYPE and entity
    declarations count as problems: a template has no use for them, and they can expand without bound."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def _refuse_doctype(*args: Any) -> None:
        raise ValueError("DOCTYPE")

    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return f"第 {exc.lineno} 行第 {exc.offset + 1} 列：{expat.ErrorString(exc.code)} / line {exc.lineno}, " \
               f"column {exc.offset + 1}"
    except ValueError:
        return "含有 DOCTYPE/实体声明，出于安全原因不处理 / holds a DOCTYPE or entity declaration"
    return None


def _check_parts(name: str, parts: Mapping[str, bytes]) -> None:
    """Refuse a user's template that is not a usable Word document, naming the part and place."""
    from .package import is_xml_part

    if DOCUMENT not in parts:
        raise TemplateError(f"模板中没有 {DOCUMENT}，不是 Word 文档 / the template has no {DOCUMENT}: not a Word document",
                            location=Location(name), hint="请用 Word/WPS 另存为 .docx（不是 .doc 或 .wps）。")
    for part, data in parts.items():
        if is_xml_part(part):
            problem = xml_problem(data)
            if problem:
                raise TemplateError(f"模板中的 {part} 不是有效的 XML：{problem} / {part} is not well-formed XML",
                                    location=Location(name), hint="请用 Word/WPS 打开并另存为 .docx 后重试。")


def _finish_layout(xml: str) -> str:
    from .layout import finish  # title lines, 落款 placement, 落款 page (per document)

    return finish(xml)


def _core_xml(title: str) -> bytes:
    from xml.sax.saxutils import escape

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>docgen</dc:creator></cp:coreProperties>").encode("utf-8")


_CACHE: dict[tuple[str, int, int], CompiledTemplate] = {}
_CACHE_LOCK = threading.Lock()


def check_template_dir(folder: Union[str, os.PathLike[str]], expected: Mapping[str, str]) -> set[str]:
    """The file names of ``expected`` (file name → what it is for) present in ``folder``.

    A folder that does not exist, or holds none of them, is a :class:`TemplateError` naming the
    expected files: rendering would otherwise quietly use the built-in templates.  Other ``.docx``
    files in it (a renamed copy, say) are named in a warning, since docgen never reads them.
    """
    from .errors import warn

    path = Path(folder)
    names = "、".join(f"{name}（{label}）" for name, label in expected.items())
    hint = f"文件夹中的模板应使用这些文件名 / expected file names: {names}；可用 docgen templates export 导出。"
    if not path.is_dir():
        what = "不是文件夹" if path.exists() else "不存在"
        raise TemplateError(f"模板文件夹{what} / template folder {'is not a folder' if path.exists() else 'not found'}",
                            location=Location(str(path)), hint=hint)
    present = {p.name for p in path.iterdir() if p.is_file()}
    found = set(expected) & present
    others = sorted(n for n in present - found if n.lower().endswith(".docx") and not n.startswith(("~$", ".")))
    if not found:
        extra = f"（其中有 {'、'.join(others)}，但文件名不对 / wrongly named）" if others else ""
        raise TemplateError(f"模板文件夹中没有 docgen 认得的模板{extra} / no docgen template in the folder",
                            location=Location(str(path)), hint=hint)
    if others:
        warn(f"模板文件夹中的 {'、'.join(others)} 不会被使用：文件名不是 docgen 认得的 / not used: unknown file names",
             location=Location(str(path)), hint=hint)
    return found


def load(path: Union[str, os.PathLike[str]]) -> CompiledTemplate:
    """The compiled template at ``path``, cached per process (reloaded when the file changes).

    A template that is not one of docgen's own is untrusted: it must be a regular file within
    :mod:`docgen.package`'s size bounds, its parts well-formed XML without DOCTYPE, and each
    document it renders is checked for well-formed XML before anything is written.
    """
    from .resources import templates_dir

    p = Path(path)
    try:
        stat = p.stat()
        resolved = p.resolve()
    except FileNotFoundError:
        raise TemplateError("找不到模板文件 / template not found", location=Location(str(p))) from None
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件：{exc.strerror} / cannot read the template",
                            location=Location(str(p))) from None
    key = (str(resolved), stat.st_mtime_ns, stat.st_size)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is None:
        from .package import read_parts

        trusted = resolved.parent == templates_dir().resolve()
        cached = CompiledTemplate(str(p), read_parts(p, error=TemplateError), trusted=trusted)
        with _CACHE_LOCK:
            _CACHE[key] = cached
    return cached
