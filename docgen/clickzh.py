"""click's own words in Chinese with English alongside, like docgen's own messages.

click writes its usage errors (``Missing argument 'FILES...'.``) and help headings
(``Usage:``, ``Options:``) in English.  docgen's command group is a :class:`Group`
(``@click.group(cls=clickzh.Group)``; its commands and sub-groups follow), whose help is
written by :class:`HelpFormatter` and whose usage errors read::

    用法 / Usage: docgen render [OPTIONS] FILES...
    请运行 'docgen render --help' 查看帮助 / Try 'docgen render --help' for help.

    错误 / error: 缺少参数 FILES... / Missing argument 'FILES...'.

with exit code 2, as click's own.  The English is click's text, unchanged: the Chinese is
put in front of it, never instead, so a message this module does not know still reads.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Optional

import click

_CJK = re.compile(r"[\u3400-\u9fff]")

# click's messages (click 8.1–8.5 wording) → Chinese; {fields} are the English's own groups.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), chinese) for pattern, chinese in (
    (r"Missing argument '?(?P<a>[^']+?)'?\.(?=\s|$)", "缺少参数 {a}。"),
    (r"Missing option '?(?P<a>[^']+?)'?\.(?=\s|$)", "缺少选项 {a}。"),
    (r"Missing parameter:? '?(?P<a>[^']*?)'?\.?(?=\s|$)", "缺少参数 {a}。"),
    (r"No such option:? '?(?P<a>[^'\s]+?)'?\.?(?=\s|$)", "没有选项 {a}。"),
    (r"No such command:? '?(?P<a>[^'\s]+?)'?\.?(?=\s|$)", "没有命令 {a}。"),
    (r"\(?Did you mean one of:? (?P<a>.+?)\?\)?$", "是否想写以下之一：{a}？"),
    (r"Did you mean (?P<a>.+?)\?", "是否想写 {a}？"),
    (r"Option '(?P<a>[^']+)' requires an argument\.", "选项 {a} 后面要跟一个值。"),
    (r"Option '(?P<a>[^']+)' requires (?P<n>\d+) arguments\.", "选项 {a} 后面要跟 {n} 个值。"),
    (r"Option '(?P<a>[^']+)' does not take a value\.", "选项 {a} 后面不能跟值。"),
    (r"Argument '(?P<a>[^']+)' takes (?P<n>\d+) values\.", "参数 {a} 要跟 {n} 个值。"),
    (r"Got unexpected extra arguments? \((?P<a>.*)\)", "多出了参数：{a}。"),
    (r"Missing command\.", "缺少命令。"),
    (r"'(?P<v>[^']*)' is not one of (?P<c>.+?)\.$", "“{v}”不是可选值，可选：{c}。"),
    (r"'(?P<v>[^']*)' is not (?P<c>'[^']*')\.$", "“{v}”不是可选值，只能是 {c}。"),
    (r"'(?P<v>[^']*)' is not a valid integer(?: range)?\.", "“{v}”不是整数。"),
    (r"'(?P<v>[^']*)' is not a valid float(?: range)?\.", "“{v}”不是数字。"),
    (r"'(?P<v>[^']*)' is not a valid boolean\.", "“{v}”不是是/否值。"),
    (r"(?P<v>\S+) is not in the range (?P<r>.+?)\.$", "{v} 不在允许的范围 {r} 内。"),
    (r"(?:File|Directory|Path) '(?P<f>.*)' does not exist\.", "“{f}”不存在。"),
    (r"(?:File|Directory|Path) '(?P<f>.*)' is a directory\.", "“{f}”是文件夹，这里要的是文件。"),
    (r"(?:File|Directory|Path) '(?P<f>.*)' is a file\.", "“{f}”是文件，这里要的是文件夹。"),
    (r"(?:File|Directory|Path) '(?P<f>.*)' is not readable\.", "“{f}”无法读取。"),
    (r"(?:File|Directory|Path) '(?P<f>.*)' is not writable\.", "“{f}”无法写入。"),
    (r"Could not open file '?(?P<f>[^':]*)'?: ", "无法打开文件“{f}”："),
))
_INVALID = re.compile(r"Invalid value(?: for (?P<a>.+?))?: (?P<m>.*)", re.S)

# click's help texts and headings.
_HELP = {
    "Show this message and exit.": "显示本帮助并退出 / Show this message and exit.",
    "Show the version and exit.": "显示版本号并退出 / Show the version and exit.",
}
_HEADINGS = {"Options": "选项 / Options", "Commands": "命令 / Commands", "Arguments": "参数 / Arguments",
             "Positional arguments": "参数 / Arguments"}
_EXTRAS = ((re.compile(r"\[default: "), "[默认 / default: "), (re.compile(r"\brequired\]"), "必填 / required]"),
           (re.compile(r"\[env var: "), "[环境变量 / env var: "))


def translate(message: str) -> str:
    """``message`` (one of click's) as ``中文 / English``; the English alone is never lost.

    A message whose own words are already Chinese (a docgen check raising ``BadParameter``)
    gets only click's English frame translated.
    """
    invalid = _INVALID.fullmatch(message)
    inner = invalid.group("m") if invalid else message
    chinese = inner
    for pattern, template in _MESSAGES:
        chinese = pattern.sub(lambda m, t=template: t.format(**m.groupdict()), chinese)
    chinese = re.sub(r"。\s+", "。", chinese)
    own = chinese == inner and _CJK.search(inner) is not None     # docgen's own words, already bilingual
    if invalid:
        chinese = (f"{invalid.group('a')} 的值无效：" if invalid.group("a") else "值无效：") + chinese
    elif chinese == message:
        return message if own else f"命令行用法有误 / {message}"
    return chinese if own else f"{chinese.rstrip('。')} / {message}"


class HelpFormatter(click.HelpFormatter):
    """click's help layout with the headings and click's own help texts in Chinese too."""

    def write_usage(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        super().write_usage(prog, args, "用法 / Usage: " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_HEADINGS.get(name, name)):
            yield

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _help_text(text)) for term, text in rows], col_max, col_spacing)


def _help_text(text: str) -> str:
    for english, both in _HELP.items():
        text = text.replace(english, both)
    for pattern, chinese in _EXTRAS:
        text = pattern.sub(chinese, text)
    return text


class Context(click.Context):
    """A context whose help is written by :class:`HelpFormatter`."""

    formatter_class = HelpFormatter


class Command(click.Command):
    """A docgen command: Chinese-and-English help."""

    context_class = Context


class Group(click.Group):
    """docgen's command group: Chinese-and-English help, and click's usage errors shown as
    ``错误 / error: 中文 / English`` (exit code 2).  Commands and sub-groups made with
    ``@group.command()`` / ``@group.group()`` are of this module's classes too."""

    context_class = Context
    command_class = Command
    group_class = type      # sub-groups are of this same class

    def main(self, args: Optional[Sequence[str]] = None, prog_name: Optional[str] = None,
             complete_var: Optional[str] = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        # click's standalone mode, with the error report in docgen's words: run without it
        # and do what it does (report, then exit with the error's code).
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            show(error)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已中止 / Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def show(error: click.ClickException) -> None:
    """Print ``error`` on stderr as click would, in Chinese with English alongside."""
    no_args_help = getattr(click.exceptions, "NoArgsIsHelpError", None)
    if no_args_help is not None and isinstance(error, no_args_help):
        error.show()        # the help text itself (click >= 8.2 exits 2 after it)
        return
    ctx = error.ctx if isinstance(error, click.UsageError) else None
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True, color=ctx.color)
        names = ctx.command.get_help_option_names(ctx) if ctx.command.get_help_option(ctx) is not None else []
        if names:
            command = f"{ctx.command_path} {max(names, key=len)}"
            click.echo(f"请运行 '{command}' 查看帮助 / Try '{command}' for help.\n", err=True, color=ctx.color)
    click.echo(f"错误 / error: {translate(error.format_message())}", err=True)
