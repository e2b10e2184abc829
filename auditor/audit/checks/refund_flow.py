"""refund-flow: a customer can get through the application to the final submit (and, when the profile
submits, to an acknowledgement)."""

from __future__ import annotations

from ...report.model import CheckResult
from .base import AuditContext, Check, finding, result, unmeasured, without_entry

_BLOCKERS = {
    "customer-service-only": ("只能联系客服，无法自助提交", "only customer service is offered; nothing to submit"),
    "forced-chat": ("流程被引导到客服聊天", "the flow forces a customer-service chat"),
    "captcha": ("需要验证码", "a captcha blocks the flow"),
    "order-ineligible": ("订单不符合退单条件", "the order is not eligible"),
    "submit-disabled": ("提交按钮不可用", "the submit button is disabled"),
    "upload-rejected": ("上传的凭证被拒绝", "the uploaded evidence is rejected"),
    "validation-error": ("表单校验失败", "the form rejects the input"),
    "login-expired": ("登录已失效", "the login expired"),
    "origin-not-allowed": ("申请页位于未允许的其他域名", "the application lives on an origin the profile does not allow"),
    "no-confirmation": ("提交后没有确认信息", "no acknowledgement after submitting"),
    "not-reached": ("无法重新到达退单申请", "the application could not be reached again"),
    "fill-failed": ("审计工具无法填写表单", "the auditor could not fill the form"),
    "no-form": ("申请页没有可填写的表单", "the application has no form to fill"),
}


# Blockers that say the auditor could not act, not that the site refused: the flow was not measured.
# A session the auditor could not keep (login-expired) is one of them: no claim about the shop's form.
TOOL_BLOCKERS = {"not-reached", "fill-failed", "login-expired"}


def run(ctx: AuditContext) -> CheckResult:
    flow = ctx.flow
    failed_stage = next((e for e in ctx.artifacts.stage_errors if e.get("stage") == "try_refund"), None)
    if failed_stage is not None:
        return unmeasured(CHECK.id, CHECK.title, CHECK.description,
                          f"the refund flow did not run to an end: {failed_stage.get('error', '')}")
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
            zh, en = _BLOCKERS.get(flow["blocker"], (flow["blocker"], flow["blocker"]))
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
        zh, en = _BLOCKERS.get(blocker, (blocker, blocker))
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


CHECK = Check("refund-flow", "Refund flow · 退单流程",
              "Pick the order, give a reason, describe, upload proof, reach the submit (submit only when asked).", run)
