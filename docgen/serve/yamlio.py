"""YAML in and out: campaign data ↔ the text of a campaign file.

The YAML file stays the source of truth: :func:`dump` writes data the way a person would
(keys in schema order, block style, multi-line text as ``|`` blocks, Chinese as is), and
:func:`read` opens a file with docgen's own loader (encodings, size and safety bounds, error
messages), so what the form saves is exactly what ``docgen validate`` and ``docgen render`` read.
Comments in an opened file are not kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Problem

HEADER = ("# docgen 活动文件（由 docgen serve 保存）/ docgen campaign file, saved by docgen serve\n"
          "# 检查：docgen validate 本文件　生成：docgen render 本文件 --kind all\n")


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line text as literal blocks, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if _DATE.fullmatch(value):
        # Written plain (2026-03-05), as people write dates; docgen's loader keeps such values as text.
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    """The YAML text of campaign ``data`` (a header comment, then the data)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=4096, indent=2)
    return HEADER + body


@dataclass
class Opened:
    """An opened campaign file: its data (``None`` when it cannot be read at all) and its problems."""

    data: Any
    problems: list[Problem] = field(default_factory=list)


def read(raw: bytes, name: str) -> Opened:
    """Open a campaign file's bytes as docgen does: decode, parse, validate.  Never raises a
    :class:`~docgen.errors.DocgenError`; its problems (with this file's lines) come back instead."""
    from .. import api
    from ..errors import DocgenError
    from ..loader import decode, parse

    try:
        text = decode(raw, name)
        document = parse(text, name)
    except DocgenError as error:
        return Opened(None, error.problems)
    try:
        api._from_document(document)   # the document parsed above, validated as api.loads would
    except DocgenError as error:
        return Opened(document.data, error.problems)
    return Opened(document.data)
