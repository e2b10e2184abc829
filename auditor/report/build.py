"""Build the Report from artifacts: compute the metrics once, run the checks, state the verdict.

Pure: no browser. ``build_report(Artifacts.load(path), thresholds, lexicon)`` re-audits a saved crawl.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import __version__
from ..audit.analysis.ambiguity import analyze_ambiguity
from ..audit.analysis.continuity import analyze_continuity
from ..audit.analysis.coverage import coverage_of
from ..audit.analysis.disclosure import analyze_disclosure
from ..audit.analysis.effort import analyze_effort
from ..audit.analysis.entry import EntryAnalysis, analyze_entry, label_match, not_activated, to_steps
from ..audit.analysis.hiding import path_hiding
from ..audit.artifacts import Artifacts
from ..audit.checks import AuditContext, run_checks
from ..audit.graph import NavGraph, edge_label
from ..audit.lexicon import Lexicon
from ..audit.model import CUT_SHORT, PathShot
from ..profile import Thresholds, to_dict
from .model import CheckResult, Report


def audit_context(artifacts: Artifacts, thresholds: Thresholds, lexicon: Lexicon) -> AuditContext:
    """All metrics, computed once from the artifacts."""
    graph = artifacts.graph
    analysis = analyze_entry(graph, lexicon)
    states = dict(graph.states())
    hiding_steps = path_hiding(states, list(analysis.path))
    footer_only = bool(analysis.routes) and all(_route_in_footer(graph, analysis, r.label) for r in analysis.routes)
    if analysis.entry.found:
        flags = {i: tuple(h["flags"]) for i, h in enumerate(hiding_steps)}
        steps = to_steps(graph, analysis.path, lexicon, flags)
        steps = _with_screenshots(steps, artifacts.path_evidence)
        entry_hiding = tuple(dict.fromkeys(f for h in hiding_steps for f in h["flags"]))
        if footer_only:
            entry_hiding += ("footer-only",)
        analysis = dataclasses.replace(analysis, entry=dataclasses.replace(analysis.entry, path=steps, hiding=entry_hiding))
    flow: dict[str, Any] = artifacts.flow.to_dict() if artifacts.flow is not None else {"attempted": False}
    flow_actions = (flow.get("effort") or {}).get("actions") if flow.get("attempted") else None
    return AuditContext(
        artifacts=artifacts,
        thresholds=thresholds,
        lexicon=lexicon,
        entry=dataclasses.replace(analysis, candidates=analysis.candidates + not_activated(artifacts.crawl.get("skipped", []), lexicon)),
        ambiguity=analyze_ambiguity(graph, analysis, lexicon),
        hiding={"steps": hiding_steps, "footer_only": footer_only},
        continuity=analyze_continuity(graph, analysis.applications),
        effort=analyze_effort(graph, lexicon, analysis.entry.depth, flow_actions),
        disclosure=analyze_disclosure(graph, [s["source"] for s in analysis.path], analysis.applications),
        flow=flow,
        appeal=_appeal(graph, analysis, lexicon),
        coverage=coverage_of(artifacts.crawl, artifacts.stage_errors),
    )


def build_report(artifacts: Artifacts, thresholds: Thresholds, lexicon: Lexicon) -> Report:
    """Metrics + checks + verdict for one site."""
    ctx = audit_context(artifacts, thresholds, lexicon)
    checks = run_checks(ctx)
    findings = tuple(f for c in checks for f in c.findings)
    # A stopped audit concludes nothing, not even a failure: what was not reached could change it.
    verdict = "inconclusive" if ctx.coverage.stop_reason in CUT_SHORT else verdict_of(checks)
    failed = [c for c in checks if c.status == "fail"] if verdict == "fail" else [c for c in checks if c.status == "error"]
    reasons = tuple(f"{c.title}: {c.message}" for c in failed) or ("every check passed",)
    graph = artifacts.graph
    return Report(
        site={"name": artifacts.site, "base_url": artifacts.base_url, "device": artifacts.device},
        profile=artifacts.profile,
        generated_at=artifacts.finished_at or artifacts.started_at,
        environment={"browser_version": artifacts.browser_version, "started_at": artifacts.started_at,
                     "finished_at": artifacts.finished_at, "login": artifacts.login.to_dict(),
                     "stage_errors": artifacts.stage_errors},
        graph=graph_summary(graph, ctx.entry),
        crawl={k: v for k, v in artifacts.crawl.items() if k not in ("skipped",)} | {
            "skipped": artifacts.crawl.get("skipped", [])[:200]},
        entry=ctx.entry.entry,
        routes=ctx.entry.routes,
        candidates=ctx.entry.candidates,
        ambiguity=ctx.ambiguity,
        hiding=ctx.hiding,
        continuity=ctx.continuity,
        effort=ctx.effort,
        disclosure=ctx.disclosure,
        flow=ctx.flow,
        appeal=ctx.appeal,
        checks=checks,
        findings=findings,
        thresholds=to_dict(thresholds),
        passed=verdict == "pass",
        verdict=verdict,
        coverage=ctx.coverage.to_dict(),
        reasons=reasons,
        artifacts=_artifact_files(artifacts),
        tool={"name": "refund-audit", "version": __version__},
    )


def verdict_of(checks: tuple[CheckResult, ...]) -> str:
    """``fail`` when a check failed on what it measured, else ``inconclusive`` when one could not
    measure (an error), else ``pass``. A failure stands on its own evidence even when another check
    could not measure; "could not measure" never becomes a pass.

    >>> ok, bad, unknown = (CheckResult("a", "A", s, "") for s in ("pass", "fail", "error"))
    >>> verdict_of((ok, unknown)), verdict_of((bad, unknown)), verdict_of((ok,))
    ('inconclusive', 'fail', 'pass')
    """
    statuses = {c.status for c in checks}
    if "fail" in statuses:
        return "fail"
    return "inconclusive" if "error" in statuses else "pass"


def graph_summary(graph: NavGraph, analysis: EntryAnalysis) -> dict[str, Any]:
    """Counts plus a light node/edge list for the SVG picture (path, decoys and application marked)."""
    on_path = {s["source"] for s in analysis.path} | {s["target"] for s in analysis.path}
    path_edges = {(s["source"], s["target"], s["key"]) for s in analysis.path}
    decoy_states = set()
    for _s, t, _k, d in graph.transitions():
        if any(c.role == "decoy" and c.label == edge_label(d) for c in analysis.candidates):
            decoy_states.add(t)
    depths = analysis.depths
    nodes = []
    for sid, attrs in graph.states():
        if sid == graph.root:
            kind = "start"
        elif sid in analysis.applications:
            kind = "application"
        elif sid in analysis.appeals:
            kind = "appeal"
        elif sid in on_path:
            kind = "path"
        elif sid in decoy_states:
            kind = "decoy"
        elif (attrs.get("status") or 0) >= 400:
            kind = "error"
        else:
            kind = "other"
        nodes.append({"id": sid, "label": (attrs.get("title") or attrs.get("template", ""))[:40],
                      "url": attrs.get("url", ""), "depth": depths.get(sid), "kind": kind,
                      "screenshot": attrs.get("screenshot", "")})
    edges = [{"source": s, "target": t, "label": d.get("label", "")[:40], "action": d.get("action", ""),
              "on_path": (s, t, k) in path_edges, "inferred": bool(d.get("inferred"))}
             for s, t, k, d in graph.transitions()]
    inferred = sum(1 for e in edges if e["inferred"])
    return {"states": graph.state_count, "transitions": graph.transition_count - inferred, "inferred": inferred,
            "nodes": nodes, "edges": edges, "root": graph.root}


def _artifact_files(artifacts: Artifacts) -> dict[str, str]:
    files = {"artifacts": "artifacts.json", "graph": "graph.json"}
    for shot in artifacts.path_evidence:
        if shot.index == "application" and shot.screenshot:
            files["application_screenshot"] = shot.screenshot
    if artifacts.flow is not None and artifacts.flow.trace:
        files["trace"] = artifacts.flow.trace
    return files


def _route_in_footer(graph: NavGraph, analysis: EntryAnalysis, label: str) -> bool:
    for _s, t, _k, d in graph.transitions():
        into_application = t in analysis.applications and edge_label(d) == label
        if into_application and (d.get("visibility") or {}).get("region") != "footer":
            return False
    return True


def _with_screenshots(steps: tuple[Any, ...], evidence: tuple[PathShot, ...]) -> tuple[Any, ...]:
    shots = {e.index: e.screenshot for e in evidence}
    return tuple(dataclasses.replace(s, screenshot=shots.get(i, "")) for i, s in enumerate(steps))


def _appeal(graph: NavGraph, analysis: EntryAnalysis, lexicon: Lexicon) -> dict[str, Any]:
    """The appeal (申诉) entry, audited like the refund entry: found, label tier, depth, path."""
    depths = analysis.depths
    best = None
    for state in analysis.appeals:
        if state in depths and (best is None or depths[state] < depths[best]):
            best = state
    if best is None:
        return {"found": False}
    path = graph.path_to(best)
    last = path[-1] if path else {}
    match = label_match(last, lexicon)
    out: dict[str, Any] = {
        "found": True, "label": edge_label(last), "match": match.tier or match.kind,
        "depth": len(path), "url": graph.state(best).get("url"),
        "path": [dataclasses.asdict(s) for s in to_steps(graph, path, lexicon)],
    }
    return out

