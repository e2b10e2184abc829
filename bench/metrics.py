"""Pure arithmetic over measured runs: rates, ratios against the peer, issue 7's targets, the Markdown table.

A *run* is a plain dict the harness measured (one crawler, one mode, one synthetic site)::

    {"n": 200, "depth": 6, "crawler": "explorer", "mode": "full", "seconds": 31.2, "states": 200,
     "site_states": 200, "actions": {"goto": 70, "click": 230}, "transitions": 240, "inferred": 600,
     "entry": {"actions": 21, "seconds": 2.4, "depth": 6}, "stop_reason": "complete", "capped": False,
     "peak_pss_mb": 612.0, ...}

A run stopped by its time budget (``capped``) gives lower bounds: its seconds and actions, and the cost to
reach the entry when it never got there, are printed ``>x``, and a ratio built on them is a lower bound too.

>>> derive({"seconds": 10.0, "states": 50, "site_states": 50, "actions": {"goto": 20, "click": 55},
...         "transitions": 60})["actions_per_transition"]
1.25
>>> ratio(400.0, True, 20.0, False)
{'value': 20.0, 'lower_bound': True}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Run = dict[str, Any]

QUICK_RATIO_TARGET = 10.0  # the peer needs >= 10x the explorer's actions to reach the entry at D = 6
ACTIONS_PER_TRANSITION_TARGET = 1.5
STATES_PER_SECOND_TARGET = 5.0
STATES_PER_SECOND_STRETCH = 10.0
FULL_1000_SECONDS_TARGET = 300.0
LINEAR_FACTOR_TARGET = 6.0  # 1,000 states take <= 6x the time of 200
MEMORY_MB_TARGET = 1000.0  # < 1 GB (decimal) at 1,000 states
FIXTURES_SECONDS_TARGET = 120.0
REAUDIT_SECONDS_TARGET = 1.0  # issue 13: a re-audit of any fixture folder, without a browser


def _div(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def derive(run: Run) -> Run:
    """The run with its rates: per second, per state, per transition (``None`` when undefined)."""
    out = dict(run)
    actions = run.get("actions") or {}
    total = sum(actions.values())
    seconds = float(run.get("seconds") or 0.0)
    states = int(run.get("states") or 0)
    out["action_total"] = total
    out["states_per_s"] = _div(states, seconds)
    out["site_states_per_s"] = _div(int(run.get("site_states") or 0), seconds)
    out["actions_per_state"] = _div(total, states)
    out["actions_per_site_state"] = _div(total, int(run.get("site_states") or 0))
    out["actions_per_transition"] = _div(total, int(run.get("transitions") or 0))
    out["actions_per_state_by_kind"] = {k: _div(v, states) for k, v in sorted(actions.items())}
    return out


def entry_cost(run: Run) -> tuple[float | None, float | None, bool]:
    """(actions, seconds) until the application was first seen, and whether they are lower bounds.

    A capped run that never saw it cost at least what it spent; an uncapped one that never saw it: None.
    """
    entry = run.get("entry")
    if entry:
        return float(entry["actions"]), float(entry["seconds"]), False
    if run.get("capped"):
        return float(sum((run.get("actions") or {}).values())), float(run.get("seconds") or 0.0), True
    return None, None, False


def ratio(peer: float | None, peer_lower: bool, explorer: float | None, explorer_lower: bool = False) -> dict[str, Any] | None:
    """``peer / explorer``; a lower bound when the peer's figure is one (the explorer's must be exact)."""
    if peer is None or explorer is None or explorer == 0 or explorer_lower:
        return None
    return {"value": round(peer / explorer, 2), "lower_bound": bool(peer_lower)}


def _per(run: Run, num: str, den: str) -> float | None:
    d = float(run.get(den) or 0)
    return float(run.get(num) or 0) / d if d else None


def _find(runs: Iterable[Run], **match: Any) -> Run | None:
    for run in runs:
        if all(run.get(k) == v for k, v in match.items()):
            return run
    return None


def ratios(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Peer ÷ explorer for every (N, D, mode) both crawlers ran (states/s: explorer ÷ peer)."""
    out = []
    keys = sorted({(r["n"], r["depth"], r["mode"], r.get("latency_ms", 0)) for r in runs},
                  key=lambda k: (k[0], k[1], k[3], k[2] != "quick"))
    for n, depth, mode, latency in keys:
        same = [r for r in runs if r.get("latency_ms", 0) == latency]
        ex = _find(same, n=n, depth=depth, mode=mode, crawler="explorer")
        peer = _find(same, n=n, depth=depth, mode=mode, crawler="peer")
        if ex is None or peer is None:
            continue
        ex, peer = derive(ex), derive(peer)
        capped = bool(peer.get("capped"))
        pa, ps, p_lower = entry_cost(peer)
        ea, es, e_lower = entry_cost(ex)
        rate = apt = None  # from the raw counts: the derived rates are rounded
        ex_rate, peer_rate = _per(ex, "site_states", "seconds"), _per(peer, "site_states", "seconds")
        if ex_rate and peer_rate:
            rate = {"value": round(ex_rate / peer_rate, 2), "lower_bound": False}
        ex_apt, peer_apt = _per(ex, "action_total", "transitions"), _per(peer, "action_total", "transitions")
        if ex_apt and peer_apt:
            apt = {"value": round(peer_apt / ex_apt, 2), "lower_bound": False}
        out.append({
            "n": n, "depth": depth, "mode": mode, "peer_capped": capped,
            "actions_to_entry": ratio(pa, p_lower, ea, e_lower),
            "seconds_to_entry": ratio(ps, p_lower, es, e_lower),
            "actions_per_transition": apt,
            "site_states_per_s": rate,
            "seconds": ratio(peer.get("seconds"), capped, ex.get("seconds")) if mode == "full" else None,
            "actions": ratio(float(peer["action_total"]), capped, float(ex["action_total"])) if mode == "full" else None,
        })
    return out


