"""rules-disclosure: refund rules (time limit, eligibility) are shown on the way or on order pages."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result


def run(ctx: AuditContext) -> CheckResult:
    findings = []
    if not ctx.disclosure["disclosed"]:
        findings.append(finding(
            "rules-not-disclosed", "medium",
            "在退单路径、订单页面和退单申请上都没有看到退单规则（时效、未使用等条件）。",
            "No refund rules (time limit, eligibility such as unused) were shown on the entry path, the order pages "
            "or the application.",
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message="refund rules shown: " + "; ".join(
                      p for place in ctx.disclosure["places"][:2] for p in place["phrases"][:2]))


CHECK = Check(
    id="rules-disclosure",
    title="Rules disclosed · 规则公示",
    failure_title="Refund rules not disclosed · 未展示退单规则",
    description="The refund rules (时效 such as 24 小时, eligibility such as 未使用) are shown before applying.",
    requires=("graph",),
    rules=("rules-not-disclosed",),
    run=run,
)
