"""Baseline gate: what got worse (or better) between an accepted report and a new one of the same site.

A ratchet for CI (``refund-audit compare --baseline OLD NEW`` exits 1 when anything got worse). Keys
are stable across runs: metric names, check ids and finding ids (which the checks build from rule
and normalised labels, never selectors), so a re-crawl that only reorders things changes nothing.

Worse means any of: the verdict got worse (pass < inconclusive < fail); the entry was lost; it got deeper; its label
tier got vaguer; ambiguity rose by more than ``epsilon``; a hiding flag appeared; the flow no longer
completes; any effort counter rose; a check's status got worse (pass < warn < fail/error; n/a is
neutral); a finding id appeared (info-severity findings are listed but do not count) or an existing
finding's severity rose. The mirror images are listed as improvements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..audit.lexicon import tier_rank
from ..errors import InputError
from .markdown_report import md
from .metrics import EFFORT_KEYS, VERDICT_RANK, key_metrics
from .model import SEVERITIES, Report

AMBIGUITY_EPSILON = 0.02  # below this the score moves with crawl order, not with the site
STATUS_RANK = {"pass": 0, "n/a": 0, "warn": 1, "fail": 2, "error": 2}
SEVERITY_RANK = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}  # critical highest


@dataclass(frozen=True)
class Change:
    """One difference, keyed stably (``entry.depth``, ``check:entry-depth``, ``finding:<id>``)."""

    key: str
    message: str
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class Regression:
    """The outcome of a baseline comparison; ``worse`` is the CI gate."""

    site: str
    worsened: tuple[Change, ...]
    improved: tuple[Change, ...]
    notes: tuple[Change, ...] = ()  # differences that do not gate (new info findings)

    @property
    def worse(self) -> bool:
        return bool(self.worsened)

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "worse": self.worse, "worsened": [asdict(c) for c in self.worsened],
                "improved": [asdict(c) for c in self.improved], "notes": [asdict(c) for c in self.notes]}

    def to_markdown(self) -> str:
        """A job-summary section (site text escaped), to append after summary.md."""
        head = "❌ worse than the baseline" if self.worse else "✅ not worse than the baseline"
        out = [f"### {head} · {md(self.site)}", ""]
        for title, changes in (("Worse", self.worsened), ("Improved", self.improved), ("Notes", self.notes)):
            if changes:
                out += [f"**{title}**", "", *(f"- {md(c.message)}" for c in changes), ""]
        return "\n".join(out)

    def lines(self) -> list[str]:
        """One line per change, for a terminal (site text is not escaped: this is not markup)."""
        head = f"{self.site}: {'WORSE' if self.worse else 'not worse'} than baseline " \
               f"({len(self.worsened)} worse, {len(self.improved)} improved)"
        return [head, *(f"  worse     {c.message}" for c in self.worsened),
                *(f"  improved  {c.message}" for c in self.improved),
                *(f"  note      {c.message}" for c in self.notes)]


def compare_to_baseline(new: Report, old: Report, *, epsilon: float = AMBIGUITY_EPSILON) -> Regression:
    """Compare ``new`` against the accepted ``old`` report of the same site.

    Raises :class:`InputError` when the two reports are of different sites (a baseline for another
    site would compare nothing meaningful and pass silently).
    """
    n, o = key_metrics(new), key_metrics(old)
    if n.site != o.site:
        raise InputError(f"baseline is for site {o.site!r} but the report is for {n.site!r}")
    worse: list[Change] = []
    better: list[Change] = []
    notes: list[Change] = []

    def diff(key: str, old_value: Any, new_value: Any, got_worse: bool, got_better: bool, what: str) -> None:
        change = Change(key, f"{what}: {_show(old_value)} → {_show(new_value)}", old_value, new_value)
        if got_worse:
            worse.append(change)
        elif got_better:
            better.append(change)

    diff("verdict", o.verdict, n.verdict, VERDICT_RANK.get(n.verdict, 2) > VERDICT_RANK.get(o.verdict, 2),
         VERDICT_RANK.get(n.verdict, 2) < VERDICT_RANK.get(o.verdict, 2), "verdict")
    diff("entry.found", o.entry_found, n.entry_found, o.entry_found and not n.entry_found,
         n.entry_found and not o.entry_found, "refund entry found")
    if o.entry_found and n.entry_found:
        if o.depth is not None and n.depth is not None:
            diff("entry.depth", o.depth, n.depth, n.depth > o.depth, n.depth < o.depth, "entry depth")
        diff("entry.tier", o.tier, n.tier, tier_rank(n.tier) > tier_rank(o.tier), tier_rank(n.tier) < tier_rank(o.tier),
             "entry label tier")
        gained, lost = sorted(set(n.hiding) - set(o.hiding)), sorted(set(o.hiding) - set(n.hiding))
        diff("entry.hiding", sorted(o.hiding), sorted(n.hiding), bool(gained), bool(lost) and not gained,
             "entry hiding")
    if o.ambiguity is not None and n.ambiguity is not None:
        diff("ambiguity", round(o.ambiguity, 3), round(n.ambiguity, 3), n.ambiguity > o.ambiguity + epsilon,
             n.ambiguity < o.ambiguity - epsilon, "ambiguity")
    diff("flow.completes", o.flow.text, n.flow.text, o.flow.completes and not n.flow.completes,
         n.flow.completes and not o.flow.completes, "refund flow")
    for key in EFFORT_KEYS:
        a, b = o.flow.effort.get(key), n.flow.effort.get(key)
        if a is not None and b is not None:
            diff(f"flow.effort.{key}", a, b, b > a, b < a, f"flow effort ({key.replace('_', ' ')})")

    old_checks = {c.id: c.status for c in old.checks}
    for check in new.checks:
        before = old_checks.get(check.id)
        if before is None:
            continue
        a, b = STATUS_RANK.get(before, 0), STATUS_RANK.get(check.status, 0)
        diff(f"check:{check.id}", before, check.status, b > a, b < a, f"check {check.id}")

    old_findings = {f.id: f for f in old.findings}
    new_findings = {f.id: f for f in new.findings}
    for fid in sorted(new_findings.keys() - old_findings.keys()):
        f = new_findings[fid]
        change = Change(f"finding:{fid}", f"new finding [{f.severity}] {fid}", None, f.severity)
        (notes if f.severity == "info" else worse).append(change)
    for fid in sorted(old_findings.keys() - new_findings.keys()):
        f = old_findings[fid]
        better.append(Change(f"finding:{fid}", f"resolved finding [{f.severity}] {fid}", f.severity, None))
    for fid in sorted(old_findings.keys() & new_findings.keys()):
        a_sev, b_sev = old_findings[fid].severity, new_findings[fid].severity
        a, b = SEVERITY_RANK.get(a_sev, 0), SEVERITY_RANK.get(b_sev, 0)
        diff(f"finding:{fid}", a_sev, b_sev, b > a, b < a, f"finding severity {fid}")
    return Regression(n.site, tuple(worse), tuple(better), tuple(notes))


def _show(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
