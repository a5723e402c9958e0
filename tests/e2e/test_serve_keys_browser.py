"""docgen serve in Chromium with what a Chinese keyboard types: dates as people write them, names
in one row, full-width digits and ％, full-width spaces, half-width punctuation.  The page shows the
value it saves (or the problem at the field), and the download is ``docgen render`` of the saved YAML."""
from __future__ import annotations

import io

import docx

from browser import could_install_browser, unavailable  # noqa: F401  (the skip rule lives with the fixtures)
from test_serve_browser import (browser, checks, cli, download, field, fill, ime_type, page,  # noqa: F401
                                pytestmark, server)


def add_row(page, array_path):
    """Click a list's add button and wait for the check it starts (so typing starts afresh)."""
    before = checks(page)
    page.locator(f'.array[data-path="{array_path}"] > button.add').click()
    page.wait_for_function(f"performance.getEntriesByType('resource').filter(e => e.name.includes('/api/check')).length > {before}")
    page.wait_for_function("!document.body.classList.contains('checking')")


def leave(page, path):
    """Leave a field (Tab), as a user moves on; the page then shows what the server took in."""
    field(page, path).press("Tab")
    page.wait_for_timeout(100)


def test_chinese_keyboard_values_are_taken_in_or_named_and_download_equals_docgen_render(page, tmp_path):
    ime_type(page, "unit.name", "qingxi", "\u3000青溪县人民医院\u3000")
    fill(page, "campaign.name", "无烟医院创建")
    fill(page, "tasks[0].title", "完善禁烟标识")
    fill(page, "tasks[0].content", "在门诊,病房和楼梯间张贴统一的禁烟标识(含电梯).")

    # A date typed through the IME: kept as typed while the field is in use, then shown as saved.
    ime_type(page, "tasks[0].due", "2026nian5yue31ri", "2026年5月31日")
    assert field(page, "tasks[0].due").input_value() == "2026年5月31日"
    assert page.locator('.field[data-path="tasks[0].due"] .error').count() == 0
    leave(page, "tasks[0].due")
    assert field(page, "tasks[0].due").input_value() == "2026-05-31"
    note = page.locator('.field[data-path="tasks[0].due"] .tidy .taken')
    assert "已按 2026-05-31 记录" in note.inner_text() and "2026年5月31日" in note.inner_text()
    assert field(page, "unit.name").input_value() == "青溪县人民医院"

    # Two names in one row, separated by ，: one row each.
    add_row(page, "tasks[0].owners")
    ime_type(page, "tasks[0].owners[0]", "yiwuke", "医务科，护理部")
    leave(page, "tasks[0].owners[0]")
    assert field(page, "tasks[0].owners[0]").input_value() == "医务科"
    assert field(page, "tasks[0].owners[1]").input_value() == "护理部"
    assert "已分成 2 项" in page.locator('.array[data-path="tasks[0].owners"] > .tidy').inner_text()
    # Joined by 、: pointed out, split on request.
    add_row(page, "tasks[0].owners")
    ime_type(page, "tasks[0].owners[2]", "bangongshi", "办公室、宣传科")
    suggestion = page.locator('.field[data-path="tasks[0].owners[2]"] .tidy .suggest')
    suggestion.wait_for()
    assert "如果是 2 个责任单位" in suggestion.inner_text()
    suggestion.locator("button", has_text="分成 2 项").click(delay=150)     # a human click: mouseup comes later
    assert [field(page, f"tasks[0].owners[{i}]").input_value() for i in range(4)] == ["医务科", "护理部", "办公室", "宣传科"]

    # A target typed with full-width digits and ％.
    page.locator('details[data-section="goals"] > summary').click()
    add_row(page, "goals.targets")
    fill(page, "goals.targets[0].item", "控烟知晓率")
    ime_type(page, "goals.targets[0].value", "95", "９５％以上")
    leave(page, "goals.targets[0].value")
    assert field(page, "goals.targets[0].value").input_value() == "95%以上"

    # A date that does not exist: named at the field in the CLI's words; then a full-width one.
    page.locator('details[data-section="phases"] > summary').click()
    add_row(page, "phases")
    fill(page, "phases[0].name", "集中整治阶段")
    # The calendar button opens the browser's picker (native, out of Playwright's reach): what it
    # picks goes into the field as an ISO date.
    start = page.locator('.field[data-path="phases[0].start"]')
    start.locator("button", has_text="选择日期").click()
    before = checks(page)
    start.locator("input.picker").evaluate(
        "p => { p.value = '2026-06-01'; p.dispatchEvent(new Event('change', { bubbles: true })); }")
    page.wait_for_function(f"performance.getEntriesByType('resource').filter(e => e.name.includes('/api/check')).length > {before}")
    page.keyboard.press("Escape")
    fill(page, "phases[0].end", "2026年2月30日")
    error = page.locator('.field[data-path="phases[0].end"] .error')
    error.wait_for()
    assert "2026年2月没有30日" in error.inner_text()
    leave(page, "phases[0].end")
    assert field(page, "phases[0].end").input_value() == "2026年2月30日"     # nothing guessed
    fill(page, "phases[0].end", "２０２６．８．３１")
    leave(page, "phases[0].end")
    assert field(page, "phases[0].end").input_value() == "2026-08-31"
    assert field(page, "phases[0].start").input_value() == "2026-06-01"

    page.wait_for_function("document.querySelector('#status').classList.contains('ok')")
    page.wait_for_function("document.querySelector('#preview .sheet')?.innerText.includes('集中整治阶段')")
    preview = page.locator("#preview .sheet").first.inner_text()
    assert "在门诊，病房和楼梯间张贴统一的禁烟标识（含电梯）。" in preview
    assert "控烟知晓率达到95%以上" in preview and "2026年5月31日前" in preview

    docx_file = download(page, "#download-docx", tmp_path)
    source = download(page, "#save-button", tmp_path)
    text = source.read_text(encoding="utf-8")
    assert "due: 2026-05-31\n" in text and "end: 2026-08-31\n" in text and "value: 95%以上\n" in text
    assert "- 医务科\n" in text and "- 宣传科\n" in text and "name: 青溪县人民医院\n" in text
    assert cli("validate", source).returncode == 0
    rendered = tmp_path / "cli" / "plan.docx"
    rendered.parent.mkdir()
    assert cli("render", source, "-o", rendered).returncode == 0
    assert docx_file.read_bytes() == rendered.read_bytes()
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_file.read_bytes())).paragraphs)
    assert "（责任单位：医务科、护理部、办公室、宣传科；完成时限：2026年5月31日前）" in body
    assert "（含电梯）。" in body and "（2026年6月1日—8月31日）" in body
