"""The generalisation corpus (``tests/campaigns/*.yaml``): campaigns unlike the reference — other
domains, unit types, sizes, missing sections, summary periods and meeting types — must all
validate, render every kind their data supports, pass ``docgen check``, and read like an office
wrote them: no doubled year, no 活动工作 / 工作工作, no lone 一是, no stray spaces or half-width
punctuation, no glued 要+subject, no figure twice in a row, and no negative claim (尚未形成,
进度滞后 …) that the campaign file does not itself make.

The text rules are one function (:func:`text_faults`) applied per document family, so a failure
names the family that owns it: ``test_plan_family_reads_naturally`` (plan, notice, members,
tasks), ``test_speech_reads_naturally`` and ``test_summary_reads_naturally``.
"""
from __future__ import annotations

import functools
import re
import warnings
from pathlib import Path

import pytest
import yaml

import docgen
from docgen import kinds
from docgen.text import normalize_embedded, strip_trailing_punct
from docx_inspect import CJK, all_text, hygiene_problems, open_docx

CORPUS_DIR = Path(__file__).resolve().parent / "campaigns"
CORPUS = sorted(CORPUS_DIR.glob("*.yaml"))
IDS = [p.stem for p in CORPUS]
PLAN_FAMILY = ("plan", "notice", "members", "tasks")

# Claims that something is late or missing.  A document may say them only by quoting the file.
NEGATIVES = ("尚未形成", "尚未取得", "尚未完成", "未完成", "未能按期", "进度滞后", "滞后", "落后于", "尚无")
# Machine joins of the campaign name with a work noun.
DOUBLED_NOUNS = ("活动工作", "行动工作", "工作工作", "专项工作工作")
# One year twice inside one phrase (2026年上半年2026年…); spans (—), ranges (至) and quoted
# titles (《》“”) legitimately repeat a year.
DOUBLED_YEAR = re.compile(r"(\d{4})年[^，。；：、！？（）《》“”—至\n]{0,10}?\1年")
# The same figure with its unit twice in a row (控制在48小时以内48小时, 达到100%，100%).
# 一是 / 二是 as list markers, not the tail of 十一是, 二十一是.
FIRST_POINT = re.compile(r"(?<![一二三四五六七八九十])一是")
SECOND_POINT = re.compile(r"(?<![一二三四五六七八九十])二是")
# A target frame glued to a value that carries its own (达到不少于3次, 达到控制在…, 达到0), or
# a ceiling read as a level to reach (达到48小时以内: a real office writes 控制在48小时以内).
GLUED_FRAME = re.compile(r"达到(?:不少于|不低于|不超过|控制在|提前|基本|实现|为|零|0(?![\d.%‰]))"
                         r"|达到[^；。，]{0,12}?以内")
# How the unit names itself: 结合我局实际, never 结合区政府实际 or the full name.
SELF_REFERENCE = re.compile(r"结合([^，。；、]{1,20}?)实际")
SAME_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(%|‰|个|次|人|小时|天|项|家|名|起|分钟)[^。；\d]{0,8}?(?<![\d.])\1\2")


# ── rendering, once per campaign and kind ────────────────────────────────────────────────────
@functools.lru_cache(maxsize=None)
def campaign(path: Path) -> docgen.Campaign:
    return docgen.load(path)


