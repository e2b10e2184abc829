"""flow-effort: the application asks only for the order and a reason: no mandatory upload, no identity
data, no interstitials (are-you-sure pages, surveys, retention offers)."""

from __future__ import annotations

import re

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result

_IDENTITY = re.compile(r"身份证|真实姓名|银行卡|银行账号|人脸|手持|证件|id card|passport|bank account", re.I)


def run(ctx: AuditContext) -> CheckResult:
    flow = ctx.flow
    if not flow.get("attempted"):
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable="refund flow not attempted")
    findings = []
    effort = flow.get("effort") or {}
    uploads = [f for f in flow.get("fields", []) if f.get("type") == "file" and f.get("required")]
    if uploads:
        labels = [f.get("label", "") for f in uploads]
        findings.append(finding(
            "extra-gates", "medium", f"必须上传凭证才能提交（{'、'.join(labels)}）。",
            f"An evidence upload is mandatory ({', '.join(labels)}).", variant="mandatory-upload", labels=labels,
        ))
    identity = [f.get("label", "") for f in flow.get("fields", []) if _IDENTITY.search(f.get("label", ""))]
    if identity:
        findings.append(finding(
            "extra-gates", "medium", f"要求提供身份信息（{'、'.join(identity)}）。",
            f"Identity data is requested ({', '.join(identity)}).", variant="identity", labels=identity,
        ))
    interstitials = effort.get("interstitials") or []
    if interstitials:
        findings.append(finding(
            "flow-interstitials", "medium", f"提交前有 {len(interstitials)} 个拦截/挽留页面。",
            f"{len(interstitials)} interstitial(s) before the submit (are-you-sure, survey, retention offer).",
            variant="interstitials", evidence={"interstitials": interstitials},
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"{effort.get('required_fields', 0)} required field(s), no extra gates")


CHECK = Check(
    id="flow-effort",
    title="Flow effort · 申请负担",
    failure_title="Refund flow asks for more than the order and a reason · 退单流程要求额外材料",
    description="Required fields, uploads and interstitials between the entry and the final submit.",
    requires=("flow",),
    rules=("extra-gates", "flow-interstitials"),
    run=run,
)
