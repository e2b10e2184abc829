"""How a refund flow ended, shared by the flow (gather/flow.py) and its check (checks/refund_flow.py):
the :class:`Blocker` vocabulary, and :func:`judge`, the site's answer to a submit read from one snapshot.

Pure: the executor takes the snapshot, this decides what it says.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from .lexicon import Lexicon
from .model import Snapshot


class Blocker(StrEnum):
    """Why the flow could not go on (report.json ``flow.blocker``)."""

    CUSTOMER_SERVICE_ONLY = "customer-service-only"
    FORCED_CHAT = "forced-chat"
    CAPTCHA = "captcha"
    ORDER_INELIGIBLE = "order-ineligible"
    SUBMIT_DISABLED = "submit-disabled"
    UPLOAD_REJECTED = "upload-rejected"
    VALIDATION_ERROR = "validation-error"
    LOGIN_EXPIRED = "login-expired"
    ORIGIN_NOT_ALLOWED = "origin-not-allowed"
    NO_CONFIRMATION = "no-confirmation"
    NOT_REACHED = "not-reached"
    FILL_FAILED = "fill-failed"
    NO_FORM = "no-form"
    WRITE_REFUSED = "write-refused"  # after the submit, a go-on sent a request of its own that was refused


# What each blocker means to a customer, in both languages (the check's findings).
BLOCKER_WORDS: dict[str, tuple[str, str]] = {  # keyed by Blocker (a str): a saved report's blocker is a plain str
    Blocker.CUSTOMER_SERVICE_ONLY: ("只能联系客服，无法自助提交", "only customer service is offered; nothing to submit"),
    Blocker.FORCED_CHAT: ("流程被引导到客服聊天", "the flow forces a customer-service chat"),
    Blocker.CAPTCHA: ("需要验证码", "a captcha blocks the flow"),
    Blocker.ORDER_INELIGIBLE: ("订单不符合退单条件", "the order is not eligible"),
    Blocker.SUBMIT_DISABLED: ("提交按钮不可用", "the submit button is disabled"),
    Blocker.UPLOAD_REJECTED: ("上传的凭证被拒绝", "the uploaded evidence is rejected"),
    Blocker.VALIDATION_ERROR: ("表单校验失败", "the form rejects the input"),
    Blocker.LOGIN_EXPIRED: ("登录已失效", "the login expired"),
    Blocker.ORIGIN_NOT_ALLOWED: ("申请页位于未允许的其他域名", "the application lives on an origin the profile does not allow"),
    Blocker.NO_CONFIRMATION: ("提交后没有确认信息", "no acknowledgement after submitting"),
    Blocker.NOT_REACHED: ("无法重新到达退单申请", "the application could not be reached again"),
    Blocker.FILL_FAILED: ("审计工具无法填写表单", "the auditor could not fill the form"),
    Blocker.NO_FORM: ("申请页没有可填写的表单", "the application has no form to fill"),
    Blocker.WRITE_REFUSED: ("提交后的页面自行发送了审计工具不发送的请求", "after the submit, the page sent a request the auditor does not send"),
}

# Blockers that say the auditor could not act, not that the site refused: the flow was not measured.
# A session the auditor could not keep (login-expired) is one of them: no claim about the shop's form.
# So is a request the page sent on its own after the submit (an interstitial's 继续 that posts): the
# auditor refused it, so what the shop would have answered was not seen.
TOOL_BLOCKERS: frozenset[str] = frozenset({Blocker.NOT_REACHED, Blocker.FILL_FAILED, Blocker.LOGIN_EXPIRED,
                                           Blocker.WRITE_REFUSED})

ORDER_NO = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,4}\d{10,}|(?<![A-Za-z0-9])\d{12,}")


@dataclass
class FlowStep:
    """One thing the flow did, with its evidence picture."""

    action: str  # walk | select | fill | upload | check | submit | dry-run-stop | look | note | blocked
    label: str
    url: str
    screenshot: str = ""
    note: str = ""


@dataclass
class FlowRecord:
    """What happened when the flow tried to refund (artifacts and report.json ``flow``). The executor
    (gather/flow.py) fills it in as it goes; the artifacts hold it typed, the report as its dict."""

    attempted: bool = False
    completed: bool = False
    submitted: bool = False  # the site acknowledged the application (a rejected one is never "submitted")
    sent: bool = False  # the final submit was pressed (flow.submit: true)
    dry_run: bool = True
    order: str | None = None
    steps: list[FlowStep] = field(default_factory=list)
    blocker: Blocker | str | None = None  # a Blocker; a str only when read from an older tool's artifacts
    blocker_detail: str = ""
    fields: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[dict[str, Any]] = field(default_factory=list)
    effort: dict[str, Any] = field(default_factory=dict)
    confirmation: str | None = None
    status_after: str | None = None
    status_changed: bool | None = None
    trace: str = ""
    skipped_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FlowRecord:
        """The record as artifacts.json holds it (keys an older tool wrote and this one does not know are
        dropped)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["steps"] = [FlowStep(**{k: v for k, v in s.items() if k in _STEP_KEYS}) for s in data.get("steps") or ()]
        blocker = values.get("blocker")
        if blocker in _BLOCKERS:
            values["blocker"] = Blocker(blocker)
        return cls(**values)


_STEP_KEYS = frozenset(f.name for f in fields(FlowStep))
_BLOCKERS = frozenset(b.value for b in Blocker)


@dataclass(frozen=True)
class Judgement:
    """The site's answer to a submit: acknowledged (``confirmation``), or a blocker and the message shown."""

    confirmation: str | None = None
    blocker: Blocker | None = None
    detail: str = ""