def _target(name: str, goal: str, status: str, detail: str) -> dict[str, str]:
    return {"target": name, "goal": goal, "status": status, "detail": detail}


# The gather stage's laps (auditor.gather.stage), in the order they run.
STAGES = ("session", "crawl", "capture_entry_path", "try_refund")


def _crawl_rates(site: dict[str, Any]) -> tuple[str, str]:
    """States per second of the crawl stage, and the crawl's actions per state.

    >>> _crawl_rates({"states": 50, "stages": {"crawl": {"seconds": 20.0, "actions": 150}}})
    ('2.50', '3.00')
    >>> _crawl_rates({"states": 50})
    ('–', '–')
    """
    states = site.get("states") or 0
    crawl = (site.get("stages") or {}).get("crawl") or {}
    rate = f"{states / crawl['seconds']:.2f}" if states and crawl.get("seconds") else "–"
    per_state = f"{crawl['actions'] / states:.2f}" if states and crawl.get("actions") else "–"
    return rate, per_state


def targets(runs: Sequence[Run], fixtures: dict[str, Any] | None) -> list[dict[str, str]]:
    """Issue 7's targets, each met / not met / inconclusive / not measured, with the numbers."""
    runs = [derive(r) for r in runs]
    full = [r for r in runs if r["crawler"] == "explorer" and r["mode"] == "full"]
    out = []

    quick = [q for q in ratios(runs) if q["mode"] == "quick" and q["depth"] == 6]
    goal = f">= {QUICK_RATIO_TARGET:g}x fewer actions than the peer to reach the entry at D = 6 (quick mode)"
    if not quick or any(q["actions_to_entry"] is None for q in quick):
        out.append(_target("quick-entry", goal, "not measured", "no quick run pair at D = 6 with the entry found"))
    else:
        parts = [f"N={q['n']}: {fmt_ratio(q['actions_to_entry'])}" for q in quick]
        values = [q["actions_to_entry"] for q in quick]
        if all(v["value"] >= QUICK_RATIO_TARGET for v in values):
            status = "met"
        elif any(v["value"] < QUICK_RATIO_TARGET and not v["lower_bound"] for v in values):
            status = "not met"
        else:
            status = "inconclusive"
        out.append(_target("quick-entry", goal, status, "; ".join(parts)))

    goal = f"<= {ACTIONS_PER_TRANSITION_TARGET:g} actions per transition discovered (full exploration)"
    if full:
        worst = max(full, key=lambda r: r["actions_per_transition"] or 0)
        status = "met" if all((r["actions_per_transition"] or 0) <= ACTIONS_PER_TRANSITION_TARGET for r in full) else "not met"
        out.append(_target("actions-per-transition", goal, status, "; ".join(
            f"N={r['n']} D={r['depth']}: {fmt(r['actions_per_transition'])}" for r in full)
            + f" (worst N={worst['n']} D={worst['depth']})"))
    else:
        out.append(_target("actions-per-transition", goal, "not measured", "no full explorer run"))

    goal = f">= {STATES_PER_SECOND_TARGET:g} states per second (stretch {STATES_PER_SECOND_STRETCH:g}), full exploration"
    if full:
        slowest = min(r["states_per_s"] or 0 for r in full)
        status = "met" if slowest >= STATES_PER_SECOND_TARGET else "not met"
        if status == "met" and slowest >= STATES_PER_SECOND_STRETCH:
            status = "met (stretch too)"
        out.append(_target("states-per-second", goal, status,
                           "; ".join(f"N={r['n']} D={r['depth']}: {fmt(r['states_per_s'])}/s" for r in full)))
    else:
        out.append(_target("states-per-second", goal, "not measured", "no full explorer run"))

    goal = f"full crawl of N = 1,000, D = 6 in <= {FULL_1000_SECONDS_TARGET:g} s"
    big = _find(full, n=1000, depth=6)
    if big is None:
        out.append(_target("full-1000", goal, "not measured", "N = 1,000, D = 6 was not run"))
    else:
        complete = big.get("site_states") == big.get("n")
        ok = big["seconds"] <= FULL_1000_SECONDS_TARGET and complete
        out.append(_target("full-1000", goal, "met" if ok else "not met",
                           f"{fmt(big['seconds'])} s, {big.get('site_states')}/{big['n']} states, stop {big.get('stop_reason')}"))

    goal = f"cost linear in states: 1,000 states take <= {LINEAR_FACTOR_TARGET:g}x the time of 200 (full)"
    pairs = [(a, b) for a in full for b in full if a["n"] == 200 and b["n"] == 1000 and a["depth"] == b["depth"]]
    if not pairs:
        out.append(_target("linear", goal, "not measured", "needs full runs at N = 200 and N = 1,000 with the same D"))
    else:
        factors = [(a["depth"], b["seconds"] / a["seconds"]) for a, b in pairs if a["seconds"]]
        status = "met" if all(f <= LINEAR_FACTOR_TARGET for _, f in factors) else "not met"
        out.append(_target("linear", goal, status, "; ".join(f"D={d}: {f:.2f}x" for d, f in factors)))

    goal = f"peak PSS of the process tree < {MEMORY_MB_TARGET:g} MB at 1,000 states (full)"
    mem = [r for r in full if r["n"] == 1000]
    if not mem:
        out.append(_target("memory", goal, "not measured", "N = 1,000 was not run"))
    else:
        status = "met" if all(r["peak_pss_mb"] < MEMORY_MB_TARGET for r in mem) else "not met"
        out.append(_target("memory", goal, status, "; ".join(f"D={r['depth']}: {r['peak_pss_mb']:.0f} MB" for r in mem)))

    goal = f"all fixture audits together in under {FIXTURES_SECONDS_TARGET:g} s"
    if not fixtures or not fixtures.get("sites"):
        out.append(_target("fixtures", goal, "not measured", "fixture audits were not run"))
    else:
        total = float(fixtures["total_seconds"])
        failed = [s["site"] for s in fixtures["sites"] if s.get("error")]
        ok = total < FIXTURES_SECONDS_TARGET and not failed
        detail = f"{total:.1f} s for {len(fixtures['sites'])} sites"
        if failed:
            detail += f"; failed: {', '.join(failed)}"
        if not fixtures.get("complete", True):
            detail += " (a subset of the sites: not the target's figure)"
            out.append(_target("fixtures", goal, "inconclusive", detail))
        else:
            out.append(_target("fixtures", goal, "met" if ok else "not met", detail))
    goal = f"re-audit of each fixture folder in under {REAUDIT_SECONDS_TARGET:g} s (no browser)"
    timed = [(s["site"], s.get("reaudit_seconds")) for s in (fixtures or {}).get("sites", [])]
    if not timed or any(t is None for _, t in timed):
        out.append(_target("reaudit", goal, "not measured", "no fixture audits, or a re-audit failed" if timed else
                           "fixture audits were not run"))
    else:
        slowest = max(timed, key=lambda st: float(st[1] or 0))
        ok = all(float(t or 0) < REAUDIT_SECONDS_TARGET for _, t in timed)
        out.append(_target("reaudit", goal, "met" if ok else "not met", f"slowest {slowest[0]} {slowest[1]:.2f} s"))
    return out


