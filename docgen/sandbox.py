"""Bounds on what a template may cost: time, work, the size of any value and of the output.

Jinja's sandbox stops a template from reaching Python internals, but not from exhausting the
machine: ``{% for i in range(99999) %}{% for j in range(99999) %}`` runs for hours,
``{{ "x" * 10**10 }}`` or ``{{ 9**9**9 }}`` allocate gigabytes in one step, ``lipsum(10**8)``
writes a book.  A user's template (``--template``, ``--template-dir``, or a web form in front of
docgen) is untrusted input, so every render runs under a :class:`Budget`:

* work — each loop iteration, call and filter is a step; a render may take :data:`MAX_STEPS`
  and :data:`MAX_RENDER_SECONDS` (checked as it goes, so a loop that prints nothing is stopped);
* values — an operation that would build a string, list or number larger than
  :data:`MAX_VALUE_CHARS` / :data:`MAX_NUMBER_BITS` is refused *before* it runs (``*``, ``**``,
  ``%`` and format widths, ``replace``, ``join``, ``center``, ``indent``…), and every result is
  checked after;
* output — the document XML may not exceed :data:`MAX_OUTPUT_CHARS`.

Any of these ends the render with :class:`~docgen.errors.TemplateError` naming the bound.  The
built-in templates stay far inside every bound (a 9,000-task plan takes ~110,000 steps).
"""
from __future__ import annotations

import functools
import re
import string
import threading
import time
from typing import Any, Callable, Iterable, Iterator, Mapping, TypeVar

from jinja2 import Template, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Wall-clock time one document's render may take.  Real documents render in milliseconds (the
#: largest a campaign may be, 9,999 tasks, in 2–3 s on a busy machine); beyond this it is a runaway loop.
MAX_RENDER_SECONDS = 10.0
#: Loop iterations + calls + filters in one render: a 9,000-task plan takes ~110,000.
MAX_STEPS = 500_000
#: Characters (or items) in any one value a template builds: the longest real paragraph is a few
#: thousand characters; 4M characters is 16 MB of memory at worst.
MAX_VALUE_CHARS = 4_000_000
#: Size of the rendered document XML: a 9,999-task table with long texts is ~14M characters; more than this is
#: not a document anyone files (and its tree in memory would pass a gigabyte).
MAX_OUTPUT_CHARS = 60_000_000
#: Bits in a number a template computes: ``9**9**9`` would take hours and gigabytes; any real
#: figure (a count, a percentage, a year) needs fewer than 64.
MAX_NUMBER_BITS = 4096
#: Largest number a filter or method takes as a width, count or indent (center(80), truncate(255),
#: slice(3)): beyond it a single call allocates far more than any document holds.
MAX_INT_ARGUMENT = 100_000

_CHECK_CLOCK_EVERY = 1024   # steps between clock readings (reading it costs more than a step)


class BoundExceeded(Exception):
    """A template went past one of this module's bounds (``str()`` says which, in Chinese and English)."""


class Budget:
    """The work, time and output one render may still use."""

    __slots__ = ("deadline", "steps", "seconds")

    def __init__(self, seconds: float = MAX_RENDER_SECONDS):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        if not self.steps % _CHECK_CLOCK_EVERY:
            if self.steps > MAX_STEPS:
                raise BoundExceeded(f"模板运算量过大（超过 {MAX_STEPS:,} 步循环/调用），已停止 / "
                                    f"the template did more than {MAX_STEPS:,} loop steps and calls")
            if time.monotonic() > self.deadline:
                raise BoundExceeded(f"模板渲染超过 {self.seconds:g} 秒，已停止（可能是循环过多）/ "
                                    f"rendering took more than {self.seconds:g} s (a runaway loop?)")


_ACTIVE = threading.local()


def _step() -> None:
    budget = getattr(_ACTIVE, "budget", None)
    if budget is not None:
        budget.step()


