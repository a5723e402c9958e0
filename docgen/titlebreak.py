"""Where a 公文 title may break across lines, and where it must not.

GB/T 9704 wants a title of several lines broken at word boundaries into a trapezoid or diamond,
never inside a word.  Titles are built from a unit name, a campaign name and a kind suffix
(``清河区柳湾街道办事处`` + ``生活垃圾分类工作`` + ``实施方案``; ``关于印发《…》的通知``), so the good
break points are mostly structural: after the unit name, around 《》 and “”, after a year, before
the kind suffix and before ``的通知``.  Between those, a small lexicon of words common in 公文
titles keeps breaks out of words; no external dictionary is needed.

:func:`break_title` chooses the lines for docgen's own layout; :func:`bad_breaks` judges the
breaks of a title someone else laid out (``docgen check``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Optional, Sequence

from .text import display_width

__all__ = ["break_title", "bad_breaks", "title_capacity"]

# Punctuation that may not start a line / end a line (避头尾).
_NO_LINE_START = set("》”’）」』〕】、，。：；！？…·%）)]}.,;:!?")
_NO_LINE_END = set("《“‘（「『〔【([{")
_OPEN_QUOTE, _CLOSE_QUOTE = "“", "”"

# Kind suffixes: a title may break just before them (…工作|实施方案, …|的通知).
_SUFFIXES = (
    "实施方案", "工作方案", "活动方案", "行动方案", "工作总结", "工作计划", "工作要点", "实施意见", "实施细则",
    "管理办法", "工作规则", "指导意见", "成员名单", "任务分解表", "领导小组", "工作报告", "情况报告", "情况通报",
    "的通知", "的意见", "的决定", "的报告", "的请示", "的批复", "的通报", "的函", "的讲话", "的纪要", "的公告",
    "的通告", "的规定", "的办法", "的方案", "的总结", "的说明", "的复函", "的命令", "的决议",
)
# Ends of unit names: a title may break right after them (…办事处|生活垃圾分类…).
_UNIT_ENDS = (
    "委员会", "办公室", "办事处", "人民政府", "有限公司", "股份公司", "集团", "公司", "街道", "学校", "中学", "小学",
    "大学", "学院", "医院", "中心", "研究院", "研究所", "管理局", "教育局", "公安局", "局", "厅", "委", "处", "站",
    "所", "院", "部", "办", "镇", "乡", "社区", "村委会",
)
# Words that start a clause: a break before them is a word boundary.
_CLAUSE_STARTS = (
    "关于", "印发", "转发", "做好", "加强", "开展", "推进", "推动", "深化", "深入", "实施", "落实", "贯彻", "建立",
    "健全", "完善", "规范", "创建", "建设", "组织", "举办", "召开", "进一步", "全面", "切实", "扎实", "持续", "巩固",
    "提升", "提高", "加快", "促进", "优化", "强化", "严格", "认真", "表彰", "争创", "打造", "在",
)

#: Words common in 公文 titles that a line break must not split (two characters and longer).
LEXICON: frozenset[str] = frozenset("""
关于 印发 转发 做好 加强 进一步 开展 推进 推动 深化 深入 实施 落实 贯彻 建立 健全 完善 规范 创建 建设 组织 举办
召开 全面 切实 扎实 持续 巩固 提升 提高 加快 促进 优化 强化 严格 认真 表彰 争创 打造 全国 全省 全市 全县 全区
全镇 全民 全体 文明 城市 城区 县城 城乡 乡村 农村 社区 街道 学校 校园 教育 教学 工作 活动 方案 意见 通知 通报
报告 请示 批复 决定 公告 通告 纪要 讲话 总结 计划 要点 规定 办法 细则 规则 制度 机制 体系 安全 生产 消防 防火
森林 草原 防汛 抗旱 应急 管理 服务 治理 整治 专项 行动 攻坚 宣传 传播 阅读 读书 文化 体育 卫生 健康 环境 环保
生态 垃圾 分类 污染 防治 交通 道路 食品 药品 质量 监督 检查 考核 评价 评估 督查 督导 领导 小组 成员 名单 任务
分解 目标 责任 集团 公司 有限 委员 委员会 办公 办公室 办事 办事处 人民 政府 党委 支部 党建 党员 干部 群众 职工
员工 师生 学生 教师 家长 志愿 志愿者 实践 时代 新时代 质量 高质量 发展 改革 创新 科技 数字 信息 网络 数据 平台
系统 项目 资金 经济 社会 民生 就业 养老 医疗 保障 保险 住房 振兴 营商 能力 水平 作风 纪律 廉洁 廉政 法治 普法
宪法 禁毒 平安 和谐 稳定 信访 春季 秋季 夏季 冬季 学期 年度 上半年 下半年 季度 月份 动员 大会 会议 推进会 座谈
部署 先进 集体 个人 典型 经验 做法 问题 整改 清单 台账 统计 调查 普查 人口 疫情 防控 防疫 节能 减排 低碳 绿色
节约 生活 工地 建筑 施工 企业 单位 部门 机关 事业 行业 区域 常态 长效 专题 主题 学习 培训 考试 招生 招聘 选拔
评选 竞赛 比赛 运动 运动会 艺术 节日 庆祝 纪念 周年 国庆 春节 元旦 劳动 青年 妇女 儿童 老年 残疾 退役 军人
国防 征兵 民兵 实施方案 工作方案 活动方案 工作总结 工作计划 工作要点 实施意见 管理办法 领导小组 成员名单
分解表 任务分解表 安全生产 生活垃圾 垃圾分类 文明城市 全国文明城市 创建工作 读书月 安全生产月 森林防火 上半年
下半年 半年 月度 周年 百年 五年 三年 十年 规划 纲要 标准 指南 指引 手册 办法 试行 暂行 修订 印发稿 征求 意见稿
征求意见 启动 启动仪式 仪式 典礼 开幕 闭幕 开学 毕业 典礼 第一 课堂 思想 政治 理论 党史 历史 红色 革命 精神
文明实践 新时代文明实践 示范 试点 标杆 品牌 特色 亮点 成效 成果 情况 进展 报送 上报 统计表 汇总 汇总表 明细
预算 决算 审计 财务 资产 采购 招标 投标 合同 协议 章程 条例 法规 法律 政策 文件 材料 档案 保密 机要 网信 舆情
舆论 新闻 媒体 融媒体 直播 短视频 电视 广播 报纸 期刊 出版 图书 图书馆 博物馆 纪念馆 展览 展示 文艺 演出 比武
技能 职业 岗位 人才 队伍 专家 顾问 技术 工程 设备 设施 场所 场馆 公园 广场 市场 商场 超市 餐饮 旅游 景区 酒店
住宿 物业 小区 楼栋 家庭 邻里 居民 村民 农民 农业 农产品 粮食 耕地 林业 水利 河道 河长 湖长 林长 水库 供水 排水
污水 供电 电力 燃气 供热 通信 邮政 快递 物流 运输 铁路 公路 桥梁 隧道 港口 机场 航空 车辆 电动车 自行车 停车
停车场 文明交通 交通安全 消防安全 校园安全 食品安全 生产安全 安全隐患 隐患 排查 隐患排查 治理 综合治理 联防
联控 网格 网格化 数字化 智能 智慧 信息化 标准化 规范化 制度化 常态化 法治化 现代化 一体化 便民 惠民 利民 为民
办实事 我为群众办实事 主题教育 专题教育 警示教育 廉政教育 爱国 爱国主义 主义 社会主义 核心 价值观 核心价值观
税务 税收 纳税 办税 缴费 纳税人 医保 基金 欺诈 骗保 欺凌 人居 迎峰度夏 度夏 保供 保供电 春风
""".split())

_MAX_WORD = max(len(w) for w in LEXICON)
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


# In a CJK title face curly quotes, dashes and ellipses are full-width (display_width reads them as
# East Asian "ambiguous", half: a line measured so wraps again by itself and leaves 结 alone).
_FULL_WIDTH_PUNCT = set("“”‘’—…·")


def _title_width(ch: str) -> float:
    return 1.0 if ch in _FULL_WIDTH_PUNCT else display_width(ch)


def title_capacity(size_pt: float, width_mm: float) -> int:
    """Full-width characters of ``size_pt`` that fit in ``width_mm`` (2号 in the 156 mm type area: 20)."""
    return int(width_mm / 25.4 * 72 // size_pt)


@lru_cache(maxsize=512)
def _word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every lexicon word occurrence in ``text``."""
    spans = []
    for i in range(len(text)):
        for n in range(2, _MAX_WORD + 1):
            if text[i:i + n] in LEXICON:
                spans.append((i, i + n))
    return tuple(spans)


