"""The key numbers every writer shows, read once from a Report so HTML, Markdown, JUnit and the
comparison page never disagree about what "depth" or "flow outcome" means.

Pure: no I/O. Keys read from the Report's free-form dicts (the lead's build.py fills them):
``thresholds.max_depth`` / ``max_ambiguity``; ``site.name`` / ``title`` / ``base_url``;
``flow.{attempted, completed, submitted, dry_run, blocker, effort}``; ``effort.purchase_depth``,
``effort.refund_entry_depth`` and ``effort.refund_total`` (auditor.audit.analysis.effort). A missing key
shows as "–", never crashes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .model import SEVERITIES, Report

TIER_ZH = {"exact": "明确", "synonym": "近义", "vague": "含糊"}
STATUS_ZH = {"pass": "通过", "fail": "未通过", "warn": "警告", "n/a": "不适用", "error": "无法测量"}
# The verdict in both languages. Inconclusive: a check could not measure (see report.coverage).
VERDICT_WORDS = {"pass": ("通过", "PASS"), "fail": ("未通过", "FAIL"), "inconclusive": ("无法判定", "INCONCLUSIVE")}
VERDICT_RANK = {"pass": 0, "inconclusive": 1, "fail": 2}
SEVERITY_ZH = {"critical": "严重", "high": "高", "medium": "中", "low": "低", "info": "提示"}
EFFORT_KEYS = ("actions", "required_fields", "required_uploads", "interstitials")


@dataclass(frozen=True)
class Flow:
    """The refund flow in one word plus its effort counters."""

    outcome: str  # completed | submitted (and acknowledged) | blocked | incomplete | not-attempted
    blocker: str | None
    dry_run: bool
    effort: dict[str, int | None]

    @property
    def completes(self) -> bool:
        return self.outcome in ("completed", "submitted")

    @property
    def text(self) -> str:
        """English, short: 'completed (dry run)', 'blocked: upload-required'."""
        if self.outcome == "blocked":
            return f"blocked: {self.blocker}"
        if self.completes and self.dry_run:
            return f"{self.outcome} (dry run)"
        return self.outcome.replace("-", " ")

    @property
    def text_zh(self) -> str:
        words = {"completed": "可完成", "submitted": "已提交", "blocked": "受阻", "incomplete": "未完成",
                 "not-attempted": "未尝试"}
        return words[self.outcome] + ("（演练）" if self.completes and self.dry_run else "")


def flow_of(flow: dict[str, Any]) -> Flow:
    """Summarise ``Report.flow``.

    >>> flow_of({"attempted": False}).outcome
    'not-attempted'
    >>> flow_of({"attempted": True, "completed": False, "blocker": "captcha"}).text
    'blocked: captcha'
    """
    effort_raw = flow.get("effort") or {}
    effort = {k: _count(effort_raw.get(k)) for k in EFFORT_KEYS}
    if not flow.get("attempted"):
        return Flow("not-attempted", None, bool(flow.get("dry_run")), effort)
    blocker = flow.get("blocker") or None
    if flow.get("submitted") and not blocker:  # a submit the site rejected is a blocked flow, never "submitted"
        outcome = "submitted"
    elif flow.get("completed"):
        outcome = "completed"
    elif blocker:
        outcome = "blocked"
    else:
        outcome = "incomplete"
    return Flow(outcome, str(blocker) if blocker else None, bool(flow.get("dry_run")), effort)


@dataclass(frozen=True)
class KeyMetrics:
    """What a reader wants first, in the order the reports show it."""

    site: str
    title: str
    url: str
    passed: bool
    verdict: str  # pass | fail | inconclusive
    entry_found: bool
    entry_label: str | None
    tier: str | None
    depth: int | None
    max_depth: int | None
    ambiguity: float | None  # None: no entry, nothing scored
    max_ambiguity: float | None
    hiding: tuple[str, ...]
    flow: Flow
    purchase_actions: int | None  # actions to reach and activate a purchase control
    refund_actions: int | None  # actions to reach and activate the refund entry (like for like)
    refund_total: int | None  # ... plus the flow up to the final submit
    severities: dict[str, int]

    @property
    def depth_ok(self) -> bool | None:
        if self.depth is None or self.max_depth is None:
            return None
        return self.depth <= self.max_depth

    @property
    def ambiguity_ok(self) -> bool | None:
        if self.max_ambiguity is None or self.ambiguity is None:
            return None
        return self.ambiguity <= self.max_ambiguity

    @property
    def verdict_zh(self) -> str:
        return VERDICT_WORDS.get(self.verdict, (self.verdict, self.verdict))[0]

    @property
    def verdict_en(self) -> str:
        return VERDICT_WORDS.get(self.verdict, (self.verdict, self.verdict.upper()))[1]


def key_metrics(report: Report) -> KeyMetrics:
    """Read the headline numbers of ``report`` (see the module docstring for the keys used)."""
    site = report.site or {}
    effort = report.effort or {}
    flow = flow_of(report.flow or {})
    refund_actions = _int(effort.get("refund_entry_depth"))
    if refund_actions is None:
        refund_actions = report.entry.depth
    counts = Counter(f.severity for f in report.findings)
    return KeyMetrics(
        site=str(site.get("name") or "site"),
        title=str(site.get("title") or site.get("name") or ""),
        url=str(site.get("base_url") or site.get("url") or ""),
        passed=report.passed,
        verdict=report.verdict or ("pass" if report.passed else "fail"),
        entry_found=report.entry.found,
        entry_label=report.entry.label,
        tier=report.entry.match,
        depth=report.entry.depth,
        max_depth=_int(report.thresholds.get("max_depth")),
        ambiguity=None if report.ambiguity.score is None else float(report.ambiguity.score),
        max_ambiguity=_float(report.thresholds.get("max_ambiguity")),
        hiding=tuple(report.entry.hiding),
        flow=flow,
        purchase_actions=_int(effort.get("purchase_depth")),
        refund_actions=refund_actions,
        refund_total=_int(effort.get("refund_total")),
        severities={s: counts.get(s, 0) for s in SEVERITIES},
    )


def _count(value: Any) -> int | None:
    """Effort counters are numbers or lists of what was counted (interstitials): count either.

    >>> _count(3), _count(["survey", "are-you-sure"]), _count(None)
    (3, 2, None)
    """
    if isinstance(value, list | tuple):
        return len(value)
    return _int(value)


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
