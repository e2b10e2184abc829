"""The checks, one per file, and the one ordered registry that decides what runs (Lighthouse's audits).

Each check declares the artifacts it ``requires``; when the stage producing one failed, the runner gives
the check an ``error`` result saying what could not be measured and why, without running it (so it can
never say n/a or pass on what was not gathered). A crashing check becomes an ``error`` result, never a
crashed audit.
"""

from __future__ import annotations

from ...report.model import CheckResult
from . import (
    appeal_entry,
    continuous_availability,
    crawl_coverage,
    decoy_labels,
    entry_depth,
    entry_label,
    flow_effort,
    hidden_entry,
    label_ambiguity,
    refund_entry,
    refund_flow,
    refund_vs_purchase,
    rules_disclosure,
)
from .base import ARTIFACTS, AuditContext, Check

REGISTRY: tuple[Check, ...] = (
    refund_entry.CHECK,
    entry_depth.CHECK,
    entry_label.CHECK,
    label_ambiguity.CHECK,
    decoy_labels.CHECK,
    hidden_entry.CHECK,
    continuous_availability.CHECK,
    refund_vs_purchase.CHECK,
    rules_disclosure.CHECK,
    refund_flow.CHECK,
    flow_effort.CHECK,
    appeal_entry.CHECK,
    crawl_coverage.CHECK,
)


def run_checks(ctx: AuditContext, registry: tuple[Check, ...] = REGISTRY) -> tuple[CheckResult, ...]:
    """Run every registered check in order; a check whose required artifact errored, or that raises,
    yields an ``error`` result."""
    results = []
    for check in registry:
        try:
            why = stage_failures(check.requires, ctx.artifacts.stage_errors)
            results.append(CheckResult(check.id, check.title, "error", why, check.description) if why else check.run(ctx))
        except Exception as exc:
            results.append(CheckResult(check.id, check.title, "error", f"{type(exc).__name__}: {exc}", check.description))
    return tuple(results)


def stage_failures(requires: tuple[str, ...], stage_errors: list[dict[str, str]]) -> str:
    """Why a check that requires these artifacts cannot measure ('' when it can): each failed stage
    that produces one of them, with its error.

    >>> stage_failures(("graph", "flow"), [{"stage": "try_refund", "error": "Timeout 30000ms exceeded"}])
    'could not measure the refund flow: the try_refund stage failed: Timeout 30000ms exceeded'
    >>> stage_failures(("graph",), [{"stage": "try_refund", "error": "boom"}])
    ''
    """
    reasons = []
    for failed in stage_errors:
        stage = failed.get("stage", "")
        lost = [ARTIFACTS[name][0] for name in requires if stage in ARTIFACTS[name][1]]
        if lost:
            reasons.append(f"{' and '.join(lost)}: the {stage} stage failed: {failed.get('error', '')}")
    return "could not measure " + "; ".join(reasons) if reasons else ""


__all__ = ["ARTIFACTS", "REGISTRY", "AuditContext", "Check", "run_checks", "stage_failures"]
