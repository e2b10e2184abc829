"""continuous-availability: the entry (or one step to it) is on every order-related page."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result, without_entry


def run(ctx: AuditContext) -> CheckResult:
    cont = ctx.continuity
    if not ctx.entry.entry.found:
        return without_entry(ctx, CHECK)
    if not cont["pages"]:
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable="no order list, order detail or user centre page found")
    findings = []
    kinds = sorted({m["kind"] for m in cont["missing"]})
    if kinds:
        findings.append(finding(
            "not-continuously-available", "medium",
            f"以下订单相关页面上没有退单入口，也无法一步到达：{'、'.join(kinds)}。",
            f"These order-related pages neither show the refund entry nor lead to it in one step: {', '.join(kinds)}.",
            variant="+".join(kinds), evidence={"missing": cont["missing"][:10]},
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message="entry or one step to it on every order page")


CHECK = Check(
    id="continuous-availability",
    title="Continuously available · 持续可用",
    failure_title="Refund entry not on every order page · 退单入口并非在所有订单页面可用",
    description="Order list, order detail and user centre each show the entry or lead to it in one step.",
    requires=("graph", "crawl"),
    rules=("not-continuously-available",),
    run=run,
)
