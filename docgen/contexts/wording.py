"""How the campaign, the issuing unit, targets and counts are named inside prose.

Every document kind names the campaign as a piece of work and the unit as it refers to
itself; these helpers are the one place that decides those words, so titles and body text
agree across kinds and read as an office writes them:

=====================================  ===============================================
campaign.name                          work noun (:func:`work_name`) · plan title
=====================================  ===============================================
创建全国文明城市                         创建全国文明城市工作 · …创建全国文明城市工作实施方案
2026年安全生产月活动                     2026年安全生产月活动 · …2026年安全生产月活动实施方案
安全生产月 / 作风建设年                  安全生产月活动 / 作风建设年活动 · …活动实施方案
森林防火专项行动                         森林防火专项行动 · …森林防火专项行动实施方案
垃圾分类工作                             垃圾分类工作 · …垃圾分类工作实施方案
=====================================  ===============================================

A name that already says what kind of undertaking it is (…工作, …活动, …行动, …运动, …教育,
…工程, …活动月) is used as it is; an event named after its period (…月, …周, …年, …日, …节) is an 活动; anything else
(…建设, …创建, …专项整治) is a piece of 工作.  Titles never double the noun (活动工作, 工作工作) or
the year (2026年上半年2026年…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from .. import text
from ..model import Campaign

# Names that already end in a work noun are used as they are: …工作, …活动, …行动, and names
# offices use bare (党史学习教育实施方案, 民生工程实施方案, 安全生产宣传活动月).
_WORK_NOUNS = ("工作", "活动", "行动", "运动", "教育", "攻坚", "工程", "项目",
               "活动月", "活动周", "活动日", "活动年",
               # battles are named bare too: 污染防治攻坚战实施方案, 蓝天保卫战“夏季攻势”实施方案
               "战", "战役", "攻势")
# Events named after their period are an 活动: 安全生产月活动, 节能宣传周活动, 作风建设年活动.
_EVENT_ENDINGS = ("月", "周", "年", "日", "节")
# A year the name opens with or holds (2026年, 2026年度), not the end of a span (2025—2026年度).
_YEAR = re.compile(r"(?<![\d—–\-－至~])(\d{4})年度?")
# What may close a name after its last word: quotes (“安全生产月”) and a dated bracket
# (三年行动（2026—2028年）); the noun is judged by the word before them.
_NAME_TAIL = re.compile(r"(?:[”’》」』]|（[^（）]*）|\([^()]*\))+$")


def work_name(campaign: Campaign, *, period: str = "") -> str:
    """The campaign as a piece of work, for body text: 创建全国文明城市工作, 2026年安全生产月活动,
    森林防火专项行动, 作风建设年活动, 2026年“安全生产月”活动 — never …活动工作 or …工作工作.

    With ``period`` (2026年上半年, 2026年) the name's own year is left out when the period
    already says it, for a sentence that has just named the period (2026年上半年，……组织开展
    安全生产月活动)."""
    name = text.strip_trailing_punct(campaign.campaign.name)
    tail = _NAME_TAIL.search(name)
    stem = name[:tail.start()] if tail and tail.start() else name
    if not stem.endswith(_WORK_NOUNS):
        noun = "活动" if stem.endswith(_EVENT_ENDINGS) else "工作"
        # A noun goes after closing quotes but before a dated bracket: 冬春火灾防控工作（2026—2027年）.
        cut = len(name) - len(name[len(stem):].lstrip("”’》」』")) if tail and tail.start() else len(name)
        name = name[:cut] + noun + name[cut:]
    return _without_year(name, period) if period else name


def _without_year(name: str, period: str) -> str:
    """``name`` without its year when ``period`` already says it (2026年上半年 + 2026年安全生产月活动,
    2026年 + 2026年度安全生产大检查)."""
    match = _YEAR.search(name)
    if match and f"{match.group(1)}年" in period:
        return (name[:match.start()] + name[match.end():]).strip()
    return name


def work_title(campaign: Campaign, suffix: str, *, period: str = "", unit: bool = True) -> str:
    """A document title: unit (:func:`title_owner`) + [period] + work noun + ``suffix``.

    ``suffix`` is the document type, with or without a leading 工作 (工作实施方案 / 实施方案,
    工作总结 / 总结, 任务分解表): 工作 is kept only where the noun needs it, so 创建全国文明城市 +
    工作实施方案 → …创建全国文明城市工作实施方案, 2026年安全生产月活动 + 工作实施方案 →
    …2026年安全生产月活动实施方案.  ``period`` (2026年上半年) goes before the campaign name,
    whose own year is then dropped.  The unit is left out with ``unit=False``, or when the
    campaign name already begins with it (临川市实验中学读书月活动).
    """
    noun = work_name(campaign, period=period)
    if suffix.startswith("工作"):
        suffix = suffix[len("工作"):]
    owner = title_owner(campaign)
    for name in dict.fromkeys((campaign.unit.name, owner, campaign.unit.short)):
        if noun.startswith(name):  # 临川市实验中学 + [2026年上半年] + 读书月活动
            return f"{name}{period}{noun[len(name):]}{suffix}"
    return f"{owner if unit else ''}{period}{noun}{suffix}"


# A government titles its plans by its area (东湖区…实施方案), a street office by its street.
_TITLE_OWNER = re.compile(r"(?:人民政府|政府|办事处)$")


def title_owner(campaign: Campaign) -> str:
    """Who a document title is about: the unit's name, or for a government or street office its
    area — 临川市东湖区人民政府 → 临川市东湖区, 青石街道办事处 → 青石街道 (the 落款 and the notice
    keep the full name)."""
    name = campaign.unit.name
    owner = _TITLE_OWNER.sub("", name)
    if owner == name or not owner.endswith(("省", "市", "区", "县", "旗", "镇", "乡", "街道")):
        return name
    return owner


# --- how the unit names itself ---------------------------------------------------------------
# Endings of a unit's name and how it then refers to itself in its own documents, longest first
# within each group.  Governments speak for their area (我区, 我县); departments and bodies take
# the last character of their kind (我局, 我委, 我院); companies write 公司 / 集团.
_GOVERNMENT = re.compile(r"(省|市|区|县|旗|镇|乡|街道)(?:人民)?政府$")
_SELF_BY_ENDING = (
    # a village's Party branch and a department's Party committee speak for the village / the 局
    ("村党支部", "我村"), ("村党总支", "我村"), ("村党委", "我村"), ("局党委", "我局"), ("局党组", "我局"),
    ("街道办事处", "我街道"), ("街道办", "我街道"), ("街道", "我街道"),
    ("社区居民委员会", "我社区"), ("居民委员会", "我社区"), ("社区居委会", "我社区"), ("社区", "我社区"),
    ("村民委员会", "我村"), ("村委会", "我村"), ("村", "我村"),
    ("委员会", "我委"), ("领导小组办公室", "我办"), ("办公室", "我办"),
    ("中学", "我校"), ("小学", "我校"), ("中专", "我校"), ("技校", "我校"), ("学校", "我校"), ("大学", "我校"), ("幼儿园", "我园"),
    ("职业技术学院", "我院"), ("学院", "我院"), ("医院", "我院"), ("卫生院", "我院"), ("研究院", "我院"),
    ("法院", "我院"), ("检察院", "我院"),
    ("集团有限公司", "集团"), ("集团有限责任公司", "集团"), ("集团股份有限公司", "集团"), ("集团", "集团"),
    ("有限责任公司", "公司"), ("股份有限公司", "公司"), ("有限公司", "公司"), ("公司", "公司"),
    ("大队", "我大队"), ("支队", "我支队"), ("中队", "我中队"),
    ("银行", "我行"), ("分行", "我行"), ("支行", "我行"), ("厂", "我厂"), ("矿", "我矿"),
    ("厅", "我厅"), ("局", "我局"), ("委", "我委"), ("办", "我办"), ("署", "我署"), ("处", "我处"),
    ("中心", "我中心"), ("站", "我站"), ("所", "我所"), ("馆", "我馆"), ("社", "我社"), ("队", "我队"),
    ("院", "我院"), ("校", "我校"), ("会", "我会"), ("部", "我部"),
    ("台", "我台"), ("海关", "我关"), ("监狱", "我狱"),
)


# A Party committee speaks for its area as its government does: 中共白沙镇委员会, 镇党委, 临川市委,
# 青石街道党工委 → 我镇, 我市, 我街道 (not 我委, which is a department's word: 市卫健委 → 我委).
_PARTY_COMMITTEE = re.compile(r"^中共.*?(省|市|区|县|旗|镇|乡|街道)委员会$|(省|市|区|县|旗|镇|乡|街道)(?:党委|党工委|委)$")
# A development zone's administrative committee governs its zone: 高新区管委会 → 我区.
_ZONE_COMMITTEE = re.compile(r"区(?:管理委员会|管委会)$")


def _self_from(name: str) -> Optional[str]:
    government = _GOVERNMENT.search(name)
    if government:
        return "我" + government.group(1)
    party = _PARTY_COMMITTEE.search(name)
    if party and not name.startswith(("共青团", "团")):
        return "我" + (party.group(1) or party.group(2))
    if _ZONE_COMMITTEE.search(name):
        return "我区"
    for ending, word in _SELF_BY_ENDING:
        if name.endswith(ending):
            return word
    return None


# How a company calls itself, longest first: 集团公司, 总公司, 分公司, 集团, 公司.
_COMPANY_WORDS = ("集团公司", "总公司", "分公司", "集团", "公司")


def self_name(campaign: Campaign) -> str:
    """How the unit refers to itself in its own documents (结合{self_name}实际): 我局, 我区, 我县,
    我镇, 我街道, 我校, 我院, 我委, 公司, 集团 — from ``short_name``, else from the full name's
    ending.  A company short name gives the word it ends in (集团公司, 分公司, 公司: 国网临川供电公司
    says 公司); with no recognisable ending the unit says 本单位."""
    short = campaign.unit.short_name
    if short and short.endswith(("公司", "集团")):
        # The generic word the short name ends in: 集团公司 as written, 国网临川供电公司 → 公司
        # (结合公司实际; a company does not name itself in its own plan).
        return next(word for word in _COMPANY_WORDS if short.endswith(word))
    for name in (short, campaign.unit.name):
        if name:
            word = _self_from(text.strip_trailing_punct(name))
            if word:
                return word
    return "本单位"


# --- the leadership group -----------------------------------------------------------------------
@dataclass(frozen=True)
class GroupTerms:
    """How documents refer to the leadership group and its roles, from the group's own name."""

    name: str      # the group referred back to: 领导小组 (下设办公室), 指挥部, 委员会
    leader: str    # 组长 / 指挥长 / 主任
    deputy: str    # 副组长 / 副指挥长 / 副主任
    member: str    # 成员 / 委员
    role_header: str  # the member list's role column: 小组职务 / 指挥部职务 / 委员会职务