def sanity(runs: Sequence[Run]) -> list[dict[str, str]]:
    """Checks that the figures mean what they say: complete crawls saw every state, nobody submitted."""
    out = []
    for r in runs:
        if r["crawler"] == "explorer" and r["mode"] == "full":
            ok = r.get("site_states") == r.get("n")
            extra = int(r.get("states") or 0) - int(r.get("site_states") or 0)
            out.append(_target(f"explorer-complete N={r['n']} D={r['depth']}",
                               "the explorer's full crawl finds all the site's N states", "met" if ok else "not met",
                               f"{r.get('site_states')}/{r.get('n')} of the site's states, {r.get('states')} of its own"
                               + (f" ({extra} beyond the site's)" if extra > 0 else "") + f", stop {r.get('stop_reason')}"))
            shortest = (r.get("entry") or {}).get("shortest")
            out.append(_target(f"explorer-depth N={r['n']} D={r['depth']}",
                               "the explorer's full crawl measures the application at depth D",
                               "met" if shortest == r["depth"] else "not met", f"shortest path in its graph: {shortest}"))
    posts = sum(int(r.get("posts") or 0) for r in runs)
    out.append(_target("no-submits", "no crawler ever sent a POST to a synthetic shop", "met" if posts == 0 else "not met",
                       f"{posts} POST requests received"))
    return out


