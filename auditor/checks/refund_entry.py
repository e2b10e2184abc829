"""refund-entry: a self-service refund application exists and is reachable from the start page."""

from __future__ import annotations

from ..analysis.entry import is_customer_service
from ..report.model import CheckResult
from .base import AuditContext, Check, finding, result


def run(ctx: AuditContext) -> CheckResult:
    entry = ctx.entry.entry
    findings = []
    if not entry.found:
        cs = sorted({c["label"] for c in _cs_controls(ctx)})
        findings.append(finding(
            "no-entry", "critical",
            "在站点可达范围内没有找到可以自助提交的退单申请（表单或对话框）。",
            "No self-service refund application (a form or dialog) was found anywhere reachable on the site.",
            evidence={"states_explored": ctx.artifacts.graph.state_count, "stop_reason": ctx.crawl.get("stop_reason"),
                      "customer_service": cs},
        ))
        if cs:
            findings.append(finding(
                "customer-service-only", "high",
                f"唯一的售后渠道是客服（{'、'.join(cs[:4])}），用户无法自助申请退单。",
                f"The only after-sales channel is customer service ({', '.join(cs[:4])}); no self-service refund.",
                labels=cs[:4], evidence={"channels": cs},
            ))
    elif entry.route_kind == "customer-service" and all(r.kind == "customer-service" for r in ctx.entry.routes):
        findings.append(finding(
            "customer-service-only", "high", "退单申请只能经由客服入口打开。",
            "The refund application opens only through a customer-service entry.",
            labels=[entry.label or ""],
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"entry {entry.label!r} opens the refund application")


def _cs_controls(ctx: AuditContext) -> list[dict[str, str]]:
    out = []
    for _sid, attrs in ctx.artifacts.graph.states():
        for control in attrs.get("controls", []):
            label = control.get("label", "")
            if label and is_customer_service(label):
                out.append({"label": label, "url": attrs.get("url", "")})
    for item in ctx.crawl.get("skipped", []):
        if is_customer_service(item.get("label", "")):
            out.append({"label": item["label"], "url": item.get("url", "")})
    return out


CHECK = Check("refund-entry", "Refund entry exists · 存在自助退单入口",
              "A customer can open a refund application by themselves, without asking customer service.", run)
