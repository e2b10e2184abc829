"""entry-label: the entry says refund plainly (exact tier); after-sales words warn, vague words fail."""

from __future__ import annotations

from ..report.model import CheckResult
from .base import AuditContext, Check, finding, result


def run(ctx: AuditContext) -> CheckResult:
    entry = ctx.entry.entry
    if not entry.found:
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable="no refund entry found")
    label = entry.label or ""
    findings = []
    if entry.match == "synonym":
        findings.append(finding(
            "synonym-label", "medium", f"入口名为「{label}」（售后类名称），没有直接写明退单/退款。",
            f"The entry is named {label!r} (after-sales wording), not refund directly.", labels=[label],
        ))
    elif entry.match in ("vague", None):
        findings.append(finding(
            "vague-label", "high", f"入口名为「{label}」，名称含糊，用户难以想到这里可以退单。",
            f"The entry is named {label!r}: a vague name a customer would not connect with refunds.",
            labels=[label], evidence={"names": list(entry.names)},
        ))
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  passed_message=f"{label!r} names the refund directly")


CHECK = Check("entry-label", "Entry label · 入口名称",
              "The entry's name (visible text or accessible name) says refund or cancellation directly.", run)
