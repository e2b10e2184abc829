"""continuous-availability: every kind of order page shows the entry or leads to it in one step; an
order detail page that does neither warns; no order pages (or no entry), nothing to say."""

from __future__ import annotations

from dataclasses import asdict

from test_analysis import REFUND_FORM, control, shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one

from auditor.audit.graph import NavGraph
from auditor.profile import Thresholds


def _with_detail_page(graph: NavGraph) -> NavGraph:
    """An order detail page reached from the order list, with no way on to the refund."""
    graph.add_state("detail", url="http://h/order/KM202612030001", title="订单详情", headings=["订单详情"], forms=[],
                    controls=[control("返回")], addressable=True)
    graph.add_transition("orders", "detail", "d", label="查看详情", control_label="查看详情", action="click",
                         kind="click", why="link", url="http://h/orders", visibility={"names": ["查看详情"]})
    return graph


def test_continuous_availability_passes_when_the_order_list_shows_the_entry() -> None:
    result = run_one("continuous-availability", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and rules_of(result) == []


def test_continuous_availability_warns_on_an_order_detail_page_without_the_entry() -> None:
    result = run_one("continuous-availability", artifacts_of(_with_detail_page(shop_graph("申请退单"))))
    assert result.status == "warn" and rules_of(result) == ["not-continuously-available"]
    assert result.findings[0].id == "not-continuously-available/order-detail"
    assert result.findings[0].evidence["missing"] == [{"kind": "order-detail", "url": "http://h/order/KM202612030001"}]


def test_continuous_availability_fails_when_the_profile_fails_on_medium_findings() -> None:
    result = run_one("continuous-availability", artifacts_of(_with_detail_page(shop_graph("申请退单"))),
                     Thresholds(fail_on=["critical", "high", "medium"]))
    assert result.status == "fail" and rules_of(result) == ["not-continuously-available"]


def test_continuous_availability_is_not_applicable_without_order_pages() -> None:
    g = NavGraph()
    g.add_state("home", url="http://h/home", title="首页", headings=[], forms=[], addressable=True,
                controls=[control("申请退单")])
    g.add_state("form", url="http://h/refund/1", title="申请退单", headings=["申请退单"], controls=[], addressable=True,
                forms=[asdict(REFUND_FORM)])
    g.root = "home"
    g.add_transition("home", "form", "k", label="申请退单", control_label="申请退单", action="click", kind="click",
                     why="link", url="http://h/home", visibility={"names": ["申请退单"]})
    result = run_one("continuous-availability", artifacts_of(g))
    assert result.status == "n/a" and rules_of(result) == []
    assert result.message == "no order list, order detail or user centre page found"


def test_continuous_availability_is_not_applicable_without_an_entry() -> None:
    result = run_one("continuous-availability", artifacts_of(no_entry_shop()))
    assert result.status == "n/a" and result.message == "no refund entry found"
