"""A shop that drops the session: the audit logs in again and finds the entry, or says it could not.

The shop keeps real cookie sessions and ends each one after a few page views (as shops with short
sessions or a one-device rule do): the next page answers 302 to ``/login?next=…``. Before, the crawler
mapped the login page as part of the shop and reported FAIL "no self-service refund application was
found", an accusation from a crawl that had been logged out. Now each loss costs one re-login and the
action is tried again; when logging in again is refused, the crawl stops with ``login-expired`` and the
verdict is inconclusive.
"""

from __future__ import annotations

import secrets
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from auditor.pipeline import run_audit
from auditor.profile import profile_from_dict

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWS_PER_SESSION = 4  # the login's own landing included: fewer than the 5 views from login to the form
PAGES = {
    "/home": """<h1>会员中心</h1><nav><a href="/orders">我的订单</a> <a href="/notices">网站公告</a>
<a href="/help">帮助中心</a></nav>""",
    "/notices": """<h1>网站公告</h1><a href="/notice/1">系统维护通知</a> <a href="/notice/2">新品上架</a> <a href="/home">首页</a>""",
    "/notice/1": """<h1>系统维护通知</h1><a href="/notices">返回</a>""",
    "/notice/2": """<h1>新品上架</h1><a href="/notices">返回</a>""",
    "/help": """<h1>帮助中心</h1><a href="/help/pay">如何充值</a> <a href="/home">首页</a>""",
    "/help/pay": """<h1>如何充值</h1><a href="/help">返回</a>""",
    "/orders": """<h1>我的订单</h1><p>KM202611270001 王者荣耀点券 卡密已发放</p>
<a href="/order/KM202611270001">订单详情</a>""",
    "/order/KM202611270001": """<h1>订单详情</h1><p>KM202611270001 实付 ¥30.00</p>
<a href="/refund?o=KM202611270001">申请退款</a> <a href="/orders">返回</a>""",
    "/refund": """<h1>申请退款</h1><form method="post" action="/refund">
<label>退款原因 <select name="reason" required><option value="">请选择</option><option>卡密未到账</option></select></label>
<label>问题描述 <textarea name="description" required></textarea></label><button type="submit">提交申请</button></form>""",
}
LOGIN = """<h1>登录</h1><form method="post" action="/login">{error}
<input id="username" name="username"> <input id="password" name="password" type="password">
<input type="hidden" name="next" value="{next}"><button id="login-btn" type="submit">登录</button></form>"""


@dataclass
class Shop:
    url: str
    refuse_second_login: bool = False
    views: int = VIEWS_PER_SESSION
    logins: list[str] = field(default_factory=list)  # "ok" or "refused", in order
    sessions: dict[str, int] = field(default_factory=dict)  # token -> pages viewed
    issued: list[str] = field(default_factory=list)  # every session token handed out


def _serve(shop: Shop) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
            data = f"<!doctype html><meta charset=utf-8><body>{body}</body>".encode()
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _token(self) -> str:
            for part in (self.headers.get("Cookie") or "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "sid":
                    return value
            return ""

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path == "/login":
                wanted = urllib.parse.parse_qs(query).get("next", ["/home"])[0]
                self._send(200, LOGIN.format(error="", next=wanted))
                return
            token = self._token()
            views = shop.sessions.get(token)
            if views is None or views >= shop.views:
                shop.sessions.pop(token, None)  # the session ends: back to the login page
                self._send(302, headers={"Location": "/login?next=" + urllib.parse.quote(self.path)})
                return
            shop.sessions[token] = views + 1
            self._send(200 if path in PAGES else 404, PAGES.get(path, "<p>没有这个页面</p>"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if self.path != "/login" or form.get("password") != ["pa55-Word!"]:
                self._send(403, "<p>不允许</p>")
                return
            if shop.refuse_second_login and shop.logins:
                shop.logins.append("refused")
                self._send(200, LOGIN.format(error="<p class=error>账号已在其他设备登录，请稍后再试</p>", next="/home"))
                return
            shop.logins.append("ok")
            token = secrets.token_urlsafe(12)
            shop.sessions[token] = 0
            shop.issued.append(token)
            self._send(302, headers={"Location": form.get("next", ["/home"])[0] or "/home",
                                     "Set-Cookie": f"sid={token}; Path=/; HttpOnly"})

        def log_message(self, *_args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture
def shop() -> Iterator[Shop]:
    state = Shop(url="")
    server = _serve(state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _profile(shop: Shop) -> object:
    return profile_from_dict({
        "name": "short-sessions", "base_url": shop.url + "/", "start": "/home",
        "login": {"url": "/login", "fields": {"#username": "alice", "#password": "pa55-Word!"},
                  "submit": "#login-btn", "success": {"url_contains": "/home"}},
        "crawl": {"max_seconds": 90, "max_depth": 4},
    })


def test_a_dropped_session_is_renewed_and_the_entry_is_found(
        shop: Shop, tmp_path: Path, playwright: Playwright) -> None:
    report = run_audit(_profile(shop), tmp_path, run_flow=False,  # type: ignore[arg-type]
                       playwright=playwright)
    assert report.entry.found and report.entry.label == "申请退款", report.entry
    assert report.entry.depth == 3, report.entry
    assert len(shop.logins) >= 2 and set(shop.logins) == {"ok"}, shop.logins
    assert report.coverage["stop_reason"] == "complete", report.coverage
    assert not any(s["graph_url"].startswith(shop.url + "/login") for s in _states(tmp_path)), \
        "the login page is not part of the shop's map"


def test_a_session_that_cannot_be_renewed_is_inconclusive_never_not_found(
        shop: Shop, tmp_path: Path, playwright: Playwright) -> None:
    shop.refuse_second_login = True
    report = run_audit(_profile(shop), tmp_path, run_flow=False,  # type: ignore[arg-type]
                       playwright=playwright)
    assert shop.logins[0] == "ok" and "refused" in shop.logins, shop.logins
    assert report.coverage["stop_reason"] == "login-expired", report.coverage
    assert report.verdict == "inconclusive", report.reasons
    assert "session" in report.coverage["reasons"][0]


def test_the_refund_flow_logs_in_again_and_no_session_token_reaches_the_evidence(
        shop: Shop, tmp_path: Path, playwright: Playwright) -> None:
    """The evidence walk and the flow's walk to the form outlive sessions too (a fresh session just holds
    the walk from login to the form); the trace then holds the session the site dropped as well as the
    new one, and no session token of the audit may be in the bundle."""
    shop.views = 5
    report = run_audit(_profile(shop), tmp_path, playwright=playwright)  # type: ignore[arg-type]
    assert report.flow["completed"] is True and report.flow["blocker"] is None, report.flow
    assert report.verdict == "pass", report.reasons
    assert len(shop.issued) >= 3, shop.logins
    secrets_ = [*shop.issued, "pa55-Word!"]
    for path in tmp_path.rglob("*"):
        if not path.is_file():
            continue
        blobs = [path.read_bytes()]
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                blobs += [bundle.read(name) for name in bundle.namelist()]
        for blob in blobs:
            leaked = [s for s in secrets_ if s.encode() in blob]
            assert not leaked, f"{path.name} holds a secret"


def _states(out: Path) -> list[dict[str, str]]:
    import json

    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    return [{"graph_url": n.get("url", "")} for n in graph.get("nodes", [])]