# -- formatting ------------------------------------------------------------------------------------------
def fmt(value: float | None, digits: int = 2) -> str:
    """A number for a table: ``–`` when missing, integers without decimals."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) >= 100:
        return f"{int(value)}"
    return f"{value:.{digits}f}"


def fmt_bound(value: float | None, lower: bool, digits: int = 1) -> str:
    return ("> " if lower else "") + fmt(value, digits)


def fmt_ratio(r: dict[str, Any] | None) -> str:
    if r is None:
        return "–"
    return ("≥ " if r["lower_bound"] else "") + f"{r['value']:.1f}x"


# A "follow" is the explorer's way to click a plain link: a navigation to its href (auditor.gather.crawl.driver).
_KINDS = (("goto", "nav"), ("follow", "follow"), ("click", "click"), ("tap", "tap"), ("hover", "hover"), ("search", "fill"), ("fill", "fill"))


def _kinds(actions: dict[str, int]) -> str:
    parts: dict[str, int] = {}
    for kind, name in _KINDS:
        if actions.get(kind):
            parts[name] = parts.get(name, 0) + actions[kind]
    return " / ".join(f"{v} {k}" for k, v in parts.items()) or "0"


def run_rows(runs: Sequence[Run]) -> list[str]:
    """The main table: one row per crawler run."""
    head = ("| N | D | latency ms | crawler | mode | wall s | states (own) | site states | site states/s | actions "
            "| actions/state | actions/transition | transitions (+inferred) | entry at: actions, s | peak PSS MB | stop |")
    rows = [head, "|" + "|".join("---" for _ in range(16)) + "|"]
    for r in (derive(x) for x in runs):
        capped = bool(r.get("capped"))
        ea, es, lower = entry_cost(r)
        entry = "–" if ea is None else f"{fmt_bound(ea, lower, 0)}, {fmt_bound(es, lower)}"
        found = r.get("entry") or {}
        if found.get("depth") is not None:
            shortest = found.get("shortest")
            entry += f" (depth {found['depth']})" if shortest in (None, found["depth"]) else \
                f" (depth {found['depth']}, shortest {shortest})"
        rows.append(
            f"| {r['n']} | {r['depth']} | {r.get('latency_ms', 0)} | {r['crawler']} | {r['mode']} | {fmt_bound(r['seconds'], capped)} "
            f"| {r['states']} | {r.get('site_states')}/{r['n']} | {fmt(r['site_states_per_s'])} "
            f"| {fmt_bound(r['action_total'], capped, 0)} ({_kinds(r.get('actions') or {})}) | {fmt(r['actions_per_state'])} "
            f"| {fmt(r['actions_per_transition'])} | {r.get('transitions', 0)} (+{r.get('inferred', 0)}) | {entry} "
            f"| {fmt(r.get('peak_pss_mb'), 0)} | {r.get('stop_reason')} |")
    return rows


def ratio_rows(rs: Sequence[dict[str, Any]]) -> list[str]:
    head = ("| N | D | mode | actions to entry | seconds to entry | actions/transition | site states/s (explorer ÷ peer) "
            "| wall s | actions |")
    rows = [head, "|" + "|".join("---" for _ in range(9)) + "|"]
    for q in rs:
        rows.append(f"| {q['n']} | {q['depth']} | {q['mode']} | {fmt_ratio(q['actions_to_entry'])} "
                    f"| {fmt_ratio(q['seconds_to_entry'])} | {fmt_ratio(q['actions_per_transition'])} "
                    f"| {fmt_ratio(q['site_states_per_s'])} | {fmt_ratio(q['seconds'])} | {fmt_ratio(q['actions'])} |")
    return rows


def markdown(result: dict[str, Any]) -> str:
    """The whole report as Markdown (what ``python -m bench`` prints and saves as latest.md)."""
    machine = result.get("machine", {})
    lines = ["# Benchmark: explorer vs naive peer (issue 7)", ""]
    lines.append(f"{result.get('started_at', '')} · {machine.get('cpus', '?')} CPUs · load average at start "
                 f"{machine.get('load_start', '?')}, at end {machine.get('load_end', '?')} · {machine.get('chromium', '')} · "
                 f"Playwright {machine.get('playwright', '')} · Python {machine.get('python', '')}")
    for note in result.get("notes", []):
        lines.append(f"> {note}")
    lines.append("")
    runs = result.get("runs", [])
    if runs:
        lines += ["## Synthetic shops", ""]
        lines += run_rows(runs)
        lines.append("")
        rs = result.get("ratios") or ratios(runs)
        if rs:
            lines += ["## Ratios (peer ÷ explorer; ≥ marks a lower bound: the peer hit its time budget)", ""]
            lines += ratio_rows(rs)
            lines.append("")
    lines += ["## Targets of issue 7", ""]
    for t in result.get("targets", []):
        mark = {"met": "x", "met (stretch too)": "x"}.get(t["status"], " ")
        lines.append(f"- [{mark}] **{t['status']}**: {t['goal']}. {t['detail']}")
    checks = result.get("sanity", [])
    if checks:
        lines += ["", "Sanity checks:", ""]
        for t in checks:
            mark = "x" if t["status"] == "met" else " "
            lines.append(f"- [{mark}] {t['target']}: {t['detail']}")
    fixtures = result.get("fixtures")
    if fixtures and fixtures.get("sites"):
        lines += ["", f"## Full audit of the fixture sites ({fmt(fixtures['total_seconds'], 1)} s in all)", "",
                  "| site | wall s | of which: session / crawl / path evidence / flow s | states | actions "
                  "| crawl states/s | crawl actions/state | entry depth | verdict | re-audit s | error |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for s in fixtures["sites"]:
            stages = s.get("stages") or {}
            split = " / ".join(fmt(stages[k]["seconds"], 1) if k in stages else "–" for k in STAGES)
            rate, per_state = _crawl_rates(s)
            lines.append(f"| {s['site']} | {fmt(s['seconds'], 1)} | {split} | {s.get('states', '–')} | {s.get('actions', '–')} "
                         f"| {rate} | {per_state} "
                         f"| {s.get('entry_depth') if s.get('entry_depth') is not None else '–'} "
                         f"| {s.get('verdict', '–')} | {fmt(s.get('reaudit_seconds'), 2)} | {s.get('error') or ''} |")
        by_jobs = fixtures.get("by_jobs") or {}
        if len(by_jobs) > 1:
            lines += ["", "Both cores: " + "; ".join(f"{n} at a time {fmt(v['total_seconds'], 1)} s"
                                                     for n, v in sorted(by_jobs.items()))
                      + " (the table above is the faster setting)."]
    lines.append("")
    return "\n".join(lines)