@functools.lru_cache(maxsize=None)
def rendered(path: Path, kind: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", docgen.DocgenWarning)
        return docgen.render(campaign(path), kind)


@functools.lru_cache(maxsize=None)
def paragraphs(path: Path, kind: str) -> tuple[str, ...]:
    """Every paragraph and table cell of a rendered document, as text."""
    return tuple(line for line in all_text(open_docx(rendered(path, kind))).split("\n") if line.strip())


def supported(path: Path, kind: str) -> bool:
    return not kinds.missing_fields(kinds.KINDS[kind], campaign(path))


@functools.lru_cache(maxsize=None)
def file_strings(path: Path) -> tuple[str, ...]:
    """Every text value the campaign file holds, normalised as docgen prints it."""
    out: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            out.append(strip_trailing_punct(normalize_embedded(" ".join(value.split()))))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return tuple(s for s in out if s)


# ── the text rules ───────────────────────────────────────────────────────────────────────────
def _quoted_from_file(paragraph: str, start: int, end: int, strings: tuple[str, ...]) -> bool:
    """Whether paragraph[start:end] lies inside a stretch copied from one of the file's values."""
    for value in strings:
        if paragraph[start:end] not in value:
            continue
        at = paragraph.find(value)
        while at != -1:
            if at <= start and end <= at + len(value):
                return True
            at = paragraph.find(value, at + 1)
    return False


def text_faults(path: Path, kind: str) -> list[str]:
    """What an office worker reading the rendered ``kind`` of ``path`` would mark as machine-made."""
    return faults_in(paragraphs(path, kind), campaign(path), file_strings(path))


def faults_in(texts, c: docgen.Campaign, strings: tuple[str, ...]) -> list[str]:
    """The text rules over ``texts`` (paragraphs) of a document of campaign ``c`` whose file
    holds ``strings``."""
    faults: list[str] = []
    owners = {o for t in c.tasks for o in t.owners} | {c.unit.name, c.unit.short}
    texts = list(texts)
    for n, text in enumerate(texts):
        def fault(what: str) -> None:
            faults.append(f"{what}: {text[:90]}")

        for problem in hygiene_problems(text):
            fault(problem)
        if re.search(rf"[{CJK}] +[{CJK}]", text):
            fault("ASCII space between hanzi")
        year = DOUBLED_YEAR.search(text)
        if year and not any(year.group() in s for s in strings):
            fault(f"doubled year {year.group()!r}")
        for noun in DOUBLED_NOUNS:
            if noun in text and not any(noun in s for s in strings):
                fault(f"machine join {noun!r}")
        # 一是 needs a 二是 after it: in the same paragraph, or opening the next one (seeds do both).
        first = FIRST_POINT.search(text)
        if first and not (SECOND_POINT.search(text, first.end()) or
                          (n + 1 < len(texts) and SECOND_POINT.match(texts[n + 1].lstrip()))):
            fault("一是 without 二是")
        figure = SAME_FIGURE.search(text)
        if figure and not any(figure.group() in s for s in strings):
            fault(f"same figure twice {figure.group()!r}")
        glued_frame = GLUED_FRAME.search(text)
        if glued_frame:
            fault(f"target frame {glued_frame.group()!r}")
        for self_ref in SELF_REFERENCE.finditer(text):
            if self_ref.group(1) == c.unit.name or self_ref.group(1).endswith(("政府", "办事处")):
                fault(f"unit names itself {self_ref.group()!r}")
        if "要要" in text:
            fault("要要")
        for owner in owners:
            glued = f"要{owner}"
            if glued in text and not any(glued in s for s in strings):
                fault(f"glued 要+subject {glued!r}")
        for word in NEGATIVES:
            for m in re.finditer(word, text):
                if not _quoted_from_file(text, m.start(), m.end(), strings):
                    fault(f"negative claim {word!r} not in the campaign file")
    return faults


# ── every file validates, every supported kind renders and checks clean ───────────────────────
def test_corpus_is_large_and_varied():
    """The corpus keeps covering what the issue asked for (so nobody trims it to what passes)."""
    assert len(CORPUS) >= 12
    cs = [campaign(p) for p in CORPUS]
    raw = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in CORPUS]
    names = [c.campaign.name for c in cs]
    assert any(re.match(r"\d{4}年", n) for n in names) and any(not re.search(r"\d{4}年", n) for n in names)
    for ending in ("活动", "行动", "工作"):
        assert any(n.endswith(ending) for n in names), ending
    assert any(not n.endswith(("活动", "行动", "工作", "专项整治", "年")) for n in names)
    units = [c.unit.name for c in cs]
    for ending in ("局", "人民政府", "街道办事处", "中学", "有限公司", "医院", "委员会"):
        assert any(u.endswith(ending) for u in units), ending
    sizes = [len(c.tasks) for c in cs]
    assert min(sizes) <= 2 and max(sizes) >= 13
    assert any(all("id" not in t for t in r["tasks"]) for r in raw)
    assert any(sub for c in cs for t in c.tasks for i in t.items for sub in i.items)
    for section in ("goals", "principles", "leadership", "phases", "guiding_ideology"):
        assert any(section not in r for r in raw), section
    summaries = [(c, r["documents"]["summary"]) for c, r in zip(cs, raw) if "summary" in r.get("documents", {})]
    assert any("problems" not in s and "next_steps" not in s for _, s in summaries)
    assert any(len(s.get("achievements", [])) < len(c.tasks) for c, s in summaries)
    assert any(a["task"] == t.title for c, s in summaries for a in s.get("achievements", []) for t in c.tasks)
    occasions = [c.documents.speech.occasion for c in cs if c.documents.speech]
    for meeting in ("动员大会", "部署会", "推进会", "总结表彰会"):
        assert any(meeting in o for o in occasions), meeting
    assert any(not c.documents.speech for c in cs) and any(not c.documents.summary for c in cs)


