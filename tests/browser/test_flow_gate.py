"""The flow's activations pass the gate in the driver, and only the final submit is armed.

A purpose-built shop whose refund application answers the submit, in the same document, with a retention
page: 确认收货 beside 继续, and an open dialog asking "确定确认收货吗？" with its 确定. Its 继续 also fires a
confirm-receipt POST of its own (继续即视为确认收货): with the whole context armed after the submit, as
the flow once did, that POST went through. What the server received is the proof: the application once,
继续 followed (its GET), and no confirm-receipt request at all. When 继续 instead carries the application
on by a POST of its own, that POST is refused too and the flow says it could not measure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pageserver import PageHandler, serving
from playwright.sync_api import Browser, Playwright

from auditor.audit.lexicon import load_lexicon
from auditor.audit.model import Action, CrawlStats, Locator
from auditor.gather.crawl.driver import Driver, Refused
from auditor.gather.session import make_gate
from auditor.pipeline import run_audit
from auditor.profile import profile_from_dict
from auditor.report.model import Report

pytestmark = pytest.mark.browser

ORDER = "KM202611270001"
CONFIRM_RECEIPT = "/api/order/confirm-receipt"

APPLY = """<h1>申请退款</h1>
<div id="app"><p>订单 """ + ORDER + """ 实付 ¥30.00</p>
<form id="f">
  <p><label for="reason">退款原因</label>
  <select id="reason" name="reason" required><option value="">请选择</option><option>商品未到账</option><option>其他</option></select></p>
  <p><label for="desc">问题描述</label><textarea id="desc" name="description" required></textarea></p>
  <button type="submit" id="send">提交申请</button>
</form></div>
<div id="next" style="display:none">
  <p>您确定要继续退款吗？确认收货即可领取补偿券。</p>
  <button type="button" id="receipt">确认收货</button> <button type="button" id="go">继续</button>
</div>
<div id="ask" class="el-popover el-popconfirm" style="display:none;position:absolute;top:60px;right:40px;background:#fff;border:1px solid #999;padding:16px">
  <p>确定确认收货吗？</p><button type="button" id="yes">确定</button> <button type="button" id="no">取消</button>
