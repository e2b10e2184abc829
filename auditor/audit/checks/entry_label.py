"""entry-label: the entry says refund plainly (exact tier); after-sales words warn, vague words fail."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result, without_entry


def run(ctx: AuditContext) -> CheckResult:
    entry = ctx.entry.entry
    if not entry.found:
        return without_entry(ctx, CHECK)
    label = entry.label or ""
    findings = []
    if entry.match == "synonym":
        findings.append(finding(
            "synonym-label", "medium", f"入口名为「{label}」（售后类名称），没有直接写明退单/退款。",
            f"The entry is named {label!r} (after-sales wording), not refund directly.", labels=[label],
        ))
    elif entry.match == "vague":
        findings.append(finding(
            "vague-label", "high", f"入口名为「{label}」，名称含糊，用户难以想到这里可以退单。",
            f"The entry is named {label!r}: a vague name a customer would not connect with refunds.",
            labels=[label], evidence={"names": list(entry.names), "route_tier": entry.route_tier},
        ))
    elif entry.match in ("none", None):
        route = f"，只有经由「{_route_words(entry)}」才能找到" if entry.route_tier else ""
        route_en = f"; it is found only by way of {_route_words(entry)!r}" if entry.route_tier else ""
        findings.append(finding(
            "vague-label", "high", f"入口名为「{label}」，名称没有表明退单或售后{route}。",
            f"The entry is named {label!r}, which names neither a refund nor after-sales{route_en}.",
            variant="unnamed", labels=[label],
            evidence={"names": list(entry.names), "route_kind": entry.route_kind, "route_tier": entry.route_tier},
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"{label!r} names the refund directly")


def _route_words(entry: object) -> str:
    """The labels of the path before the entry (a search shows as 搜索: 退单)."""
    path = getattr(entry, "path", ())
    return " → ".join(s.label for s in path[:-1]) or ""


CHECK = Check(
    id="entry-label",
    title="Entry label · 入口名称",
    failure_title="Refund entry does not say refund · 退单入口名称未写明退款",
    description="The entry's name (visible text or accessible name) says refund or cancellation directly.",
    requires=("graph", "crawl"),
    rules=("synonym-label", "vague-label"),
    run=run,
)
