"""The benchmark's arithmetic: rates, lower bounds when the peer hits its budget, ratios and issue 7's targets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[2]))  # bench/ is a folder of the repo, not an installed package

from bench.metrics import derive, entry_cost, fmt_bound, fmt_ratio, markdown, ratio, ratios, sanity, targets


def _run(crawler: str, mode: str, n: int = 50, depth: int = 6, **over: Any) -> dict[str, Any]:
    run = {"n": n, "depth": depth, "crawler": crawler, "mode": mode, "seconds": 10.0, "states": n, "site_states": n,
           "actions": {"goto": 20, "click": 40}, "transitions": 50, "inferred": 30, "stop_reason": "complete",
           "capped": False, "entry": {"actions": 20, "seconds": 2.0, "depth": depth}, "peak_pss_mb": 600.0, "posts": 0}
    run.update(over)
    return run


def test_derive_computes_rates_per_second_state_and_transition() -> None:
    d = derive(_run("explorer", "full", seconds=10.0, states=50, site_states=40, transitions=48))
    assert d["action_total"] == 60
    assert d["states_per_s"] == 5.0
    assert d["site_states_per_s"] == 4.0
    assert d["actions_per_state"] == 1.2
    assert d["actions_per_site_state"] == 1.5
    assert d["actions_per_transition"] == 1.25
    assert d["actions_per_state_by_kind"] == {"click": 0.8, "goto": 0.4}


def test_derive_leaves_undefined_rates_empty_instead_of_dividing_by_zero() -> None:
    d = derive(_run("peer", "quick", seconds=0.0, states=0, site_states=0, transitions=0))
    assert d["states_per_s"] is None and d["actions_per_transition"] is None and d["actions_per_state"] is None


def test_entry_cost_is_a_lower_bound_when_a_capped_run_never_saw_the_entry() -> None:
    assert entry_cost(_run("peer", "quick")) == (20.0, 2.0, False)
    capped = _run("peer", "quick", entry=None, capped=True, seconds=600.0, actions={"goto": 900, "click": 1100})
    assert entry_cost(capped) == (2000.0, 600.0, True)
    assert entry_cost(_run("explorer", "quick", entry=None)) == (None, None, False)


def test_ratio_carries_the_peers_lower_bound_and_refuses_an_inexact_explorer() -> None:
    assert ratio(2000.0, False, 20.0) == {"value": 100.0, "lower_bound": False}
    assert ratio(2000.0, True, 20.0) == {"value": 100.0, "lower_bound": True}
    assert ratio(2000.0, False, 20.0, explorer_lower=True) is None
    assert ratio(None, False, 20.0) is None and ratio(10.0, False, 0.0) is None


def test_ratios_pair_the_crawlers_per_size_depth_and_mode() -> None:
    runs = [
        _run("explorer", "quick"), _run("peer", "quick", entry={"actions": 2300, "seconds": 400.0, "depth": 6}),
        _run("explorer", "full", seconds=10.0), _run("peer", "full", seconds=600.0, capped=True, stop_reason="max-seconds",
                                                    actions={"goto": 500, "click": 700}, transitions=500, site_states=40),
        _run("explorer", "quick", n=200),  # no peer partner: no ratio row
    ]
    rows = {(r["n"], r["mode"]): r for r in ratios(runs)}
    assert set(rows) == {(50, "quick"), (50, "full")}
    assert rows[(50, "quick")]["actions_to_entry"] == {"value": 115.0, "lower_bound": False}
    assert rows[(50, "quick")]["seconds_to_entry"] == {"value": 200.0, "lower_bound": False}
    full = rows[(50, "full")]
    assert full["peer_capped"] is True
    assert full["seconds"] == {"value": 60.0, "lower_bound": True}
    assert full["actions"] == {"value": 20.0, "lower_bound": True}
    assert full["site_states_per_s"] == {"value": round(5.0 / (40 / 600.0), 2), "lower_bound": False}
    assert full["actions_per_transition"] == {"value": round(2.4 / 1.2, 2), "lower_bound": False}


def _status(ts: list[dict[str, str]], name: str) -> str:
    return next(t["status"] for t in ts if t["target"] == name)


@pytest.mark.parametrize(("peer_actions", "capped", "expected"), [
    (250, False, "met"),  # 12.5x
    (150, False, "not met"),  # 7.5x, measured
    (150, True, "inconclusive"),  # >= 7.5x: the peer stopped before the entry
    (400, True, "met"),  # >= 20x
])
def test_the_quick_target_needs_ten_times_fewer_actions_at_depth_6(peer_actions: int, capped: bool, expected: str) -> None:
    peer = _run("peer", "quick", entry=None if capped else {"actions": peer_actions, "seconds": 60.0, "depth": 6},
                capped=capped, actions={"goto": peer_actions})
    assert _status(targets([_run("explorer", "quick"), peer], None), "quick-entry") == expected


def test_quick_target_is_not_measured_without_depth_6() -> None:
    runs = [_run("explorer", "quick", depth=3), _run("peer", "quick", depth=3)]
    assert _status(targets(runs, None), "quick-entry") == "not measured"


def test_full_exploration_targets_actions_per_transition_and_states_per_second() -> None:
    good = _run("explorer", "full", seconds=5.0, actions={"goto": 10, "click": 60}, transitions=50)  # 1.4, 10/s
    assert _status(targets([good], None), "actions-per-transition") == "met"
    assert _status(targets([good], None), "states-per-second") == "met (stretch too)"
    fair = dict(good, seconds=8.0)  # 6.25/s
    assert _status(targets([fair], None), "states-per-second") == "met"
    slow = _run("explorer", "full", n=200, seconds=50.0, states=200, actions={"goto": 100, "click": 200}, transitions=150)
    ts = targets([good, slow], None)
    assert _status(ts, "actions-per-transition") == "not met"  # 2.0 at N = 200
    assert _status(ts, "states-per-second") == "not met"  # 4/s at N = 200
    assert _status(targets([_run("peer", "full")], None), "actions-per-transition") == "not measured"


def test_states_per_second_uses_the_slowest_full_run() -> None:
    a = _run("explorer", "full", n=200, seconds=25.0, states=200)  # 8/s
    b = _run("explorer", "full", n=1000, seconds=250.0, states=1000)  # 4/s
    ts = targets([a, b], None)
    assert _status(ts, "states-per-second") == "not met"
    assert "N=1000 D=6: 4.00/s" in next(t["detail"] for t in ts if t["target"] == "states-per-second")


def test_size_targets_full_1000_linear_and_memory() -> None:
    r200 = _run("explorer", "full", n=200, seconds=40.0, states=200, site_states=200)
    r1000 = _run("explorer", "full", n=1000, seconds=230.0, states=1000, site_states=1000, peak_pss_mb=850.0)
    ts = targets([r200, r1000], None)
    assert _status(ts, "full-1000") == "met"
    assert _status(ts, "linear") == "met"  # 5.75x
    assert _status(ts, "memory") == "met"
    slow = dict(r1000, seconds=320.0, peak_pss_mb=1100.0)
    ts = targets([r200, slow], None)
    assert _status(ts, "full-1000") == "not met"
    assert _status(ts, "linear") == "not met"  # 8x
    assert _status(ts, "memory") == "not met"
    incomplete = dict(r1000, site_states=990)
    assert _status(targets([r200, incomplete], None), "full-1000") == "not met"
    assert _status(targets([r200], None), "full-1000") == "not measured"


def test_fixture_target_needs_every_site_and_no_failure() -> None:
    sites = [{"site": "a", "seconds": 30.0}, {"site": "b", "seconds": 40.0}]
    assert _status(targets([], {"sites": sites, "total_seconds": 70.0, "complete": True}), "fixtures") == "met"
    assert _status(targets([], {"sites": sites, "total_seconds": 130.0, "complete": True}), "fixtures") == "not met"
    failed = [*sites, {"site": "c", "seconds": 1.0, "error": "login failed"}]
    assert _status(targets([], {"sites": failed, "total_seconds": 71.0, "complete": True}), "fixtures") == "not met"
    assert _status(targets([], {"sites": sites, "total_seconds": 70.0, "complete": False}), "fixtures") == "inconclusive"
    assert _status(targets([], None), "fixtures") == "not measured"


def test_reaudit_target_needs_every_fixture_folder_under_a_second() -> None:
    fast = [{"site": "a", "reaudit_seconds": 0.4}, {"site": "b", "reaudit_seconds": 0.9}]
    assert _status(targets([], {"sites": fast, "total_seconds": 70.0}), "reaudit") == "met"
    slow = [*fast, {"site": "c", "reaudit_seconds": 1.2}]
    assert _status(targets([], {"sites": slow, "total_seconds": 70.0}), "reaudit") == "not met"
    failed = [*fast, {"site": "c", "reaudit_seconds": None}]
    assert _status(targets([], {"sites": failed, "total_seconds": 70.0}), "reaudit") == "not measured"
    assert _status(targets([], None), "reaudit") == "not measured"


def test_sanity_checks_completeness_depth_and_that_nobody_submitted() -> None:
    entry = {"actions": 20, "seconds": 2.0, "depth": 9, "shortest": 6}
    checks = sanity([_run("explorer", "full", entry=entry), _run("peer", "full", posts=0)])
    assert [c["status"] for c in checks] == ["met", "met", "met"]
    checks = sanity([_run("explorer", "full", states=52, entry=entry)])  # two of its own beyond the site's
    assert checks[0]["status"] == "met" and "2 beyond" in checks[0]["detail"]
    checks = sanity([_run("explorer", "full", site_states=48, entry=dict(entry, shortest=7)), _run("peer", "full", posts=1)])
    assert [c["status"] for c in checks] == ["not met", "not met", "not met"]


def test_the_table_shows_the_path_depth_and_the_shortest_depth() -> None:
    run = _run("explorer", "quick", entry={"actions": 20, "seconds": 2.0, "depth": 9, "shortest": 6})
    assert "20, 2.0 (depth 9, shortest 6)" in markdown({"runs": [run], "targets": []})


def test_formatting_marks_lower_bounds() -> None:
    assert fmt_bound(600.0, True) == "> 600"
    assert fmt_bound(60.04, True) == "> 60.0"
    assert fmt_bound(12.345, False, 2) == "12.35"
    assert fmt_ratio({"value": 115.0, "lower_bound": True}) == "≥ 115.0x"
    assert fmt_ratio(None) == "–"


def test_markdown_shows_the_table_ratios_and_targets() -> None:
    runs = [_run("explorer", "quick"), _run("peer", "quick", capped=True, entry=None, seconds=600.0, stop_reason="max-seconds")]
    text = markdown({"runs": runs, "targets": targets(runs, None), "machine": {"cpus": 2}, "notes": ["loaded machine"]})
    assert "| N | D | latency ms | crawler | mode |" in text
    assert "| > 600 |" in text and "≥ 3.0x" in text
    assert "> loaded machine" in text
    assert "- [ ] **inconclusive**" in text


def test_runs_at_several_latencies_get_their_own_rows_and_ratios() -> None:
    runs = [{**_run("explorer", "quick"), "latency_ms": 0}, {**_run("peer", "quick"), "latency_ms": 0},
            {**_run("explorer", "quick", seconds=40.0), "latency_ms": 500},
            {**_run("peer", "quick", seconds=80.0), "latency_ms": 500}]
    assert len(ratios(runs)) == 2
    text = markdown({"runs": runs, "targets": []})
    assert "| 500 | explorer | quick |" in text