</div>
<script>
const $ = (id) => document.getElementById(id);
const post = (url, body) => fetch(url, { method: 'POST', body });
$('f').addEventListener('submit', (ev) => {
  ev.preventDefault();
  post('/api/refund/apply', new FormData($('f'))).then((r) => r.json()).then(() => {
    $('app').style.display = 'none'; $('next').style.display = 'block'; $('ask').style.display = 'block';
  });
});
$('receipt').addEventListener('click', () => { post('/api/order/confirm-receipt?via=button').catch(() => {}); });
$('yes').addEventListener('click', () => { post('/api/order/confirm-receipt?via=dialog').catch(() => {}); });
$('no').addEventListener('click', () => { $('ask').style.display = 'none'; });
// The dark pattern: going on confirms the receipt too, by a request of its own.
$('go').addEventListener('click', () => {
  post('/api/order/confirm-receipt?via=continue').catch(() => {});
  fetch('/api/refund/next').then((r) => r.text()).then((t) => {
    $('next').innerHTML = '<p class="result">' + t + '</p>'; $('ask').style.display = 'none';
  });
});
</script>"""

# The same retention page whose 继续 carries the application on by a POST of its own (some shops' second
# step): the driver refuses it (only the submit is armed), so the shop's answer is never seen, and the
# flow must say it could not measure (a tool blocker), not that the shop gave no acknowledgement.
GO_ON_POSTS = """$('go').addEventListener('click', () => {
  post('/api/refund/continue').then((r) => r.json()).then(() => {
    $('next').innerHTML = '<p class="result">退款申请已提交，等待商家审核</p>'; $('ask').style.display = 'none';
  }).catch(() => {});
});
</script>"""
APPLY_GO_ON_POSTS = APPLY[: APPLY.index("// The dark pattern")] + GO_ON_POSTS

PAGES = {
    "/home": '<h1>测试卡盟</h1><nav><a href="/orders">我的订单</a> <a href="/help">帮助中心</a></nav>',
    "/help": '<h1>帮助中心</h1><p>退款请在订单页申请。</p><a href="/home">首页</a>',
}


@pytest.fixture
def shop(request: pytest.FixtureRequest) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(the shop's origin, every request it received as (method, path)); ``go-on-posts`` as the
    parameter serves the retention page whose 继续 posts."""
    apply_page = APPLY_GO_ON_POSTS if getattr(request, "param", "") == "go-on-posts" else APPLY
    hits: list[tuple[str, str]] = []
    applied: list[bool] = []

    class Handler(PageHandler):
        def do_GET(self) -> None:
            hits.append(("GET", self.path))
            path = self.path.split("?")[0]
            if path == "/orders":
                status = "退款审核中" if applied else "已完成"
                self.send_page(f'<h1>我的订单</h1><table><tr><td>{ORDER}</td><td>实付 ¥30.00</td><td>{status}</td>'
                               f'<td><a href="/refund/apply?order={ORDER}">申请退款</a></td></tr></table>')
            elif path == "/api/refund/next":
                self.send_page("退款申请已提交，等待商家审核")
            elif path == "/refund/apply":
                self.send_page(apply_page)
            else:
                self.send_page(PAGES.get(path, "<p>ok</p>"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            hits.append(("POST", self.path))
            if self.path.startswith("/api/refund/apply"):
                applied.append(True)
            body = json.dumps({"code": 0}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(Handler) as origin:
        yield origin, hits


def _audit_submitting(origin: str, tmp_path: Path, playwright: Playwright) -> Report:
    """A whole audit of the shop with ``flow.submit: true`` on the profile's order."""
    profile = profile_from_dict({"name": "post-submit-gate", "base_url": origin + "/", "start": "/home",
                                 "crawl": {"max_seconds": 60}, "flow": {"submit": True, "order": ORDER}})
    return run_audit(profile, tmp_path / "out", formats=("json",), playwright=playwright)


def test_after_the_submit_continue_is_followed_and_receipt_is_never_confirmed(
        shop: tuple[str, list[tuple[str, str]]], tmp_path: Path, playwright: Playwright) -> None:
    origin, hits = shop
    report = _audit_submitting(origin, tmp_path, playwright)
    flow = report.flow
    assert not [h for h in hits if h[1].startswith(CONFIRM_RECEIPT)], hits
    assert [h for h in hits if h[1].startswith("/api/refund/apply")] == [("POST", "/api/refund/apply")], hits
    assert ("GET", "/api/refund/next") in hits, hits  # 继续 was followed
    assert flow["sent"] is True and flow["submitted"] is True, (flow["blocker"], flow["blocker_detail"])
    assert flow["effort"]["interstitials"], flow["effort"]


@pytest.mark.parametrize("shop", ["go-on-posts"], indirect=True)
def test_a_go_on_that_posts_on_its_own_is_refused_and_the_flow_is_not_measured(
        shop: tuple[str, list[tuple[str, str]]], tmp_path: Path, playwright: Playwright) -> None:
    origin, hits = shop
    report = _audit_submitting(origin, tmp_path, playwright)
    assert [h for h in hits if h[0] == "POST"] == [("POST", "/api/refund/apply")], hits  # 继续's POST never left
    assert report.flow["sent"] is True and report.flow["submitted"] is False
    assert report.flow["blocker"] == "write-refused", (report.flow["blocker"], report.flow["blocker_detail"])
    assert "/api/refund/continue" in report.flow["blocker_detail"]
    check = next(c for c in report.checks if c.id == "refund-flow")
    assert check.status == "error" and check.message.startswith("could not measure"), check.message
    assert report.verdict != "fail", report.reasons  # nothing here is the shop's failure


@pytest.fixture
def driver(browser: Browser, shop: tuple[str, list[tuple[str, str]]]) -> Iterator[Driver]:
    profile = profile_from_dict({"name": "post-submit-gate", "base_url": shop[0] + "/"})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield Driver(context, make_gate(profile, load_lexicon()), CrawlStats())
    finally:
        context.close()


def test_the_driver_refuses_a_danger_label_and_a_bland_yes_to_a_danger_question(
        driver: Driver, shop: tuple[str, list[tuple[str, str]]]) -> None:
    origin, hits = shop
    driver.goto(origin + "/refund/apply")
    driver.page.evaluate("() => { for (const id of ['next', 'ask']) document.getElementById(id).style.display = 'block'; }")
    with pytest.raises(Refused, match="danger:确认收货"):
        driver.click_control(Locator("#receipt"), "确认收货")
    with pytest.raises(Refused, match="danger-dialog:确认收货"):
        driver.activate(Action("click", Locator("#yes"), "确定"), question="确定确认收货吗？")
    with pytest.raises(Refused, match="danger:确认收货"):
        driver.submit(Locator("#receipt"), "确认收货")
    snap = driver.snapshot()
    with pytest.raises(Refused, match="danger:确认收货"):
        driver.activate(next(c for c in snap.controls if c.label == "确认收货"))
    assert not [h for h in hits if h[1].startswith(CONFIRM_RECEIPT)], hits
    assert not driver.armed
