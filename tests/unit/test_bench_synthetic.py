"""The benchmark's synthetic card shop: a pure, deterministic generator with exactly N states and the refund
application at depth D, rendered by a server the explorer's state abstraction sees the same way."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).parents[2]))  # bench/ is a folder of the repo, not an installed package

import itertools

from auditor.audit.detect import detect
from auditor.audit.lexicon import load_lexicon
from auditor.audit.model import FormField, FormInfo
from auditor.gather.crawl.states import url_template
from bench.synthetic import (
    DANGER_LABELS,
    FOOTER,
    ORDER_IDS,
    SIDEBAR,
    Site,
    SyntheticServer,
    expected_view,
    generate,
    header_navs,
    identify,
    render,
    state_depths,
    ui_states,
)

SIZES = (30, 50, 200, 1000)


@pytest.fixture(scope="module")
def sites() -> dict[tuple[int, int], Site]:
    return {(n, d): generate(n, d, seed=7) for n in SIZES for d in (3, 6)}


def _all(sites: dict[tuple[int, int], Site]) -> Iterator[tuple[int, int, Site]]:
    for (n, d), site in sites.items():
        yield n, d, site


def test_generator_is_a_pure_function_of_n_depth_and_seed() -> None:
    assert generate(200, 6, seed=3) == generate(200, 6, seed=3)
    assert generate(200, 6, seed=3).to_dict() == generate(200, 6, seed=3).to_dict()
    assert generate(200, 6, seed=3) != generate(200, 6, seed=4)


def test_every_site_has_exactly_n_states_all_reachable_from_home(sites: dict[tuple[int, int], Site]) -> None:
    for n, d, site in _all(sites):
        assert len(ui_states(site)) == n, (n, d)
        assert len(state_depths(site)) == n, (n, d)  # every state reachable from the home page


def test_the_refund_application_is_at_depth_d(sites: dict[tuple[int, int], Site]) -> None:
    for n, d, site in _all(sites):
        assert state_depths(site)[site.application_state] == d, (n, d)


def test_the_path_to_the_application_goes_through_the_expected_controls() -> None:
    site = generate(50, 6)
    states = ui_states(site)
    path = ["home", "member", "orders", "order", "order|after", "order|service", "apply"]
    labels = []
    for here, there in itertools.pairwise(path):
        labels.append(next(label for label, target in states[here].edges if target == there))
    assert labels == ["会员中心", "我的订单", "查看详情", "售后服务", "申请售后", "我要退款"]


def test_depth_3_puts_the_entry_in_the_order_dropdown() -> None:
    states = ui_states(generate(50, 3))
    assert ("我的订单", "orders") in states["home"].edges
    assert ("申请退单", "apply") in states["orders|ops"].edges


def test_invalid_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="depth"):
        generate(50, 4)
    with pytest.raises(ValueError, match="at least"):
        generate(10, 3)


def test_sites_mix_the_controls_real_shops_have(sites: dict[tuple[int, int], Site]) -> None:
    summary = sites[(200, 6)].summary()
    assert {"hover", "tab", "modal", "expand", "dropdown"} <= set(summary["layers_by_kind"])
    assert {"a", "js", "ptr", "noop"} <= set(summary["controls_by_how"])
    labels = {label for state in ui_states(sites[(200, 6)]).values() for label, _ in state.edges}
    assert {"退款说明", "退款进度", "查看售后政策", "投诉建议", "操作", "下一页"} <= labels


def test_fan_out_is_3_to_12_controls_per_page_besides_header_and_footer(sites: dict[tuple[int, int], Site]) -> None:
    for n, d, site in _all(sites):
        chrome = {nav.label for layout in ("shop", "member", "help") for nav in header_navs(site, layout)}
        chrome |= {nav.label for nav in (*FOOTER, *SIDEBAR)} | {"全部分类 ▾"}
        for sid in ui_states(site):
            own = expected_view(site, sid)[1] - chrome
            if not sid.endswith("|menu"):  # the hover menu's links are the header's
                assert len(own) <= 12, (n, d, sid, sorted(own))
            assert len(expected_view(site, sid)[1]) >= 3, (n, d, sid)


def test_page_urls_are_distinct_templates_for_the_explorer(sites: dict[tuple[int, int], Site]) -> None:
    # Letters-only slugs: a digit would fold into {n} and merge pages the generator counts apart.
    for _n, _d, site in _all(sites):
        templates = [url_template("http://h" + page.path.replace("{oid}", ORDER_IDS[0])) for page in site.pages]
        assert len(set(templates)) == len(templates)


def test_identify_maps_every_state_back_to_itself(sites: dict[tuple[int, int], Site]) -> None:
    for _n, _d, site in _all(sites):
        for sid in ui_states(site):
            path, labels = expected_view(site, sid)
            assert identify(site, "http://127.0.0.1:1" + path, labels) == sid


def test_identify_says_none_for_a_mix_of_layers_and_unknown_pages() -> None:
    site = generate(200, 6)
    product = next(p for p in site.pages if p.kind == "product" and any(x.kind == "tab" for x in p.layers))
    tab = next(x for x in product.layers if x.kind == "tab")
    path, labels = expected_view(site, f"{product.id}|{tab.id}")
    assert identify(site, "http://h" + path, labels | {"全部商品"}) is None  # the tab open and the hover menu shown
    assert identify(site, "http://h/nowhere", labels) is None


def test_the_header_menu_counts_once_as_the_home_pages_state() -> None:
    site = generate(200, 3)
    states = ui_states(site)
    assert "home|menu" in states
    assert not [sid for sid in states if sid.endswith("|menu") and sid != "home|menu"]
    category = next(p for p in site.pages if p.kind == "category")
    path, labels = expected_view(site, category.id)
    assert identify(site, "http://h" + path, labels | {"全部商品"}) is None  # its own, not the site's


def test_only_the_intended_controls_are_dangerous(sites: dict[tuple[int, int], Site]) -> None:
    lexicon = load_lexicon()
    site = sites[(1000, 3)]
    labels = {label for sid in ui_states(site) for label in expected_view(site, sid)[1]}
    assert {label for label in labels if lexicon.danger(label)} == set(DANGER_LABELS)


def _forms(html: str) -> list[FormInfo]:
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for form in soup.find_all("form"):
        fields = []
        for f in form.find_all(["input", "select", "textarea"]):
            field_id = str(f.get("id") or "")
            label = soup.find("label", attrs={"for": field_id})
            kind = str(f.get("type") or f.name)
            options = tuple(o.get_text() for o in f.find_all("option"))
            fields.append(FormField(f.name, kind, str(f.get("name") or ""), field_id, label.get_text() if label else "",
                                    "", False, False, "", options=options))
        submits = tuple({"label": b.get_text()} for b in form.find_all("button"))
        out.append(FormInfo("", (), (), False, "post", "", False, "form", tuple(fields), submits))
    return out


def test_the_application_form_is_what_the_detector_calls_a_refund_application() -> None:
    site = generate(50, 6)
    status, html = render(site, f"/refund/apply/{ORDER_IDS[0]}")
    assert status == 200
    assert detect(_forms(html), ["申请退单"], "申请退单", load_lexicon()).kind == "refund"
    for text in ("退单原因", "问题描述", "上传凭证", "提交申请", 'type="file"', "<textarea", "<select"):
        assert text in html


def test_the_feedback_form_is_a_decoy_not_an_application() -> None:
    status, html = render(generate(50, 6), "/help/feedback")
    assert status == 200
    assert detect(_forms(html), ["投诉建议"], "投诉建议", load_lexicon()).kind == "feedback"


def test_every_link_on_every_page_resolves(sites: dict[tuple[int, int], Site]) -> None:
    site = sites[(200, 3)]
    for page in site.pages:
        path = page.path.replace("{oid}", ORDER_IDS[3])
        status, html = render(site, path)
        assert status == 200, path
        soup = BeautifulSoup(html, "html.parser")
        hrefs = [str(a["href"]) for a in soup.select("a[href]")]
        hrefs += [str(d["data-href"]) for d in soup.select("[data-href]")]
        hrefs += [str(d["data-go"]) for d in soup.select("[data-go]")]
        for href in hrefs:
            target, _, query = href.partition("?")
            assert render(site, target, query)[0] == 200, (path, href)


def test_unknown_paths_and_order_pages_are_404() -> None:
    site = generate(50, 3)
    assert render(site, "/nope")[0] == 404
    assert render(site, "/member/orders", "page=9")[0] == 404
    assert render(site, "/member/order/KM000")[0] == 404


def test_the_server_speaks_utf8_html_without_nagle_and_refuses_posts() -> None:
    site = generate(30, 3)
    with SyntheticServer(site) as server:
        with urllib.request.urlopen(server.url("/"), timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert "全部分类" in response.read().decode("utf-8")
        request = urllib.request.Request(server.url("/refund/submit/x"), data=b"a=1", method="POST")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=10)
        assert info.value.code == 405
        assert server.posts == ["/refund/submit/x"]
        assert server.hits == 1
    from bench.synthetic import _Handler

    assert _Handler.disable_nagle_algorithm is True
