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
from typing import Callable, Optional

import click

from . import __version__
from .errors import DocgenError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(error: DocgenError) -> None:
    click.echo(f"错误 / error: {error}", err=True)
    if error.hint and len(error.problems) == 1 and error.hint not in str(error):
        click.echo(f"  {error.hint}", err=True)


def _warn(warning, quiet: bool = False) -> None:
    if not quiet:
        click.echo(f"提示 / warning: {warning}", err=True)


def handle_errors(command: Callable) -> Callable:
    """Run ``command``; report docgen errors plainly and unexpected ones briefly (traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except DocgenError as error:
            if debug:
                raise
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


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="docgen")
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈 / show tracebacks.")
def main(debug: bool) -> None:
    """docgen：用一份活动 YAML 生成符合 GB/T 9704-2012 的公文（实施方案、动员讲话、工作总结、印发通知）。

    \b
    常用命令 / common commands:
      docgen init 活动.yaml             生成带注释的示例文件
      docgen validate 活动.yaml         检查文件是否填写正确
      docgen render 活动.yaml           生成实施方案 .docx
      docgen render 活动.yaml --kind all -o 输出/   生成全部文档
    """


def _kind_choices() -> list[str]:
    from . import kinds

    return list(kinds.KINDS) + ["all"]


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-k", "--kind", default="plan", show_default=True, metavar="KIND",
              help="文档种类：plan 实施方案 等，all 表示全部 / document kind, or 'all'.")
@click.option("-o", "--output", type=click.Path(),
              help="输出文件或文件夹（以 / 结尾或 --kind all 时为文件夹，不存在则创建）；默认以文档标题命名，放在 YAML 文件旁边。")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己修改过的 .docx 模板（单一种类时）。")
@click.option("--template-dir", type=click.Path(path_type=Path, file_okay=False),
              help="模板文件夹（由 docgen templates export 导出并修改），按种类取其中的同名模板。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成同名 PDF / also write a PDF next to each .docx.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="并行进程数（多个文件或文件夹时），默认为全部 CPU 核心 / worker processes (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="只输出错误 / print errors only.")
@click.option("-f", "--force", is_flag=True,
              help="覆盖已有的同名文件，即使它不是 docgen 生成的或生成后被修改过（默认保留该文件，新文档另存为"
                   "“标题 (2).docx”）/ replace files even if changed since docgen wrote them.")
@handle_errors
def render(files: tuple[Path, ...], kind: str, output: Optional[str], template: Optional[Path],
           template_dir: Optional[Path], pdf: bool, jobs: Optional[int], quiet: bool, force: bool) -> None:
    """根据活动 YAML 文件生成公文 .docx / render documents from campaign files.

    FILES 可以是多个文件或文件夹（递归查找 *.yaml、*.yml）：每个输入文件的文档放在以该文件命名的子文件夹中，
    多进程并行生成，出错的文件在最后统一列出。
    / FILES may be several files or folders (searched recursively): each input gets its own
    sub-folder, inputs render in parallel, and errors are listed at the end.

    已有同名文件时：若是 docgen 生成且未被修改，直接更新；若在 Word/WPS 中改过（或不是 docgen 生成的），
    保留原文件，新文档写为“标题 (2).docx”并给出提示；加 --force 则直接覆盖。输出绝不会覆盖输入的 YAML 或所用模板。
    / An existing file docgen wrote and nobody changed is replaced; one edited since (or not
    written by docgen) is kept and the new document gets a " (2)" name, unless --force.

    \b
    例 / examples:
      docgen render 活动.yaml
      docgen render 活动.yaml --kind all -o 输出/ --pdf
      docgen render 各单位/ --kind all -o 输出/ --jobs 4
    """
    from .files import stop_on_sigterm

    # SIGTERM unwinds like Ctrl-C: temporary files removed, workers and LibreOffice stopped.
    with stop_on_sigterm():
        _render(files, kind, output, template, template_dir, pdf, jobs, quiet, force)


def _render(files: tuple[Path, ...], kind: str, output: Optional[str], template: Optional[Path],
            template_dir: Optional[Path], pdf: bool, jobs: Optional[int], quiet: bool, force: bool) -> None:
    from . import api, batch, kinds
    from .errors import InputError, Location, OutputError, collect_warnings
    from .package import keep_changed, write_atomic

    names = list(kinds.KINDS) if kind == "all" else [kinds.get(kind).name]
    # "-o out/" names a folder even before it exists (Path() would drop the slash).
    wants_folder = output is not None and output.endswith(("/", os.sep))
    output = _output_path(output, create_folder=wants_folder)
    if template and len(names) > 1:
        raise InputError("--template 只能和单一文档种类一起使用 / --template needs a single --kind",
                         hint="多种文档请用 --template-dir。")
    if len(files) > 1 or any(f.is_dir() for f in files):
        _render_batch(files, "all" if kind == "all" else names, output, template, template_dir, pdf, jobs, quiet,
                      force)
        return
    # One file: render its documents here; a failing document is reported and the others still written.
    if len(names) > 1 and output is not None:
        if output.exists() and not output.is_dir():
            raise OutputError("--kind all 会生成多份文档，-o 应是文件夹，不能是已有文件 / with --kind all, -o must be "
                              "a folder, not an existing file", location=Location(str(output)), hint="例如：-o 输出/")
        batch.make_folder(output)
    campaign = api.load(files[0])
    protected = batch.protected_files(files, names, template=template, template_dir=template_dir)
    written: list[Path] = []
    if output is not None and not output.is_dir():
        # -o names the file itself (one kind).
        with collect_warnings() as notes:
            data = api.render(campaign, names[0], template=template, template_dir=template_dir)
            target = keep_changed(output, force=force, protected=protected)
            written.append(write_atomic(target, data))
        for note in notes:
            _warn(note, quiet)
        if not quiet:
            click.echo(f"已生成 / written: {written[0]}")
        failures = []
    else:
        if output is None:
            source = Path(campaign.source) if campaign.source else None
            folder = source.parent if source is not None and source.exists() else Path.cwd()
        else:
            folder = output
        opts = batch.RenderOptions(tuple(names), kind == "all", pdf, str(template) if template else None,
                                   str(template_dir) if template_dir else None, force, protected)
        failures = []
        for item in batch.write_documents(campaign, folder, opts, files[0]):
            for note in item.warnings:
                _warn(note, quiet)
            if item.status == "written":
                written.append(item.output)
                if not quiet:
                    click.echo(f"已生成 / written: {item.output}")
            elif item.status == "skipped":
                if not quiet:
                    click.echo(f"跳过 / skipped {item.kind}: {item.error.message}", err=True)
            else:
                failures.append(item.error)
                click.echo(f"错误 / error: {item.error}", err=True)
                if item.error.hint and len(item.error.problems) == 1 and item.error.hint not in str(item.error):
                    click.echo(f"  {item.error.hint}", err=True)
    if pdf and written:
        from . import pdf as pdf_module

        for path in pdf_module.convert(written):
            if not quiet:
                click.echo(f"已生成 / written: {path}")
    if failures:
        sys.exit(max(f.exit_code for f in failures))


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


def _render_batch(files, kinds, output: Optional[Path], template: Optional[Path], template_dir: Optional[Path],
                  pdf: bool, jobs: Optional[int], quiet: bool, force: bool = False) -> None:
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
    for item in result.items:
        for note in item.warnings:
            _warn(f"{item.source}（{item.kind}）：{note}", quiet)
    if not quiet and bar is None:   # a list of what was written, for logs and scripts
        for item in result.items:
            if item.status == "written":
                click.echo(f"已生成 / written: {item.output}")
                if item.pdf:
                    click.echo(f"已生成 / written: {item.pdf}")
            elif item.status == "skipped":
                click.echo(f"跳过 / skipped {item.source} {item.kind}: {item.error.message}", err=True)
    failed_sources = {}
    for item in result.failed:
        failed_sources.setdefault(item.source, []).append(item)
        text = str(item.error)
        where = "" if str(item.source) in text else f"{item.source}" + (f"（{item.kind}）" if item.kind else "") + "："
        click.echo(f"错误 / error: {where}{text}", err=True)
        if item.error.hint and len(item.error.problems) == 1 and item.error.hint not in text:
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


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def validate(files: tuple[Path, ...]) -> None:
    """检查活动 YAML 文件是否填写正确（列出全部问题）/ validate campaign files."""
    from . import api

    worst = 0
    for file in files:
        try:
            api.load(file)
        except DocgenError as error:
            _fail(error)
            worst = max(worst, error.exit_code)
            continue
        click.echo(f"{file}：检查通过 / valid")
    if worst:
        sys.exit(worst)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", required=False, default="campaign.yaml", type=click.Path(path_type=Path))
@click.option("-f", "--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file.")
@handle_errors
def init(file: Path, force: bool) -> None:
    """生成一份带中文注释的示例活动文件 / write a commented starter campaign file."""
    from .errors import Location, OutputError
    from .package import write_atomic
    from .resources import schema_path, starter_path

    if file.exists() and not force:
        raise OutputError("文件已存在，未覆盖 / file exists, not overwritten", hint="如确需覆盖，请加 --force。",
                          location=Location(str(file)))
    text = starter_path().read_text(encoding="utf-8").replace("{{SCHEMA_URI}}", schema_path().resolve().as_uri())
    write_atomic(file, text.encode("utf-8"))
    click.echo(f"已生成 / written: {file}\n下一步：编辑该文件，然后运行 docgen render {file}")


@main.command(context_settings=CONTEXT_SETTINGS)
@handle_errors
def schema() -> None:
    """输出活动文件的 JSON Schema（供编辑器自动补全）/ print the campaign JSON Schema."""
    from .resources import schema_path

    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@main.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format.")
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
@handle_errors
def serve(host: str, port: Optional[int], no_browser: bool) -> None:
    """在浏览器中填写活动、即时预览并下载公文 / a local web app: fill in, preview, download."""
    from .serve.server import serve as run

    run(host, port, open_browser=not no_browser, echo=click.echo)


@main.group(context_settings=CONTEXT_SETTINGS)
def templates() -> None:
    """内置模板的导出与使用 / the built-in .docx templates."""


@templates.command("export", context_settings=CONTEXT_SETTINGS)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("-f", "--force", is_flag=True, help="覆盖已有文件 / overwrite existing files.")
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
