"""How the campaign, the issuing unit and counts are named inside prose.

Every document kind names the campaign as a piece of work (创建全国文明城市工作) and the
unit as it refers to itself; these helpers are the one place that decides those words, so
titles and body text agree across kinds.
"""
from __future__ import annotations

from .. import text
from ..model import Campaign


def work_name(campaign: Campaign) -> str:
    """创建全国文明城市工作 / 安全生产月工作: the campaign as a piece of work."""
    name = campaign.campaign.name
    return name if name.endswith("工作") else f"{name}工作"


def work_title(campaign: Campaign, suffix: str, *, period: str = "") -> str:
    """unit + [period] + campaign + suffix, without doubling 工作 (…工作 + 工作实施方案):
    临川市教育局2026年上半年创建全国文明城市工作总结."""
    name = campaign.campaign.name
    if name.endswith("工作") and suffix.startswith("工作"):
        suffix = suffix[len("工作"):]
    return f"{campaign.unit.name}{period}{name}{suffix}"


def self_name(campaign: Campaign) -> str:
    """How the unit refers to itself in its own documents (结合{self_name}实际)."""
    return campaign.unit.short


def count_word(n: int) -> str:
    """A count before a measure word: 两项, 三项, 十二项 (cn_number says 二)."""
    return "零" if n == 0 else "两" if n == 2 else text.cn_number(n)


def series(points: list[str]) -> list[str]:
    """Points of one list as a speaker or a summary numbers them: 一是……, 二是…… — or, for a
    single point, the point alone (一是 without 二是 reads wrong)."""
    if len(points) < 2:
        return list(points)
    return [f"{text.cn_number(n)}是{point}" for n, point in enumerate(points, 1)]