# A 指挥部 has a 指挥长, a 委员会 a 主任; a 专班 or 工作组 has a 组长 like a 领导小组.
_GROUP_KINDS = (
    ("指挥部", GroupTerms("指挥部", "指挥长", "副指挥长", "成员", "指挥部职务")),
    ("委员会", GroupTerms("委员会", "主任", "副主任", "委员", "委员会职务")),
    ("工作专班", GroupTerms("工作专班", "组长", "副组长", "成员", "专班职务")),
    ("专班", GroupTerms("专班", "组长", "副组长", "成员", "专班职务")),
    ("工作组", GroupTerms("工作组", "组长", "副组长", "成员", "小组职务")),
)
_LEADING_GROUP = GroupTerms("领导小组", "组长", "副组长", "成员", "小组职务")


def group_terms(campaign: Campaign) -> GroupTerms:
    """The words for ``leadership`` (by the ending of its name): 领导小组 with 组长/副组长/成员,
    指挥部 with 指挥长/副指挥长, 委员会 with 主任/副主任/委员 …"""
    name = campaign.leadership.name if campaign.leadership else ""
    for ending, terms in _GROUP_KINDS:
        if name.endswith(ending):
            return terms
    return _LEADING_GROUP


# --- targets ------------------------------------------------------------------------------------
# Words that already frame a value: the item or the value carries its own verb or comparator.
_ITEM_VERBS = ("下降", "降低", "减少", "压减", "压缩", "提高", "提升", "增长", "增加", "控制在", "达到", "不低于",
               "不少于", "不超过", "不高于", "低于", "高于", "保持", "实现", "超过", "缩短")
