"""label-ambiguity: a plain entry among plain controls passes; a vague entry among refund-looking decoys
fails (ambiguous-naming); no entry, no score."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one

from auditor.profile import Thresholds


def test_label_ambiguity_passes_for_a_clean_exact_entry() -> None:
    result = run_one("label-ambiguity", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and rules_of(result) == []
    assert result.message.startswith("ambiguity 0.") and result.message.endswith("≤ 0.50")


def test_label_ambiguity_fails_for_a_vague_footer_entry_among_decoys() -> None:
    murky = shop_graph("售后维权", entry_region="footer", extra_on_orders=("投诉建议", "问题反馈"),
                       footer=("退款说明", "退款进度", "投诉建议"))
    result = run_one("label-ambiguity", artifacts_of(murky), Thresholds(max_ambiguity=0.5))
    assert result.status == "fail"
    assert "ambiguous-naming" in rules_of(result) and set(rules_of(result)) == {"ambiguous-naming"}
    assert result.findings[0].evidence["score"] > 0.5


def test_label_ambiguity_is_not_applicable_without_an_entry() -> None:
    result = run_one("label-ambiguity", artifacts_of(no_entry_shop()))
    assert result.status == "n/a" and rules_of(result) == []
