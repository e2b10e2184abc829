"""What the driver reads on pages built the way real shops build them, in a real Chromium.

A small server on 127.0.0.1 answers its data calls late (as a slow shop does): a route pushed with
``history.pushState`` whose view fetches its rows, an iframe tab the menu frame asks its parent to add (the
tab's initial about:blank Window is kept by the page it loads, so the guard is not injected again), nav items whose names carry
icon-font ligature words and counters, a grid whose toolbar is drawn twice and opens a popup over a shade,
a toast that animates in from opacity 0 after the data call, and an async handler that imports a chain of
chunks before it opens its dialog. The snapshot must show what a person sees once the page is done.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser

from auditor.audit.lexicon import load_lexicon
from auditor.audit.model import CrawlStats, Snapshot
from auditor.gather.crawl.driver import Driver
from auditor.gather.session import make_gate
from auditor.profile import profile_from_dict

pytestmark = pytest.mark.browser

DATA_DELAY_S = 0.4  # the server's answer time for data calls (a slow shop, not a wait in the test)

PAGES = {
    "/spa": """<nav><div id="orders-tab" style="cursor:pointer">我的订单</div></nav><main id="view"></main>
<script>
document.getElementById('orders-tab').addEventListener('click', () => {
  history.pushState({}, '', '/spa/orders');
  const view = document.getElementById('view');
  view.innerHTML = '<div class="skeleton" style="height:40px;background:#eee"></div>';
  setTimeout(() => fetch('/api/orders').then((r) => r.json()).then((rows) => {
    view.innerHTML = rows.map((r) => `<div class="row">${r} <span class="act">申请退款</span></div>`).join('');
    for (const a of view.querySelectorAll('.act')) a.addEventListener('click', () => {});
  }), 30);
});
</script>""",
    "/tabs": """<iframe src="/menu" style="width:300px;height:60px" frameborder="0"></iframe><div id="tabs"></div>
<script>
window.openTab = () => {
  document.getElementById('tabs').insertAdjacentHTML('beforeend',
    '<iframe src="/inner" style="width:600px;height:300px" frameborder="0"></iframe>');
};
</script>""",
    "/menu": """<a href="javascript:;" onclick="parent.openTab()">售后中心</a>""",
    "/inner": """<div id="list">加载中...</div>
