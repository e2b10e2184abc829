"""The auditor against every fixture shop's ground truth (site.yaml ``expected``), in a real Chromium.

Each site is audited once per session (``audited``); these tests read that one audit from several sides:
the graph holds the known path, the report names the true entry, the crawl did no harm, the dry-run flow
completed without submitting.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from e2e_support import REPO
from shopserver import FixtureServer, Latency, SiteSpec, discover_sites

from auditor.audit.graph import NavGraph
from auditor.audit.lexicon import normalize
from auditor.report.metrics import flow_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITES = discover_sites()
WITH_ENTRY = [s.id for s in SITES if s.expected.entry.tier is not None]
DRY_RUN_COMPLETES = [s.id for s in SITES if s.expected.entry.tier is not None and s.expected.flow_blocker is None]
SIDE_EFFECTS = ("purchases", "logouts", "deleted_orders", "confirmed_receipts", "appeals", "submissions")


def _graph(run: Any) -> NavGraph:
    from auditor.audit.artifacts import Artifacts

    return Artifacts.load(run.out / "artifacts.json").graph


def _walk_exists(graph: NavGraph, steps: list[dict[str, str]], touch: bool) -> bool:
    """Is there a walk from the root whose edges carry the expected labels and action kinds in order,
    ending on a refund application? (A label matches when the edge label contains it.)"""
    want = [(s["action"], normalize(s["label"])) for s in steps]
    frontier = {graph.root}
    for action, label in want:
        nxt = set()
        for state in frontier:
            for _s, target, _k, data in graph.g.out_edges(state, keys=True, data=True):
                kind = data.get("action")
                ok_kind = kind == action or (touch and {kind, action} <= {"tap", "click"})
                name = normalize(data.get("term") or "") if action == "search" else normalize(data.get("control_label") or "")
                if ok_kind and label and label in name:
                    nxt.add(target)
        frontier = nxt
    return any(graph.state(s).get("application") == "refund" for s in frontier)


def _spec_path(spec: SiteSpec) -> list[dict[str, str]]:
    return [{"action": p.action, "label": p.label} for p in spec.expected.path]


@pytest.mark.parametrize("site_id", WITH_ENTRY)
def test_graph_contains_the_known_path_with_its_action_kinds(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    spec = run.spec
    assert _walk_exists(_graph(run), _spec_path(spec), touch=spec.device != "desktop"), \
        f"{site_id}: no walk {_spec_path(spec)} to the application in the crawled graph"


def test_report_names_the_true_entry_depth_and_tier(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    truth = run.spec.expected.entry
    entry = run.report.entry
    if truth.tier is None:
        assert entry.found is False
        return
    assert entry.found
    assert normalize(truth.label or "") in normalize(entry.label or ""), (entry.label, truth.label)
    assert entry.depth == truth.depth
    assert entry.match == truth.tier


def test_decoys_are_never_chosen_as_the_entry(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    chosen = normalize(run.report.entry.label or "")
    for decoy in run.spec.expected.decoys:
        assert normalize(decoy) != chosen


def test_crawl_did_no_harm_to_the_shop(site_id: str, audited: Any) -> None:
    state = audited(site_id).state
    for key in SIDE_EFFECTS:
        assert state.get(key, []) == [], f"{site_id}: the audit caused {key}: {state.get(key)}"
    posts = [p for p in state.get("non_search_posts", []) if p["path"] != "/login"]
    assert posts == [], f"{site_id}: non-search form posts: {posts}"
    assert state.get("errors", []) == []


@pytest.mark.parametrize("site_id", DRY_RUN_COMPLETES)
def test_dry_run_flow_completes_without_submitting(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    flow = run.report.flow
    assert flow["attempted"] and flow["completed"] is True and flow["submitted"] is False, flow.get("blocker_detail")
    assert run.state["submissions"] == []


@pytest.mark.parametrize("site_id", WITH_ENTRY)
def test_report_evidence_has_a_screenshot_for_every_step(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    assert run.report.entry.path
    for step in run.report.entry.path:
        assert step.screenshot and (run.out / step.screenshot).stat().st_size > 1000, step


@pytest.mark.parametrize("site_id", WITH_ENTRY)
def test_continuity_and_rules_disclosure_match_the_truth(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    expected = run.spec.expected
    assert run.report.disclosure["disclosed"] is expected.rules_disclosed
    assert run.report.continuity["continuous"] is expected.continuous


def test_purchase_depth_matches_the_truth(site_id: str, audited: Any) -> None:
    run = audited(site_id)
    assert run.report.effort["purchase_depth"] == run.spec.expected.purchase_depth


def test_customer_service_only_site_has_no_entry_and_says_why(audited: Any) -> None:
    report = audited("cs-only").report
    assert report.entry.found is False
    rules = {f.rule for f in report.findings}
    assert {"no-entry", "customer-service-only"} <= rules
    assert report.flow["blocker"] == "customer-service-only"
    assert report.passed is False


def test_hidden_site_gets_the_hiding_findings_it_deserves(audited: Any) -> None:
    report = audited("hidden-entry").report
    assert report.entry.match == "vague"
    hidden = {f.id.split("/")[1] for f in report.findings if f.rule == "hidden-entry"}
    assert {"hover", "collapsed", "small-font", "low-contrast"} <= hidden
    rules = {f.rule for f in report.findings}
    assert {"deep-entry", "vague-label", "not-continuously-available", "rules-not-disclosed"} <= rules


def test_ambiguity_orders_sites_as_a_person_would(audited: Any) -> None:
    hidden = audited("hidden-entry").report.ambiguity.score
    merged = audited("merged-aftersales").report.ambiguity.score
    clean = audited("indie-store").report.ambiguity.score
    assert hidden > merged > clean, (hidden, merged, clean)


def test_appeal_entry_is_found_and_reported_with_its_depth(audited: Any) -> None:
    run = audited("indie-store")
    truth = run.spec.expected.appeal
    assert truth is not None
    appeal = run.report.appeal
    assert appeal["found"] and normalize(truth.label) in normalize(appeal["label"]) and appeal["depth"] == truth.depth


def test_hostile_site_trap_is_cut_off_with_a_finding_within_budget(audited: Any) -> None:
    run = audited("hostile")
    crawl = run.report.crawl
    assert any(t["kind"] == "pagination" for t in crawl["traps"]), crawl["traps"]
    assert any(f.rule == "crawl-trap" for f in run.report.findings)
    assert crawl["elapsed_s"] < run.profile.crawl.max_seconds
    assert crawl["stop_reason"] == "complete"


def test_hostile_site_dialogs_are_dismissed_and_recorded(audited: Any) -> None:
    crawl = audited("hostile").report.crawl
    assert crawl["dialogs"], "the hostile site raises alert()/confirm(); the crawl must have met them"
    assert all(d["answer"] == "dismiss" for d in crawl["dialogs"])


def test_new_tab_other_origin_and_modal_entries_are_followed(audited: Any) -> None:
    hostile = audited("hostile").report.entry
    assert hostile.found and hostile.path[-1].new_tab
    aggregator = audited("aggregator-h5").report.entry
    assert aggregator.found and aggregator.url and aggregator.url.split("/")[2] != aggregator.path[0].url.split("/")[2]
    spa = audited("spa-shop")
    assert spa.report.entry.found
    assert _graph(spa).state(spa.report.entry.state or "").get("overlay", {}).get("kind") == "dialog"


def _outcome(report: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on how fast the shop answers (read from report.json)."""
    entry = report["entry"]
    return {"verdict": report["verdict"], "found": entry["found"], "entry": normalize(entry.get("label") or ""),
            "depth": entry.get("depth"), "tier": entry.get("match"), "flow": flow_of(report["flow"]).outcome,
            "blocker": report["flow"].get("blocker")}


