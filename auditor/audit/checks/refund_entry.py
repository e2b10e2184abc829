"""refund-entry: a self-service refund application exists and is reachable from the start page.

"Not found" is claimed only when the crawl could have seen the entry (see analysis/coverage.py);
"customer service is the only way" only when there is a real channel (a 在线客服 control, a chat, a QQ /
WeChat / phone link). Text that merely mentions 客服 (a fraud warning, an FAQ answer) is quoted as
evidence, never taken for the channel.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ...report.model import CheckResult
from ..analysis.entry import is_customer_service, mentions_customer_service
from .base import AuditContext, Check, finding, result, unmeasured

_CONTACT_SCHEMES = ("tencent", "mqq", "weixin", "wxwork", "tel", "sms", "mailto")
_CONTACT_HOSTS = ("wpa.qq.com", "qm.qq.com", "work.weixin.qq.com", "im.qq.com")


def run(ctx: AuditContext) -> CheckResult:
    entry = ctx.entry.entry
    findings = []
    if not entry.found:
        why = ctx.coverage.absence_unproven
        if why:
            return unmeasured(CHECK.id, CHECK.title, CHECK.description,
                              f"no refund application was seen, but the crawl could not see everything: {why}")
        channels = contact_channels(ctx)
        labels = sorted({c["label"] for c in channels if c["label"]})
        mentions = cs_mentions(ctx)
        findings.append(finding(
            "no-entry", "critical",
            "在站点可达范围内没有找到可以自助提交的退单申请（表单或对话框）。",
            "No self-service refund application (a form or dialog) was found anywhere reachable on the site.",
            evidence={"states_explored": ctx.artifacts.graph.state_count, "stop_reason": ctx.crawl.get("stop_reason"),
                      "customer_service": labels, "mentions": mentions[:5]},
        ))
        if channels:
            findings.append(finding(
                "customer-service-only", "high",
                f"唯一的售后渠道是客服（{'、'.join(labels[:4])}），用户无法自助申请退单。",
                f"The only after-sales channel is customer service ({', '.join(labels[:4])}); no self-service refund.",
                labels=labels[:4], evidence={"channels": channels[:10], "mentions": mentions[:5]},
            ))
        elif mentions:
            findings.append(finding(
                "cs-mentions", "info",
                "页面提到了客服，但没有可用的客服渠道：" + "；".join(m["text"] for m in mentions[:3]),
                "Pages mention customer service but offer no channel: " + "; ".join(m["text"] for m in mentions[:3]),
                evidence={"mentions": mentions[:10]},
            ))
    elif entry.route_kind == "customer-service" and all(r.kind == "customer-service" for r in ctx.entry.routes):
        findings.append(finding(
            "customer-service-only", "high", "退单申请只能经由客服入口打开。",
            "The refund application opens only through a customer-service entry.",
            labels=[entry.label or ""],
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"entry {entry.label!r} opens the refund application")


def contact_channels(ctx: AuditContext) -> list[dict[str, Any]]:
    """Real ways to reach customer service: a control named like one, a contact link (QQ, WeChat, phone),
    a chat box; seen on a state or refused by the gate (an off-site QQ link)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for sid, attrs in ctx.artifacts.graph.states():
        if attrs.get("application") == "chat":
            out[("chat", sid)] = {"label": attrs.get("title") or "chat", "url": attrs.get("url", ""), "kind": "chat"}
        for control in attrs.get("controls", []):
            label, href = control.get("label", ""), control.get("href", "")
            kind = _channel_kind(label, href)
            if kind:
                out.setdefault((label, kind), {"label": label, "url": attrs.get("url", ""), "href": href, "kind": kind})
    for item in ctx.crawl.get("skipped", []):
        label, href = item.get("label", ""), item.get("href", "")
        kind = _channel_kind(label, href)
        if kind:
            out.setdefault((label, kind), {"label": label, "url": item.get("url", ""), "href": href, "kind": kind})
    return sorted(out.values(), key=lambda c: (c["kind"], c["label"]))


def _channel_kind(label: str, href: str) -> str:
    parts = urlsplit(href or "")
    if parts.scheme in _CONTACT_SCHEMES or parts.netloc in _CONTACT_HOSTS:
        return "contact-link"
    return "control" if label and is_customer_service(label) else ""


def cs_mentions(ctx: AuditContext) -> list[dict[str, str]]:
    """Titles, headings and long labels that talk about customer service without being a channel."""
    seen: dict[str, dict[str, str]] = {}
    for _sid, attrs in ctx.artifacts.graph.states():
        texts = [attrs.get("title", ""), *attrs.get("headings", []), *(c.get("label", "") for c in attrs.get("controls", []))]
        for text in texts:
            if text and mentions_customer_service(text) and text not in seen:
                seen[text] = {"text": text[:120], "url": attrs.get("url", "")}
    return list(seen.values())


CHECK = Check(
    id="refund-entry",
    title="Refund entry exists · 存在自助退单入口",
    failure_title="No self-service refund entry · 找不到自助退单入口",
    description="A customer can open a refund application by themselves, without asking customer service.",
    requires=("graph", "crawl", "path_evidence"),
    rules=("no-entry", "customer-service-only"),
    run=run,
)