def _elapsed_at_summary_end(c: docgen.Campaign):
    start, end = min(p.start for p in c.phases), max(p.end for p in c.phases)
    day = c.documents.summary.period.end
    return ((day - start).days + 1) / ((end - start).days + 1)


def test_corpus_covers_every_kind_of_summary_period():
    shares = [_elapsed_at_summary_end(campaign(p)) for p in CORPUS
              if campaign(p).documents.summary and campaign(p).phases]
    assert any(s <= 0 for s in shares), "a summary before the campaign starts"
    assert any(0.1 <= s <= 0.3 for s in shares), "a summary at about a fifth"
    assert any(0.4 <= s <= 0.6 for s in shares), "a summary at about half time"
    assert any(s >= 1 for s in shares), "a summary covering the whole campaign or after its end"


def test_speakers_include_leaders_deputies_and_outsiders():
    roles = set()
    for path in CORPUS:
        c = campaign(path)
        if not (c.documents.speech and c.leadership):
            continue
        name = c.documents.speech.speaker.name
        roles.add("leader" if name in [p.name for p in c.leadership.leader] else
                  "deputy" if name in [p.name for p in c.leadership.deputies] else "outside")
    assert roles == {"leader", "deputy", "outside"}
    assert any("董事长" in campaign(p).documents.speech.speaker.post for p in CORPUS if campaign(p).documents.speech)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_every_campaign_validates(path):
    assert docgen.validate(path) == []


@pytest.mark.parametrize("kind", list(kinds.KINDS))
@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_every_supported_kind_renders_and_checks_clean(path, kind, tmp_path):
    missing = kinds.missing_fields(kinds.KINDS[kind], campaign(path))
    if missing:
        with pytest.raises(docgen.MissingDataError) as caught:
            docgen.render(campaign(path), kind)
        assert caught.value.fields == missing
        return
    out = tmp_path / f"{kind}.docx"
    out.write_bytes(rendered(path, kind))
    report = docgen.check(out)
    assert report.errors == [], report.to_text()
    title = kinds.KINDS[kind].title(campaign(path))
    assert title in paragraphs(path, kind) or kind in ("members", "tasks") and any(title in p for p in paragraphs(path, kind))


def test_every_kind_is_exercised_by_several_campaigns():
    for kind in kinds.KINDS:
        assert sum(supported(p, kind) for p in CORPUS) >= 3, kind


# ── reading the documents as an office worker would ───────────────────────────────────────────
@pytest.mark.parametrize("kind", PLAN_FAMILY)
@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_plan_family_reads_naturally(path, kind):
    if not supported(path, kind):
        return
    assert text_faults(path, kind) == []


@pytest.mark.parametrize("path", [p for p in CORPUS if campaign(p).documents.speech], ids=lambda p: p.stem)
def test_speech_reads_naturally(path):
    assert text_faults(path, "speech") == []