<script>
fetch('/api/orders').then((r) => r.json()).then((rows) => {
  document.getElementById('list').innerHTML = rows.map((r) => `<a href="/apply?o=${r}">售后申请</a>`).join(' ');
});
</script>""",
    "/icons": """<style>.material-icons{font-family:'Material Icons'} .badge{background:red;color:#fff}</style>
<nav><a href="/t"><span class="material-icons">support_agent</span> 我的工单 <span class="badge">3</span></a>
<a href="/o"><i class="layui-icon">&#xe60a;</i>我的订单（2）</a>
<a href="/s"><span class="material-icons-outlined">settings</span>账户设置</a></nav>""",
    "/grid": """<style>
.box{position:relative;width:700px} table{border-collapse:collapse;width:700px} td{height:36px;border:1px solid #ddd}
.fixed-r{position:absolute;top:0;right:0;background:#fff} .fixed-r td{width:120px}
a.btn{cursor:pointer;color:#fff;background:#1e9fff;padding:2px 6px}
.layui-layer-shade{position:fixed;inset:0;background:rgba(0,0,0,.3);z-index:1000}
.layer{position:fixed;top:100px;left:300px;z-index:1001;background:#fff;padding:20px}
</style>
<p><a href="/help">帮助中心</a></p>
<div class="box" id="grid">
<table><tr><td>KM202611270001</td><td>王者荣耀点券</td><td class="tool"><a class="btn" lay-event="apply">申请售后</a></td></tr>
<tr><td>KM202611270002</td><td>爱奇艺会员</td><td class="tool"><a class="btn" lay-event="apply">申请售后</a></td></tr></table>
<div class="fixed-r"><table><tr><td class="tool"><a class="btn" lay-event="apply">申请售后</a></td></tr>
<tr><td class="tool"><a class="btn" lay-event="apply">申请售后</a></td></tr></table></div></div>
<script>
// layui's table: one listener on the grid for every toolbar button; the layer opens over a shade
document.getElementById('grid').addEventListener('click', (e) => {
  if (!e.target.closest('[lay-event=apply]')) return;
  document.body.insertAdjacentHTML('beforeend', '<div class="layui-layer-shade"></div>'
    + '<div class="layer"><form><textarea name="d"></textarea><button type="button">立即提交</button></form></div>');
});
</script>""",
    "/toast": """<style>
@keyframes bounce { 0% { opacity: 0; transform: scale(.5); } 100% { opacity: 1; transform: scale(1); } }
.layui-layer-msg { position: fixed; top: 200px; left: 400px; padding: 12px; animation: bounce .3s ease-in .15s both; }
</style>
<button id="send">立即提交</button>
<script>
// layer.msg as a skin with a delayed entrance: the toast waits at opacity 0, then bounces in
document.getElementById('send').addEventListener('click', () => {
  fetch('/api/orders').then((r) => r.json()).then(() => {
    document.body.insertAdjacentHTML('beforeend', '<div class="layui-layer-msg">提交成功，等待审核</div>');
  });
});
</script>""",
    "/lazy": """<button id="apply">申请退款</button><div id="view"></div>
<script>
// An async component: the handler awaits a chunk that imports the next one (a slow server, each chunk's
// import requested only once the chunk before it arrived), then the dialog fetches its options.
let opened = 0;
document.getElementById('apply').addEventListener('click', async () => {
  document.getElementById('view').innerHTML = '';
  const { open } = await import(`/chunk/1.js?n=${++opened}`);
  open();
});
</script>""",
}
CHUNKS = 4  # chunk k re-exports chunk k+1; the last one renders the dialog after a data call
CHUNK_DELAY_S = 0.03


def _chunk(index: int, query: str) -> str:
    if index < CHUNKS:
        return f"export {{ open }} from '/chunk/{index + 1}.js?{query}';"
    return """export function open() {
  fetch('/api/orders').then((r) => r.json()).then((rows) => {
    document.getElementById('view').innerHTML = `<form><h3>申请退款</h3><select name="reason"><option>未到账</option></select>
      <textarea name="description"></textarea><button type="button">提交申请</button></form>`;
  });
}"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/chunk/"):
            threading.Event().wait(CHUNK_DELAY_S)
            index = int(path.removeprefix("/chunk/").removesuffix(".js"))
            body, kind = _chunk(index, self.path.partition("?")[2]).encode(), "text/javascript"
        elif path == "/api/orders":
            threading.Event().wait(DATA_DELAY_S)
            body, kind = json.dumps(["KM202611270001", "KM202611270002"]).encode(), "application/json"
        else:
            page = PAGES.get(path, PAGES["/spa"] if path.startswith("/spa") else "<p>ok</p>")
            body, kind = f"<!doctype html><meta charset=utf-8><body>{page}</body>".encode(), "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def driver(browser: Browser, site: str) -> Iterator[Driver]:
    profile = profile_from_dict({"name": "pages", "base_url": site + "/"})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield Driver(context, make_gate(profile, load_lexicon()), CrawlStats())
    finally:
        context.close()


def _labels(snap: Snapshot) -> list[str]:
    return [c.label for c in snap.controls]


def _press(driver: Driver, snap: Snapshot, label: str) -> Snapshot:
    control = next(c for c in snap.controls if c.label == label)
    driver.activate(control.action())
    return driver.snapshot()


def test_a_pushed_route_is_read_once_its_fetched_rows_are_drawn(driver: Driver, site: str) -> None:
    driver.goto(site + "/spa")
    after = _press(driver, driver.snapshot(), "我的订单")
    assert after.url.endswith("/spa/orders")
    assert _labels(after).count("申请退款") == 2, _labels(after)
    assert not after.settle.get("bound"), after.settle


def test_an_iframe_tab_written_by_script_is_read_inside_and_settles(driver: Driver, site: str) -> None:
    driver.goto(site + "/tabs")
    after = _press(driver, driver.snapshot(), "售后中心")
    inside = [c for c in after.controls if c.label == "售后申请"]
    assert len(inside) == 2 and all(c.locator.frame for c in inside), _labels(after)
    assert not after.settle.get("bound"), after.settle


def test_icon_ligature_words_and_counters_are_not_part_of_a_name(driver: Driver, site: str) -> None:
    driver.goto(site + "/icons")
    labels = _labels(driver.snapshot())
    assert {"我的工单", "我的订单", "账户设置"} <= set(labels), labels
    assert not any("support_agent" in label or "settings" in label for label in labels), labels


def test_a_toolbar_copied_over_its_table_is_one_control_and_a_shade_hides_what_is_under_it(driver: Driver, site: str) -> None:
    """layui's fixed-right column draws a copy of each row's toolbar over the table; the click is handled
    by the grid, not the button. After the layer opens, the page under its shade is out of reach."""
    driver.goto(site + "/grid")
    snap = driver.snapshot()
    apply = [c for c in snap.controls if c.label == "申请售后" and c.kind == "click"]
    assert len(apply) == 2, [(c.kind, c.locator.path) for c in snap.controls]
    after = _press(driver, snap, "申请售后")
    assert "立即提交" in _labels(after)
    assert not {"申请售后", "帮助中心"} & set(_labels(after)), _labels(after)


def test_a_toast_that_animates_in_after_the_answer_is_read_once_it_shows(driver: Driver, site: str) -> None:
    """The answer to a submit is often a toast that fades in: read before its animation ends, the page
    says nothing and a submitted application looks unacknowledged."""
    driver.goto(site + "/toast")
    after = _press(driver, driver.snapshot(), "立即提交")
    assert [m["text"] for m in after.messages] == ["提交成功，等待审核"], after.messages
    assert not after.settle.get("bound"), after.settle


def test_an_async_handler_is_waited_for_across_the_chunks_it_imports(driver: Driver, site: str) -> None:
    """Between one lazily imported chunk's end and the request of the chunk it imports, no request is on
    its way and the page has nothing pending: read then, the button looks dead and the dialog is missed.
    Each press loads fresh chunks (nothing cached); every one must be read with its form."""
    driver.goto(site + "/lazy")
    snap = driver.snapshot()
    missed = []
    for attempt in range(8):
        snap = _press(driver, snap, "申请退款")
        if not snap.forms:
            missed.append(attempt)
    assert not missed, f"read before the dialog on presses {missed}"
    assert not snap.settle.get("bound"), snap.settle
