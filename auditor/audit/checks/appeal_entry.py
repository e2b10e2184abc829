"""appeal-entry: where the platform lets a customer appeal a refused refund (申诉), found the same way."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result


def run(ctx: AuditContext) -> CheckResult:
    appeal = ctx.appeal
    if not appeal.get("found"):
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable="no appeal entry on this site (no refused refund to appeal)")
    label, depth = appeal.get("label", ""), appeal.get("depth")
    findings = [finding(
        "appeal-entry", "info", f"申诉入口「{label}」，需 {depth} 步到达（名称类别：{appeal.get('match')}）。",
        f"Appeal entry {label!r} at depth {depth} (tier {appeal.get('match')}).", labels=[label],
        evidence={k: appeal.get(k) for k in ("label", "match", "depth", "url")},
    )]
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"appeal entry {label!r} at depth {depth}")


CHECK = Check(
    id="appeal-entry",
    title="Appeal entry · 申诉入口",
    failure_title="Appeal entry not found · 未找到申诉入口",
    description="After a refused refund, the platform's appeal (申诉) entry: found, depth, label tier.",
    requires=("graph",),
    rules=(),
    run=run,
)
