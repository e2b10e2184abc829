"""entry-depth: user actions from the start page to the entry's activation stay within the threshold."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result, unmeasured, without_entry


def run(ctx: AuditContext) -> CheckResult:
    entry = ctx.entry.entry
    limit = ctx.thresholds.max_depth
    if not entry.found or entry.depth is None:
        return without_entry(ctx, CHECK)
    findings = []
    too_deep = entry.depth > limit
    if too_deep and not ctx.coverage.entry_depth_proven:
        # The depth found is an upper bound: an untried control may open a shorter way.
        return unmeasured(CHECK.id, CHECK.title, CHECK.description,
                          f"the entry was found at depth {entry.depth} (threshold {limit}), but a shorter way may "
                          f"exist among the controls the crawl did not try ({ctx.coverage.absence_unproven})")
    if too_deep:
        labels = [s.label for s in entry.path]
        findings.append(finding(
            "deep-entry", "high",
            f"退单入口需要 {entry.depth} 步操作才能到达（阈值 {limit} 步）：{' → '.join(labels)}。",
            f"The refund entry takes {entry.depth} user actions to reach (threshold {limit}): {' → '.join(labels)}.",
            labels=[entry.label or ""], evidence={"depth": entry.depth, "threshold": limit, "path": labels},
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds, threshold_failed=too_deep,
                  passed_message=f"depth {entry.depth} ≤ {limit}")


CHECK = Check(
    id="entry-depth",
    title="Entry depth · 入口深度",
    failure_title="Refund entry is buried too deep · 退单入口层级过深",
    description="User actions (click, tap, menu hover, search) from the start page up to and including the entry.",
    requires=("graph", "crawl"),
    rules=("deep-entry",),
    run=run,
)