SLOW_JOBS = 3  # audits of slowed shops at once: they mostly wait on the server, not the two cores


@pytest.fixture(scope="session")
def slow_audits(sites: list[SiteSpec], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Every site audited once more on a second server whose every answer (pages, API calls, frames,
    files) comes 100-800 ms late: report.json and what the shop recorded, per site. The audits run as
    ``refund-audit audit`` processes, a few at once, since they spend their time waiting."""
    root = tmp_path_factory.mktemp("slow")
    shutil.copytree(REPO / "site_profiles" / "evidence", root / "evidence")  # profiles name their proof files relative
    with FixtureServer(sites, ports="free", latency=Latency.parse("100-800", seed=11)) as server:
        def audit(site_id: str) -> tuple[str, dict[str, Any]]:
            profile = root / f"{site_id}.yaml"
            profile.write_text(server.rebind((REPO / "site_profiles" / f"{site_id}.yaml").read_text(encoding="utf-8")),
                               encoding="utf-8")
            out = root / site_id
            done = subprocess.run([sys.executable, "-m", "auditor", "audit", str(profile), "--out", str(out), "-q"],
                                  capture_output=True, text=True, timeout=900, check=False)
            report = json.loads((out / "report.json").read_text(encoding="utf-8")) if (out / "report.json").exists() else {}
            return site_id, {"report": report, "state": server.state(site_id), "exit": done.returncode,
                             "stderr": done.stderr[-2000:]}

        with ThreadPoolExecutor(SLOW_JOBS) as pool:
            yield dict(pool.map(audit, [s.id for s in sites]))


@pytest.mark.timeout(2400)  # the first one waits for every slowed audit (slow_audits)
def test_a_slow_shop_gets_the_same_audit_as_a_fast_one(site_id: str, audited: Any, slow_audits: dict[str, Any]) -> None:
    """Every request 100-800 ms late: the same verdict, entry, depth, tier and flow outcome as with no
    latency, and nothing submitted."""
    fast = json.loads((audited(site_id).out / "report.json").read_text(encoding="utf-8"))
    slow = slow_audits[site_id]
    assert slow["report"], slow["stderr"]
    assert _outcome(slow["report"]) == _outcome(fast), (slow["report"]["reasons"], slow["report"]["coverage"].get("reasons"))
    assert slow["state"]["submissions"] == []