@lru_cache(maxsize=512)
def _word_ends(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Positions where lexicon words start, and where they end."""
    spans = _word_spans(text)
    return frozenset(s for s, _ in spans), frozenset(e for _, e in spans)


def _inside_word(text: str, pos: int) -> Optional[str]:
    """The lexicon word that a break before ``text[pos]`` would split, if any.

    A break splits a word only when no reading of the text puts a word boundary there: in
    ``安全生产月`` the break 安全|生产 is fine although 全生 is not a word; with overlapping words
    (``分类工作``: 分类 + 工作) the boundary between them is fine too.
    """
    starts, ends = _word_ends(text)
    if pos in starts and pos in ends:  # both sides read as words: a boundary
        return None
    splitting = [(s, e) for s, e in _word_spans(text) if s < pos < e]
    if not splitting:
        return None
    s, e = max(splitting, key=lambda se: se[1] - se[0])
    return text[s:e]


def _quote_depth(text: str) -> list[int]:
    """For each position, how many “” / 《》 are open before it (a break inside “…” is poor)."""
    depth, out = 0, []
    for ch in text:
        out.append(depth)
        if ch in "“《":
            depth += 1
        elif ch in "”》" and depth:
            depth -= 1
    out.append(depth)
    return out


# A period the year goes on into (2026年上半年, 2026年第一季度, 2026年度, 2026年春季学期): one label.
_PERIOD = r"(?:度|[上下]半年|[第前]?[一二三四]季度|[春夏秋冬]季(?:学期)?|全年)"
_PERIOD_AFTER_YEAR = re.compile(_PERIOD)
_YEAR_OR_PERIOD_END = re.compile(rf"\d{{4}}年{_PERIOD}?$")


def _break_score(text: str, pos: int, depth: Sequence[int], starts: frozenset[int], ends: frozenset[int],
                 compounds: Sequence[tuple[int, int]]) -> Optional[float]:
    """How good a break before ``text[pos]`` is (higher is better); None if it is not allowed.

    ``starts``/``ends`` are where lexicon words start and end, ``compounds`` the spans of lexicon
    words of four or more characters.
    """
    before, after = text[pos - 1], text[pos]
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return None
    if _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
        return None
    if _inside_word(text, pos):
        return None
    head, tail = text[:pos], text[pos:]
    if tail.startswith(("关于", "《")) or head.endswith("》") or tail.startswith(_SUFFIXES):
        score = 3.0
    elif _YEAR_OR_PERIOD_END.search(head) and not after.isdigit() and not _PERIOD_AFTER_YEAR.match(tail):
        score = 2.5  # after 2026年 or a whole period label (2026年上半年|), not 2026年|3月 or 2026年|上半年
    elif re.search(r"\d月$", head) and after not in "至到—":  # after a date or a span: 2026年3月至7月|
        score = 2.5
    elif head.endswith(_UNIT_ENDS) and not tail.startswith(_UNIT_ENDS):
        score = 2.0  # after a unit name, unless the name goes on (人民政府|办公室)
    elif tail.startswith(_OPEN_QUOTE) or head.endswith(_CLOSE_QUOTE):
        score = 2.0
    elif tail.startswith(_CLAUSE_STARTS) or tail.startswith(("工作", "活动")):
        score = 1.5
    elif pos in ends and pos in starts:
        score = 1.0  # a known word ends here and another starts
    else:
        score = -1.5  # no sign of a boundary: maybe inside an unknown word
    # Between the parts of a compound the lexicon knows (全国|文明城市) is a boundary, but a weaker one.
    if any(s < pos < e for s, e in compounds):
        score -= 1
    # Inside a quoted name (“安全生产月”) a break is poor; inside 《…》 titles it is common.
    if depth[pos] and head.rfind("“") > head.rfind("《"):
        score -= 3
    return score


@lru_cache(maxsize=1024)
def _break_title(text: str, capacity: float) -> tuple[str, ...]:
    return tuple(_compute_lines(text, capacity))


def break_title(text: str, capacity: float) -> list[str]:
    """Split ``text`` into title lines of at most ``capacity`` full-width characters.

    Fewest lines possible (one more if that avoids a poor break), broken at the best word
    boundaries, lines as even as the breaks allow, never a line of one character.  A title that
    fits on one line is returned as is.
    """
    return list(_break_title(text, capacity))


def _compute_lines(text: str, capacity: float) -> list[str]:
    width = [_title_width(ch) for ch in text]
    total = sum(width)
    if total <= capacity or len(text) < 4:
        return [text]
    prefix = [0.0]
    for w in width:
        prefix.append(prefix[-1] + w)
    depth = _quote_depth(text)
    spans = _word_spans(text)
    starts, ends = _word_ends(text)
    compounds = [(s, e) for s, e in spans if e - s >= 4]
    allowed = {pos: _break_score(text, pos, depth, starts, ends, compounds) for pos in range(1, len(text))}
    scores = {p: s for p, s in allowed.items() if s is not None}
    n_min = int(-(-total // capacity))
    best: Optional[tuple[float, list[int]]] = None
    for n in (n_min, n_min + 1):
        if best is not None and best[0] <= 0:
            break  # good breaks with the fewest lines: one more line would not beat them
        found = (_search_breaks if n <= 3 else _best_breaks)(text, prefix, scores, n, capacity)
        if found is None:
            continue
        cost = found[0] + (0 if n == n_min else 4.0)
        if best is None or cost < best[0]:
            best = (cost, found[1])
    if best is None:  # no allowed break at all: break by width, keeping closing punctuation on the line
        return _break_by_width(text, width, capacity)
    cuts = [0] + best[1] + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


_BALANCE = 20.0   # weight of a line's distance from the average width (in capacities, squared)
_SHORT = 2.0      # a line of fewer than four characters
_HOURGLASS = 3.0  # a middle line shorter than both its neighbours (沙漏形)


def _cost(widths: list[float], breaks: list[float], capacity: float) -> float:
    target = sum(widths) / len(widths)
    cost = sum(_BALANCE * ((w - target) / capacity) ** 2 + (_SHORT if w < 4 else 0) for w in widths)
    cost -= sum(breaks)
    if any(widths[i] < widths[i - 1] - 1 and widths[i] < widths[i + 1] - 1 for i in range(1, len(widths) - 1)):
        cost += _HOURGLASS
    return cost


def _search_breaks(text: str, prefix: list[float], scores: dict[int, float], n: int,
                   capacity: float) -> Optional[tuple[float, list[int]]]:
    """Every choice of ``n - 1`` breaks (``n`` ≤ 3; titles are short: a few dozen candidates)."""
    total = prefix[-1]
    cands = sorted(scores)
    best: Optional[tuple[float, list[int]]] = None

    def consider(cuts: list[int]) -> None:
        nonlocal best
        bounds = [0] + cuts + [len(text)]
        widths = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
        if min(widths) < 3:  # a stub of one or two characters is never the best line
            return
        cost = _cost(widths, [scores[c] for c in cuts], capacity)
        if best is None or cost < best[0]:
            best = (cost, cuts)

    if n == 2:
        for i in cands:
            if prefix[i] <= capacity + 1e-9 and total - prefix[i] <= capacity + 1e-9:
                consider([i])
    elif n == 3:
        for a, i in enumerate(cands):
            if prefix[i] > capacity + 1e-9:
                break
            for j in cands[a + 1:]:
                if prefix[j] - prefix[i] > capacity + 1e-9:
                    break
                if total - prefix[j] <= capacity + 1e-9:
                    consider([i, j])
    return best


def _best_breaks(text: str, prefix: list[float], scores: dict[int, float], n: int,
                 capacity: float) -> Optional[tuple[float, list[int]]]:
    """Dynamic programme over break positions for exactly ``n`` lines (long titles)."""
    length = len(text)
    target = prefix[-1] / n
    positions = [0] + sorted(scores) + [length]
    reach = [prefix[p] for p in positions]
    # best[(k, pos)] = (cost, previous pos) for k lines ending at pos
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
    for k in range(1, n + 1):
        for index, end in enumerate(positions[1:], 1):
            if (k == n) != (end == length):
                continue
            choice = None
            # only starts within a line's width of the end (a 1,000-character title: linear, not quadratic)
            for start in positions[bisect_left(reach, prefix[end] - capacity - 1e-9):index]:
                if (k - 1, start) not in best:
                    continue
                w = prefix[end] - prefix[start]
                if w > capacity + 1e-9 or w < 1.5:  # too long, or a lone character
                    continue
                line_cost = _BALANCE * ((w - target) / capacity) ** 2 + (_SHORT if w < 4 else 0)
                cost = best[(k - 1, start)][0] + line_cost - (0.0 if end == length else scores[end])
                if choice is None or cost < choice[0]:
                    choice = (cost, start)
            if choice is not None:
                best[(k, end)] = choice
    if (n, length) not in best:
        return None
    cuts, pos, k = [], length, n
    while k > 0:
        prev = best[(k, pos)][1]
        if prev > 0:
            cuts.append(prev)
        pos, k = prev, k - 1
    cuts.reverse()
    bounds = [0] + cuts + [length]
    widths = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
    return _cost(widths, [scores[c] for c in cuts], capacity), cuts


def _break_by_width(text: str, width: list[float], capacity: float) -> list[str]:
    lines, start, used = [], 0, 0.0
    for i, w in enumerate(width):
        if used + w > capacity and i > start:
            cut = i
            while cut > start + 1 and text[cut] in _NO_LINE_START:
                cut -= 1
            lines.append(text[start:cut])
            start, used = cut, sum(width[cut:i])
        used += w
    lines.append(text[start:])
    return lines


def bad_breaks(lines: Sequence[str]) -> list[tuple[int, str, str]]:
    """Problems with the breaks between title ``lines``: (line index, Chinese, English) for each.

    A line of one character, a break inside a word of the lexicon or inside a number or Latin
    word, a line starting with closing punctuation or ending with opening punctuation.
    """
    problems: list[tuple[int, str, str]] = []
    text = "".join(lines)
    pos = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        lone = len(lines) > 1 and len(re.sub(r"\W", "", stripped)) == 1
        if lone:
            problems.append((i, f"标题行“{stripped}”只有一个字", f"title line '{stripped}' holds a single character"))
        if i:
            before, after = text[pos - 1:pos], text[pos:pos + 1]
            word = _inside_word(text, pos)
            if word and not lone:
                problems.append((i, f"标题在词语“{word}”中间换行（{before}/{after}）",
                                 f"the title breaks inside the word '{word}' ({before}/{after})"))
            elif before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
                problems.append((i, f"标题在数字或英文单词中间换行（{before}/{after}）",
                                 f"the title breaks inside a number or Latin word ({before}/{after})"))
            elif after in _NO_LINE_START or before in _NO_LINE_END:
                problems.append((i, f"标题换行处标点位置不当（{before}/{after}）",
                                 f"the title line break leaves punctuation at a line edge ({before}/{after})"))
        pos += len(line)
    return problems
