"""The fixture shop framework over real HTTP, without a browser."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from shopserver import FixtureServer, ShopClient, SpecError, Upload, discover_sites, png_bytes
from shopserver.probe import reachable_pages
from shopserver.spec import spec_from_dict
from shopserver.store import RECORD_KINDS

from auditor.profile import profile_from_dict

SITE = "indie-store"  # the framework's reference site
ELIGIBLE = "KM202611270001"  # 卡密已发放 two hours before the shop clock starts, unused
USED = "KM202611260001"
EXPIRED = "KM202611250001"
REFUSED = "KM202611270002"
REFUNDED = "KM202611230001"
BOB_ORDER = "KM202611270101"


@pytest.fixture
def alice(fresh_site) -> ShopClient:
    client = ShopClient(fresh_site(SITE))
    assert client.login("alice", "secret").url.endswith("/home")
    return client


def _minimal_spec(**changes: object) -> dict:
    data: dict = {
        "id": "x", "archetype": "a", "title": "t", "demo_port": 8899, "users": {"alice": "secret"},
        "expected": {
            "entry": {"label": "申请退单", "tier": "exact", "depth": 1},
            "path": [{"action": "click", "label": "申请退单"}],
            "application": {"url_contains": "/refund"}, "upload_required": False, "hiding": [], "decoys": [],
            "rules_disclosed": True, "continuous": True, "purchase_depth": 2, "appeal": None, "flow_blocker": None,
        },
        "known_path": [{"click": {"role": "link", "name": "申请退单"}}],
        "form": {"order_id": "KM1", "reason": "#reason", "submit": "#go", "confirmation_text": "ok"},
    }
    data.update(changes)
    return data


# ------------------------------------------------------------------------------------------ site.yaml


def test_discovered_sites_have_unique_ids_and_demo_ports(sites) -> None:
    assert SITE in [s.id for s in sites]
    ports = [p for s in sites for p in (s.demo_port, *s.extra_origins.values())]
    assert len(ports) == len(set(ports))


def test_minimal_site_spec_loads() -> None:
    spec = spec_from_dict(_minimal_spec())
    assert spec.expected.entry.depth == 1 and spec.known_path[0].target.name == "申请退单"
    assert spec.cookie_name == "sid_x"


@pytest.mark.parametrize(("change", "message"), [
    ({"colour": "red"}, "colour: unknown key"),
    ({"demo_port": "8801"}, "demo_port: expected int"),
    ({"known_path": [{"click": {"role": "link"}}]}, "give exactly one of"),
    ({"known_path": [{"goto": "home"}]}, "starting with /"),
])
def test_site_spec_errors_name_the_key(change: dict, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        spec_from_dict(_minimal_spec(**change))


def test_site_spec_rejects_a_depth_that_is_not_the_path_length() -> None:
    data = _minimal_spec()
    data["expected"]["entry"]["depth"] = 3
    with pytest.raises(SpecError, match=r"expected.entry.depth: is 3 but expected.path has 1"):
        spec_from_dict(data)


def test_site_spec_rejects_half_a_missing_entry() -> None:
    data = _minimal_spec()
    data["expected"]["entry"] = {"label": None, "tier": None, "depth": None}
    with pytest.raises(SpecError, match="a site without an entry"):
        spec_from_dict(data)


def test_site_spec_rejects_an_unknown_hiding_kind() -> None:
    data = _minimal_spec()
    data["expected"]["hiding"] = ["invisible-ink"]
    with pytest.raises(SpecError, match=r"expected.hiding\[0\]: expected one of"):
        spec_from_dict(data)


# --------------------------------------------------------------------------------------------- login


def test_login_sets_a_session_cookie_named_for_the_site(alice: ShopClient) -> None:
    assert set(alice.cookies) == {"sid_indie-store"}
    assert "星河漫游者" in alice.get("/home").text


def test_wrong_password_shows_the_error_and_sets_no_cookie(fresh_site) -> None:
    client = ShopClient(fresh_site(SITE))
    reply = client.login("alice", "wrong")
    assert reply.status == 200 and "用户名或密码错误" in reply.text
    assert client.cookies == {}


def test_protected_pages_redirect_guests_to_login(fresh_site) -> None:
    client = ShopClient(fresh_site(SITE))
    for path in ("/orders", "/order/" + ELIGIBLE, "/refund/apply/" + ELIGIBLE, "/account", "/profile"):
        reply = client.get(path, follow=False)
        assert reply.status == 303 and reply.location.startswith("/login?next="), path


def test_login_post_is_recorded_without_the_password(alice: ShopClient, shop_server: FixtureServer) -> None:
    (post,) = shop_server.state(SITE)["non_search_posts"]
    assert post["path"] == "/login" and post["fields"] == {"username": "alice"}


def test_logout_is_counted_and_ends_the_session(alice: ShopClient, shop_server: FixtureServer) -> None:
    alice.get("/logout")
    assert alice.get("/orders", follow=False).status == 303
    assert len(shop_server.state(SITE)["logouts"]) == 1


def test_sessions_of_two_sites_are_isolated(sites) -> None:
    spec = next(s for s in sites if s.id == SITE)
    twin = replace(spec, id="twin", demo_port=spec.demo_port + 1000)  # same folder, another origin
    with FixtureServer([spec, twin]) as server:
        alice = ShopClient(server.url(SITE))
        alice.login()
        same_browser = ShopClient(server.url("twin"), jar=alice.jar)  # sends sid_indie-store there too
        assert same_browser.get("/account", follow=False).status == 303
        assert alice.get("/account", follow=False).status == 200
        same_browser.login("bob", "secret2")
        assert {c.name for c in alice.jar} == {"sid_indie-store", "sid_twin"}
        assert "星河漫游者" in alice.get("/account").text and "老鲍" in same_browser.get("/account").text


def test_another_users_order_is_not_found(alice: ShopClient) -> None:
    assert alice.get("/order/" + BOB_ORDER).status == 404
    assert alice.get("/refund/apply/" + BOB_ORDER).status == 404


# -------------------------------------------------------------------------------------------- refunds


def test_multipart_refund_is_recorded_with_file_hashes(alice: ShopClient, shop_server: FixtureServer) -> None:
    image = png_bytes()
    reply = alice.post("/refund/apply/" + ELIGIBLE, {"reason": "商品未到账", "description": "卡密无效"},
                       files={"evidence": [Upload("shot.png", image), Upload("chat.png", image[:-1] + b"\x00")]})
    assert reply.status == 200 and "退单申请已提交，等待商家审核" in reply.text and "/refund/result/TD" in reply.url
    state = shop_server.state(SITE)
    (submission,) = state["submissions"]
    assert submission["order_id"] == ELIGIBLE and submission["reason"] == "商品未到账"
    assert submission["request_type"] == "退单" and submission["description"] == "卡密无效"
    assert [f["name"] for f in submission["files"]] == ["shot.png", "chat.png"]
    assert submission["files"][0] == {"name": "shot.png", "size": len(image), "content_type": "image/png",
                                      "sha256": hashlib.sha256(image).hexdigest()}
    assert state["order_status"][ELIGIBLE] == "退款审核中"
    assert "退款审核中" in alice.get("/order/" + ELIGIBLE).text


def test_second_application_for_the_same_order_is_refused(alice: ShopClient, shop_server: FixtureServer) -> None:
    alice.post("/refund/apply/" + ELIGIBLE, {"reason": "其他"})
    reply = alice.post("/refund/apply/" + ELIGIBLE, {"reason": "其他"})
    assert "该订单已提交退单申请，请等待商家审核" in reply.text
    assert len(shop_server.state(SITE)["submissions"]) == 1


def test_missing_reason_reshows_the_form_with_the_message(alice: ShopClient, shop_server: FixtureServer) -> None:
    reply = alice.post("/refund/apply/" + ELIGIBLE, {"description": "保留的描述"})
    assert "请选择退单原因" in reply.text and "保留的描述" in reply.text and 'id="reason"' in reply.text
    assert shop_server.state(SITE)["submissions"] == []


def test_empty_file_part_is_not_evidence(alice: ShopClient, shop_server: FixtureServer) -> None:
    alice.post("/refund/apply/" + ELIGIBLE, {"reason": "其他"}, files={"evidence": Upload("", b"")})
    assert shop_server.state(SITE)["submissions"][0]["files"] == []


@pytest.mark.parametrize(("order", "message"), [
    (USED, "该订单卡密已使用，不支持退单"),
    (EXPIRED, "已超过退单时效（24小时）"),
    (REFUSED, "商家已拒绝退单"),
    (REFUNDED, "该订单已退款"),
])
def test_ineligible_orders_say_why_and_offer_no_form(alice: ShopClient, shop_server: FixtureServer,
                                                     order: str, message: str) -> None:
    page = alice.get("/refund/apply/" + order)
    assert message in page.text and 'id="refund-form"' not in page.text
    alice.post("/refund/apply/" + order, {"reason": "其他"})
    assert shop_server.state(SITE)["submissions"] == []


def test_appeal_is_recorded_apart_from_refunds(alice: ShopClient, shop_server: FixtureServer) -> None:
    reply = alice.post("/appeal/" + REFUSED, {"appeal_reason": "卡密确实未使用", "appeal_description": "未兑换"},
                       files={"evidence": Upload("proof.png", png_bytes())})
    assert "申诉已提交" in reply.text
    state = shop_server.state(SITE)
    assert state["submissions"] == [] and state["appeals"][0]["order_id"] == REFUSED
    assert state["order_status"][REFUSED] == "申诉处理中"


def test_upload_policy_matches_the_ground_truth(shop_server: FixtureServer, site_id: str) -> None:
    site = shop_server.site(site_id)
    if site.spec.has_entry:
        assert site.refund_policy.upload_required == site.spec.expected.upload_required


# ------------------------------------------------------------------------------ counted side effects


def test_purchase_is_counted_and_creates_no_order(alice: ShopClient, shop_server: FixtureServer) -> None:
    before = shop_server.state(SITE)["order_status"]
    reply = alice.post("/product/201/buy", {"face_value": "10个", "quantity": "1", "account": "10001"})
    assert "请在 15 分钟内完成支付" in reply.text
    state = shop_server.state(SITE)
    assert [p["product_id"] for p in state["purchases"]] == [201]
    assert state["order_status"] == before


def test_profile_edit_is_a_counted_non_search_post(alice: ShopClient, shop_server: FixtureServer) -> None:
    reply = alice.post("/profile", {"nickname": "新昵称", "qq": "1", "email": "a@b.c"})
    assert "资料已保存" in reply.text and "新昵称" in alice.get("/profile").text
    assert shop_server.state(SITE)["non_search_posts"][-1]["path"] == "/profile"


def test_delete_and_confirm_are_counted(alice: ShopClient, shop_server: FixtureServer) -> None:
    alice.post(f"/order/{EXPIRED}/delete")
    alice.post(f"/order/{ELIGIBLE}/confirm")
    state = shop_server.state(SITE)
    assert [d["order_id"] for d in state["deleted_orders"]] == [EXPIRED]
    assert [c["order_id"] for c in state["confirmed_receipts"]] == [ELIGIBLE]
    assert EXPIRED not in state["order_status"] and state["order_status"][ELIGIBLE] == "已完成"


def test_search_queries_are_counted(alice: ShopClient, shop_server: FixtureServer) -> None:
    assert "Q币" in alice.get("/search", {"q": "Q币"}).text
    assert [s["query"] for s in shop_server.state(SITE)["searches"]] == ["Q币"]


# ------------------------------------------------------------------------------------- admin, reset


def test_admin_state_lists_every_record_kind(shop_server: FixtureServer) -> None:
    state = shop_server.state(SITE)
    assert set(RECORD_KINDS) <= set(state) and state["site"] == SITE
    assert state["order_status"][ELIGIBLE] in ("卡密已发放", "退款审核中", "已完成")


def test_reset_reseeds_orders_records_and_sessions(alice: ShopClient, shop_server: FixtureServer) -> None:
    alice.post("/refund/apply/" + ELIGIBLE, {"reason": "其他"})
    shop_server.reset(SITE)
    state = shop_server.state(SITE)
    assert state["submissions"] == [] and state["order_status"][ELIGIBLE] == "卡密已发放"
    assert alice.get("/orders", follow=False).status == 303  # the old session is gone


def test_order_list_paginates_five_per_page_with_tabs(alice: ShopClient) -> None:
    first, third = alice.get("/orders").text, alice.get("/orders?page=3").text
    assert first.count("data-order=") == 5 and third.count("data-order=") == 2
    assert "下一页" in first and ELIGIBLE in first
    refund_tab = alice.get("/orders?tab=refund").text
    assert REFUSED in refund_tab and ELIGIBLE not in refund_tab


# ---------------------------------------------------------------------------------- every site, HTTP


def test_every_site_has_many_pages_and_no_server_errors(shop_server: FixtureServer, site_id: str) -> None:
    shop_server.reset(site_id)
    client = ShopClient(shop_server.url(site_id))
    user, password = next(iter(shop_server.spec(site_id).users.items()))
    client.login(user, password)
    pages = reachable_pages(client)
    assert len(pages) >= 15
    assert {p.status for p in pages.values()} == {200}, {k: p.status for k, p in pages.items() if p.status != 200}
    assert not [k for k, p in pages.items() for href, _ in p.links if "__admin__" in href]
    state = shop_server.state(site_id)
    assert state["errors"] == [] and state["purchases"] == [] and state["logouts"] == []


def test_html_is_utf8(alice: ShopClient) -> None:
    for path in ("/home", "/orders", "/login", "/nope"):
        assert alice.get(path).headers["Content-Type"] == "text/html; charset=utf-8", path


# ------------------------------------------------------------------------------------------ server


def test_rebind_replaces_demo_origins_only(shop_server: FixtureServer, sites) -> None:
    spec = next(s for s in sites if s.id == SITE)
    text = f"base_url: http://127.0.0.1:{spec.demo_port}\nother: http://127.0.0.1:{spec.demo_port}0/x\n"
    out = shop_server.rebind(text)
    assert out.splitlines() == [f"base_url: {shop_server.url(SITE)}", f"other: http://127.0.0.1:{spec.demo_port}0/x"]


def _idle_connection(server: FixtureServer, site_id: str) -> tuple[socket.socket, socket.socket]:
    """A client socket that sent half a request (like Chromium's spare preconnects), and its server side."""
    port = int(server.url(site_id).rsplit(":", 1)[1])
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.sendall(b"GET /home HTTP/1.1\r\nHost: x\r\n")  # no blank line: the handler waits for more
    listener = next(li for li in server._listeners if li.server_address[1] == port)
    for _ in range(200):
        with listener._open_lock:
            ours = [s for s in listener._open if s.fileno() != -1 and s.getpeername() == client.getsockname()]
        if ours:
            return client, ours[0]
        time.sleep(0.01)
    raise AssertionError("the server never accepted the connection")


def test_accepted_connections_use_tcp_nodelay(shop_server: FixtureServer) -> None:
    client, accepted = _idle_connection(shop_server, SITE)
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        client.close()


def test_stop_releases_ports_and_ends_idle_connection_threads(sites) -> None:
    spec = next(s for s in sites if s.id == SITE)
    before = set(threading.enumerate())
    server = FixtureServer([spec]).start()
    port = int(server.url(SITE).rsplit(":", 1)[1])
    client, _ = _idle_connection(server, SITE)  # its handler thread is blocked reading
    assert len(set(threading.enumerate()) - before) == 2  # the acceptor and that handler
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1
    assert set(threading.enumerate()) - before == set()
    assert client.recv(1) == b""  # the server closed it
    client.close()
    probe = socket.socket()  # no listener is left (TIME_WAIT of the closed connection is fine)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind(("127.0.0.1", port))
    probe.listen(1)
    probe.close()


def test_discover_sites_reads_any_root(tmp_path: Path) -> None:
    assert discover_sites(tmp_path) == []


TWO_ORIGIN_SITE = """
id: paysite
archetype: test
title: 测试
demo_port: 18901
extra_origins: {pay: 18911}
users: {alice: secret}
expected:
  entry: {label: null, tier: null, depth: null}
  path: []
  application: null
  upload_required: false
  hiding: []
  decoys: []
  rules_disclosed: false
  continuous: false
  purchase_depth: 2
  appeal: null
  flow_blocker: null
known_path: []
"""

TWO_ORIGIN_ROUTES = '''
from shopserver import standard


def register(site):
    standard.mount(site)

    @site.route("/cashier/<token>", origin="pay", login=True)
    def cashier(ctx, token):
        return ctx.json({"token": token, "user": ctx.user, "back": ctx.site.origin_url("main")})

    @site.route("/api/find", methods=("POST",), search=True)
    def find(ctx):
        ctx.record_search(ctx.request.get_json()["q"])
        return ctx.json({"ok": True})
'''


def test_extra_origin_serves_the_routes_its_site_registers(tmp_path: Path) -> None:
    folder = tmp_path / "paysite"
    folder.mkdir()
    (folder / "site.yaml").write_text(TWO_ORIGIN_SITE, encoding="utf-8")
    (folder / "routes.py").write_text(TWO_ORIGIN_ROUTES, encoding="utf-8")
    (spec,) = discover_sites(tmp_path)
    with FixtureServer([spec]) as server:
        pay = server.origin("paysite", "pay")
        assert pay != server.url("paysite")
        guest = ShopClient(pay).get("/cashier/T1", follow=False)
        assert guest.location == server.url("paysite") + "/login?next=/cashier/T1"
        alice = ShopClient(server.url("paysite"))
        alice.login()
        on_pay = ShopClient(pay, jar=alice.jar)  # same browser, other port: the cookie goes along
        assert on_pay.get("/cashier/T1").json() == {"token": "T1", "user": "alice", "back": server.url("paysite")}
        assert ShopClient(server.url("paysite")).get("/cashier/T1").status == 404  # not on the main origin
        request = urllib.request.Request(server.url("paysite", "/api/find"), data=json.dumps({"q": "退单"}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request).read()
        state = server.state("paysite")
        assert [s["query"] for s in state["searches"]] == ["退单"]
        assert [p["path"] for p in state["non_search_posts"]] == ["/login"]
        assert server.rebind("http://127.0.0.1:18911/cashier") == pay + "/cashier"


def test_site_profile_matches_its_site(shop_server: FixtureServer, site_id: str) -> None:
    """site_profiles/<id>.yaml exists, loads strictly, and points at the site once rebound."""
    path = Path(__file__).resolve().parents[2] / "site_profiles" / f"{site_id}.yaml"
    assert path.is_file(), f"{site_id} needs a profile at site_profiles/{site_id}.yaml"
    spec = shop_server.spec(site_id)
    assert f"http://127.0.0.1:{spec.demo_port}" in path.read_text(encoding="utf-8")
    profile = profile_from_dict(yaml.safe_load(shop_server.rebind(path.read_text(encoding="utf-8"))),
                                source=str(path), env={})
    assert profile.origin == shop_server.url(site_id)
    assert profile.device == spec.device
    assert profile.login is not None and profile.login.fields == {"#username": "alice", "#password": "secret"}
    assert profile.login.submit == "#login-btn"
    assert "/logout" in profile.crawl.deny


# ------------------------------------------------------------------------ the five framework-owned sites


def _as_alice(server: FixtureServer, site_id: str) -> ShopClient:
    server.reset(site_id)
    client = ShopClient(server.url(site_id))
    client.login()
    return client


def test_indie_store_offers_the_entry_in_list_detail_and_user_centre(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, SITE)
    for path in ("/orders", "/order/" + ELIGIBLE):
        assert f'href="/refund/apply/{ELIGIBLE}"' in alice.get(path).text, path
    assert 'href="/refund/apply/KM202611270003"' in alice.get("/account").text  # its 3 most recent orders
    assert "24 小时内" in alice.get("/orders").text and f'href="/appeal/{REFUSED}"' in alice.get("/orders").text


def test_order_detail_has_no_refund_control_on_the_list(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, "order-detail")
    listing = alice.get("/orders").text
    assert "/refund\"" not in listing and "退单申请" not in listing and "查看详情" in listing
    detail = alice.get("/order/" + ELIGIBLE).text
    assert "退单申请" in detail and f'action="/order/{ELIGIBLE}/refund"' in detail
    used = alice.get("/order/" + USED).text
    assert "该订单卡密已使用，不支持退单" in used and 'id="refund-form"' not in used


def test_order_detail_rejected_submission_reopens_the_dialog(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, "order-detail")
    page = alice.post(f"/order/{ELIGIBLE}/refund", {"description": "x"}, files={})
    assert "请选择退单原因" in page.text and "data-autoshow" in page.text
    done = alice.post(f"/order/{ELIGIBLE}/refund", {"reason": "其他"}, files={})
    assert "退单申请已提交" in done.text
    assert "退款进度" in alice.get("/order/" + ELIGIBLE).text  # the decoy appears once a refund is pending


def test_merged_aftersales_requires_evidence_and_the_request_type(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, "merged-aftersales")
    base = {"order_id": ELIGIBLE, "reason": "商品未到账"}
    assert "请上传凭证" in alice.post("/service/apply", {**base, "type": "退单"}, files={}).text
    assert "请选择申请类型" in alice.post("/service/apply", base, files={"evidence": Upload("a.png", png_bytes())}).text
    assert "不支持退单" in alice.post("/service/apply", {**base, "order_id": USED, "type": "退单"},
                                     files={"evidence": Upload("a.png", png_bytes())}).text
    assert shop_server.state("merged-aftersales")["submissions"] == []
    exchange = alice.post("/service/apply", {**base, "type": "换货"}, files={"evidence": Upload("a.png", png_bytes())})
    assert "换货申请已提交" in exchange.text
    state = shop_server.state("merged-aftersales")
    assert state["submissions"][0]["request_type"] == "换货" and state["order_status"][ELIGIBLE] == "售后处理中"


def test_merged_aftersales_feedback_is_not_a_refund(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, "merged-aftersales")
    assert "感谢您的反馈" in alice.post("/service/feedback", {"kind": "其他", "content": "退款太慢"}).text
    state = shop_server.state("merged-aftersales")
    assert state["submissions"] == [] and state["non_search_posts"][-1]["path"] == "/service/feedback"
    assert "24 小时" not in alice.get("/service").text  # the rules live only in 售后政策
    assert "24 小时" in alice.get("/service/policy").text


@pytest.mark.parametrize(("query", "entry"), [("退单", True), ("退款", True), ("卡密", False)])
def test_help_centre_search_shows_the_entry_only_for_refund_queries(shop_server: FixtureServer, query: str,
                                                                    entry: bool) -> None:
    alice = _as_alice(shop_server, "help-centre")
    page = alice.get("/help/search", {"q": query}).text
    assert ('href="/refund/online"' in page) is entry
    assert [s["query"] for s in shop_server.state("help-centre")["searches"]] == [query]


def test_help_centre_entry_is_not_linked_outside_search(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, "help-centre")
    pages = reachable_pages(alice, deny=("/logout", "/__admin__", "/help/search"))
    assert not [p for p, page in pages.items() for href, _ in page.links if "/refund/online" in href]
    assert "退单规则说明" in alice.get("/help/search", {"q": "退单"}).text


def test_cs_only_chat_is_a_counted_post_and_qq_is_off_site(shop_server: FixtureServer) -> None:
    alice = _as_alice(shop_server, "cs-only")
    chat = alice.post("/chat/send", {"message": "我要退单 KM202611270001"})
    assert "客服正忙" in chat.text and 'href="http://wpa.qq.com/' in chat.text
    state = shop_server.state("cs-only")
    assert state["non_search_posts"][-1]["path"] == "/chat/send" and state["submissions"] == []
    assert "如需退单请联系在线客服" in alice.get("/faq").text
    assert alice.get("/refund/apply/" + ELIGIBLE).status == 404


def test_fixture_readme_lists_every_site(site_id: str) -> None:
    readme = (Path(__file__).resolve().parents[1] / "fixtures" / "README.md").read_text(encoding="utf-8")
    assert f"| {site_id} " in readme, f"add {site_id} to tests/fixtures/README.md"