@pytest.mark.parametrize("path", [p for p in CORPUS if supported(p, "summary")], ids=lambda p: p.stem)
def test_summary_reads_naturally(path):
    assert text_faults(path, "summary") == []


def test_the_rules_catch_what_they_are_for(tmp_path):
    """The text rules themselves: each fault is found in text that has it, and text the file
    itself holds is let through."""
    path = tmp_path / "x.yaml"
    path.write_text("unit: {name: 某某局}\ncampaign: {name: 禁毒宣传月}\n"
                    "tasks:\n  - {title: 甲, owners: [各科室], content: 宣传阵地建设尚未形成规模}\n", encoding="utf-8")
    c, strings = docgen.load(path), file_strings(path)
    bad = ("2026年上半年2026年安全生产月", "安全生产月活动工作", "一是抓宣传。", "各项 工作",
           "要各科室加强宣传", "达到100%，100%", "该任务尚未形成成效", "整改率,达到",
           "应急演练达到不少于3次", "结合某某局实际", "整改时间达到48小时以内")
    faults = faults_in(bad, c, strings)
    for fragment in ("doubled year", "machine join", "一是 without", "space between", "glued 要",
                     "same figure", "negative claim", "half-width", "target frame", "names itself"):
        assert any(fragment in f for f in faults), fragment
    assert faults_in(("一是抓宣传。", "三是抓考核。"), c, strings)
    assert faults_in(("二是抓宣传。", "一是抓整治。"), c, strings)
    good = ("2026年上半年，某某局扎实推进禁毒宣传月工作。", "（2026年5月25日—2026年6月30日）",
            "一是抓宣传，二是抓整治。", "一是抓宣传。", "二是抓整治。", "十一是抓考核。", "宣传阵地建设尚未形成规模。", "各科室要加强宣传。",
            "结合我局实际，制定本方案。", "覆盖率达到100%，事故起数为0。")
    assert faults_in(good, c, strings) == []


# ── speech-specific (issue 9, rule 5): owned by the speech helper ───────────────────────────────
SPEECHES = [p for p in CORPUS if campaign(p).documents.speech]
MEETING_WORDS = (("推进会", "推进"), ("调度会", "推进"), ("总结", "总结"), ("表彰", "表彰"), ("部署会", "部署"),
                 ("动员", "动员"), ("启动", "动员"))


def _sentences(texts) -> list[str]:
    """The sentences of a speech (title, speaker and date lines are not sentences)."""
    return [s for text in texts for s in re.split(r"(?<=[。！？])", text) if s.endswith(("。", "！", "？"))]


def _opening(path: Path) -> str:
    texts = list(paragraphs(path, "speech"))
    salutation = next(i for i, t in enumerate(texts) if t.endswith("："))
    return texts[salutation + 1]


@pytest.mark.parametrize("path", SPEECHES, ids=lambda p: p.stem)
def test_speech_opening_follows_the_meeting_type(path):
    occasion = campaign(path).documents.speech.occasion
    opening = _opening(path)
    kind = next(word for key, word in MEETING_WORDS if key in occasion)
    assert kind in opening, opening
    if kind in ("推进", "总结", "表彰"):
        assert "动员大会" not in opening and "全面动员" not in opening, opening


@pytest.mark.parametrize("path", SPEECHES, ids=lambda p: p.stem)
def test_speech_copies_at_most_a_fifth_of_its_plan(path):
    plan = "".join(paragraphs(path, "plan"))
    sentences = _sentences(paragraphs(path, "speech"))
    # A plan sentence read out with 一是 or 要 in front is still read out verbatim; a short
    # heading-like sentence (a task title) is not counted.
    copied = [s for s in sentences
              if len(core := strip_trailing_punct(re.sub(r"^(?:[一二三四五六七八九十]+是)?要?", "", s))) >= 12
              and core in plan]
    assert len(copied) <= 0.2 * len(sentences), copied


