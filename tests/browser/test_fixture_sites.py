"""Each fixture site's ground truth holds in a real Chromium.

For a site with an entry: log in through the real form, replay ``known_path`` from /home, check the
application state is reached, fill and submit the form, and check the server recorded exactly that
submission. For a site without one (``expected.entry.tier: null``): the opposite, checked honestly
over every page a user can reach.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Playwright, expect
from shopserver import FixtureServer, ShopClient, SiteSpec, png_bytes
from shopserver.probe import reachable_pages
from shopserver.replay import fill_form, log_in, replay, scope

from auditor.gather.browser import new_context

pytestmark = pytest.mark.browser

DESCRIPTION = "自动化测试：卡密兑换提示无效，订单号见截图"
PNG = ("evidence.png", png_bytes(), "image/png")

# What a self-serve refund looks like to a user: a form posting to a refund-ish endpoint, or a control
# labelled with a direct or after-sales entry word.
REFUND_ACTION = re.compile(r"refund|aftersale|tuikuan|tuidan|retreat", re.IGNORECASE)
ENTRY_LABELS = re.compile(r"申请退单|退单申请|申请退款|退款申请|我要退款|售后申请|申请售后|仅退款|取消订单")


@pytest.fixture
def context(browser: Browser, playwright: Playwright, shop_server: FixtureServer, site_id: str) -> Iterator[BrowserContext]:
    shop_server.reset(site_id)
    ctx = new_context(browser, playwright, shop_server.spec(site_id).device)
    ctx.set_default_timeout(5000)
    try:
        yield ctx
    finally:
        ctx.close()


def test_site_ground_truth_holds_in_a_browser(site_id: str, shop_server: FixtureServer, context: BrowserContext) -> None:
    spec = shop_server.spec(site_id)
    base = shop_server.url(site_id)
    page = context.new_page()
    user, password = next(iter(spec.users.items()))
    log_in(page, base, user, password)
    dialogs = _answer_the_refund_confirm(page, spec)
    replay(page, spec, base)
    if spec.has_entry:
        _submit_refund(page, spec, dialogs)
        _assert_recorded_exactly_one(shop_server.state(site_id), spec, user)
    else:
        _assert_no_self_serve_refund(page, spec, base, user, password)
        assert shop_server.state(site_id)["submissions"] == []
    _assert_no_side_effects(shop_server.state(site_id))


def _evidence(spec: SiteSpec) -> tuple[str, bytes, str]:
    """The site's own evidence file when site.yaml names one (e.g. a PDF receipt), else a small PNG."""
    if spec.form is not None and spec.form.evidence_file:
        path = spec.folder / spec.form.evidence_file
        return path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return PNG


def _answer_the_refund_confirm(page: Page, spec: SiteSpec) -> list[str]:
    """Accept the confirm() that is the application (one-click refunds); dismiss any other dialog."""
    seen: list[str] = []
    mark = spec.expected.application

    def answer(dialog: Dialog) -> None:
        seen.append(dialog.message)
        if mark is not None and mark.dialog and mark.dialog in dialog.message:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    return seen


def _submit_refund(page: Page, spec: SiteSpec, dialogs: list[str]) -> None:
    form, mark = spec.form, spec.expected.application
    assert form is not None and mark is not None
    if mark.url_contains:
        assert mark.url_contains in page.url, f"known_path ended at {page.url}, not the application"
    if mark.selector:
        expect(scope(page, mark.frames).locator(mark.selector)).to_be_visible()
    if mark.dialog:
        assert any(mark.dialog in m for m in dialogs), f"no confirm({mark.dialog!r}) among {dialogs}"
    else:
        fill_form(page, form, DESCRIPTION, _evidence(spec) if form.evidence else None)
        assert form.submit is not None
        scope(page, form.frames).locator(form.submit).click()
    expect(scope(page, form.frames).get_by_text(form.confirmation_text).first).to_be_visible()


def _assert_recorded_exactly_one(state: dict, spec: SiteSpec, user: str) -> None:
    form = spec.form
    assert form is not None
    assert state["errors"] == []
    (submission,) = state["submissions"]
    assert submission["user"] == user
    assert submission["order_id"] == form.order_id
    assert submission["reason"] == form.reason_value
    assert submission["request_type"] == (form.request_type.value if form.request_type else "退单")
    assert submission["description"] == (DESCRIPTION if form.description or form.fill_steps else "")
    if form.evidence:
        name, data, mime = _evidence(spec)
        (uploaded,) = submission["files"]
        assert (uploaded["name"], uploaded["content_type"]) == (name, mime)
        assert uploaded["sha256"] == hashlib.sha256(data).hexdigest()
        assert uploaded["size"] == len(data)
    else:
        assert submission["files"] == []
    assert state["order_status"][form.order_id] == "退款审核中"


def _assert_no_self_serve_refund(page: Page, spec: SiteSpec, base: str, user: str, password: str) -> None:
    """Where known_path leads (e.g. the chat) and every reachable page: no refund form, no entry label."""
    for action in page.locator("form").evaluate_all("forms => forms.map(f => f.action)"):
        assert not REFUND_ACTION.search(action), f"{page.url} has a form posting to {action}"
    client = ShopClient(base)
    client.login(user, password)
    pages = reachable_pages(client)
    assert len(pages) >= 15, f"only {len(pages)} pages reachable"
    for path, found in pages.items():
        for form in found.forms:
            assert not REFUND_ACTION.search(form.action), f"{path}: form posts to {form.action}"
            assert not {"reason", "evidence"} <= set(form.fields), f"{path}: a refund-shaped form"
        labels = [text for _, text in found.links] + [b for f in found.forms for b in f.buttons]
        assert not [t for t in labels if ENTRY_LABELS.search(t)], f"{path}: an entry label among {labels}"


def _assert_no_side_effects(state: dict) -> None:
    """Replaying the path must not buy, log out, delete or confirm anything."""
    for kind in ("purchases", "logouts", "deleted_orders", "confirmed_receipts", "appeals", "errors"):
        assert state[kind] == [], f"{kind}: {state[kind]}"
