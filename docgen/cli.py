"""The ``docgen`` command line (click).

Every command turns a :class:`~docgen.errors.DocgenError` into a message on
stderr and its exit code (2 for invalid input, 1 otherwise); ``--debug`` shows
the traceback.  Heavy modules are imported inside commands so ``--help`` is instant.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

import click

from . import __version__
from .errors import DocgenError

if TYPE_CHECKING:
    from typing import ParamSpec, TypeVar

    from click.shell_completion import CompletionItem

    from .batch import ItemResult
    from .errors import DocgenWarning
    from .model import Campaign
    from .package import FileIdentity

    _P = ParamSpec("_P")
    _R = TypeVar("_R")

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# ``--debug`` is accepted before and after the subcommand (docgen --debug render … / docgen render … --debug);
# it lands in the context's meta, which every sub-context shares.
_DEBUG = "docgen.debug"


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG] = True


debug_option = click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug,
                            help="出错时显示完整的 Python 调用栈 / show tracebacks.")


class KindChoice(click.Choice[str]):
    """``--kind``: the registered document kinds and ``all``, with their Chinese names in shell completion.

    The registry is read only when the choices are needed (parsing a value, help, completion),
    so ``docgen --help`` does not import it.
    """

    def __init__(self) -> None:
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        from . import kinds

        return tuple(kinds.KINDS) + ("all",)

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:  # click's __init__ assigns it; the registry is the source
        pass

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from . import kinds

        labels = {name: spec.label for name, spec in kinds.KINDS.items()}
        labels["all"] = "全部文档 / every kind the data supports"
        return [CompletionItem(name, help=labels[name]) for name in self.choices if name.startswith(incomplete)]


# --- click's own messages in Chinese, English alongside (usage errors, help headings) -----------
# click looks its messages up through gettext at the moment it prints them; docgen's commands
# answer those look-ups from this table, so `docgen render --kind poem` reads like docgen's own
# errors.  Unknown messages (other click versions) stay English.
_CLICK_MESSAGES = {
    "Usage:": "用法 / Usage:",
    "Options": "选项 / Options",
    "Commands": "命令 / Commands",
    "Positional arguments": "参数 / Arguments",
    "Show this message and exit.": "显示本帮助并退出 / show this message and exit.",
    "Show the version and exit.": "显示版本并退出 / show the version and exit.",
    "default: {default}": "默认 / default: {default}",
    "required": "必填 / required",
    "Error: {message}": "错误 / error: {message}",
    "Try '{command} {option}' for help.": "查看帮助 / for help: {command} {option}",
    "Aborted!": "已中止 / aborted",
    "Missing argument": "缺少参数 / missing argument",
    "Missing option": "缺少选项 / missing option",
    "Missing parameter": "缺少参数 / missing parameter",
    "Missing {param_type}": "缺少 / missing {param_type}",
    "Missing parameter: {param_name}": "缺少参数 / missing parameter: {param_name}",
    "Missing command.": "缺少命令 / missing command.",
    "No such command {name!r}.": "没有命令 {name!r} / no such command.",
    "No such command '{name}'.": "没有命令 '{name}' / no such command.",
    "No such option {name!r}.": "没有选项 {name!r} / no such option.",
    "No such option: {name}": "没有选项 {name} / no such option.",
    "Did you mean {possibility}?": "是不是 {possibility}？/ did you mean {possibility}?",
    "(Did you mean one of: {possibilities}?)": "（是不是以下之一 / did you mean one of: {possibilities}?）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效 / invalid value: {message}",
    "Invalid value: {message}": "值无效 / invalid value: {message}",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一 / is not one of {choices}.",
    "{value!r} is not {choice}.": "{value!r} 不是 / is not {choice}.",
    "Choose from:\n\t{choices}": "可选 / choose from:\n\t{choices}",
    "Got unexpected extra argument ({args})": "多余的参数 / unexpected extra argument ({args})",
    "Got unexpected extra arguments ({args})": "多余的参数 / unexpected extra arguments ({args})",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值 / requires an argument.",
    "Option '{name}' requires an argument.": "选项 '{name}' 需要一个值 / requires an argument.",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值 / requires {nargs} arguments.",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值 / does not take a value.",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数 / is not a valid {number_type}.",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内 / is not in the range.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} 不是是非值 / is not a valid boolean: {states}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在 / does not exist.",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹 / is a file.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件 / is a directory.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取 / is not readable.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入 / is not writable.",
}


def _click_message(message: str) -> str:
    return _CLICK_MESSAGES.get(message, message)


def _click_plural(singular: str, plural: str, n: int) -> str:
    return _click_message(singular if n == 1 else plural)


def _speak_chinese() -> None:
    """Answer click's message look-ups from :data:`_CLICK_MESSAGES` (once per process)."""
    import importlib

    for name in ("core", "exceptions", "types", "parser", "formatting", "decorators", "termui"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        # Replacing the module's own gettext names: attributes no type declares.
        if getattr(module, "_", None) is not None:
            setattr(module, "_", _click_message)
        if getattr(module, "ngettext", None) is not None:
            setattr(module, "ngettext", _click_plural)


class DocgenGroup(click.Group):
    """The ``docgen`` group: click's own messages in Chinese with English alongside."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _speak_chinese()
        return super().main(*args, **kwargs)


def _fail(error: DocgenError) -> None:
    click.echo(f"错误 / error: {error}", err=True)
    if error.hint and len(error.problems) == 1 and error.hint not in str(error):
        click.echo(f"  {error.hint}", err=True)


def _warn(warning: object, quiet: bool = False) -> None:
    if not quiet:
        click.echo(f"提示 / warning: {warning}", err=True)


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_DEBUG))


def handle_errors(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``command``; report docgen errors plainly and unexpected ones briefly (traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        debug = _debugging()
        try:
            return command(*args, **kwargs)
        except DocgenError as error:
            if debug:       # the traceback, and the same exit code as without --debug (scripts test it)
                import traceback

                traceback.print_exc()
            _fail(error)
            sys.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("已中断 / interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # noqa: BLE001 - last resort: no traceback for users
            if debug:
                raise
            click.echo(f"内部错误 / internal error: {type(error).__name__}: {error}", err=True)
            click.echo("  请加 --debug 重新运行并把输出报告给维护者。/ rerun with --debug and report it.", err=True)
            sys.exit(1)

    return wrapper


@click.group(cls=DocgenGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="docgen",
                      help="显示版本并退出 / show the version and exit.")
@debug_option
def main() -> None:
    """docgen：用一份活动 YAML 生成符合 GB/T 9704-2012 的公文（实施方案、动员讲话、工作总结、印发通知）。

    \b
    常用命令 / common commands:
      docgen init 活动.yaml             生成带注释的示例文件
      docgen validate 活动.yaml         检查文件是否填写正确
      docgen render 活动.yaml           生成实施方案 .docx
      docgen render 活动.yaml --kind all -o 输出/   生成全部文档
    """


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-k", "--kind", "kinds", multiple=True, default=("plan",), show_default=True, type=KindChoice(),
              help="文档种类，可重复：-k plan -k speech；all 表示数据足够的全部文档 / document kind (repeatable), or 'all'.")
@click.option("-o", "--output", type=click.Path(),
              help="输出文件或文件夹（以 / 结尾或多种文档时为文件夹，不存在则创建）；默认以文档标题命名，放在 YAML 文件旁边。")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己修改过的 .docx 模板（单一种类时）。")
@click.option("--template-dir", type=click.Path(path_type=Path),
              help="模板文件夹（由 docgen templates export 导出并修改），按种类取其中的同名模板，"
                   "文件名见 docgen templates --help。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成同名 PDF / also write a PDF next to each .docx.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="并行进程数（多个文件或文件夹时），默认为全部 CPU 核心 / worker processes (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="只输出错误 / print errors only.")
@click.option("-w", "--watch", is_flag=True,
              help="保存输入文件或模板后自动重新生成，按 Ctrl-C 结束 / re-render whenever the files change.")
@click.option("-f", "--force", is_flag=True,
              help="覆盖已有的同名文件，即使它不是 docgen 生成的或生成后被修改过（默认保留该文件，新文档另存为"
                   "“标题 (2).docx”）/ replace files even if changed since docgen wrote them.")
@debug_option
@handle_errors
def render(files: tuple[Path, ...], kinds: tuple[str, ...], output: Optional[str], template: Optional[Path],
           template_dir: Optional[Path], pdf: bool, jobs: Optional[int], quiet: bool, watch: bool,
           force: bool) -> None:
    """根据活动 YAML 文件生成公文 .docx / render documents from campaign files.

    FILES 可以是多个文件或文件夹（递归查找 *.yaml、*.yml）：每个输入文件的文档放在以该文件命名的子文件夹中，
    多进程并行生成，出错的文件在最后统一列出。
    / FILES may be several files or folders (searched recursively): each input gets its own
    sub-folder, inputs render in parallel, and errors are listed at the end.

    使用自己的模板（--template / --template-dir）时，docgen 会用 docgen check 检查生成的文档，
    不符合 GB/T 9704 时给出提示。/ With your own templates the output is checked against GB/T 9704.

    已有同名文件时：若是 docgen 生成且未被修改，直接更新；若在 Word/WPS 中改过（或不是 docgen 生成的），
    保留原文件，新文档写为“标题 (2).docx”并给出提示；加 --force 则直接覆盖。输出绝不会覆盖输入的 YAML 或所用模板。
    / An existing file docgen wrote and nobody changed is replaced; one edited since (or not
    written by docgen) is kept and the new document gets a " (2)" name, unless --force.

    \b
    例 / examples:
      docgen render 活动.yaml
      docgen render 活动.yaml -k plan -k speech -o 输出/
      docgen render 活动.yaml --kind all -o 输出/ --pdf
      docgen render 各单位/ --kind all -o 输出/ --jobs 4
      docgen render 活动.yaml --watch           # 边改边看：保存后自动重新生成
    """
    from .files import stop_on_sigterm

    run = functools.partial(_render, files, kinds, output, template, template_dir, pdf, jobs, quiet, force)
    # SIGTERM unwinds like Ctrl-C: temporary files removed, workers and LibreOffice stopped.
    with stop_on_sigterm():
        if watch:
            from .watch import watch as watch_files

            watch_files(run, lambda: _watched_paths(files, template, template_dir), on_error=_report_watch_error)
        else:
            run()


def _render(files: tuple[Path, ...], kinds: tuple[str, ...], output: Optional[str], template: Optional[Path],
            template_dir: Optional[Path], pdf: bool, jobs: Optional[int], quiet: bool, force: bool = False) -> None:
    """One render of the command's inputs (the whole command, or one round of --watch)."""
    from . import api, batch, kinds as registry
    from .errors import InputError, Location, MissingDataError, OutputError, collect_warnings

    kind_all = "all" in kinds
    names = list(registry.KINDS) if kind_all else list(dict.fromkeys(kinds))
    # "-o out/" names a folder even before it exists (Path() would drop the slash); so does a new
    # name without an extension ("-o 输出"): a .docx named "输出" would not open on double-click.
    wants_folder = output is not None and (output.endswith(("/", os.sep))
                                           or (not Path(output).suffix and not os.path.lexists(output)))
    out = _output_path(output, create_folder=wants_folder)
    if template and len(names) > 1:
        raise InputError("--template 只能和单一文档种类一起使用 / --template needs a single --kind",
                         hint="多种文档请用 --template-dir。")
    if template_dir is not None:
        _check_template_dir(template_dir, None if kind_all else names, quiet)
    checked = template is not None or template_dir is not None   # user templates: check what they produce
    if len(files) > 1 or any(f.is_dir() for f in files):
        _render_batch(files, "all" if kind_all else names, out, template, template_dir, pdf, jobs, quiet, checked,
                      force)
        return
    # One file: render its documents here; a failing document is reported and the others still written.
    if len(names) > 1 and out is not None:
        if out.exists() and not out.is_dir():
            raise OutputError("要生成多份文档，-o 应是文件夹，不能是已有文件 / with several kinds, -o must be a folder, "
                              "not an existing file", location=Location(str(out)), hint="例如：-o 输出/")
        batch.make_folder(out)
    campaign = api.load(files[0])
    protected = batch.protected_files(files, names, template=template, template_dir=template_dir)
    used: set[str] = set()      # names given out in this run: two kinds with one title get "标题 (2).docx"
    written: list[Path] = []
    failures: list[DocgenError] = []
    shown: set[str] = set()     # a notice about the campaign or a template is printed once, not once per kind
    for name in names:
        notes: list[DocgenWarning] = []
        try:
            with collect_warnings() as notes:
                path = _write_kind(campaign, name, out, used, template=template, template_dir=template_dir,
                                   force=force, protected=protected)
        except MissingDataError as error:
            if len(names) == 1:
                raise
            if not kind_all:
                failures.append(error)
                _fail(error)
            elif not quiet:
                click.echo(f"跳过 / skipped {name}: {error.message}", err=True)
            continue
        except DocgenError as error:
            if len(names) == 1 or _debugging():
                raise
            failures.append(error)
            _fail(error)
            continue
        finally:   # notices issued before a failure are still shown
            for note in notes:
                if str(note) not in shown:
                    shown.add(str(note))
                    _warn(note, quiet)
        written.append(path)
        if not quiet:
            click.echo(f"已生成 / written: {path}")
        if checked:
            _check_output(path, quiet)
    if pdf and written:
        from . import pdf as pdf_module

        for path in pdf_module.convert(written):
            if not quiet:
                click.echo(f"已生成 / written: {path}")
    if failures:
        sys.exit(max(f.exit_code for f in failures))


def _write_kind(campaign: Campaign, kind: str, output: Optional[Path], used: set[str], *, template: Optional[Path],
                template_dir: Optional[Path], force: bool, protected: frozenset[FileIdentity]) -> Path:
    """Render ``kind`` and write it where ``-o`` says: that file, or — for a folder, or next to the
    campaign file — a file named after the title, unique among ``used``.  A file in the way that
    docgen did not write or that was changed since is kept (:func:`docgen.package.keep_changed`)."""
    from . import api
    from .package import keep_changed, write_atomic

    data = api.render(campaign, kind, template=template, template_dir=template_dir)
    if output is not None and not output.is_dir():
        target = output
    else:
        source = Path(campaign.source) if campaign.source else None
        folder = output if output is not None else (source.parent if source and source.exists() else Path.cwd())
        target = folder / api.output_name(campaign, kind)
    return write_atomic(keep_changed(target, force=force, used=used, protected=protected), data)


def _check_template_dir(folder: Path, names: Optional[list[str]], quiet: bool) -> None:
    """An error when ``folder`` is missing or holds no template docgen knows; a notice for the
    requested kinds it has no template for (they use the built-in one)."""
    from . import kinds as registry
    from .errors import collect_warnings
    from .templating import check_template_dir

    expected = {spec.template: spec.label for spec in registry.KINDS.values()}
    with collect_warnings() as notes:
        found = check_template_dir(folder, expected)
    for note in notes:
        _warn(note, quiet)
    for name in names or ():
        spec = registry.get(name)
        if spec.template not in found:
            _warn(f"{folder} 中没有 {spec.template}，{spec.label}使用内置模板 / no {spec.template} in the folder: "
                  f"the built-in template is used", quiet)


def _check_output(path: Path, quiet: bool) -> None:
    """Warn when a document made with the user's templates would fail ``docgen check``."""
    from .checker import check as run_check

    try:
        report = run_check(path)
    except Exception as error:  # noqa: BLE001 - the document is written; the check is a courtesy
        _warn(f"{path}：无法用 docgen check 检查 / could not be checked: {error}", quiet)
        return
    if report.ok:
        return
    errors = report.errors
    shown = "；".join(f"{f.where()} {f.message}" for f in errors[:3]) + ("……" if len(errors) > 3 else "")
    _warn(f"{path}：用自定义模板生成的文档不符合 GB/T 9704（docgen check 发现 {len(errors)} 处错误）/ "
          f"the document made with your template fails docgen check: {shown}\n"
          f"    详见 / details: docgen check {path}", quiet)


def _watched_paths(files: tuple[Path, ...], template: Optional[Path], template_dir: Optional[Path]) -> list[Path]:
    """What --watch polls: the campaign files (folders re-listed each time) and the user's templates."""
    from .batch import find_inputs

    paths: list[Path] = []
    for f in files:
        paths.extend(find_inputs(f) if f.is_dir() else [f])
    if template is not None:
        paths.append(template)
    if template_dir is not None and template_dir.is_dir():
        paths.extend(sorted(p for p in template_dir.glob("*.docx") if not p.name.startswith(("~$", "."))))
    return paths


def _report_watch_error(error: BaseException) -> None:
    """A failed round of --watch: say why and keep watching (the file is probably half-edited)."""
    if isinstance(error, DocgenError):
        _fail(error)
    elif not isinstance(error, SystemExit):
        if _debugging():
            import traceback

            traceback.print_exception(type(error), error, error.__traceback__)
        click.echo(f"内部错误 / internal error: {type(error).__name__}: {error}", err=True)


def _show_progress(quiet: bool) -> bool:
    """A progress bar only for a person watching: stderr is a terminal and not --quiet."""
    try:
        return not quiet and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _output_path(output: Optional[str], *, create_folder: bool) -> Optional[Path]:
    if output is None:
        return None
    path = Path(output)
    if create_folder and not path.is_dir():
        from .errors import Location, OutputError

        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹：{exc.strerror} / cannot create output folder",
                              location=Location(str(path))) from None
    return path