@pytest.mark.parametrize("path", SPEECHES, ids=lambda p: p.stem)
def test_speech_picks_a_few_emphases(path):
    """The speaker stresses at most five tasks by name and refers the rest to the plan.  The
    paragraph that reads out recorded results (从各单位报送的情况看…) reports, it does not stress."""
    text = "".join(p for p in paragraphs(path, "speech") if "从各单位报送的情况看" not in p)
    named = [t for t in campaign(path).tasks if strip_trailing_punct(t.title) in text]
    assert len(named) <= 5, [t.title for t in named]


@pytest.mark.parametrize("path", SPEECHES, ids=lambda p: p.stem)
def test_speech_does_not_list_the_meeting_itself_as_still_to_do(path):
    text = "".join(paragraphs(path, "speech"))
    assert not re.search(r"重点是[^。]*召开[^。]*(动员|部署)", text)


@pytest.mark.parametrize("path", [p for p in SPEECHES if "推进会" in campaign(p).documents.speech.occasion
                                  and campaign(p).documents.summary
                                  # results are known on the day only once the summary period has ended
                                  and campaign(p).documents.summary.period.end <= campaign(p).documents.speech.date],
                         ids=lambda p: p.stem)
def test_progress_meeting_speech_reports_recorded_results(path):
    """A 推进会 speech says what has been done, from the summary data (figures with their units)."""
    text = "".join(paragraphs(path, "speech"))
    figures = {m.group() for a in campaign(path).documents.summary.achievements
               for m in re.finditer(r"\d+(?:\.\d+)?(?:%|[^\d\s，。、；]{1,3})", a.content)}
    assert any(f in text for f in figures), sorted(figures)[:10]


# ── summary-specific (issue 9, rules 1–2): owned by the summary helper ──────────────────────────
SUMMARIES = [p for p in CORPUS if supported(p, "summary")]


def _summary_state(path: Path):
    c = campaign(path)
    doc = c.documents.summary
    start, end = min(p.start for p in c.phases), max(p.end for p in c.phases)
    day = doc.period.end
    elapsed = ((day - start).days + 1) / ((end - start).days + 1)
    recorded = {c.task(a.task).id for a in doc.achievements}
    overdue = [t for t in c.tasks if t.id not in recorded and t.due and t.due <= day]
    return elapsed, overdue


@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.stem)
def test_summary_names_tasks_without_results_instead_of_judging_them(path):
    """A task with no achievement in the file is either marked 【待补充】 in the summary or named in a
    warning when rendering — never reported as lagging (the negative-claim rule covers that)."""
    c = campaign(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", docgen.DocgenWarning)
        text = all_text(open_docx(docgen.render(c, "summary")))
    warned = " ".join(str(w.message) for w in caught if issubclass(w.category, docgen.DocgenWarning))
    recorded = {c.task(a.task).id for a in c.documents.summary.achievements}
    for task in c.tasks:
        if task.id not in recorded:
            title = strip_trailing_punct(task.title)
            assert title in warned or "【待补充】" in text, title


@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.stem)
def test_summary_lists_only_points_from_the_file(path):
    """Every 一是/二是 point is the file's own text (a problem, a next step, a task or a result)."""
    strings = file_strings(path)
    for text in paragraphs(path, "summary"):
        for m in re.finditer(r"(?<![一二三四五六七八九十])[一二三四五六七八九十]+是([^。；]{4,})", text):
            head = m.group(1)[:6]
            assert any(head in s for s in strings), m.group()


@pytest.mark.parametrize("path", [p for p in SUMMARIES if campaign(p).phases], ids=lambda p: p.stem)
def test_summary_progress_wording_is_true(path):
    text = "".join(paragraphs(path, "summary"))
    elapsed, overdue = _summary_state(path)
    if "时间过半" in text:
        assert 0.4 <= elapsed <= 0.6 and not overdue, (elapsed, [t.title for t in overdue])
    if elapsed <= 0 or elapsed >= 1:  # before the start, or the whole campaign: no 时间进度 talk
        assert "时间过半" not in text and "时间进度" not in text
    assert not re.search(r"([一二三四五六七八九十两]+)项[^。]{0,12}已有\1项", text), "四项中已有四项 reads 均已"
