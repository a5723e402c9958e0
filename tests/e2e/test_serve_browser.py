"""docgen serve in a real browser (headless Debian Chromium through Playwright), as an office
worker uses it: fill a campaign from an empty form (typing Chinese through an IME), meet an
inline error, fix it, watch the preview, reorder and remove items, download the .docx and the YAML,
and check that the download is exactly what ``docgen render`` makes from that YAML and that
``docgen check`` passes it."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from browser import Server, could_install_browser, launch, unavailable

REASON = unavailable()
if REASON and could_install_browser():
    pytest.fail(f"browser tests cannot run although a browser can be installed here: {REASON}", pytrace=False)
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"browser tests skipped: {REASON}")


def cli(*args, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=180)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve-cwd"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the page's CSP (rightly) forbids.
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1440, "height": 900},
                                  bypass_csp=True)
    # The tests count /api/check round trips in the resource timings (250 entries by default).
    context.add_init_script("performance.setResourceTimingBufferSize(100000)")
    page = context.new_page()
    errors: list = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url)
    page.wait_for_selector("body.ready")
    page.wait_for_selector("#status.ok, #status.bad")
    yield page
    context.close()
    assert errors == [], errors


def field(page, path):
    return page.locator(f'input[data-path="{path}"], textarea[data-path="{path}"], select[data-path="{path}"]')


def checks(page) -> int:
    return page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.includes('/api/check')).length")


def fill(page, path, text):
    """Type into a field and wait for the validation round trip it starts."""
    before = checks(page)
    field(page, path).fill(text)
    page.wait_for_function(f"performance.getEntriesByType('resource').filter(e => e.name.includes('/api/check')).length > {before}")
    page.wait_for_function("!document.body.classList.contains('checking')")


def ime_type(page, path, pinyin, text):
    """Type ``text`` the way a Chinese IME does: compose pinyin, then commit the characters."""
    box = field(page, path)
    box.focus()
    cdp = page.context.new_cdp_session(page)
    before = checks(page)
    for i in range(1, len(pinyin) + 1):
        cdp.send("Input.imeSetComposition", {"text": pinyin[:i], "selectionStart": i, "selectionEnd": i})
    page.wait_for_timeout(900)           # longer than the page's debounce
    assert box.input_value().endswith(pinyin)
    assert checks(page) == before, "the page validated half-composed pinyin"
    cdp.send("Input.insertText", {"text": text})
    page.wait_for_function(f"performance.getEntriesByType('resource').filter(e => e.name.includes('/api/check')).length > {before}")
    page.wait_for_function("!document.body.classList.contains('checking')")
    cdp.detach()


def download(page, button, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(button)
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def preview_text(page) -> str:
    return page.locator("#preview .sheet").first.inner_text()


def test_fill_a_new_campaign_fix_an_error_preview_and_download(page, tmp_path):
    assert "还有" in page.locator("#status").inner_text()              # an empty form has things to fill
    ime_type(page, "unit.name", "qingxixianrenminyiyuan", "青溪县人民医院")
    assert field(page, "unit.name").input_value() == "青溪县人民医院"
    ime_type(page, "campaign.name", "wuyanyiyuan", "无烟医院创建")

    # The first task card is there from the start (the schema asks for at least one).
    fill(page, "tasks[0].title", "完善禁烟标识")
    if field(page, "tasks[0].id").count():                           # while the schema has task ids
        fill(page, "tasks[0].id", "禁烟 标识")
        error = page.locator('.field[data-path="tasks[0].id"] .error')
        error.wait_for()
        message = error.inner_text()
        assert "格式不对" in message
        saved = download(page, "#save-button", tmp_path)
        validated = cli("validate", saved)
        assert validated.returncode == 2
        assert message.split("\n")[0].lstrip("⚠ ").strip() in validated.stderr   # the CLI's own words
        fill(page, "tasks[0].id", "signs")
        assert page.locator('.field[data-path="tasks[0].id"] .error').count() == 0
    fill(page, "tasks[0].content", "在门诊、病房和楼梯间张贴统一的禁烟标识。")
    page.locator('.array[data-path="tasks[0].owners"] > button.add').click()
    fill(page, "tasks[0].owners[0]", "后勤保障科")
    field(page, "tasks[0].due").fill("2026-05-31")

    page.locator('.array[data-path="tasks"] > button.add').click()
    if field(page, "tasks[1].id").count():
        fill(page, "tasks[1].id", "patrol")
    fill(page, "tasks[1].title", "开展控烟巡查")
    page.wait_for_function("document.querySelector('#preview .sheet') !== null")
    assert "（二）开展控烟巡查" in preview_text(page)

    # Reorder: the second task moves up, in the form and in the document.
    page.locator('li.card[data-path="tasks[1]"] > .item-head button[data-act="up"]').click()
    page.wait_for_function("document.querySelector('#preview .sheet').innerText.includes('（一）开展控烟巡查')")
    assert field(page, "tasks[0].title").input_value() == "开展控烟巡查"
    assert field(page, "tasks[1].owners[0]").input_value() == "后勤保障科"

    # Add a third, then remove it again.
    page.locator('.array[data-path="tasks"] > button.add').click()
    assert page.locator('.array[data-path="tasks"] > ol > li.card').count() == 3
    page.locator('li.card[data-path="tasks[2]"] > .item-head button[data-act="remove"]').click()
    assert page.locator('.array[data-path="tasks"] > ol > li.card').count() == 2

    # A phase, in a section that folds until used.
    page.locator('details[data-section="phases"] > summary').click()
    page.locator('.array[data-path="phases"] > button.add').click()
    fill(page, "phases[0].name", "集中整治阶段")
    field(page, "phases[0].start").fill("2026-06-01")
    field(page, "phases[0].end").fill("2026-05-01")                  # ends before it starts
    error = page.locator('.field[data-path="phases[0].end"] .error')
    error.wait_for()
    assert "早于开始日期" in error.inner_text()
    assert "预览暂停" in page.locator("#preview-note").inner_text()
    field(page, "phases[0].end").fill("2026-08-31")
    page.wait_for_function("document.querySelector('#status').classList.contains('ok')")
    page.wait_for_function("document.querySelector('#preview .sheet').innerText.includes('集中整治阶段')")
    assert page.locator("#preview-note .doc-title").inner_text() == "青溪县人民医院无烟医院创建工作实施方案"
    assert preview_text(page).startswith("青溪县人民医院无烟医院创建工作实施方案")

    docx = download(page, "#download-docx", tmp_path)
    assert docx.name == "青溪县人民医院无烟医院创建工作实施方案.docx"
    source = download(page, "#save-button", tmp_path)
    assert cli("validate", source).returncode == 0
    rendered = tmp_path / "cli" / "plan.docx"
    rendered.parent.mkdir()
    assert cli("render", source, "-o", rendered).returncode == 0
    assert docx.read_bytes() == rendered.read_bytes()
    checked = cli("check", docx)
    assert checked.returncode == 0, checked.stdout


def test_open_a_file_switch_kinds_and_download_everything(page, tmp_path, reference_path):
    page.set_input_files("#open-file", str(reference_path))
    page.wait_for_function("document.querySelector('#status').classList.contains('ok')")
    assert field(page, "unit.name").input_value() == "临川市教育局"
    assert page.locator('details[data-section="leadership"]').get_attribute("open") is not None
    page.select_option("#kind", "speech")
    page.wait_for_function("document.querySelector('#preview-note .doc-title')?.innerText.includes('讲话')")
    assert "同志们：" in preview_text(page)
    page.select_option("#kind", "members")
    page.wait_for_function("document.querySelector('#preview table') !== null")
    assert "周文彬" in page.locator("#preview table").first.inner_text()

    bundle = download(page, "#download-zip", tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(bundle.read_bytes()))
    docx_names = [n for n in archive.namelist() if n.endswith(".docx")]
    assert len(docx_names) == 6 and "campaign.yaml" in archive.namelist()
    source = tmp_path / "campaign.yaml"
    source.write_bytes(archive.read("campaign.yaml"))
    out = tmp_path / "out"
    assert cli("render", source, "--kind", "all", "-o", f"{out}/").returncode == 0
    for name in docx_names:
        assert archive.read(name) == (out / name).read_bytes(), name


def test_a_kind_that_needs_more_data_says_which_fields(page):
    ime_type(page, "unit.name", "jiading", "嘉定区图书馆")
    fill(page, "campaign.name", "全民阅读月")
    if field(page, "tasks[0].id").count():
        fill(page, "tasks[0].id", "reading")
    fill(page, "tasks[0].title", "开展阅读推广活动")
    page.select_option("#kind", "speech")
    note = page.locator("#preview-note")
    page.wait_for_function("document.querySelector('#preview-note').innerText.includes('还需要填写')")
    assert "讲话" in note.inner_text() and "会议名称" in note.inner_text()
    note.locator("a", has_text="会议名称").click()                     # opens the folded section at the field
    assert field(page, "documents.speech.occasion").is_visible()
    fill(page, "documents.speech.occasion", "全民阅读月启动仪式")
    fill(page, "documents.speech.speaker.name", "林晓")
    fill(page, "documents.speech.speaker.post", "馆长")
    field(page, "documents.speech.date").fill("2026-04-23")
    page.wait_for_function("document.querySelector('#preview-note .doc-title')?.innerText.includes('全民阅读月启动仪式')")
    assert "在全民阅读月启动仪式上的讲话" in preview_text(page)


def test_draft_survives_a_reload_and_new_clears_it(page, server):
    fill(page, "campaign.name", "消防安全月")
    page.reload()
    page.wait_for_selector("body.ready")
    assert field(page, "campaign.name").input_value() == "消防安全月"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#new-button")
    assert field(page, "campaign.name").input_value() == ""


@pytest.mark.skipif(__import__("docgen.pdf", fromlist=["find_soffice"]).find_soffice() is None,
                    reason="LibreOffice is not installed (page images need it)")
def test_page_images_through_libreoffice(page, reference_path):
    page.set_input_files("#open-file", str(reference_path))
    page.wait_for_function("document.querySelector('#status').classList.contains('ok')")
    page.select_option("#kind", "members")
    page.check('input[name="mode"][value="pages"]')
    page.wait_for_selector("#preview img.page-image", timeout=120_000)
    assert "共 1 页" in page.locator("#preview-note").inner_text()
    width = page.locator("#preview img.page-image").first.evaluate("img => img.naturalWidth")
    height = page.locator("#preview img.page-image").first.evaluate("img => img.naturalHeight")
    assert abs(height / width - 297 / 210) < 0.02                    # an A4 page