def _render_batch(files: tuple[Path, ...], kinds: Union[str, list[str]], output: Optional[Path], template: Optional[Path], template_dir: Optional[Path],
                  pdf: bool, jobs: Optional[int], quiet: bool, checked: bool = False, force: bool = False) -> None:
    """Several files or folders: render over a process pool, report every failure at the end."""
    from . import batch
    from .errors import Location, OutputError

    if output is not None and output.exists() and not output.is_dir():
        raise OutputError("多个输入时 -o 应是文件夹 / with several inputs, -o must be a folder",
                          location=Location(str(output)), hint="例如：-o 输出/")
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="生成 / rendering", file=sys.stderr,
                                    show_pos=True, show_eta=True, width=30)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        result = batch.render_batch(files, kinds, output, jobs=jobs, pdf=pdf, template=template,
                                    template_dir=template_dir, progress=progress if _show_progress(quiet) else None,
                                    force=force)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _batch_warnings(result.items, quiet)
    if not quiet and bar is None:   # a list of what was written, for logs and scripts
        for item in result.items:
            if item.status == "written":
                click.echo(f"已生成 / written: {item.output}")
                if item.pdf:
                    click.echo(f"已生成 / written: {item.pdf}")
            elif item.status == "skipped" and item.error is not None:   # a skipped item says why
                click.echo(f"跳过 / skipped {item.source} {item.kind}: {item.error.message}", err=True)
    if checked:   # the same templates made every document of a kind: checking the first of each is enough
        firsts: dict[Optional[str], Path] = {}
        for item in result.written:
            if item.output is not None:   # always, for a written item
                firsts.setdefault(item.kind, item.output)
        for path in firsts.values():
            _check_output(path, quiet)
    failed_sources: dict[Path, list[ItemResult]] = {}
    for item in result.failed:
        failed_sources.setdefault(item.source, []).append(item)
        text = str(item.error)
        where = "" if str(item.source) in text else f"{item.source}" + (f"（{item.kind}）" if item.kind else "") + "："
        click.echo(f"错误 / error: {where}{text}", err=True)
        if item.error and item.error.hint and len(item.error.problems) == 1 and item.error.hint not in text:
            click.echo(f"  {item.error.hint}", err=True)
    if not quiet or result.failed:
        docs = len(result.outputs)
        per_second = result.documents_per_second
        rate = f"，{per_second:.{0 if per_second >= 10 else 1}f} 份/秒 / docs/s" if result.seconds and docs else ""
        click.echo(f"完成 / done: {docs} 份文档 / documents"
                   + ("（含 PDF / with PDF）" if pdf else "")
                   + f"，{result.sources} 个输入文件 / input files"
                   + (f"，跳过 / skipped {len(result.skipped)}" if result.skipped else "")
                   + (f"，{len(failed_sources)} 个文件出错 / failed" if failed_sources else "")
                   + f"；{result.seconds:.1f} 秒 / s{rate}，{result.jobs} 进程 / jobs", err=True)
    if result.exit_code:
        sys.exit(result.exit_code)


