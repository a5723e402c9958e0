"""docgen.text: normalisation of document text, Chinese numerals, ordinals, dates and widths."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from docgen import text
from docgen.text import (cn_number, display_width, ensure_period, format_date, format_month, format_period_label,
                         format_span, has_cjk, join_list, normalize, normalize_doc_number, ordinal,
                         strip_trailing_punct)

D = dt.date

# --- normalize ---------------------------------------------------------------------------------------

SPACES = [
    # YAML >- folded lines leave a space where the line broke.
    ("以习近平新时代中国特色社会主义思想为指导,坚持立德树人根本任务, 以培育",
     "以习近平新时代中国特色社会主义思想为指导，坚持立德树人根本任务，以培育"),
    ("全面 落实 立德树人", "全面落实立德树人"),
    ("2026年 3月", "2026年3月"),
    ("共 12 所学校", "共12所学校"),
    ("使用 Word 2019 排版", "使用Word 2019排版"),
    ("第一 、第二 。", "第一、第二。"),
    ("《通知》 要求", "《通知》要求"),
    ("  前后\t空白\n", "前后空白"),
    ("全角\u3000空格\u00a0不换行", "全角空格不换行"),
    ("多行\n\n  折叠", "多行折叠"),
    ("零\u200b宽\u200c字\u200d符\ufeff", "零宽字符"),
    ("控制\x01字符\x1b", "控制字符"),
]

LATIN_KEPT = [
    "Word 2019",
    "GB/T 9704-2012",
    "3.5",
    "10:30",
    "1,000",
    "http://x.y/a?b=1",
    "(GB/T 9704)",
    "Hello, world! Really? Yes; sure: ok.",
    "version 1.2.3 (beta)",
]

PUNCTUATION = [
    ("要求,目标", "要求，目标"),
    ("第一;第二", "第一；第二"),
    ("如下:", "如下："),
    ("为什么?", "为什么？"),
    ("加油!", "加油！"),
    ("教育局(试行)", "教育局（试行）"),
    ("(试行)办法", "（试行）办法"),
    ("方案(2026版)", "方案（2026版）"),
    ("依据(GB/T 9704)排版", "依据（GB/T 9704）排版"),  # touching hanzi: Chinese context
    ("（试行)", "（试行）"),  # mixed pair
    ("(试行）", "（试行）"),
    ("(一(二)三)", "（一（二）三）"),  # nested
    ("见附件(略", "见附件（略"),  # unmatched brackets touching Chinese
    ("详见附件)", "详见附件）"),
    ("见(a)、(b)", "见（a）、（b）"),
    ("完成任务.", "完成任务。"),
    ("完成任务.下一步", "完成任务。下一步"),
    ("好!!", "好！！"),
    ("“文明”,“和谐”", "“文明”，“和谐”"),
    ("Word,文档", "Word，文档"),
    ("时间:10:30", "时间：10:30"),  # only the colon touching Chinese
    ("共1,000人", "共1,000人"),
    ("增长3.5个百分点", "增长3.5个百分点"),
    ("网址:http://x.y/a?b=1,请登录", "网址：http://x.y/a?b=1，请登录"),
    ("1.指导思想", "1.指导思想"),  # level-3 ordinal keeps its half-width period
    ("使用Word.", "使用Word."),  # period after Latin is not a Chinese full stop
    ("等等...", "等等..."),
]

QUOTES = [
    ('常态化开展"我们的节日"、国旗下讲话', "常态化开展“我们的节日”、国旗下讲话"),
    ('开展"文明"和"和谐"创建', "开展“文明”和“和谐”创建"),
    ('克服"等、靠、要"思想', "克服“等、靠、要”思想"),
    ('"双减"', "“双减”"),
    ('他说 "好"', "他说“好”"),
    ("”文明”", "“文明”"),  # mis-paired curly quotes
    ("“文明“", "“文明”"),
    ("”文明“与”和谐“", "“文明”与“和谐”"),
    ("“文明”", "“文明”"),  # already right
    ("他说“好”", "他说“好”"),
    ("“好", "“好"),  # a lone curly quote may pair with a neighbouring string: left alone
    ('“文明"', "“文明”"),  # mixed straight and curly
    ("所谓'一校一策'", "所谓‘一校一策’"),
    ("“开展'一校一策'”", "“开展‘一校一策’”"),
    ("don't 改", "don't改"),  # apostrophe inside a Latin word
    ('Say "hi"', "Say “hi”"),  # no hanzi: quotes only, spaces kept
]


@pytest.mark.parametrize("raw, expected", SPACES + PUNCTUATION + QUOTES)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", LATIN_KEPT)
def test_normalize_keeps_latin_and_numbers(raw):
    assert normalize(raw) == raw


def test_normalize_latin_inside_chinese_sentence():
    assert normalize("采用 10:30 与 3.5 和 1,000 及 http://x.y 格式") == "采用10:30与3.5和1,000及http://x.y格式"


@pytest.mark.parametrize("raw", [
    "",
    "   ",
    "纯中文",
    "Word 2019",
    "中, , abc",
    "(abc),中",
    "所谓'一'和'二'",
    '"一"和"二"和"三',
    "”一“",
    "''中''",
    "（X';，1”三“",
    "文c6创?'-",
    "以习近平新时代中国特色社会主义思想为指导,坚持立德树人根本任务, 以培育",
    '常态化开展"我们的节日"、国旗下讲话',
    "临教发[2026]第08号",
    "a\tb 中 (c) d.e. 完成.",
    "第一(一)项;第二(二)项:",
] + [raw for raw, _ in SPACES + PUNCTUATION + QUOTES] + LATIN_KEPT)
def test_normalize_is_idempotent(raw):
    once = normalize(raw)
    assert normalize(once) == once


def test_normalize_is_idempotent_on_generated_text():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(st.text(alphabet="创建文明城市一二三abcXY019 ,.;:?!()\"'“”‘’（）《》、。，\u3000\n\t\u200b—…/",
                              max_size=30))
    def check(raw):
        once = normalize(raw)
        assert normalize(once) == once
        assert normalize_doc_number(normalize_doc_number(raw)) == normalize_doc_number(raw)

    check()


def test_normalized_chinese_text_is_clean():
    raw = '为深入贯彻"双减"政策 ,现就有关事项 通知如下:一是(各校)落实;二是 上报 情况!'
    out = normalize(raw)
    assert out == "为深入贯彻“双减”政策，现就有关事项通知如下：一是（各校）落实；二是上报情况！"
    assert not any(ch in out for ch in ' ,;:?!()"\'')


# --- 发文字号 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "临教发[2026]8号", "临教发【2026】8号", "临教发(2026)8号", "临教发（2026）8号", "临教发［2026］8号",
    "临教发〔2026〕8号", "临教发﹝2026﹞8号", "临教发〔2026〕第8号", "临教发〔2026〕第08号", "临教发[2026]第008号",
    "临教发 [ 2026 ] 第 8 号", "临教发〔２０２６〕８号", " 临教发\u200b〔2026〕8号 ",
])
def test_normalize_doc_number(raw):
    assert normalize_doc_number(raw) == "临教发〔2026〕8号"


@pytest.mark.parametrize("raw, expected", [
    ("临教发〔2026〕10号", "临教发〔2026〕10号"),  # inner zero of the serial stays
    ("临教发〔2026〕100号", "临教发〔2026〕100号"),
    ("临教发[2026]0号", "临教发〔2026〕0号"),
    ("临教函[2025]120号", "临教函〔2025〕120号"),
])
def test_normalize_doc_number_serials(raw, expected):
    assert normalize_doc_number(raw) == expected


# --- numerals and ordinals -----------------------------------------------------------------------------

CN = {1: "一", 2: "二", 9: "九", 10: "十", 11: "十一", 12: "十二", 13: "十三", 14: "十四", 15: "十五", 16: "十六",
      17: "十七", 18: "十八", 19: "十九", 20: "二十", 21: "二十一", 30: "三十", 99: "九十九", 100: "一百",
      101: "一百零一", 110: "一百一十", 111: "一百一十一", 200: "二百", 999: "九百九十九", 1000: "一千",
      1001: "一千零一", 1005: "一千零五", 1010: "一千零一十", 1100: "一千一百", 2026: "二千零二十六",
      9999: "九千九百九十九"}


@pytest.mark.parametrize("n, expected", sorted(CN.items()))
def test_cn_number(n, expected):
    assert cn_number(n) == expected


@pytest.mark.parametrize("n", [0, -1, 10000])
def test_cn_number_out_of_range(n):
    with pytest.raises(ValueError):
        cn_number(n)


@pytest.mark.parametrize("level, n, expected", [
    (1, 1, "一、"), (1, 2, "二、"), (1, 10, "十、"), (1, 11, "十一、"), (1, 12, "十二、"), (1, 21, "二十一、"),
    (2, 1, "（一）"), (2, 10, "（十）"), (2, 11, "（十一）"), (2, 12, "（十二）"),
    (3, 1, "1."), (3, 12, "12."),
    (4, 1, "（1）"), (4, 12, "（12）"),
])
def test_ordinal(level, n, expected):
    assert ordinal(level, n) == expected


@pytest.mark.parametrize("level, n", [(0, 1), (5, 1), (1, 0), (3, 0), (4, -1)])
def test_ordinal_rejects(level, n):
    with pytest.raises(ValueError):
        ordinal(level, n)


# --- dates ---------------------------------------------------------------------------------------------


def test_format_date_and_month():
    assert format_date(D(2026, 3, 5)) == "2026年3月5日"
    assert format_date(D(2026, 12, 31)) == "2026年12月31日"
    assert format_month(D(2026, 3, 5)) == "2026年3月"
    assert format_month(D(2026, 10, 1)) == "2026年10月"


@pytest.mark.parametrize("start, end, expected", [
    (D(2026, 3, 1), D(2026, 4, 30), "2026年3月1日\u20144月30日"),
    (D(2026, 11, 1), D(2027, 1, 31), "2026年11月1日\u20142027年1月31日"),
    (D(2026, 3, 5), D(2026, 3, 5), "2026年3月5日"),
    (D(2026, 3, 5), D(2026, 3, 9), "2026年3月5日\u20143月9日"),
])
def test_format_span(start, end, expected):
    assert format_span(start, end) == expected


@pytest.mark.parametrize("start, end, expected", [
    (D(2026, 1, 1), D(2026, 6, 30), "2026年上半年"),
    (D(2026, 7, 1), D(2026, 12, 31), "2026年下半年"),
    (D(2026, 1, 1), D(2026, 12, 31), "2026年"),
    (D(2026, 1, 1), D(2026, 3, 31), "2026年第一季度"),
    (D(2026, 4, 1), D(2026, 6, 30), "2026年第二季度"),
    (D(2026, 7, 1), D(2026, 9, 30), "2026年第三季度"),
    (D(2026, 10, 1), D(2026, 12, 31), "2026年第四季度"),
    (D(2026, 1, 1), D(2026, 9, 30), "2026年1月至9月"),
    (D(2026, 2, 1), D(2026, 4, 30), "2026年2月至4月"),  # three months, but not a quarter
    (D(2026, 1, 1), D(2026, 6, 29), "2026年1月至6月"),  # not the whole half year
    (D(2026, 3, 15), D(2026, 5, 10), "2026年3月至5月"),
    (D(2026, 3, 1), D(2026, 3, 31), "2026年3月"),
    (D(2025, 10, 1), D(2026, 3, 31), "2025年10月至2026年3月"),
    (D(2025, 1, 1), D(2026, 12, 31), "2025年1月至2026年12月"),
])
def test_format_period_label(start, end, expected):
    assert format_period_label(start, end) == expected


# --- widths and small helpers --------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("", 0), ("中文", 2), ("abc", 1.5), ("2026年3月5日", 6), ("Word 2019", 4.5), ("（）《》，。", 6),
    ("ＡＢ", 2), ("“好”", 2), ("—…", 1), ("é", 0.5), ("𠀀", 1), ("한국", 2),
])
def test_display_width(value, expected):
    assert display_width(value) == expected


def test_display_width_fast_ranges_are_wide():
    # display_width counts these ranges without a lookup; every assigned code point in them must be W or F.
    ranges = text._WIDE_RANGES
    assert len(ranges) % 3 == 0
    for i in range(0, len(ranges), 3):
        lo, hi = ord(ranges[i]), ord(ranges[i + 2])
        assert all(unicodedata.east_asian_width(chr(c)) in "WF" for c in range(lo, hi + 1)
                   if unicodedata.category(chr(c)) != "Cn"), hex(lo)


@pytest.mark.parametrize("value", ["中文Word 2019，“好”—…é𠀀", "a\u0301", "\U0001f600表情"])
def test_display_width_matches_unicodedata(value):
    expected = sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in value)
    assert display_width(value) == expected


def test_join_list():
    assert join_list(["教务处", "", "德育处", "  ", "团委"]) == "教务处、德育处、团委"
    assert join_list(iter(["甲", "乙"]), sep="，") == "甲，乙"
    assert join_list([]) == ""


def test_has_cjk():
    assert has_cjk("Word 文档")
    assert has_cjk("𠀀")  # extension B
    assert not has_cjk("Word 2019")
    assert not has_cjk("（），。“”")  # punctuation alone is not Chinese


@pytest.mark.parametrize("raw, expected", [
    ("关于开展文明城市创建工作的通知。", "关于开展文明城市创建工作的通知"),
    ("工作要求；", "工作要求"),
    ("如下：", "如下"),
    ("标题,;:. \n", "标题"),
    ("为什么？", "为什么？"),
    ("无标点", "无标点"),
])
def test_strip_trailing_punct(raw, expected):
    assert strip_trailing_punct(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("按时完成", "按时完成。"),
    ("按时完成。", "按时完成。"),
    ("是否完成？", "是否完成？"),
    ("务必完成！", "务必完成！"),
    ("第一项；", "第一项；"),
    ("他说：“好。”", "他说：“好。”"),
    ("（详见附件。）", "（详见附件。）"),
    ("开展“我们的节日”", "开展“我们的节日”。"),
    ("详见附件（略）", "详见附件（略）。"),
    ("要求如下，", "要求如下。"),
    ("按时完成  ", "按时完成。"),
    ("", ""),
])
def test_ensure_period(raw, expected):
    assert ensure_period(raw) == expected


@pytest.mark.parametrize("typed, printed", [
    ("于2026-03-05前完成", "于2026年3月5日前完成"),
    ("2026/3/5", "2026年3月5日"),
    ("截至2026.12.31。", "截至2026年12月31日。"),
    ("2026年03月05日召开", "2026年3月5日召开"),
    ("每年05月", "每年5月"),
    ("10月10日", "10月10日"),
    ("GB/T 9704-2012", "GB/T 9704-2012"),          # a standard's number is not a date
    ("2026-13-05", "2026-13-05"),                    # no such month: left as typed
    ("电话0791-8888-1234", "电话0791-8888-1234"),
    ("版本1.2.3", "版本1.2.3"),
    ("2026-03-05-01", "2026-03-05-01"),              # part of a longer code
])
def test_numeric_and_zero_padded_dates_are_written_the_official_way(typed, printed):
    assert normalize(typed) == printed
    assert normalize(printed) == printed
