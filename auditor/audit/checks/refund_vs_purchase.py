"""refund-vs-purchase: asking for a refund takes no more actions than buying (easy in, easy out)."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result


def run(ctx: AuditContext) -> CheckResult:
    eff = ctx.effort
    if eff["purchase_depth"] is None:
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable="no purchase control seen")
    findings = []
    if eff["refund_harder"]:
        refund = eff["refund_entry_depth"]
        shown = "无法到达" if refund is None else f"{refund} 步"
        findings.append(finding(
            "refund-harder-than-purchase", "medium",
            f"购买只需 {eff['purchase_depth']} 步（「{eff['purchase_label']}」），退单入口需要 {shown}。",
            f"Buying takes {eff['purchase_depth']} actions ({eff['purchase_label']!r}); the refund entry takes "
            f"{'no reachable path' if refund is None else f'{refund} actions'}.",
            evidence=dict(eff),
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"refund entry {eff['refund_entry_depth']} ≤ purchase {eff['purchase_depth']} actions")


CHECK = Check(
    id="refund-vs-purchase",
    title="Refund vs purchase · 退单与购买难度",
    failure_title="Refunding is harder than buying · 退单比购买更难",
    description="Actions to the refund entry compared with actions to the purchase control (never activated).",
    requires=("graph",),
    rules=("refund-harder-than-purchase",),
    run=run,
)