def _batch_warnings(items: list[ItemResult], quiet: bool) -> None:
    """Each item's notices; one that several documents share (about a template, say) is printed once."""
    counts: dict[str, int] = {}
    for item in items:
        for note in item.warnings:
            counts[note] = counts.get(note, 0) + 1
    printed: set[str] = set()
    for item in items:
        for note in item.warnings:
            if counts[note] == 1:
                _warn(f"{item.source}（{item.kind}）：{note}", quiet)
            elif note not in printed:
                printed.add(note)
                _warn(f"{note}（{counts[note]} 份文档 / documents）", quiet)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：json 供程序读取（输出到标准输出）/ output format.")
@debug_option
@handle_errors
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """检查活动 YAML 文件是否填写正确（列出全部问题）/ validate campaign files.

    FILES 可以是文件或文件夹（递归查找 *.yaml、*.yml）。有问题时退出码为 2。
    / FILES may be files or folders (searched recursively); exit code 2 when a file is invalid.

    \b
    例 / examples:
      docgen validate 活动.yaml
      docgen validate 各单位/ --format json
    """
    import json

    from . import api

    results: list[tuple[Path, Optional[DocgenError]]] = []
    for source in files:
        if source.is_dir():
            from .batch import find_inputs, no_inputs_error

            found = find_inputs(source)
            if not found:
                results.append((source, no_inputs_error(source)))
            results.extend((f, None) for f in found)
        else:
            results.append((source, None))
    worst = 0
    report = []
    for source, error in results:
        if error is None:
            try:
                api.load(source)
            except DocgenError as exc:
                if _debugging():
                    raise
                error = exc
        if error is not None:
            worst = max(worst, error.exit_code)
        if fmt == "json":
            report.append({"file": str(source), "valid": error is None,
                           "problems": [p.to_dict() for p in error.problems] if error else []})
        elif error is not None:
            _fail(error)
        else:
            click.echo(f"{source}：检查通过 / valid")
    if fmt == "json":
        click.echo(json.dumps({"valid": worst == 0, "files": report}, ensure_ascii=False, indent=2))
    if worst:
        sys.exit(worst)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", required=False, default="campaign.yaml", type=click.Path())
