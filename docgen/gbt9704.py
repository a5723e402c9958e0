"""GB/T 9704-2012 《党政机关公文格式》: every number docgen lays out or checks.

This module is the single place where the standard's figures live; the layout
stage, the template builder and ``docgen check`` all read them from here.

Units: Word measures lengths in twips (1/20 pt) and EMU; font sizes in
half-points.  Helpers below convert from the standard's millimetres/points.
"""
from __future__ import annotations

MM_PER_INCH = 25.4
TWIPS_PER_PT = 20
TWIPS_PER_INCH = 1440


def mm_to_twips(mm: float) -> int:
    """Millimetres → twips (rounded)."""
    return round(mm / MM_PER_INCH * TWIPS_PER_INCH)


def pt_to_twips(pt: float) -> int:
    """Points → twips (rounded)."""
    return round(pt * TWIPS_PER_PT)


# --- Page (A4) and type area (版心 156 × 225 mm) ---------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37       # 天头
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28      # 订口
MARGIN_RIGHT_MM = 26
MARGIN_TOLERANCE_MM = 1
TYPE_AREA_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM    # 156
TYPE_AREA_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225

# --- Font sizes (字号) in points ---------------------------------------------
SIZE_2HAO = 22.0   # 2号: title, 发文机关标志 may be larger
SIZE_3HAO = 16.0   # 3号: body
SIZE_4HAO = 14.0   # 4号: page numbers, 版记

TITLE_SIZE_PT = SIZE_2HAO
BODY_SIZE_PT = SIZE_3HAO
PAGE_NUMBER_SIZE_PT = SIZE_4HAO
BANJI_SIZE_PT = SIZE_4HAO          # 抄送 / 印发机关和印发日期
ISSUER_MARK_SIZE_PT = 26.0         # 发文机关标志 (not fixed by the standard; offices commonly use 小初 36pt
                                   # or 一号 26pt for long names — docgen uses 26pt so long names fit one line)

# --- Grid: 22 lines per page, 28 characters per line -------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Exact line pitch that fits 22 lines into the 225 mm type area (28.95 pt; offices use the same).
LINE_PITCH_TWIPS = 579
LINE_PITCH_PT = LINE_PITCH_TWIPS / TWIPS_PER_PT
# 156 mm / 28 = 15.79 pt per character; 3号 glyphs are 16 pt, so body text is condensed by 0.25 pt
# (character spacing, twentieths of a point) to put 28 characters on a full line.
BODY_CHAR_SPACING_TWENTIETHS = -5
FIRST_LINE_INDENT_CHARS = 2        # 每个自然段左空二字
# 2号 title characters on one line of the 156 mm type area: 442.2 pt / 22 pt = 20 (no condensing).
TITLE_CHARS_PER_LINE = int(TYPE_AREA_WIDTH_MM / MM_PER_INCH * 72 // SIZE_2HAO)
# Paragraphs sit on the line grid: space before/after a body paragraph breaks the 22-line page.
# (A tolerance for rounding in Word's dialogs, which store 0.5 pt steps.)
PARAGRAPH_SPACING_TOLERANCE_PT = 0.5
# 7.3.5: when the 落款 does not fit below the body, line spacing (行距) on that page may be adjusted.
# The standard gives no figure; docgen tightens to no less than 24 pt (1.5 lines of 3号), and the
# checker accepts a 落款 page tightened that far.
TIGHTENED_LINE_PITCH_MIN_PT = 24.0

# --- Fonts: the East Asian names offices have --------------------------------
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING_1 = "黑体"
FONT_HEADING_2 = "楷体_GB2312"
FONT_HEADING_3 = FONT_BODY
FONT_HEADING_4 = FONT_BODY
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"     # digits and Latin letters in body text
# The GB2312 faces hold only GB2312's 6,763 hanzi (no 喆, 堃); documents.fonts may name these fuller
# GBK faces Windows ships instead.
FONT_BODY_GBK = "仿宋"
FONT_HEADING_2_GBK = "楷体"

# Accepted equivalents when checking a document made elsewhere (WPS/Word installs differ).
FONT_ALIASES: dict[str, frozenset[str]] = {
    FONT_TITLE: frozenset({"方正小标宋简体", "方正小标宋_GBK", "小标宋", "FZXiaoBiaoSong-B05S"}),
    FONT_BODY: frozenset({"仿宋_GB2312", "仿宋", "仿宋_GBK", "FangSong_GB2312", "FangSong"}),
    FONT_HEADING_1: frozenset({"黑体", "SimHei", "方正黑体_GBK", "方正黑体简体"}),
    FONT_HEADING_2: frozenset({"楷体_GB2312", "楷体", "楷体_GBK", "KaiTi_GB2312", "KaiTi", "方正楷体_GBK"}),
    FONT_PAGE_NUMBER: frozenset({"宋体", "SimSun"}),
}

# --- 层次序数 ------------------------------------------------------------------
# level → (example, font) ; levels 3 and 4 use the body font.
HEADING_LEVELS = {
    1: ("一、", FONT_HEADING_1),
    2: ("（一）", FONT_HEADING_2),
    3: ("1.", FONT_HEADING_3),
    4: ("（1）", FONT_HEADING_4),
}

# --- 版头 -----------------------------------------------------------------------
ISSUER_MARK_COLOR = "FF0000"           # 发文机关标志: red
ISSUER_MARK_OFFSET_MM = 35             # top edge 35 mm below the top of the type area
SEPARATOR_COLOR = "FF0000"             # red line under the 发文字号
SEPARATOR_GAP_MM = 4                   # 4 mm below the 发文字号
SEPARATOR_THICKNESS_PT = 1.0           # not fixed by the standard; offices commonly draw it 1 pt
DOC_NUMBER_BLANK_LINES = 2             # 发文字号 two blank lines below the 标志
TITLE_BLANK_LINES_AFTER_SEPARATOR = 2  # 标题 two blank lines below the red line

# --- 版记 -----------------------------------------------------------------------
BANJI_RULE_THICK_MM = 0.35   # first and last rules
BANJI_RULE_THIN_MM = 0.25    # rules in between
BANJI_INDENT_CHARS = 1       # 抄送 / 印发 one character in from each side

# --- 落款 -----------------------------------------------------------------------
SIGNATURE_RIGHT_INDENT_CHARS = 2   # 署名 right-aligned, two characters of right indent
SEAL_DATE_RIGHT_INDENT_CHARS = 4  # with a seal (印章), the 成文日期 ends four characters from the right (7.3.5.1)
DATE_OFFSET_CHARS = 2              # date starts two characters right of the 署名's first character

# --- Page numbers -----------------------------------------------------------------
PAGE_NUMBER_DASH = "—"             # em dash each side: — 1 —
PAGE_NUMBER_SIDE_INDENT_CHARS = 1  # odd pages right, even pages left, one character in
PAGE_NUMBER_BELOW_TYPE_AREA_MM = 7  # the dash 7 mm below the type area's bottom edge


def chars_to_twips(chars: float, size_pt: float = BODY_SIZE_PT) -> int:
    """Width of ``chars`` full-width characters of ``size_pt`` in twips."""
    return pt_to_twips(chars * size_pt)
