"""flow_plan.plan: what the refund flow puts into each field, decided without a browser.

The forms are written as snapshot.js reports them for the fixture shops' applications (ticket-faka's
select2 order picker and contenteditable editor, admin-panel's merged 申请类型 select, b2c-mall's
prefilled amount, a captcha), so each case is a form the executor really meets."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.audit.flow_plan import FieldAction, plan
from auditor.audit.lexicon import Lexicon, load_lexicon
from auditor.audit.model import FormField, FormInfo
from auditor.profile import FlowSettings

ORDER = "KM202611270001"
PAGE = f"订单 {ORDER} 王者荣耀点券卡 实付 ¥30.00 卡密已发放"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def field(tag: str, kind: str, label: str, *, name: str = "", required: bool = False, path: str = "",
          **extra: Any) -> FormField:
    return FormField(tag, kind, name or label, "", label, "", required, False, path or f"#{name or kind}", **extra)


def form(*fields: FormField) -> FormInfo:
    return FormInfo("form#apply", (), (), False, "post", "/refund", False, "form", fields,
                    ({"label": "提交申请", "path": "#send", "disabled": False},))


def by_label(actions: tuple[FieldAction, ...]) -> dict[str, tuple[str, str | None]]:
    return {a.label: (a.kind, a.value) for a in actions}


def test_a_merged_request_type_select_gets_the_refund_type_and_the_reason_the_best_match(lex: Lexicon) -> None:
    actions = plan(form(
        field("select", "select-one", "申请类型", name="type", required=True, options=("请选择", "换货", "补发卡密", "退单", "投诉")),
        field("select", "select-one", "退款原因", name="reason", required=True, options=("请选择", "拍错了", "商品未到账", "其他")),
        field("textarea", "textarea", "问题描述", name="desc", required=True),
    ), FlowSettings(), lex, order=ORDER, page_text=PAGE)
    assert by_label(actions) == {"申请类型": ("select", "退单"), "退款原因": ("select", "商品未到账"),
                                 "问题描述": ("fill", FlowSettings().description)}


def test_the_profiles_request_type_and_reason_win(lex: Lexicon) -> None:
    settings = FlowSettings(request_type="换货", reason="拍错")
    actions = plan(form(
        field("select", "select-one", "申请类型", name="type", options=("请选择", "换货", "退单")),
        field("select", "select-one", "退款原因", name="reason", options=("请选择", "拍错了", "商品未到账")),
    ), settings, lex, order=ORDER, page_text=PAGE)
    assert by_label(actions) == {"申请类型": ("select", "换货"), "退款原因": ("select", "拍错了")}


def test_an_order_select_picks_the_profiles_order_else_the_first_eligible(lex: Lexicon) -> None:
    picker = field("select", "select-one", "选择订单", name="order", required=True,
                   options=("请选择订单", "KM202611270003 卡密已使用", f"{ORDER} 卡密已发放"))
    assert by_label(plan(form(picker), FlowSettings(order=ORDER), lex, order=ORDER, page_text=""))["选择订单"] == \
        ("select", f"{ORDER} 卡密已发放")
    assert by_label(plan(form(picker), FlowSettings(), lex, order=None, page_text=""))["选择订单"] == \
        ("select", f"{ORDER} 卡密已发放")  # 卡密已使用 makes the first one ineligible


def test_a_custom_select_is_planned_as_a_widget_the_executor_opens(lex: Lexicon) -> None:
    select2 = field("select", "select-one", "关联订单", name="order", required=True, widget_kind="select2",
                    widget_path="span.select2-selection")
    (action,) = plan(form(select2), FlowSettings(), lex, order=ORDER, page_text=PAGE)
    assert (action.kind, action.value, action.field.widget_path) == ("widget", None, "span.select2-selection")


def test_a_select_with_only_placeholders_is_left_alone(lex: Lexicon) -> None:
    (action,) = plan(form(field("select", "select-one", "退款原因", options=("请选择退款原因",))), FlowSettings(), lex,
                     order=None, page_text="")
    assert (action.kind, action.value) == ("leave", None)


def test_a_radio_group_is_one_action_on_the_refund_option(lex: Lexicon) -> None:
    radios = [field("input", "radio", text, name="kind", path=f"#k{i}", value=str(i)) for i, text in enumerate(("换货", "仅退款", "投诉"))]
    actions = plan(form(*radios), FlowSettings(), lex, order=None, page_text="")
    assert [(a.kind, a.label, a.value, a.field.path) for a in actions] == [("radio", "kind", "仅退款", "#k1")]


def test_checkboxes_are_ticked_only_when_required_or_an_agreement(lex: Lexicon) -> None:
    actions = plan(form(
        field("input", "checkbox", "我已阅读并同意《退款须知》", name="agree"),
        field("input", "checkbox", "订阅促销短信", name="sms"),
        field("input", "checkbox", "* 本人承诺信息真实", name="promise"),
    ), FlowSettings(), lex, order=None, page_text="")
    assert [(a.kind, a.required) for a in actions] == [("check", False), ("leave", False), ("check", True)]


def test_an_editor_is_typed_into_and_long_text_is_cut_to_maxlength(lex: Lexicon) -> None:
    editor = field("div", "textarea", "问题描述", name="desc")
    box = field("textarea", "textarea", "补充说明", name="more", maxlength=4)
    actions = plan(form(editor, box), FlowSettings(description="卡密未到账，请退单"), lex, order=None, page_text="")
    assert [(a.kind, a.value) for a in actions] == [("type", "卡密未到账，请退单"), ("fill", "卡密未到")]


def test_a_prefilled_amount_is_kept_and_an_empty_required_one_gets_the_paid_amount(lex: Lexicon) -> None:
    actions = plan(form(
        field("input", "number", "退款金额", name="amount", required=True, value="30.00"),
        field("input", "text", "申请金额", name="want", required=True),
        field("input", "tel", "联系电话", name="phone", required=True),
        field("input", "text", "备注", name="note"),
    ), FlowSettings(), lex, order=ORDER, page_text=PAGE)
    assert by_label(actions) == {"退款金额": ("keep", "30.00 (prefilled, kept)"), "申请金额": ("fill", "30.00"),
                                 "联系电话": ("fill", "13800000000"), "备注": ("leave", None)}


def test_an_upload_is_planned_with_whether_it_is_required(lex: Lexicon) -> None:
    actions = plan(form(field("input", "file", "上传凭证（必填）", name="proof")), FlowSettings(), lex, order=None, page_text="")
    assert [(a.kind, a.required) for a in actions] == [("upload", True)]


def test_a_captcha_ends_the_plan_after_the_fields_before_it(lex: Lexicon) -> None:
    actions = plan(form(
        field("select", "select-one", "退款原因", name="reason", options=("商品未到账", "其他")),
        field("input", "text", "图形验证码", name="vcode", required=True),
        field("textarea", "textarea", "问题描述", name="desc"),
    ), FlowSettings(), lex, order=None, page_text="")
    assert [a.kind for a in actions] == ["select", "captcha"]

