"""What every check gets (the :class:`AuditContext`) and returns (a CheckResult with Findings).

A check is a pure function over the gathered artifacts and the metrics computed once from them. Finding
ids are stable: the rule plus normalized labels, never CSS selectors or URLs with ids, so a baseline
comparison survives markup churn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ...profile import Thresholds
from ...report.model import Ambiguity, CheckResult, Finding
from ..analysis.coverage import Coverage
from ..analysis.entry import EntryAnalysis
from ..artifacts import Artifacts
from ..lexicon import Lexicon, normalize

# The rules each finding relates to (see ../shared/research/rules-and-anchors.md §5).
LAWS: dict[str, tuple[str, ...]] = {
    "no-entry": ("电子商务法 第59条（便捷、有效的投诉、举报机制）", "消费者权益保护法实施条例 第44条（便捷、高效的投诉处理机制）",
                 "EU Directive 2023/2673, CRD Art. 11a (withdrawal function)"),
    "customer-service-only": ("消费者权益保护法实施条例 第44条", "EU Directive 2023/2673, CRD Art. 11a (an online function, not a contact channel)",
                              "FTC v. Amazon (2023): 'contact customer service' as the only route"),
    "deep-entry": ("EU Directive 2023/2673, CRD Art. 11a ('easily accessible')", "Code de la consommation L215-1-1 (résiliation en 3 clics)",
                   "BGB §312k ('unmittelbar und leicht zugänglich')"),
    "vague-label": ("EU Directive 2023/2673, CRD Art. 11a ('withdraw from contract here' or equally unambiguous)",
                    "BGB §312k ('Verträge hier kündigen')"),
    "synonym-label": ("EU Directive 2023/2673, CRD Art. 11a (equally unambiguous label)",),
    "decoy-label": ("DSA Art. 25(1) (interfaces that deceive or impair informed decisions)",),
    "ambiguous-naming": ("DSA Art. 25(1)", "EU Directive 2023/2673, CRD Art. 11a (unambiguous label)"),
    "hidden-entry": ("EU Directive 2023/2673, CRD Art. 11a ('prominently displayed')", "OLG Köln 6 U 62/24 (button visible at once)",
                     "LG/OLG on §312k: not behind 'Weitere Links einblenden'"),
    "not-continuously-available": ("EU Directive 2023/2673, CRD Art. 11a ('continuously available')", "BGB §312k ('ständig verfügbar')",
                                   "WCAG 2.2 SC 3.2.6 Consistent Help"),
    "refund-harder-than-purchase": ("DSA Art. 25(3)(c) (terminating not harder than subscribing)", "16 CFR 425 / ROSCA ('at least as easy')"),
    "rules-not-disclosed": ("网络购买商品七日无理由退货暂行办法 第22条（首页显著位置持续公示）", "电子商务法 第33条",
                            "消费者权益保护法实施条例 第19条（不适用无理由退货须显著标明）"),
    "flow-blocked": ("消费者权益保护法 第56条第1款第8项（故意拖延或者无理拒绝）", "EU Directive 2023/2673, CRD Art. 11a (confirm withdrawal)"),
    "extra-gates": ("EU Directive 2023/2673, CRD Art. 11a (name, contract, contact only)", "LG Köln 33 O 355/22", "OLG Düsseldorf 20 UKl 3/23"),
    "flow-interstitials": ("DSA Art. 25(1)", "EDPB Guidelines 03/2022 ('Obstructing: longer than necessary')"),
}

RULE_TITLES: dict[str, tuple[str, str]] = {
    "no-entry": ("找不到自助退单入口", "No self-service refund entry"),
    "customer-service-only": ("只能联系客服退单", "Refund only through customer service"),
    "deep-entry": ("退单入口层级过深", "Refund entry is buried too deep"),
    "vague-label": ("退单入口名称含糊", "Refund entry has a vague name"),
    "synonym-label": ("退单入口未直接写明退款", "Refund entry is named indirectly"),
    "decoy-label": ("有退款字样但不是入口（诱饵）", "Refund-looking control that is not the entry (decoy)"),
    "ambiguous-naming": ("命名易混淆", "Naming is ambiguous"),
    "hidden-entry": ("退单入口被隐藏或不显眼", "Refund entry is hidden or inconspicuous"),
    "not-continuously-available": ("退单入口并非在所有订单页面可用", "Refund entry not continuously available"),
    "refund-harder-than-purchase": ("退单比购买更难", "Refunding is harder than buying"),
    "rules-not-disclosed": ("未展示退单规则", "Refund rules not disclosed"),
    "flow-blocked": ("退单流程无法完成", "Refund flow cannot be completed"),
    "extra-gates": ("退单流程要求额外材料", "Refund flow asks for more than the order and a reason"),
    "flow-interstitials": ("退单流程中有多余的拦截页面", "Refund flow has interstitials"),
    "appeal-entry": ("申诉入口", "Appeal entry"),
    "crawl-incomplete": ("站点未完整探索", "Site not fully explored"),
    "cs-mentions": ("提及客服但不是客服渠道", "Mentions of customer service that are not a channel"),
    "crawl-trap": ("发现爬取陷阱并已截断", "Crawler trap cut off"),
    "crawl-errors": ("部分控件或页面未能探索", "Controls or pages the crawl could not explore"),
    "dialogs": ("页面弹出对话框", "Page opened dialogs"),
}


# The artifacts a check may require: what they are in a message, and the gather stages that produce them
# (``Artifacts.stage_errors`` names a stage: gather's own "session" and "crawl", the after-crawl
# gatherers by their function names, see gather/stage.py).
ARTIFACTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "login": ("the login", ("login",)),
    "graph": ("the navigation graph", ("session", "crawl")),
    "crawl": ("the crawl", ("session", "crawl")),
    "path_evidence": ("the refund entry's path evidence", ("capture_entry_path",)),
    "flow": ("the refund flow", ("try_refund",)),
}


@dataclass(frozen=True)
class AuditContext:
    """Everything checks may read: artifacts, thresholds and the metrics computed once."""

    artifacts: Artifacts
    thresholds: Thresholds
    lexicon: Lexicon
    entry: EntryAnalysis
    ambiguity: Ambiguity
    hiding: dict[str, Any]
    continuity: dict[str, Any]
    effort: dict[str, Any]
    disclosure: dict[str, Any]
    flow: dict[str, Any]
    appeal: dict[str, Any]
    coverage: Coverage

    @property
    def crawl(self) -> dict[str, Any]:
        return self.artifacts.crawl


def finding(rule: str, severity: str, zh: str, en: str, *, labels: Iterable[str] = (), variant: str = "",
            evidence: dict[str, Any] | None = None, needs_review: bool = False) -> Finding:
    """A finding with a stable id: ``rule[/variant][/normalized labels]``."""
    parts = [rule]
    if variant:
        parts.append(variant)
    norm = [normalize(x) for x in labels if x]
    if norm:
        parts.append("+".join(sorted(set(norm))))
    title_zh, title_en = RULE_TITLES.get(rule, (rule, rule))
    return Finding(id="/".join(parts), rule=rule, severity=severity, title=f"{title_zh} · {title_en}",
                   message_zh=zh, message_en=en, evidence=evidence or {}, laws=LAWS.get(rule, ()),
                   needs_review=needs_review)


def result(check_id: str, title: str, description: str, findings: Iterable[Finding], thresholds: Thresholds, *,
           passed_message: str, threshold_failed: bool = False, not_applicable: str = "") -> CheckResult:
    """Status: n/a, fail (a threshold broke or a finding's severity is in ``fail_on``), warn, or pass."""
    found = tuple(findings)
    if not_applicable:
        return CheckResult(check_id, title, "n/a", not_applicable, description, found)
    failing = threshold_failed or any(f.severity in thresholds.fail_on for f in found)
    if failing:
        status = "fail"
    elif any(f.severity != "info" for f in found):
        status = "warn"
    elif found:  # information only (an appeal entry found, a trap cut off): the check holds
        return CheckResult(check_id, title, "pass", "; ".join(f.message_en for f in found), description, found)
    else:
        return CheckResult(check_id, title, "pass", passed_message, description, ())
    message = "; ".join(f.message_en for f in found) or passed_message
    return CheckResult(check_id, title, status, message, description, found)


def unmeasured(check_id: str, title: str, description: str, why: str) -> CheckResult:
    """A check that could not measure: an ``error`` with the reason, never a pass or an n/a."""
    return CheckResult(check_id, title, "error", f"could not measure: {why}", description)


def without_entry(ctx: AuditContext, check: Check, what: str = "no refund entry found") -> CheckResult:
    """An entry check's result when no entry was found: n/a when the crawl could have seen one (there is
    none), else an error saying why nothing can be concluded."""
    why = ctx.coverage.absence_unproven
    if why:
        return unmeasured(check.id, check.title, check.description, f"no refund entry was seen, and {why}")
    return result(check.id, check.title, check.description, (), ctx.thresholds, passed_message="", not_applicable=what)


@dataclass(frozen=True)
class Check:
    """A registered check and its meta (Lighthouse's audit meta): ``run`` maps the context to a CheckResult.

    ``requires`` names the artifacts (keys of :data:`ARTIFACTS`) the check cannot measure without: when
    the stage producing one failed, the runner gives an ``error`` instead of running the check.
    ``rules`` are the rules of :data:`LAWS` its findings can raise (information-only findings such as a
    crawl trap relate to no rule).
    """

    id: str
    title: str
    description: str  # why it matters
    run: Callable[[AuditContext], CheckResult]
    failure_title: str = ""
    requires: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