def _size(value: Any, depth: int = 0) -> int:
    """Characters a value stands for when printed or joined: its length, plus — for containers —
    the size of what it holds (``[s] * 1000`` holds s a thousand times).  Stops counting past the bound."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        value = list(value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        total = len(value)
        if depth < 4:
            for item in value:
                total += _size(item, depth + 1)
                if total > MAX_VALUE_CHARS:
                    break
        return total
    return 0


def _refuse(what: str) -> BoundExceeded:
    return BoundExceeded(f"模板中的运算结果过大（{what}），已停止 / a value in the template would be too large ({what})")


_T = TypeVar("_T")


def _checked(value: _T) -> _T:
    if _size(value) > MAX_VALUE_CHARS:
        raise _refuse(f"超过 {MAX_VALUE_CHARS:,} 个字符或项 / over {MAX_VALUE_CHARS:,} characters or items")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_NUMBER_BITS:
        raise _refuse(f"数字超过 {MAX_NUMBER_BITS} 位二进制 / a number over {MAX_NUMBER_BITS} bits")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# printf-style conversions ("%08.3f", "%*d") and str.format specs ("{:>80}"): the widths they ask for.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_WIDTHS = re.compile(r"\d+")


def _check_printf(template: Any) -> None:
    if not isinstance(template, str):
        return
    for match in _PRINTF.finditer(template):
        for width in match.groups():
            if width == "*" or (width and int(width) > MAX_INT_ARGUMENT):
                raise _refuse(f"格式宽度 {width} / format width {width}")


def _check_format(template: Any) -> None:
    if not isinstance(template, str):
        return
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return  # str.format raises its own error for it
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _refuse("嵌套的格式宽度 / nested format width")
        if any(int(w) > MAX_INT_ARGUMENT for w in _WIDTHS.findall(spec)):
            raise _refuse(f"格式宽度 {spec} / format width {spec}")


_PER_ITEM_WIDTH = {"tojson", "pprint", "expandtabs", "dumps"}


def _check_arguments(subject: Any, args: Iterable[Any], name: str = "") -> None:
    """Refuse, before it runs, a call whose result would be far larger than its inputs."""
    args = list(args)
    for arg in args:
        if _is_int(arg) and abs(arg) > MAX_INT_ARGUMENT:
            raise _refuse(f"参数 {arg} / argument {arg}")
    base = _size(subject) or (len(str(subject)) if isinstance(subject, (int, float)) else 0)
    for arg in args:
        # replace(old, new), join(sep), indent(prefix), wordwrap(wrapstring=…): the argument can be
        # copied once per character or item of the subject.
        if isinstance(arg, str) and len(arg) > 1 and len(arg) * max(base, 1) > MAX_VALUE_CHARS:
            raise _refuse(f"{name or '调用'}的参数 × 内容长度 / argument × subject length")
    if name in ("replace",) and len(args) >= 2 and isinstance(subject, str) and isinstance(args[1], str):
        times = (len(subject) + 1) if args[0] == "" else subject.count(args[0]) if isinstance(args[0], str) else 0
        if len(subject) + times * len(args[1]) > MAX_VALUE_CHARS:
            raise _refuse("replace")
    if name == "join":
        items, sep = (subject, args[0] if args else "") if not isinstance(subject, str) else \
            (args[0] if args else (), subject)
        if isinstance(items, (list, tuple)) and isinstance(sep, str) and \
                _size(items) + len(sep) * len(items) > MAX_VALUE_CHARS:
            raise _refuse("join")
    if name == "indent" and args and _is_int(args[0]) and isinstance(subject, str):
        if args[0] * (subject.count("\n") + 1) > MAX_VALUE_CHARS:
            raise _refuse("indent")
    if name in _PER_ITEM_WIDTH:
        # tojson(indent=n), pprint, expandtabs(n): n characters for every item, line or tab.
        for arg in args:
            if _is_int(arg) and arg * (base + 1) > MAX_VALUE_CHARS:
                raise _refuse(f"{name}({arg})")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "**" and _is_int(left) and _is_int(right):
        if right > 0 and abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_NUMBER_BITS:
            raise _refuse(f"{left} ** {right}")
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
                raise _refuse("数字相乘 / product")
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and _is_int(times) and \
                    max(_size(seq), 1) * times > MAX_VALUE_CHARS:
                raise _refuse(f"重复 {times} 次 / repeated {times} times")
    elif operator == "+" and _size(left) + _size(right) > MAX_VALUE_CHARS:
        raise _refuse("+")
    elif operator == "%":
        _check_printf(left)


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _step()
        # pass_context / pass_environment filters get that first; the filtered value comes next.
        rest = list(args)
        if getattr(func, "jinja_pass_arg", None) is not None and rest:
            rest = rest[1:]
        subject, extra = (rest[0], rest[1:]) if rest else (None, [])
        _check_arguments(subject, list(extra) + list(kwargs.values()), name)
        if name == "format":
            _check_printf(subject)
        return _checked(func(*args, **kwargs))

    return guarded


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with every render bounded (see the module docstring).

    Templates compiled by :meth:`compile_bounded` count their loop iterations; calls, filters and
    the ``* ** + %`` operators are checked here; ``lipsum`` (a text generator) is removed.
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)

    def guard_filters(self) -> None:
        """Wrap every filter (built-in and docgen's) so it counts as a step and is size-checked."""
        for name, func in list(self.filters.items()):
            if not getattr(func, "_docgen_guarded", False):
                guarded = _guard_filter(name, func)
                setattr(guarded, "_docgen_guarded", True)   # a mark on a function object: no type has it
                self.filters[name] = guarded

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _checked(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805,B902
        _step()
        # The sandbox hands out str.format wrapped (its __wrapped__ is the bound method).
        target = getattr(__obj, "__wrapped__", __obj)
        name = getattr(target, "__name__", "")
        subject = getattr(target, "__self__", None)
        _check_arguments(subject, list(args) + list(kwargs.values()), name)
        if name in ("format", "format_map") and isinstance(subject, str):
            _check_format(subject)
        return _checked(super().call(__context, __obj, *args, **kwargs))

    # Reached from templates through :func:`bound_loops`: loop iterables and ~ joins.
    @staticmethod
    def docgen_loop(iterable: Iterable[_T]) -> Iterator[_T]:
        for item in iterable:
            _step()
            yield item

    @staticmethod
    def docgen_value(value: _T) -> _T:
        return _checked(value)


def bound_loops(ast: nodes.Template) -> nodes.Template:
    """Make every ``{% for %}`` of a parsed template count its iterations, and every ``~`` join
    check its size (rewriting the tree once, at compile time)."""
    for loop in ast.find_all(nodes.For):
        loop.iter = nodes.Call(nodes.EnvironmentAttribute("docgen_loop"), [loop.iter], [], None, None,
                               lineno=loop.lineno)
    for join in list(ast.find_all(nodes.Concat)):
        # Wrap in place: a Concat node's own children become the wrapped copy's.
        inner = nodes.Concat(join.nodes, lineno=join.lineno)
        join.nodes = [nodes.Call(nodes.EnvironmentAttribute("docgen_value"), [inner], [], None, None,
                                 lineno=join.lineno)]
    return ast


def render(template: Template, context: Mapping[str, Any], *, seconds: float = MAX_RENDER_SECONDS) -> str:
    """Render a compiled ``template`` under a fresh :class:`Budget`; :class:`BoundExceeded` past a bound."""
    previous = getattr(_ACTIVE, "budget", None)
    _ACTIVE.budget = Budget(seconds)
    try:
        chunks: list[str] = []
        total = 0
        append = chunks.append
        for chunk in template.root_render_func(template.new_context(dict(context))):
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise BoundExceeded(f"模板生成的文档过大（超过 {MAX_OUTPUT_CHARS:,} 个字符）/ "
                                    f"the document would exceed {MAX_OUTPUT_CHARS:,} characters")
            append(chunk)
        return "".join(chunks)
    finally:
        _ACTIVE.budget = previous


__all__ = ["BoundedSandbox", "Budget", "BoundExceeded", "bound_loops", "render", "MAX_RENDER_SECONDS", "MAX_STEPS",
           "MAX_VALUE_CHARS", "MAX_OUTPUT_CHARS", "MAX_NUMBER_BITS", "MAX_INT_ARGUMENT"]
