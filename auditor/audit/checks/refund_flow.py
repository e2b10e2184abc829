"""refund-flow: a customer can get through the application to the final submit (and, when the profile
submits, to an acknowledgement)."""

from __future__ import annotations

from ...report.model import CheckResult
from ..flow_outcome import BLOCKER_WORDS, TOOL_BLOCKERS
from .base import AuditContext, Check, finding, result, unmeasured, without_entry


def run(ctx: AuditContext) -> CheckResult:
    flow = ctx.flow
    # A flow stage that failed never reaches here: the runner reports it (requires "flow").
    if ctx.artifacts.flow is None and ctx.entry.entry.found:
        # Not tried at all (--no-flow, or the audit stopped before it): a profile that requires the flow
        # cannot pass on it; otherwise there is nothing to say.
        why = "the refund flow was not run (--no-flow, or the audit stopped before it)"
        if ctx.thresholds.require_flow:
            return unmeasured(CHECK.id, CHECK.title, CHECK.description, f"{why}, and the profile requires it")
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable=why)
    # Without an entry on an incomplete crawl, "only customer service" is not established either: only an
    # application seen on a disallowed origin is a measured blocker.
    if not ctx.entry.entry.found and ctx.coverage.absence_unproven and flow.get("blocker") != "origin-not-allowed":
        return without_entry(ctx, CHECK)
    if flow.get("blocker") in TOOL_BLOCKERS:
        return unmeasured(CHECK.id, CHECK.title, CHECK.description,
                          f"the auditor could not carry the flow through ({flow['blocker']}): {flow.get('blocker_detail', '')}")
    if not flow.get("attempted"):
        reason = flow.get("skipped_reason") or "no refund application to try"
        required = ctx.thresholds.require_flow and not ctx.entry.entry.found
        findings = []
        if required and flow.get("blocker"):
            zh, en = BLOCKER_WORDS.get(flow["blocker"], (flow["blocker"], flow["blocker"]))
            findings.append(finding("flow-blocked", "high", f"退单流程无法进行：{zh}。", f"The refund flow cannot start: {en}.",
                                    variant=flow["blocker"]))
            return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds, threshold_failed=True,
                          passed_message="")
        return result(CHECK.id, CHECK.title, CHECK.description, (), ctx.thresholds, passed_message="",
                      not_applicable=reason)
    findings = []
    completed = bool(flow.get("completed"))
    if not completed:
        blocker = flow.get("blocker") or "other"
        zh, en = BLOCKER_WORDS.get(blocker, (blocker, blocker))
        detail = flow.get("blocker_detail") or ""
        findings.append(finding(
            "flow-blocked", "high", f"退单流程无法完成：{zh}。{detail}", f"The refund flow cannot be completed: {en}. {detail}".strip(),
            variant=blocker, evidence={"blocker": blocker, "detail": detail, "steps": len(flow.get("steps", []))},
        ))
    limit = ctx.thresholds.max_flow_actions
    actions = (flow.get("effort") or {}).get("actions")
    over = limit is not None and actions is not None and actions > limit
    if over:
        findings.append(finding("flow-interstitials", "medium", f"从入口到提交需要 {actions} 步（阈值 {limit}）。",
                                f"{actions} actions from the entry to the submit (threshold {limit}).", variant="actions"))
    mode = "submitted" if flow.get("submitted") else "dry run stopped before the final submit"
    return result(CHECK.id, CHECK.title, CHECK.description, findings, ctx.thresholds,
                  threshold_failed=(ctx.thresholds.require_flow and not completed) or over,
                  passed_message=f"completed ({mode})")


CHECK = Check(
    id="refund-flow",
    title="Refund flow · 退单流程",
    failure_title="Refund flow cannot be completed · 退单流程无法完成",
    description="Pick the order, give a reason, describe, upload proof, reach the submit (submit only when asked).",
    requires=("graph", "crawl", "flow"),
    rules=("flow-blocked", "flow-interstitials"),
    run=run,
)
