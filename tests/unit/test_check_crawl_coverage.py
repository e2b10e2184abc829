"""crawl-coverage: a crawl that ended by itself passes; one stopped by a bound passes with its reason
(information); controls that failed warn (crawl-errors); an audit cut short (interrupted, time limit, a
session lost) could not measure. The check always has something to say: it has no n/a case."""

from __future__ import annotations

from test_analysis import shop_graph
from test_check_registry import artifacts_of, rules_of, run_one


def test_crawl_coverage_passes_when_the_crawl_ended_by_itself() -> None:
    result = run_one("crawl-coverage", artifacts_of(shop_graph("申请退单")))
    assert result.status == "pass" and rules_of(result) == [] and result.message == "complete: 3 states"


def test_a_crawl_stopped_by_a_bound_says_so_without_failing() -> None:
    result = run_one("crawl-coverage", artifacts_of(shop_graph("申请退单"), stop="max-states", complete=False))
    assert result.status == "pass" and rules_of(result) == ["crawl-incomplete"]
    assert result.findings[0].needs_review


def test_traps_and_dialogs_are_reported_as_information() -> None:
    trap = {"kind": "calendar", "template": "http://h/calendar/{n}", "label": "下个月"}
    art = artifacts_of(shop_graph("申请退单"), traps=[trap], dialogs=[{"type": "alert", "message": "hi"}])
    result = run_one("crawl-coverage", art)
    assert result.status == "pass" and rules_of(result) == ["crawl-trap", "dialogs"]


def test_crawl_coverage_warns_when_controls_failed_to_activate() -> None:
    art = artifacts_of(shop_graph("申请退单"), errors=[{"label": "更多", "at": "http://h/home"}])
    art.crawl["coverage"].update(failed_controls=2, stuck_pages=0)
    result = run_one("crawl-coverage", art)
    assert result.status == "warn" and rules_of(result) == ["crawl-errors"]
    assert result.findings[0].evidence["where"] == ["http://h/home"]


def test_crawl_coverage_could_not_measure_an_interrupted_audit() -> None:
    art = artifacts_of(shop_graph("申请退单"), stop="interrupted", complete=False,
                       reasons=("the audit was interrupted (SIGINT)",))
    result = run_one("crawl-coverage", art)
    assert result.status == "error"
    assert result.message == "could not measure: the audit was interrupted (SIGINT)"


def test_crawl_coverage_is_an_error_when_the_crawl_stage_failed() -> None:
    art = artifacts_of(shop_graph("申请退单"), stage_errors=({"stage": "crawl", "error": "RuntimeError: boom"},))
    result = run_one("crawl-coverage", art)
    assert result.status == "error"
    assert result.message == ("could not measure the navigation graph and the crawl: the crawl stage failed: "
                              "RuntimeError: boom")
