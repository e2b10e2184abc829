"""report.html in a real Chromium: hostile site text stays text, nothing runs but our own script, the
pictures and the graph render, and Chinese is there to read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Playwright
from report_samples import HOSTILE, sample_report

from auditor.gather.browser import new_context
from auditor.report import write_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def context(browser: Browser, playwright: Playwright) -> Iterator[BrowserContext]:
    # The session's Playwright and Chromium (tests/conftest.py): one sync_playwright per thread.
    ctx = new_context(browser, playwright, "desktop")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()  # a fresh page per test: listeners do not pile up
    yield page
    page.close()


def _open(page: Page, html: Path) -> tuple[list[str], list[str]]:
    dialogs: list[str] = []
    console: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.goto(html.as_uri(), wait_until="load")
    page.wait_for_timeout(200)  # let any injected timer or onerror fire, were there one
    return dialogs, console


def test_hostile_report_runs_nothing_and_shows_the_label_as_text(page: Page, tmp_path: Path) -> None:
    html = write_html(sample_report("hostile", tmp_path), tmp_path)
    dialogs, console = _open(page, html)
    assert dialogs == []
    assert page.locator(".metric .value.text").first.inner_text().replace("\n", "") == HOSTILE
    assert page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.is_visible()
    # Site text made no elements: the only <img> are our screenshots and the zoom dialog's.
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    assert not [c for c in console if "Content Security Policy" in c]


def test_report_renders_chinese_graph_and_step_pictures(page: Page, tmp_path: Path) -> None:
    html = write_html(sample_report("hidden", tmp_path), tmp_path)
    dialogs, console = _open(page, html)
    assert dialogs == [] and not console
    assert page.locator("h1").inner_text() == "暗影卡盟"
    assert page.locator(".verdict .word").inner_text().startswith("未通过")
    assert "售后支持" in page.locator(".strip").inner_text()
    svg = page.locator("#graph ~ .graph svg")
    assert svg.count() == 1 and svg.locator("circle").count() >= 10
    widths = page.locator(".strip img").evaluate_all("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) == 5 and all(w > 0 for w in widths)  # four steps and the application


def test_our_own_script_runs_under_the_csp(page: Page, tmp_path: Path) -> None:
    html = write_html(sample_report("clean", tmp_path), tmp_path)
    _open(page, html)
    page.locator(".strip img").first.click()
    assert page.locator("dialog#zoom").evaluate("d => d.open")
    assert page.locator("dialog#zoom img").evaluate("i => i.naturalWidth") > 0
