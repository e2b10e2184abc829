"""hidden-entry: a plainly visible path passes; an entry only in the footer fails (footer-only); no entry,
nothing to hide."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, no_entry_shop, rules_of, run_one


def test_hidden_entry_passes_when_every_step_is_plainly_visible() -> None:
    result = run_one("hidden-entry", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and rules_of(result) == []


def test_hidden_entry_fails_when_the_entry_is_reachable_only_from_the_footer() -> None:
    result = run_one("hidden-entry", artifacts_of(shop_graph("申请退单", entry_region="footer")))
    assert result.status == "fail"
    assert set(rules_of(result)) == {"hidden-entry"}
    assert {f.id for f in result.findings} >= {"hidden-entry/footer-only/申请退单", "hidden-entry/footer/申请退单"}


def test_hidden_entry_is_not_applicable_without_an_entry() -> None:
    result = run_one("hidden-entry", artifacts_of(no_entry_shop()))
    assert result.status == "n/a" and rules_of(result) == []
