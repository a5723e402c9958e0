"""Screenshots of ``docgen serve`` for the README: the form (with an inline error) and the preview.

    python docs/serve_screenshots.py        # writes docs/serve-form.png and docs/serve-preview.png

Uses the same headless Debian Chromium as the end-to-end tests (tests/e2e/browser.py).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser import Server, launch, unavailable  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from reference_campaign import REFERENCE  # noqa: E402  (../shared, else the snapshot)


def wait_checked(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function("!document.body.classList.contains('checking')")


def main() -> int:
    reason = unavailable()
    if reason:
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as cwd, sync_playwright() as playwright:
        server = Server(Path(cwd))
        browser = launch(playwright)
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900}, bypass_csp=True)
            page = context.new_page()
            page.goto(server.url)
            page.wait_for_selector("#status.ok, #status.bad")

            # The form: a new campaign being filled, a phase whose dates are the wrong way round.
            page.fill('input[data-path="unit.name"]', "青溪县人民医院")
            page.fill('input[data-path="unit.short_name"]', "县医院")
            page.fill('input[data-path="campaign.name"]', "无烟医院创建")
            page.fill('input[data-path="tasks[0].title"]', "完善禁烟标识")
            page.fill('textarea[data-path="tasks[0].content"]', "在门诊、病房和楼梯间张贴统一的禁烟标识。")
            page.locator('.array[data-path="tasks[0].owners"] > button.add').click()
            page.fill('input[data-path="tasks[0].owners[0]"]', "后勤保障科")
            page.locator('.array[data-path="tasks"] > button.add').click()
            page.fill('input[data-path="tasks[1].title"]', "开展控烟巡查")
            page.locator('details[data-section="phases"] > summary').click()
            page.locator('.array[data-path="phases"] > button.add').click()
            page.fill('textarea[data-path="phases[0].name"], input[data-path="phases[0].name"]', "集中整治阶段")
            page.fill('input[data-path="phases[0].start"]', "2026-06-01")
            page.fill('input[data-path="phases[0].end"]', "2026-05-01")
            page.fill('textarea[data-path="phases[0].content"]', "对照控烟标准逐科室自查，整改吸烟点。")
            wait_checked(page)
            page.locator('.field[data-path="phases[0].end"] .error').wait_for()
            page.locator(".form-pane").evaluate(
                "pane => pane.scrollTop = document.querySelector('details[data-section=\"phases\"]').offsetTop - 90")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / "serve-form.png"))

            # The preview: the reference campaign opened, the issuing notice shown.
            page.set_input_files("#open-file", str(REFERENCE))
            page.wait_for_selector("#status.ok")
            page.select_option("#kind", "notice")
            page.wait_for_function("document.querySelector('#preview-note .doc-title')?.innerText.includes('通知')")
            page.locator("#notice .close").click()
            page.locator(".form-pane").evaluate("pane => pane.scrollTop = 0")
            page.wait_for_timeout(300)
            page.screenshot(path=str(ROOT / "docs" / "serve-preview.png"))
        finally:
            browser.close()
            server.stop()
    print("written: docs/serve-form.png, docs/serve-preview.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