@click.option("-f", "--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
@debug_option
@handle_errors
def init(file: str, force: bool) -> None:
    """生成一份带中文注释的示例活动文件 / write a commented starter campaign file.

    FILE 所在的文件夹不存在时自动创建；FILE 是文件夹（或以 / 结尾）时写入其中的 campaign.yaml。
    同一文件夹中还会写入 campaign.schema.json，编辑器（VS Code + YAML 插件）据此提示和检查每个字段。
    / Missing folders are created; the schema is written next to the file, and the file's first
    line points to it by a relative path, so the pair can be moved or shared.
    """
    from .errors import Location, OutputError
    from .package import write_atomic
    from .resources import schema_path, starter_path

    target = Path(file)
    if target.is_dir() or file.endswith(("/", os.sep)):   # "docgen init 新活动/": the folder's campaign.yaml
        target = target / "campaign.yaml"
    if target.exists() and not force:
        raise OutputError("文件已存在，未覆盖 / file exists, not overwritten", hint="如确需覆盖，请加 --force。",
                          location=Location(str(target)))
    _output_path(str(target.parent), create_folder=True)
    schema_text = schema_path().read_text(encoding="utf-8")
    schema_file = target.parent / SCHEMA_FILE
    if _writes_schema(schema_file, schema_text):
        write_atomic(schema_file, schema_text.encode("utf-8"))
        click.echo(f"已生成 / written: {schema_file}")
    # Relative to the YAML file (how yaml-language-server resolves it): never an install path.
    text = starter_path().read_text(encoding="utf-8").replace("{{SCHEMA_URI}}", f"./{SCHEMA_FILE}")
    write_atomic(target, text.encode("utf-8"))
    click.echo(f"已生成 / written: {target}\n下一步：编辑该文件，然后运行 docgen render {target}")


#: The schema ``docgen init`` writes next to a new campaign file, and its modeline names.
SCHEMA_FILE = "campaign.schema.json"


def _writes_schema(path: Path, text: str) -> bool:
    """Whether ``init`` (re)writes the schema at ``path``: missing, or an older docgen schema — never
    a different file that happens to have the name."""
    import json

    if not path.exists():
        return True
    try:
        current = path.read_text(encoding="utf-8")
        if current == text:
            return False
        if json.loads(current).get("title") == json.loads(text).get("title"):
            return True
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        pass
    _warn(f"{path} 不是 docgen 的数据结构文件，未覆盖；编辑器的字段提示可能不对 / not docgen's schema, left as is")
    return False


@main.command(context_settings=CONTEXT_SETTINGS)
@debug_option
@handle_errors
def schema() -> None:
    """输出活动文件的 JSON Schema（供编辑器自动补全）/ print the campaign JSON Schema."""
    from .resources import schema_path

    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format.")
@debug_option
@handle_errors
def check(file: Path, fmt: str) -> None:
    """按 GB/T 9704-2012 检查任意 .docx 的格式；有错误时退出码为 1 / check a .docx against GB/T 9704."""
    import json

    from .checker import check as run_check

    report = run_check(file)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.to_text())
    if not report.ok:
        sys.exit(1)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@debug_option
