"""The checks, one per file, and the one ordered registry that decides what runs (Lighthouse's audits).

A crashing check becomes an ``error`` result, never a crashed audit.
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
from .base import AuditContext, Check

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
    """Run every registered check in order; a check that raises yields an ``error`` result."""
    results = []
    for check in registry:
        try:
            results.append(check.run(ctx))
        except Exception as exc:
            results.append(CheckResult(check.id, check.title, "error", f"{type(exc).__name__}: {exc}", check.description))
    return tuple(results)


__all__ = ["REGISTRY", "AuditContext", "Check", "run_checks"]