_VALUE_FRAMES = ("不少于", "不低于", "不超过", "不高于", "不多于", "控制在", "保持在", "保持", "实现", "提前", "基本",
                 "确保", "达到", "达", "为", "低于", "高于", "超过", "少于", "多于", "力争", "全部", "全面", "杜绝",
                 "下降", "降低", "减少", "提高", "提升", "增长", "增加", "压缩", "缩短", "同比")
# A ceiling: a time or amount to stay within (48小时以内 → 控制在48小时以内).
_CEILING = ("以内", "以下", "之内", "内")
# A value that is itself an outcome (基本消除, 明显减少, 动态清零) follows its item directly.
_OUTCOME = ("消除", "减少", "下降", "降低", "提升", "提高", "改善", "增强", "好转", "清零", "达标", "杜绝", "遏制")
# A value that compares with a baseline carries its own verb: 较上年提高2个百分点, 比上年下降10%.
_COMPARISON = ("较", "比上年", "比去年", "比上一年", "环比")
# A value that ends in what is done, or opens with how, is a clause of its own (2小时内到达,
# 3个工作日内办结, 及时兑现, 人人参与): 达到 before it would be a machine join.
_VALUE_VERBS = ("到达", "到场", "到位", "兑现", "完成", "办结", "响应", "处置", "参与", "落实", "落地", "见效",
                "建成", "上线", "整改", "反馈", "回复", "答复")
