"""flow_outcome.judge: the site's answer to the refund submit, read from one snapshot.

The snapshots are the pages the fixture shops show after a submit (layui's layer.msg toast, an
el-form-item__error under a field, a browser validation message, a page that only lists other orders'
卡密已使用), built as snapshot.js reports them."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.audit.flow_outcome import Blocker, Judgement, judge
from auditor.audit.lexicon import Lexicon, load_lexicon
from auditor.audit.model import FormField, FormInfo, Snapshot

ORDER = "KM202611270001"
RULES = "退款规则：已使用的卡密不支持退款。"


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def page(text: str, *, messages: tuple[dict[str, Any], ...] = (), forms: tuple[FormInfo, ...] = (),
         overlay: dict[str, Any] | None = None, url: str = "http://127.0.0.1:1/refund/apply") -> Snapshot:
    return Snapshot(url, "申请退款", overlay, (), forms, text, (), (1280, 800), 900, messages=messages)


def with_invalid(message: str) -> FormInfo:
    desc = FormField("textarea", "textarea", "desc", "", "问题描述", "", True, False, "#desc", invalid=message)
    return FormInfo("form", (), (), False, "post", "", False, "form", (desc,), ())


def test_an_acknowledgement_is_a_confirmation(lex: Lexicon) -> None:
    answer = judge(page(f"{RULES} 您的退单申请已提交，请耐心等待商家审核"), RULES, lex, ORDER)
    assert answer.blocker is None and answer.confirmation


def test_a_toast_acknowledgement_counts_even_when_the_page_text_has_none(lex: Lexicon) -> None:
    answer = judge(page(RULES, messages=({"kind": "toast", "text": "提交成功，等待审核"},)), RULES, lex, ORDER)
    assert answer.blocker is None and answer.confirmation


def test_a_marked_error_wins_over_an_acknowledgement_word_on_the_page(lex: Lexicon) -> None:
    answer = judge(page("历史申请：KM202611270009 已提交", messages=({"kind": "field", "text": "请填写问题描述"},)), "", lex, ORDER)
    assert answer == Judgement(blocker=Blocker.VALIDATION_ERROR, detail="请填写问题描述")


def test_an_upload_error_is_upload_rejected(lex: Lexicon) -> None:
    answer = judge(page(f"{RULES} 上传失败：仅支持 PDF 文件"), RULES, lex, ORDER)
    assert answer == Judgement(blocker=Blocker.UPLOAD_REJECTED, detail="上传失败：仅支持 PDF 文件")


def test_the_rules_text_that_was_there_before_the_submit_is_not_the_sites_answer(lex: Lexicon) -> None:
    still_the_form = page(RULES, forms=(with_invalid(""),))  # the form is still shown, nothing new on it
    assert judge(still_the_form, RULES, lex, ORDER).blocker is Blocker.NO_CONFIRMATION
    # The same words as the only thing left on a page without the form: the shop's answer is its rule.
    assert judge(page(RULES), RULES, lex, ORDER).blocker is Blocker.ORDER_INELIGIBLE


def test_a_browser_validation_message_is_a_validation_error(lex: Lexicon) -> None:
    answer = judge(page("", forms=(with_invalid("请填写此字段。"),)), "", lex, ORDER)
    assert answer == Judgement(blocker=Blocker.VALIDATION_ERROR, detail="问题描述: 请填写此字段。")


def test_an_ineligibility_message_is_order_ineligible(lex: Lexicon) -> None:
    answer = judge(page("", messages=({"kind": "alert", "text": "该订单卡密已使用，不支持退单"},)), "", lex, ORDER)
    assert answer.blocker is Blocker.ORDER_INELIGIBLE


def test_another_orders_status_in_a_list_is_not_this_orders_answer(lex: Lexicon) -> None:
    listing = f"我的订单 KM202611270003 卡密已使用 {ORDER} 卡密已发放"
    assert judge(page(listing), listing, lex, ORDER).blocker is Blocker.NO_CONFIRMATION
    this_one = f"我的订单 {ORDER} 卡密已使用 KM202611270003 卡密已发放"
    assert judge(page(this_one), this_one, lex, ORDER).blocker is Blocker.ORDER_INELIGIBLE


def test_the_login_form_after_the_submit_is_login_expired(lex: Lexicon) -> None:
    answer = judge(page("您的退单申请已提交", url="http://127.0.0.1:1/login"), "", lex, ORDER, logged_out=True)
    assert answer == Judgement(blocker=Blocker.LOGIN_EXPIRED, detail="http://127.0.0.1:1/login")


def test_blockers_serialize_as_their_report_strings() -> None:
    assert [str(b) for b in (Blocker.NO_CONFIRMATION, Blocker.FILL_FAILED)] == ["no-confirmation", "fill-failed"]
