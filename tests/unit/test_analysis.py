"""Pure parts of the audit, without a browser: detector, entry, ambiguity, hiding, gate, states, checks."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, replace
from typing import Any

import pytest

from auditor.audit.analysis.ambiguity import analyze_ambiguity
from auditor.audit.analysis.entry import analyze_entry
from auditor.audit.analysis.hiding import contrast_ratio, path_hiding
from auditor.audit.artifacts import Artifacts
from auditor.audit.checks import REGISTRY, run_checks
from auditor.audit.checks.base import Check
from auditor.audit.detect import detect
from auditor.audit.graph import NavGraph
from auditor.audit.lexicon import load_lexicon
from auditor.audit.model import Control, FormField, FormInfo, Locator, Snapshot
from auditor.gather.crawl.scope import Gate
from auditor.gather.crawl.states import state_key, url_template
from auditor.profile import Thresholds
from auditor.report.build import audit_context, build_report

LEX = load_lexicon()


def field(kind: str, label: str, options: tuple[str, ...] = ()) -> FormField:
    return FormField(kind if kind != "textarea" else "textarea", kind, label, label, label, "", True, False,
                     f"#{label}", options=options)


REFUND_FORM = FormInfo("#f", (), (), False, "post", "/refund", False, "form",
                       (field("select", "退单原因", ("请选择", "商品未到账")), field("textarea", "问题描述"),
                        field("file", "上传凭证")), ({"label": "提交申请", "path": "#go"},))
APPEAL_FORM = replace(REFUND_FORM, submits=({"label": "提交申诉", "path": "#go"},),
                      fields=(field("select", "申诉理由", ("商家拒绝不合理",)), field("textarea", "申诉说明")))
FEEDBACK_FORM = replace(REFUND_FORM, fields=(field("select", "反馈类型", ("建议", "投诉")), field("textarea", "反馈内容")),
                        submits=({"label": "提交反馈", "path": "#go"},))


def control(label: str, *, region: str = "main", kind: str = "click", **extra: Any) -> dict[str, Any]:
    base = Control(kind, "link", label, (label, "", "", "", ""), "a", "", "http://h/x", "", Locator(f"#{label}"),
                   (0, 0, 80, 20), True, 14.0, "400", "rgb(0, 0, 0)", "rgb(255, 255, 255)", 1.0, False, region,
                   False, 0, False, "", None, False, False)
    return {**base.to_dict(), **extra}


def shop_graph(entry_label: str, entry_region: str = "main", extra_on_orders: tuple[str, ...] = (),
               footer: tuple[str, ...] = ()) -> NavGraph:
    """home → 我的订单 → orders → entry → application; footer links on every page."""
    g = NavGraph()
    foot = [control(x, region="footer") for x in footer]
    g.add_state("home", url="http://h/home", title="首页", controls=[control("我的订单"), *foot], forms=[], headings=[],
                addressable=True, viewport=[1280, 800])
    g.add_state("orders", url="http://h/orders", title="我的订单", addressable=True, viewport=[1280, 800], forms=[],
                headings=["我的订单"], controls=[control(entry_label, region=entry_region),
                                                 *[control(x) for x in extra_on_orders], *foot])
    g.add_state("form", url="http://h/refund/1", title="申请退单", headings=["申请退单"], controls=[], addressable=True,
                forms=[asdict(REFUND_FORM)], viewport=[1280, 800])
    for label in footer:
        g.add_state(f"page-{label}", url=f"http://h/p/{label}", title=label, controls=[], forms=[], headings=[label])
    g.root = "home"
    edge = {"action": "click", "kind": "click", "why": "link"}
    g.add_transition("home", "orders", "k1", label="我的订单", control_label="我的订单", url="http://h/home", **edge,
                     visibility={"names": ["我的订单"], "region": "main", "font_size": 14, "in_view": True})
    g.add_transition("orders", "form", "k2", label=entry_label, control_label=entry_label, url="http://h/orders", **edge,
                     visibility={"names": [entry_label], "region": entry_region, "font_size": 14, "in_view": True,
                                 "color": "rgb(0, 0, 0)", "background": "rgb(255, 255, 255)"})
    for label in footer:
        for source in ("home", "orders"):
            g.add_transition(source, f"page-{label}", f"f-{label}", label=label, control_label=label, url="x", **edge,
                             visibility={"names": [label], "region": "footer"})
    return g


# -- detector ------------------------------------------------------------------------------------------
def test_refund_form_is_the_application_and_other_forms_are_not() -> None:
    assert detect([REFUND_FORM], ["申请退单"], "", LEX).kind == "refund"
    assert detect([APPEAL_FORM], ["提交申诉"], "", LEX).kind == "appeal"
    assert detect([FEEDBACK_FORM], ["投诉建议"], "", LEX).kind == "feedback"
    assert detect([], ["退款说明", "24 小时内未使用可退"], "退款说明", LEX).kind is None


def test_search_form_is_never_an_application() -> None:
    assert detect([replace(REFUND_FORM, search=True)], ["申请退单"], "", LEX).kind is None


# -- entry ---------------------------------------------------------------------------------------------
def test_entry_is_the_control_that_opens_the_application() -> None:
    analysis = analyze_entry(shop_graph("申请退单", footer=("退款说明",)), LEX)
    assert analysis.entry.found and analysis.entry.label == "申请退单"
    assert analysis.entry.depth == 2 and analysis.entry.match == "exact"
    roles = {c.label: c.role for c in analysis.candidates}
    assert roles["申请退单"] == "entry" and roles["退款说明"] == "decoy"


def test_a_label_alone_never_makes_an_entry() -> None:
    g = shop_graph("申请退单")
    g.add_state("form", forms=[])  # the page says 申请退单 but has no form
    assert analyze_entry(g, LEX).entry.found is False


# -- ambiguity -----------------------------------------------------------------------------------------
def test_vague_entry_among_footer_decoys_is_more_ambiguous_than_a_clean_exact_entry() -> None:
    clean_graph = shop_graph("申请退单")
    murky_graph = shop_graph("售后维权", entry_region="footer", extra_on_orders=("投诉建议", "问题反馈"),
                             footer=("退款说明", "退款进度", "投诉建议"))
    clean = analyze_ambiguity(clean_graph, analyze_entry(clean_graph, LEX), LEX)
    murky = analyze_ambiguity(murky_graph, analyze_entry(murky_graph, LEX), LEX)
    assert clean.score < 0.1 < 0.6 < murky.score
    assert murky.steps[-1]["competitors"] and murky.decoys


# -- hiding --------------------------------------------------------------------------------------------
def test_wcag_contrast_ratio() -> None:
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == 21.0
    ratio = contrast_ratio("rgb(199, 199, 199)", "rgb(255, 255, 255)")
    assert ratio is not None and ratio < 2
    assert contrast_ratio("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)") == 1.0


def test_hover_revealed_small_faint_control_is_flagged() -> None:
    states = {
        "a": {"controls": [control("个人中心", kind="hover")], "viewport": [1280, 800]},
        "b": {"controls": [control("账户与安全"), control("x", font_size=14.0)], "viewport": [1280, 800]},
    }
    path = [
        {"source": "a", "action": "hover", "url": "http://h/home", "locator": {"path": "#个人中心"}, "visibility": {}},
        {"source": "b", "action": "click", "url": "http://h/home", "locator": {"path": "#账户与安全"},
         "visibility": {"font_size": 11, "color": "rgb(199, 199, 199)", "background": "rgb(255, 255, 255)",
                        "in_view": True}},
    ]
    flags = path_hiding(states, path)[1]["flags"]
    assert {"hover", "small-font", "low-contrast"} <= set(flags)


# -- gate and states -------------------------------------------------------------------------------------
def _control(label: str, href: str = "http://h/a", form_role: str | None = None) -> Control:
    return Control.from_dict({**control(label), "href": href, "form_role": form_role})


@pytest.mark.parametrize(("label", "href", "form_role", "reason"), [
    ("退出登录", "http://h/bye", None, "danger:退出登录"),
    ("切换账号", "http://h/logout", None, "danger:切换账号"),
    ("个人资料", "http://h/logout", None, "danger-url"),
    ("删除订单", "http://h/a", None, "danger:删除订单"),
    ("保存", "http://h/a", "submit", "form-submit"),
    ("官方QQ群", "http://qq.com/x", None, "off-origin"),
    ("电话", "tel:10086", None, "scheme:tel"),
    ("申请退单", "http://h/refund/1", None, None),
    ("我的订单", "http://h/orders", None, None),
])
def test_safety_gate_refuses_destructive_controls_and_allows_the_rest(label: str, href: str, form_role: str | None,
                                                                    reason: str | None) -> None:
    gate = Gate(LEX, "http://h", frozenset(), ())
    assert gate.refusal(_control(label, href, form_role)) == reason


def test_a_bland_yes_is_refused_by_the_question_of_the_dialog_it_answers() -> None:
    gate = Gate(LEX, "http://h", frozenset(), ())
    yes = dataclasses.replace(_control("确定", "", "button"), in_overlay=True, form_role=None)
    assert gate.refusal(yes, dialog_text="确定删除该订单吗？") == "danger-dialog:删除"
    assert gate.refusal(yes, dialog_text="确定提交退款申请吗？") is None
    assert gate.refusal(dataclasses.replace(yes, in_overlay=False), dialog_text="确定删除该订单吗？") is None  # not its dialog
    # The same rules for a step known only by its label (the Driver's check of a recorded path step).
    assert gate.label_refusal(("确定",), question="确定确认收货吗？", answer="确定") == "danger-dialog:确认收货"
    assert gate.label_refusal(("取消",), question="确定确认收货吗？", answer="取消") is None  # not a yes
    assert gate.label_refusal(("确认收货",)) == "danger:确认收货"


def test_profile_deny_list_and_allowed_origins() -> None:
    gate = Gate(LEX, "http://h", frozenset({"http://pay"}), ("/secret",))
    assert gate.refusal(_control("看看", "http://h/secret/x")) == "deny:/secret"
    assert gate.refusal(_control("退款", "http://pay/refund")) is None


def _snapshot(*labels: str, url: str = "http://h/order/KM202611270001", overlay: dict[str, Any] | None = None) -> Snapshot:
    return Snapshot(url, "t", overlay, tuple(Control.from_dict(control(x)) for x in labels), (), "", (), (1280, 800), 900)


def test_same_template_with_other_data_is_one_state_and_a_dialog_is_another() -> None:
    a = _snapshot("首页", "申请退单", "KM202611270001")
    b = _snapshot("KM202611270002", "申请退单", "首页", url="http://h/order/KM202611270002")
    dialog = _snapshot("首页", "申请退单", "KM202611270001", overlay={"kind": "dialog"})
    assert state_key(a) == state_key(b)
    assert state_key(a) != state_key(dialog)
    assert url_template("http://h/orders?page=2&tab=all") == url_template("http://h/orders?tab=all&page=9")


# -- checks ----------------------------------------------------------------------------------------------
def _artifacts(graph: NavGraph) -> Artifacts:
    return Artifacts(site="t", base_url="http://h", device="desktop", profile={}, tool_version="0", browser_version="x",
                     started_at="2026-11-27T00:00:00+00:00", graph=graph, crawl={"stop_reason": "complete"})


def test_depth_threshold_fails_the_entry_depth_check_and_the_verdict() -> None:
    art = _artifacts(shop_graph("申请退单"))
    assert build_report(art, Thresholds(max_depth=2, require_flow=False), LEX).passed
    strict = build_report(art, Thresholds(max_depth=1, require_flow=False), LEX)
    status = {c.id: c.status for c in strict.checks}
    assert status["entry-depth"] == "fail" and strict.passed is False
    assert any(f.rule == "deep-entry" for f in strict.findings)


def test_a_crashing_check_becomes_an_error_result_not_a_crashed_audit() -> None:
    ctx = audit_context(_artifacts(shop_graph("申请退单")), Thresholds(), LEX)

    def boom(_ctx: Any) -> Any:
        raise RuntimeError("broken check")

    results = run_checks(ctx, (*REGISTRY[:2], Check("broken", "Broken", "", boom)))
    assert [r.status for r in results][-1] == "error"
    assert len(results) == 3


def test_finding_ids_are_stable_and_free_of_selectors() -> None:
    art = _artifacts(shop_graph("售后维权", footer=("退款说明",)))
    ids = {f.id for f in build_report(art, Thresholds(), LEX).findings}
    assert "vague-label/售后维权" in ids
    assert not any("#" in i or "nth-of-type" in i for i in ids)