@handle_errors
def pdf(files: tuple[Path, ...]) -> None:
    """用 LibreOffice 把 .docx 转为 PDF（同名、同目录）/ convert .docx files to PDF."""
    from . import pdf as pdf_module

    for path in pdf_module.convert(list(files)):
        click.echo(f"已生成 / written: {path}")


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；0.0.0.0 让同一网络的同事也能打开 / address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), help="端口，默认 8000（被占用时自动换下一个）/ port.")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器 / do not open a browser.")
@debug_option
@handle_errors
def serve(host: str, port: Optional[int], no_browser: bool) -> None:
    """在浏览器中填写活动、即时预览并下载公文 / a local web app: fill in, preview, download."""
    from .serve.server import serve as run

    run(host, port, open_browser=not no_browser, echo=click.echo)


@main.group(context_settings=CONTEXT_SETTINGS)
def templates() -> None:
    """内置模板的导出与使用 / the built-in .docx templates.

    导出后用 Word/WPS 修改，再以 render --template-dir 文件夹 使用。文件夹中的模板按文件名对应文档种类，
    文件名不能改；没有的种类使用内置模板，文件夹中一个认得的文件都没有时报错。
    / Edit the exported copies in Word/WPS and render with --template-dir; the file names say
    which kind each template is for and must not be changed.

    \b
    文件名 / file names:
      plan.docx      实施方案（也是印发通知的附件）/ plan (also inside the notice)
      notice.docx    印发通知 / notice
      speech.docx    动员讲话 / speech
      summary.docx   工作总结 / summary
      members.docx   领导小组成员名单（也作方案附件）/ member list (also an attachment)
      tasks.docx     任务分解表（也作方案附件）/ task table (also an attachment)

    样式（正文、公文标题等）由 docgen 按 GB/T 9704 设置，在 Word 中修改样式不生效（会给出提示）；
    直接设置的文字格式会保留。模板中可用的字段和过滤器见 docs/templates.md。
    / docgen sets the styles to GB/T 9704 (style edits are replaced, with a warning); direct
    formatting is kept. Fields and filters: docs/templates.md.
    """


@templates.command("export", context_settings=CONTEXT_SETTINGS)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("-f", "--force", is_flag=True, help="覆盖已有文件 / overwrite existing files.")
@debug_option
@handle_errors
def templates_export(folder: Path, force: bool) -> None:
    """把内置模板复制到 FOLDER，供用 Word/WPS 修改后以 --template-dir 使用。"""
    from . import kinds
    from .errors import Location, OutputError
    from .package import write_atomic
    from .resources import templates_dir

    folder.mkdir(parents=True, exist_ok=True)
    for spec in kinds.KINDS.values():
        target = folder / spec.template
        if target.exists() and not force:
            raise OutputError("文件已存在，未覆盖 / file exists", location=Location(str(target)),
                              hint="如确需覆盖，请加 --force。")
        write_atomic(target, (templates_dir() / spec.template).read_bytes())
        click.echo(f"已导出 / exported: {target}（{spec.label}）")


if __name__ == "__main__":  # pragma: no cover
    main()
