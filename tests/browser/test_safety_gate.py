"""The gate on a hostile little shop, in a real Chromium: what the server saw is the proof.

The shop answers like the ones that logged the crawler out or deleted an order during a default audit: a
GET link that closes the account (``?confirm=1``), an English "Cancel subscription", a bland 确定 inside an
in-page "确定删除该订单?" dialog whose answer is a GET call, links that 302 to the logout URL or to another
origin, and a page whose own data calls GET a logout endpoint or 302 there. A second origin counts every request it receives. Nothing destructive may reach either server.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from pageserver import PageHandler, start, stop
from playwright.sync_api import Browser

from auditor.audit.lexicon import load_lexicon
from auditor.audit.model import CrawlStats
from auditor.gather.crawl.driver import Driver
from auditor.gather.crawl.explorer import ExploreOptions, Explorer
from auditor.gather.session import make_gate
from auditor.profile import profile_from_dict

pytestmark = pytest.mark.browser

DESTRUCTIVE = ("/logout", "/account/close", "/api/order/op", "/billing/stop")

PAGES = {
    "/home": """<nav><a href="/account">账户设置</a> <a href="/go/benefits">会员权益</a> <a href="/go/partner">合作商城</a>
<a href="/go/help">帮助中心</a></nav>
<div id="orders"><span>KM202611270001</span> <button id="ops">订单操作</button></div>
<div id="modal" role="dialog" aria-modal="true" style="display:none;position:fixed;top:100px;left:200px;background:#fff;padding:20px">
  <p>确定删除该订单？删除后不可恢复</p><button id="yes">确定</button> <button id="no">取消</button></div>
<script>
const modal = document.getElementById('modal');
document.getElementById('ops').addEventListener('click', () => { modal.style.display = 'block'; });
document.getElementById('no').addEventListener('click', () => { modal.style.display = 'none'; });
document.getElementById('yes').addEventListener('click', () => {
  fetch('/api/order/op?id=KM202611270001').then(() => { modal.style.display = 'none'; });
});
</script>""",
    "/account": """<h1>账户设置</h1><a href="/account/close?confirm=1">关闭账户</a>
<a href="/billing/stop?action=cancel">Cancel subscription</a> <a href="/home">返回首页</a>""",
    "/help": """<h1>帮助中心</h1><a href="/home">返回首页</a><div id="rows"></div>
<script>
// The page's own data calls: one that 302s to the logout URL, one straight to a logout endpoint, and an
// ordinary one whose answer comes after one redirect.
fetch('/api/ping').catch(() => {});
fetch('/api/user/logout').catch(() => {});
fetch('/api/rows').then((r) => r.text()).then((t) => { document.getElementById('rows').textContent = t; });
</script>""",
    "/api/rows2": "rows-ok",
}


def _server(redirects: dict[str, str], hits: list[str]) -> ThreadingHTTPServer:
    class Handler(PageHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            path = self.path.split("?")[0]
            if path in redirects:
                self.send_redirect(redirects[path])
            else:
                self.send_page(PAGES.get(path, "<p>ok</p>"))

    return start(Handler)


@pytest.fixture
def shops() -> Iterator[tuple[str, list[str], list[str]]]:
    """(the shop's origin, what it was asked, what the foreign origin was asked)."""
    shop_hits: list[str] = []
    foreign_hits: list[str] = []
    foreign = _server({}, foreign_hits)
    away = f"http://127.0.0.1:{foreign.server_address[1]}/welcome"
    shop = _server({"/go/benefits": "/logout?from=benefits", "/go/partner": away,
                    "/go/help": "/go/help2", "/go/help2": "/help",
                    "/api/ping": "/logout?from=api", "/api/rows": "/api/rows2"}, shop_hits)
    try:
        yield f"http://127.0.0.1:{shop.server_address[1]}", shop_hits, foreign_hits
    finally:
        for server in (shop, foreign):
            stop(server)


@pytest.fixture
def driver(browser: Browser, shops: tuple[str, list[str], list[str]]) -> Iterator[Driver]:
    profile = profile_from_dict({"name": "hostile-gate", "base_url": shops[0] + "/"})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield Driver(context, make_gate(profile, load_lexicon()), CrawlStats())
    finally:
        context.close()


def test_a_crawl_activates_nothing_destructive_and_reports_every_refusal(
        driver: Driver, shops: tuple[str, list[str], list[str]]) -> None:
    origin, shop_hits, foreign_hits = shops
    result = Explorer(driver, load_lexicon(), ExploreOptions(max_states=40, max_seconds=60)).run(origin + "/home")
    assert result.stats.stop_reason == "complete", result.stats.stop_reason
    assert not [h for h in shop_hits if h.startswith(DESTRUCTIVE)], shop_hits
    assert foreign_hits == [], foreign_hits
    skipped = {(s.get("label"), s.get("reason")) for s in driver.stats.skipped}
    assert ("关闭账户", "danger:关闭账户") in skipped, skipped
    assert ("Cancel subscription", "danger:cancel subscription") in skipped, skipped
    assert ("确定", "danger-dialog:删除") in skipped, skipped
    blocked = {(b["why"], b["url"]) for b in driver.stats.blocked_requests}
    assert ("redirect:danger-url", origin + "/logout?from=benefits") in blocked, blocked
    assert any(why == "redirect:off-origin" for why, _url in blocked), blocked
    assert {"/account", "/help"} <= set(shop_hits), shop_hits  # the harmless pages were explored


def test_an_allowed_redirect_chain_lands_where_the_server_sent_it(driver: Driver, shops: tuple[str, list[str], list[str]]) -> None:
    origin, shop_hits, _foreign = shops
    driver.goto(origin + "/go/help")
    assert driver.page.url == origin + "/help"
    landed = driver.snapshot()
    assert "帮助中心" in landed.text
    assert not landed.settle.get("bound"), landed.settle  # the redirected load is done, not waited out
    assert shop_hits.count("/help") <= 2 and "/go/help2" in shop_hits, shop_hits


def test_a_pages_own_data_calls_never_reach_a_logout_and_still_get_their_answer(
        driver: Driver, shops: tuple[str, list[str], list[str]]) -> None:
    """Playwright never routes a redirect hop, so a fetch that 302s to /logout was followed unseen."""
    origin, shop_hits, _foreign = shops
    driver.goto(origin + "/help")
    landed = driver.snapshot()
    assert "rows-ok" in landed.text, "an allowed data redirect gives the script its answer"
    assert not [h for h in shop_hits if h.startswith("/logout") or "logout" in h], shop_hits
    blocked = {(b["why"], b["url"]) for b in driver.stats.blocked_requests}
    assert ("redirect:danger-url", origin + "/logout?from=api") in blocked, blocked
    assert ("danger-url", origin + "/api/user/logout") in blocked, blocked