def judge(snap: Snapshot, before_submit: str, lexicon: Lexicon, order: str | None, *, logged_out: bool = False) -> Judgement:
    """What the page says after the submit: acknowledged (已提交 / 审核中) unless an error is marked, else
    the error it shows, quoted, classified (upload, eligibility, captcha, validation), else no
    acknowledgement. Judged by the error the site shows, not by any word on the page: an order select
    lists used orders too, so 卡密已使用 on the page says nothing about this submission, and the rules
    text said 不支持 before the submit too (``before_submit``: the page text just before it).

    ``logged_out``: the page is the login form (the shop ended the session).
    """
    if logged_out:
        return Judgement(blocker=Blocker.LOGIN_EXPIRED, detail=snap.url)
    marked = marked_error(snap, lexicon)
    confirmation = lexicon.confirmation(" ".join([*(m.get("text", "") for m in snap.messages), snap.text]))
    if confirmation and not marked:
        return Judgement(confirmation=confirmation)
    message = marked or new_error_sentence(snap.text, before_submit, lexicon)
    if message and lexicon.flow("pages.upload_error").search(message):
        return Judgement(blocker=Blocker.UPLOAD_REJECTED, detail=message)
    if message and lexicon.ineligible(message):
        return Judgement(blocker=Blocker.ORDER_INELIGIBLE, detail=message)
    if lexicon.flow("fields.captcha").search(message or ""):
        return Judgement(blocker=Blocker.CAPTCHA, detail=message)
    if message:
        return Judgement(blocker=Blocker.VALIDATION_ERROR, detail=message)
    why_not = ineligible_here(snap, lexicon, order)
    if why_not and not snap.forms:
        return Judgement(blocker=Blocker.ORDER_INELIGIBLE, detail=why_not)
    return Judgement(blocker=Blocker.NO_CONFIRMATION, detail=f"no acknowledgement on {snap.url}")


def ineligible_here(snap: Snapshot, lexicon: Lexicon, order: str | None) -> str | None:
    """Why this order cannot be refunded, from what the page says about it: an open dialog, the
    messages shown, and the page without the lines of other orders (a list behind the dialog shows
    卡密已使用 for another order; that is not this order's answer)."""
    shown = " ".join(m.get("text", "") for m in snap.messages)
    dialog = str((snap.overlay or {}).get("text") or "")
    page = about_order(snap.text, order, order_shape(order) if order else ORDER_NO)
    return lexicon.ineligible(f"{dialog} {page} {shown}")


def order_shape(order: str) -> re.Pattern[str]:
    """A pattern for order numbers shaped like ``order`` (same letter prefix, same digit count).

    >>> bool(order_shape("KM202611270001").search("/order/KM202611270005")), order_shape("KM202611270001").search("m=M20260017")
    (True, None)
    """
    prefix = re.match(r"[A-Za-z]*", order)
    letters = prefix.group(0) if prefix else ""
    digits = len(order) - len(letters)
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(letters)}\d{{{digits}}}(?!\d)")


def about_order(text: str, order: str | None, shape: re.Pattern[str]) -> str:
    """The page's text without what belongs to other orders: in a list, each order's lines run from its
    number to the next number; the text before the first number is about the page (its notices). A page
    that does not name ``order`` is taken whole.

    >>> about_order("须知 KM01 卡密已使用 KM02 卡密已发放", "KM02", re.compile(r"KM\\d\\d"))
    '须知  KM02 卡密已发放'
    >>> about_order("须知 KM01 卡密已使用", None, re.compile(r"KM\\d\\d"))
    '须知 KM01 卡密已使用'
    """
    numbers = list(shape.finditer(text))
    if not order or order not in {n.group(0) for n in numbers}:
        return text  # no order to tell from the others: the page as a whole
    kept = [text[: numbers[0].start()]]
    for here, after in zip(numbers, [*numbers[1:], None], strict=True):
        if order and here.group(0) == order:
            kept.append(text[here.start(): after.start() if after else len(text)])
    return " ".join(kept)


def marked_error(snap: Snapshot, lexicon: Lexicon) -> str:
    """The error the page marks as one after a failed submit: a field error, alert or toast, or the
    browser's own validation message of a field."""
    for message in snap.messages:
        text = str(message.get("text", ""))
        if lexicon.flow("pages.error").search(text):
            return text[:200]
    for form in snap.forms:
        for f in form.fields:
            if f.invalid:
                return f"{f.label or f.name}: {f.invalid}"[:200]
    return ""


def new_error_sentence(text: str, before: str, lexicon: Lexicon) -> str:
    """The sentence of the page text that says what went wrong and was not on the page before the
    submit (the rules' 不支持 was); '' when there is none.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> new_error_sentence("退款规则：已使用的不支持退款。 上传失败：仅支持 PDF 文件", "退款规则：已使用的不支持退款。", load_lexicon())
    '上传失败：仅支持 PDF 文件'
    """
    for found in lexicon.flow("pages.error").finditer(text):
        start = max(text.rfind(sep, 0, found.start()) for sep in ("。", "；", ";", "！", "!", "\n", "  ")) + 1
        end = min([i for i in (text.find(sep, found.end()) for sep in ("。", "；", ";", "！", "!", "  ")) if i >= 0] or [len(text)])
        sentence = text[max(start, found.start() - 40): min(end, found.end() + 60)].strip()
        if sentence and sentence not in before:
            return sentence[:200]
    return ""
