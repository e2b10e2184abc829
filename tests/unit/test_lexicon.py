"""The refund lexicon: normalization, classification by tier, decoys, danger, scent, reasons, extension.

Pitfall numbers refer to section 12 of the research notes (shared/research/lexicon.md), variants to its
section 10.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

import auditor.audit.lexicon
from auditor.audit.lexicon import (
    ENTRY_TIERS,
    KINDS,
    LONG_LABEL,
    NO_MATCH,
    LabelMatch,
    lexicon_from_data,
    load_lexicon,
    normalize,
    to_simplified,
)
from auditor.profile import LexiconExtension

LEX = load_lexicon()


def kind(label: str) -> str | None:
    return LEX.classify(label).kind


def tier(label: str) -> str | None:
    return LEX.classify(label).tier


# --- normalize ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("退款／售后", "退款/售后"),  # full-width slash (NFKC)
        ("退款 / 售后", "退款/售后"),
        ("退款|售后", "退款/售后"),
        ("退款、售后", "退款/售后"),
        ("退款丨售后", "退款/售后"),
        ("退款与售后", "退款/售后"),
        ("退款與售後", "退款/售后"),
        ("退款和售后", "退款/售后"),
        ("Returns & Exchanges", "returns/exchanges"),
        ("申请 售后", "申请售后"),  # whitespace between CJK
        (" 申请售后 ", "申请售后"),
        ("申请\n售后", "申请售后"),
        ("退款原因：", "退款原因"),
        ("退款原因:", "退款原因"),
        ("*退款原因", "退款原因"),
        ("【申请退款】", "申请退款"),
        ("「我的订单」", "我的订单"),
        ("《退款规则》", "退款规则"),
        ("售后/退款 3", "售后/退款"),
        ("售后(12)", "售后"),
        ("待付款 99+", "待付款"),
        ("我的订单 ›", "我的订单"),
        ("» 查看详情 >", "查看详情"),
        ("Request a Refund", "request a refund"),
        ("ＲＥＦＵＮＤ", "refund"),
        ("I’d like to request a refund", "i'd like to request a refund"),
        ("遇到问题？申请售后", "遇到问题?申请售后"),
        ("我要退款（无需退货）", "我要退款(无需退货)"),
        ("\u200b申请退款\u200b", "申请退款"),
        ("\ue60a 客服", "客服"),  # iconfont glyph in the Private Use Area
        ("--请选择--", "请选择"),
    ],
)
def test_normalize_folds_width_script_case_spacing_brackets_badges_and_separators(label: str, expected: str) -> None:
    assert normalize(label) == expected


@pytest.mark.parametrize("label", ["›", "»", ">>", "2", "99+"])
def test_normalize_keeps_a_label_made_only_of_decorations(label: str) -> None:
    assert normalize(label) == label


def test_normalize_folds_traditional_to_simplified() -> None:
    assert normalize("申請退款") == "申请退款"
    assert normalize("售後服務") == "售后服务"
    assert normalize("註銷賬號") == "注销账号"
    assert to_simplified("沈默") == "沉默"  # a phrase whose characters are not Traditional on their own


def test_normalize_is_idempotent_on_every_lexicon_term() -> None:
    for kind_ in LEX.vocabulary:
        for term in LEX.terms(kind_):
            once = normalize(term)
            assert normalize(once) == once, term


def test_normalize_leaves_a_separator_word_at_the_edge_alone() -> None:
    assert normalize("和平精英") == "和平精英"


# --- the data ----------------------------------------------------------------------------------------------


def test_every_traditional_term_folds_onto_a_simplified_term_of_the_same_kind() -> None:
    for kind_, langs in LEX.vocabulary.items():
        simplified = {normalize(t) for t in langs.get("zh-Hans", ())}
        for term in langs.get("zh-Hant", ()):
            assert normalize(term) in simplified, f"{kind_}: {term} -> {normalize(term)}"


def test_english_terms_are_lower_case() -> None:
    for kind_, langs in LEX.vocabulary.items():
        for term in langs.get("en", ()):
            assert term == term.lower(), f"{kind_}: {term}"


def test_every_term_classifies_as_its_own_kind_unless_it_is_also_a_decoy() -> None:
    decoys = {normalize(t) for t in LEX.terms("decoy")}
    for kind_ in KINDS:
        for term in LEX.terms(kind_):
            match = LEX.classify(term)
            assert match.whole, term
            assert match.kind == kind_ or normalize(term) in decoys, f"{kind_}: {term} -> {match}"


def test_the_entry_tiers_cover_all_three_languages() -> None:
    for tier_ in ENTRY_TIERS:
        assert set(LEX.vocabulary[tier_]) == {"zh-Hans", "zh-Hant", "en"}


def test_search_terms_are_the_refund_words() -> None:
    assert LEX.search_terms == ("退单", "退款")


def test_lexicon_data_with_an_unknown_key_is_rejected() -> None:
    with pytest.raises(ValueError, match="refunds: unknown key"):
        lexicon_from_data({"refunds": {"zh-Hans": ["退款"]}})


def test_lexicon_data_with_an_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"exact\.fr: unknown language"):
        lexicon_from_data({"exact": {"fr": ["remboursement"]}})


def test_the_refund_flows_words_are_lexicon_data() -> None:
    lex = load_lexicon()
    assert lex.flow("fields.reason").search("退单理由") and not lex.flow("fields.reason").search("订单号")
    assert lex.flow("pages.after_status").search("状态：退款审核中").group(0) == "退款审核中"  # the longer term first
    assert lex.flow("fields.order_number").search("Order   ID")  # a space in a term: any run of spaces
    with pytest.raises(KeyError):
        lex.flow("fields.unknown")


def test_lexicon_data_with_a_bad_flow_section_is_rejected() -> None:
    base = yaml.safe_load((Path(auditor.audit.lexicon.__file__).parent / "lexicon.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="lexicon: flow: expected a mapping with fields and pages"):
        lexicon_from_data({**base, "flow": {"widgets": {}}})
    with pytest.raises(ValueError, match=r"flow\.fields\.order: expected a non-empty list"):
        lexicon_from_data({**base, "flow": {"fields": {"order": []}}})


def test_the_built_in_lexicon_is_loaded_once() -> None:
    assert load_lexicon() is load_lexicon()
    assert load_lexicon(LexiconExtension()) is load_lexicon()


# --- entry tiers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["退单", "申请退单", "退单申请", "退款", "申请退款", "我要退款", "退款申请", "批量退款", "退款/售后", "售后/退款",
     "退货退款", "退款退货", "退货并退款", "仅退款", "申请仅退款", "退货", "取消订单",
     "退單", "申請退款", "退款申請", "退貨", "申請退貨", "僅退款", "退款/售後", "取消訂單",
     "Refund", "Request a refund", "Retreat Order", "Cancel order", "Refund/After sales", "Request a return"],
)
def test_labels_that_name_refund_or_cancellation_are_exact(label: str) -> None:
    assert LEX.classify(label) == LabelMatch("exact", LEX.classify(label).term, "exact", True)


@pytest.mark.parametrize(
    "label",
    ["售后", "售后申请", "申请售后", "售后服务", "退换货", "退换/售后", "返修/退换货", "售后工单", "售后支持", "我的售后",
     "售後", "申請售後", "售後服務", "退換貨", "售後支援",
     "Return", "Returns", "After-sales", "Aftersale", "After sales", "RMA", "Apply for RMA", "Returns & Exchanges"],
)
def test_after_sales_labels_without_the_refund_word_are_synonyms(label: str) -> None:
    assert tier(label) == "synonym"


@pytest.mark.parametrize(
    "label",
    ["问题反馈", "意见反馈", "投诉建议", "投诉", "售后维权", "我的工单", "提交工单", "工单", "帮助", "帮助中心", "客服",
     "联系客服", "在线客服", "客服中心", "常见问题", "联系我们", "交易纠纷", "投诉订单",
     "聯絡客服", "聯繫客服", "線上客服", "幫助中心", "意見回饋",
     "Feedback", "Contact us", "Support", "Help", "Need help?", "Customer service", "Report a problem"],
)
def test_indirect_labels_are_vague(label: str) -> None:
    assert tier(label) == "vague"


def test_the_longest_overlapping_term_wins() -> None:
    # 售后维权 (vague) contains 售后 (synonym); 售后工单 (synonym) contains 工单 (vague).
    assert LEX.classify("售后维权中心") == LabelMatch("vague", "售后维权", "vague", False)
    assert LEX.classify("售后工单入口") == LabelMatch("synonym", "售后工单", "synonym", False)


def test_a_whole_label_match_beats_a_substring_match() -> None:
    assert LEX.classify("售后维权") == LabelMatch("vague", "售后维权", "vague", True)
    assert LEX.classify("申请售后") == LabelMatch("synonym", "申请售后", "synonym", True)


def test_separate_terms_in_one_label_keep_the_best_kind() -> None:
    assert LEX.classify("订单问题联系客服").tier == "vague"
    assert LEX.classify("我的订单 申请退款").tier == "exact"


def test_traditional_labels_report_the_simplified_term() -> None:
    assert LEX.classify("申請退貨退款").term == "申请退货退款"


def test_an_unknown_or_empty_label_matches_nothing() -> None:
    assert LEX.classify("王者荣耀点券") == NO_MATCH
    assert LEX.classify("") == NO_MATCH
    assert LEX.classify("   ") == NO_MATCH


# --- section 10: spelling, spacing and punctuation variants -----------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["退款/售后", "退款 / 售后", "退款／售后", "售后/退款", "退款/退货", "退货/退款", "退款与售后", "退款/售後", "退款與售後",
     "Refund/After sales", "退款/售后 3", "售后/退款 12", " 退款 / 售后 ›"],
)
def test_composite_refund_labels_are_exact_whatever_the_separator(label: str) -> None:
    match = LEX.classify(label)
    assert (match.tier, match.whole) == ("exact", True)


def test_a_composite_keeps_its_best_part() -> None:
    assert LEX.classify("售后/退货") == LabelMatch("exact", "退货", "exact", True)
    assert LEX.classify("帮助/客服") == LabelMatch("vague", "帮助", "vague", True)
    assert LEX.classify("退货/xyz") == LabelMatch("exact", "退货", "exact", False)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("【申请退款】", "exact"),
        ("申请售后 3", "synonym"),
        (" 申请售后 ", "synonym"),
        ("我要退款(无需退货)", "exact"),
        ("我要退款（无需退货）", "exact"),
        ("退款无需退货", "exact"),
        ("遇到问题?申请售后", "synonym"),
        ("售后服务\n申请 · 退款 · 换货", "exact"),
        ("REFUND", "exact"),
    ],
)
def test_decorated_and_qualified_labels_keep_their_tier(label: str, expected: str) -> None:
    assert tier(label) == expected


def test_long_sentences_match_only_as_substrings() -> None:
    sentence = "如需退款，请在订单详情页点击申请退款按钮提交您的退款申请"
    assert len(normalize(sentence)) > LONG_LABEL
    assert LEX.classify(sentence) == LabelMatch("exact", "申请退款", "exact", False)


# --- section 12: matching pitfalls -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label", ["申请退款中", "2件退款中", "正在申请退款中", "退款申请待商家处理", "已退款", "退款中", "退款成功", "退款失败",
              "退款关闭", "售后申请中", "已申请售后", "退款已到账", "部分退款", "Refunded", "Refund pending", "refund requested"],
)
def test_pitfall_1_status_badges_with_entry_words_are_decoys(label: str) -> None:
    assert kind(label) == "decoy"


def test_pitfall_1_every_exact_word_in_a_status_shape_is_a_decoy() -> None:
    for term in LEX.terms("exact"):
        if term.isascii():
            continue
        for status in (f"{term}中", f"已{term}", f"{term}成功", f"{term}失败", f"{term}关闭"):
            assert kind(status) == "decoy", status


def test_pitfall_1_an_order_tab_word_does_not_make_an_entry_a_status() -> None:
    assert tier("已完成 申请退款") == "exact"


@pytest.mark.parametrize("label", ["退款进度", "售后进度", "查看退款", "售后详情", "退款详情", "退款记录", "查看售后进度",
                                   "退款進度", "售後詳情", "Refund details", "Return details"])
def test_pitfall_2_labels_that_open_an_existing_case_are_decoys(label: str) -> None:
    assert kind(label) == "decoy"


def test_pitfall_3_refund_after_sales_composites_are_exact_entries_but_their_records_are_decoys() -> None:
    assert tier("退款/售后") == "exact"
    assert tier("售后/退款") == "exact"
    assert kind("退款 / 售后记录") == "decoy"


@pytest.mark.parametrize("label", ["取消", "取消收藏", "取消选择", "取消支付", "Cancel"])
def test_pitfall_4_cancel_alone_is_not_an_entry(label: str) -> None:
    assert not LEX.classify(label).is_entry


@pytest.mark.parametrize("label", ["取消申请", "撤销申请", "撤回申请", "取消退款", "取消售后"])
def test_pitfall_4_withdrawing_a_pending_request_is_danger_and_never_an_entry(label: str) -> None:
    assert LEX.danger(label) is not None
    assert not LEX.classify(label).is_entry


@pytest.mark.parametrize("label", ["取消订单", "取消訂單", "取消订单并退款", "Cancel order", "Cancel the order"])
def test_pitfall_5_cancel_order_is_an_exact_entry_that_is_never_activated(label: str) -> None:
    assert tier(label) == "exact"
    assert LEX.danger(label) is not None
    assert LEX.scent(label) == 0.0


def test_pitfall_6_a_one_tap_refund_confirm_dialog_is_recognised() -> None:
    assert LEX.interstitial("确定要取消此订单？") == "确定要"


@pytest.mark.parametrize("label", ["售后政策", "价格保护", "退款说明", "退货政策", "退換貨政策"])
def test_pitfall_8_help_footer_links_are_decoys(label: str) -> None:
    assert kind(label) == "decoy"


@pytest.mark.parametrize("label", ["48小时快速退款", "售后无忧", "售后保障", "7天无理由退换货", "退款条件",
                                   "我已阅读并同意服务条款和退款规则", "极速退款", "支持无理由退单"])
def test_pitfall_9_marketing_badges_and_checkbox_text_are_decoys(label: str) -> None:
    assert kind(label) == "decoy"


def test_pitfall_10_form_field_labels_are_not_entries() -> None:
    for label in ("退款金额", "退款说明", "退款原因", "退款方式", "退款原因：", "退單原因"):
        assert not LEX.classify(label).is_entry, label
    assert kind("退款原因") == "form"
    assert LEX.form_score(["退款金额：￥10", "退款说明", "退款原因：", "退款方式"]) == 4


def test_pitfall_11_type_options_are_recognised_as_refund_words() -> None:
    # They sit on the type-selection page after the entry: the flow, not the lexicon, tells them apart.
    assert [tier(x) for x in ("仅退款", "退货退款", "退款", "退货")] == ["exact"] * 4


def test_pitfall_12_labels_for_other_order_states_are_entries_too() -> None:
    assert tier("批量退款") == "exact"
    assert tier("申请售后") == "synonym"


def test_pitfall_13_customer_service_labels_are_vague_and_contact_only_text_is_a_blocker() -> None:
    assert tier("联系客服") == "vague"
    assert LEX.blocker("如需退款请联系客服处理") == "请联系客服处理"


def test_pitfall_14_card_shop_lookup_is_navigation_and_complaints_are_vague() -> None:
    assert [kind(x) for x in ("订单查询", "查询订单", "查单", "卡密查询", "訂單查詢")] == ["navigation"] * 5
    assert [tier(x) for x in ("投诉", "投诉订单", "投诉商家")] == ["vague"] * 3
    assert LEX.is_final_submit("提交投诉")


@pytest.mark.parametrize("label", ["注销", "注销账号", "账号注销", "註銷賬號", "退出", "退出登录", "退出登錄", "安全退出", "登出",
                                   "Log out", "Logout", "Sign out"])
def test_pitfall_15_deregister_and_log_out_are_danger(label: str) -> None:
    assert LEX.danger(label) is not None


def test_pitfall_17_the_best_of_a_controls_names_wins() -> None:
    assert LEX.classify_best(["客服", "联系平台客服"]) == LabelMatch("vague", "联系平台客服", "vague", True)
    assert LEX.classify_best(["", None, "申请退款"]).tier == "exact"  # icon-only control with an aria-label
    assert LEX.classify_best(["查看详情", "申请售后"]).tier == "synonym"
    assert LEX.classify_best([]) == NO_MATCH


@pytest.mark.parametrize(
    ("fragments", "hint"),
    [("iconfont icon-kefu3", "kefu"), ("icon-shouhoutuikuan", "shouhou"), ("icon-after-sales", "after-sale"),
     ("icon_after_sale", "after-sale"), ("/static/images/customer.png", "customer"), ("icon-kf", "kf")],
)
def test_icon_only_controls_count_no_higher_than_vague(fragments: str, hint: str) -> None:
    assert LEX.classify_icon(fragments) == LabelMatch("vague", hint, "vague", False)


def test_icon_hints_need_a_boundary_for_two_letter_fragments() -> None:
    assert LEX.classify_icon("icon-kfc-logo") == NO_MATCH
    assert LEX.classify_icon("icon-search") == NO_MATCH


@pytest.mark.parametrize(("label", "expected"), [("Retreat Order", "exact"), ("Aftersale", "synonym"),
                                                  ("After sales", "synonym"), ("RMA", "synonym")])
def test_pitfall_18_machine_translated_english_is_recognised(label: str, expected: str) -> None:
    assert tier(label) == expected


def test_english_terms_match_whole_words_only() -> None:
    assert kind("Review") is None  # not "view"
    assert kind("Format") is None  # not "rma"
    assert LEX.danger("PayPal") is None  # not "pay"
    assert LEX.danger("Pay now") == "pay now"


# --- decoys never exact ------------------------------------------------------------------------------------


def test_no_decoy_term_is_ever_an_entry() -> None:
    for term in LEX.terms("decoy"):
        assert LEX.classify(term).kind == "decoy", term
        assert LEX.classify(f"查看{term}").kind == "decoy", term


# --- danger ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "term"),
    [("删除订单", "删除订单"), ("删除该订单", "删除"), ("确认收货", "确认收货"), ("立即支付 ¥9.9", "立即支付"), ("去付款", "去付款"),
     ("提交订单", "提交订单"), ("再次购买", "再次购买"), ("清空购物车", "清空购物车"), ("解绑银行卡", "解绑"), ("提现", "提现"),
     ("刪除", "删除"), ("確認收貨", "确认收货"), ("Add to cart", "add to cart"), ("Proceed to checkout", "checkout"),
     ("Reorder", "reorder"), ("Remove", "remove"), ("Place order", "place order"), ("Confirm receipt", "confirm receipt")],
)
def test_danger_matches_never_activate_words_as_substrings(label: str, term: str) -> None:
    assert LEX.danger(label) == term


def test_danger_never_fires_on_entries_navigation_or_final_submits() -> None:
    risky = {normalize(t) for t in LEX.terms("danger")}
    for kind_ in (*ENTRY_TIERS, "appeal", "navigation", "form", "final_submit"):
        for term in LEX.terms(kind_):
            if not any(word in normalize(term) for word in risky):
                assert LEX.danger(term) is None, f"{kind_}: {term}"
    for label in ("申请退单", "售后申请", "提交申请", "申请退款", "我的订单", "待付款", "充值记录", "支付记录"):
        assert LEX.danger(label) is None, label


def test_a_safe_order_tab_does_not_hide_a_danger_word_beside_it() -> None:
    assert LEX.danger("待付款 立即支付") == "立即支付"


def test_final_submit_is_a_whole_label_match_not_danger() -> None:
    for label in ("提交", "提交申请", "确认提交", "確認提交", "Submit", "提交申请 ›"):
        assert LEX.is_final_submit(label), label
        assert LEX.danger(label) is None, label
    assert not LEX.is_final_submit("提交售后工单")
    assert not LEX.is_final_submit("申请退款")


# --- scent -------------------------------------------------------------------------------------------------


def test_scent_orders_exact_synonym_navigation_vague_appeal_decoy_other_danger() -> None:
    labels = ["申请退款", "申请售后", "我的订单", "联系客服", "我要申诉", "退款进度", "首页", "退出登录"]
    scents = [LEX.scent(x) for x in labels]
    assert scents == sorted(scents, reverse=True)
    assert scents == [1.0, 0.85, 0.6, 0.55, 0.5, 0.25, 0.1, 0.0]


def test_scent_is_in_the_unit_interval_for_every_term() -> None:
    for kind_ in LEX.vocabulary:
        for term in LEX.terms(kind_):
            assert 0.0 <= LEX.scent(term) <= 1.0


def test_navigation_toward_the_entry_scores_above_decoys() -> None:
    for label in ("我的订单", "操作", "查看详情", "订单管理", "Orders"):
        assert LEX.scent(label) > LEX.scent("退款说明")


# --- other kinds -------------------------------------------------------------------------------------------


def test_appeal_and_purchase_are_recognised_and_their_neighbours_are_not() -> None:
    assert all(LEX.is_appeal(x) for x in ("申诉", "我要申诉", "申请平台介入", "申訴"))
    assert not LEX.is_appeal("申诉进度")
    assert all(LEX.is_purchase(x) for x in ("立即购买", "加入购物车", "立即購買", "Buy now"))
    assert not LEX.is_purchase("购买记录")
    assert not LEX.is_purchase("购买凭证")


@pytest.mark.parametrize("label", ["下一页", "下一頁", "下页", "后一页", "›", "»", "下一页 ›", "加载更多", "查看更多", "下个月",
                                   "下月", "Next", "Load more", "Next month"])
def test_pagination_and_calendar_controls_are_recognised(label: str) -> None:
    assert LEX.is_pagination(label)


def test_pagination_is_a_whole_label_match() -> None:
    assert not LEX.is_pagination("下一页面的订单")
    assert not LEX.is_pagination("更多")  # an overflow menu, navigation
    assert kind("更多") == "navigation"


def test_form_score_counts_distinct_form_terms_and_ignores_checkout_submits() -> None:
    assert LEX.form_score(["退单原因", "退款原因：", "请选择", "上传凭证", "上傳憑證", "确认提交"]) == 5
    assert LEX.form_score(["提交订单", "立即支付"]) == 0
    assert LEX.form_score([]) == 0


@pytest.mark.parametrize(("text", "term"), [("提交成功", "提交成功"), ("您的退单申请已提交，请等待商家审核", "退单申请已提交"),
                                            ("審核中", "审核中"), ("Your request has been received", "your request has been received")])
def test_confirmation_finds_the_phrase_of_a_submitted_application(text: str, term: str) -> None:
    assert LEX.confirmation(text) == term


def test_ineligible_blocker_and_interstitial_find_their_phrases() -> None:
    assert LEX.ineligible("该订单已超过24小时，不支持退单") in {"不支持退单", "超过24小时"}
    assert LEX.ineligible("This item is non-refundable") == "non-refundable"
    assert LEX.blocker("请输入验证码") == "验证码"
    assert LEX.blocker("Please complete the CAPTCHA") == "captcha"
    assert LEX.interstitial("您确定要退款吗？我再想想") in {"您确定", "我再想想", "确定要"}
    assert LEX.interstitial("Are you sure you want to cancel?") == "are you sure"
    for check in (LEX.confirmation, LEX.ineligible, LEX.blocker, LEX.interstitial):
        assert check("王者荣耀点券") is None


# --- best_reason -------------------------------------------------------------------------------------------

OPTIONS = ["--请选择--", "充错区服", "重复扣费", "商品信息错误", "卡密未到账", "其他原因"]


@pytest.mark.parametrize(
    ("wanted", "index"),
    [("重复扣费", 2), ("充错区服", 1), ("卡密未到账", 4),  # exact
     ("未到账", 4), ("商品信息错误请退款", 3),  # containment
     ("充错金额", 1), ("重复支付", 2), ("发错", 3), ("商品未到账", 4), ("其它", 5),  # same group
     ("商品未到帳", 4), (None, 4), ("", 4), ("无法形容的原因", 4)],  # TC, default group
)
def test_best_reason_picks_exact_then_contained_then_same_group_then_not_received(wanted: str | None, index: int) -> None:
    assert LEX.best_reason(OPTIONS, wanted) == index


def test_best_reason_never_picks_a_placeholder() -> None:
    assert LEX.best_reason(["请选择", "Please select", "---"], "请选择") is None
    assert LEX.best_reason(["请选择退款原因", "其他"], None) is None
    assert LEX.best_reason([], "商品未到账") is None


# --- extension ---------------------------------------------------------------------------------------------


def test_a_profile_extension_adds_labels_by_kind() -> None:
    ext = LexiconExtension(exact=["我要退钱"], synonym=["售后小助手"], vague=["找小二"], decoy=["退钱攻略"],
                           navigation=["我的宝贝"], form=["退钱理由"], confirmation=["退钱申请已收到"], danger=["一键清仓"])
    lex = load_lexicon(ext)
    assert lex is not LEX
    assert tier("我要退钱") is None and lex.classify("我要退钱").tier == "exact"
    assert lex.classify("售后小助手").tier == "synonym"
    assert lex.classify("找小二").tier == "vague"
    assert lex.classify("退钱攻略").kind == "decoy"
    assert lex.classify("我的宝贝").kind == "navigation"
    assert lex.form_score(["退钱理由"]) == 1
    assert lex.confirmation("您的退钱申请已收到") == "退钱申请已收到"
    assert lex.danger("一键清仓") == "一键清仓"
    assert lex.terms("exact")[-1] == "我要退钱"


def test_a_profile_label_beats_the_built_in_kind_of_the_same_term() -> None:
    lex = LEX.extend(LexiconExtension(exact=["售后维权"], decoy=["售后"]))
    assert lex.classify("售后维权").tier == "exact"
    assert lex.classify("售后").kind == "decoy"
    assert tier("售后维权") == "vague"  # the built-in lexicon is unchanged


def test_a_profile_cannot_make_a_danger_word_safe() -> None:
    lex = LEX.extend(LexiconExtension(exact=["删除订单"]))
    assert lex.classify("删除订单").tier == "exact"
    assert lex.danger("删除订单") == "删除订单"


# --- LabelMatch --------------------------------------------------------------------------------------------


def test_label_match_round_trips_through_a_dict() -> None:
    match = LEX.classify("退款 / 售后")
    assert LabelMatch.from_dict(match.to_dict()) == match
    assert match.to_dict() == {"kind": "exact", "term": "退款/售后", "tier": "exact", "whole": True}


def test_label_match_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        LEX.classify("退款").kind = "decoy"  # type: ignore[misc]