_MANNER = ("及时", "按时", "按期", "如期", "随时", "当日", "当天", "立即")
# 应X尽X (应享尽享, 应检尽检, 应建尽建) is an outcome to achieve: 实现应享尽享.
_EVERY_DUE = re.compile(r"^应(.{1,2})尽\1$")
# Zero with or without its measure word (0, 0起, 零起, 0天, 0个).
_ZERO = re.compile(r"^(?:0|０|零)[\u4e00-\u9fff]?$")
# A value written with a comparison sign reads as words: ≤5% → 控制在5%以内, ≥95% → 达到95%以上.
_SIGNS = (("≤", "控制在{}以内"), ("≦", "控制在{}以内"), ("<=", "控制在{}以内"), ("＜", "低于{}"), ("<", "低于{}"),
          ("≥", "达到{}以上"), ("≧", "达到{}以上"), (">=", "达到{}以上"), ("＞", "高于{}"), (">", "高于{}"))
# Items that count something (事故起数, 死亡人数, 发生率): zero reads 为0; other items name an
# event (较大以上生产安全事故): zero reads 不发生….
_COUNT_ITEM = ("数", "量", "率", "次", "值", "额", "面积", "时间", "时长", "天数")


def _ends_with_verb(item: str) -> bool:
    return item.endswith(_ITEM_VERBS) or (item.endswith("为") and not item.endswith("行为"))


def target_phrase(item: str, value: str) -> str:
    """A measurable target in one natural clause, from its item and value:

    ========================  ===========  ======================================
    item                      value        phrase
    ========================  ===========  ======================================
    覆盖率                    95%以上      覆盖率达到95%以上
    检查次数同比下降          20%          检查次数同比下降20%
    次均费用增幅              ≤5%          次均费用增幅控制在5%以内
    应急演练                  不少于3次    应急演练不少于3次
    整改时间                  48小时以内   整改时间控制在48小时以内
    生产安全事故起数          0            生产安全事故起数为0
    重大以上森林火灾          0起          不发生重大以上森林火灾
    安全生产                  零事故       安全生产实现零事故
    用户满意度                较上年提高2个百分点  用户满意度较上年提高2个百分点
    故障抢修                  2小时内到达  故障抢修2小时内到达
    税费优惠政策              应享尽享     税费优惠政策实现应享尽享
    ========================  ===========  ======================================

    The value is never written twice (an item that already ends in its value is used alone).
    """
    item, value = text.strip_trailing_punct(item.strip()), text.strip_trailing_punct(str(value).strip())
    if not value or item.endswith(value):
        return item
    for sign, frame in _SIGNS:
        if value.startswith(sign) and value[len(sign):].strip():
            return item + frame.format(value[len(sign):].strip())
    if _ends_with_verb(item):
        return f"{item}{value}"
    if _ZERO.match(value):
        if item.endswith(_COUNT_ITEM):
            return f"{item}为0"
        return f"不发生{item}"
    if value.startswith(_VALUE_FRAMES) or value.startswith(_COMPARISON):
        return f"{item}{value}"
    if value.endswith(_CEILING):
        return f"{item}控制在{value}"
    if not re.search(r"\d", value):  # 基本消除, 全覆盖, A级 …
        if value.endswith(_OUTCOME):
            return f"{item}{value}"
        if value.startswith(("全", "常态", "零", "无")) or _EVERY_DUE.match(value):
            return f"{item}实现{value}"
    if value.endswith(_VALUE_VERBS) or value.startswith(_MANNER):
        return f"{item}{value}"   # 故障抢修2小时内到达, 举报奖励及时兑现: the value says what happens
    return f"{item}达到{value}"


def target(goal: Any) -> str:
    """:func:`target_phrase` of a :class:`~docgen.model.Target` (the templates' ``target`` filter)."""
    return target_phrase(goal.item, goal.value)


# --- counts and series ------------------------------------------------------------------------
def count_word(n: int) -> str:
    """A count before a measure word: 两项, 三项, 十二项 (cn_number says 二)."""
    return "零" if n == 0 else "两" if n == 2 else text.cn_number(n)


def series(points: list[str]) -> list[str]:
    """Points of one list as a speaker or a summary numbers them: 一是……, 二是…… — or, for a
    single point, the point alone (一是 without 二是 reads wrong)."""
    if len(points) < 2:
        return list(points)
    return [f"{text.cn_number(n)}是{point}" for n, point in enumerate(points, 1)]
