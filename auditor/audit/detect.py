"""Is this state the refund application? A pure decision over what a snapshot saw.

A label match alone never makes an application: the state must show a form (or a dialog acting as one)
that a customer fills in (a reason, a description or an evidence upload, and a submit), written in
refund or after-sales words. Similar forms are told apart: an **appeal** (申诉) against a refused
refund, a **feedback** / complaint form (投诉建议, 意见反馈) that offers no refund request type, and a
customer-service **chat** box. A page that only talks about refunds (退款说明) is no application.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .model import FormInfo

_REFUND_WORD = re.compile(r"退单|退款|退貨|退货|退換|退换|售后|售後|refund|return|cancel", re.I)
_CHAT = re.compile(r"发送|發送|send|聊天|客服消息|输入消息|請輸入消息", re.I)
_FIELD_TYPES = {"select", "select-one", "textarea", "file", "radio", "checkbox", "text", "number", "tel", "email"}


@dataclass(frozen=True)
class Detection:
    """The verdict on one state: ``kind`` is refund, appeal, feedback, chat or None."""

    kind: str | None
    score: int = 0
    reasons: tuple[str, ...] = field(default_factory=tuple)
    form_index: int | None = None  # which form of the state is the application

    @property
    def is_application(self) -> bool:
        return self.kind == "refund"


def detect(forms: Sequence[FormInfo], headings: Iterable[str], title: str, lexicon: Lexicon) -> Detection:
    """Decide what kind of application, if any, this state shows.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> from auditor.audit.model import FormField, FormInfo
    >>> def field(t, label, options=()): return FormField(t, t, label, label, label, "", True, False, "", options=options)
    >>> form = FormInfo("form", (), (), False, "post", "/refund", False, "form",
    ...     (field("select", "退单原因", ("商品未到账", "重复扣费")), field("textarea", "问题描述"), field("file", "上传凭证")),
    ...     ({"label": "提交申请"},))
    >>> detect([form], ["申请退单"], "申请退单", load_lexicon()).kind
    'refund'
    >>> detect([], ["退款说明"], "退款说明", load_lexicon()).kind is None
    True
    """
    heading_text = [title, *headings]
    best = Detection(None)
    for index, form in enumerate(forms):
        if form.search:
            continue
        fillable = [f for f in form.fields if f.type in _FIELD_TYPES and not f.disabled]
        if not fillable:
            continue
        texts = form.texts()
        vocab = lexicon.form_score([*texts, *heading_text])
        submit_labels = [str(s.get("label", "")) for s in form.submits]
        refund_words = [t for t in [*texts, *heading_text] if _REFUND_WORD.search(t)]
        appeal = any(lexicon.is_appeal(t) for t in [*heading_text, *submit_labels])
        rich = any(f.type in ("select", "select-one", "textarea", "file", "radio") for f in fillable)
        reasons = [f"{vocab} form words", f"{len(refund_words)} refund words"]
        if appeal:
            candidate = Detection("appeal", vocab, tuple([*reasons, "appeal words"]), index)
        elif _looks_like_chat(fillable, submit_labels) and vocab < 2:
            candidate = Detection("chat", vocab, tuple([*reasons, "message box with send"]), index)
        elif rich and vocab >= 2 and refund_words and (form.submits or form.in_overlay):
            candidate = Detection("refund", vocab + len(refund_words), tuple(reasons), index)
        elif rich and vocab >= 1 and form.submits:
            candidate = Detection("feedback", vocab, tuple([*reasons, "no refund request offered"]), index)
        else:
            continue
        if _rank(candidate) > _rank(best):
            best = candidate
    return best


_ASKS = re.compile(r"确定|确认|是否|要|吗|[?？]|sure|confirm|really", re.I)


def detect_dialog(message: str, lexicon: Lexicon) -> Detection:
    """A native ``confirm()`` that asks to refund is the application of a one-click refund: accepting it
    is the submit (申请退款 → "确定要申请退款吗?" → 已申请). A confirm in danger words (删除, 确认收货) is not.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> detect_dialog("确定要申请退款吗？款项将原路退回", load_lexicon()).kind
    'refund'
    >>> detect_dialog("确定删除该订单吗？", load_lexicon()).kind is None
    True
    """
    if _REFUND_WORD.search(message) and _ASKS.search(message) and lexicon.danger(message) is None:
        return Detection("refund", 2, ("a confirm() that asks to refund",))
    return Detection(None)


def _looks_like_chat(fields: Sequence[object], submit_labels: Sequence[str]) -> bool:
    return len(fields) <= 2 and any(_CHAT.search(label) for label in submit_labels)


def _rank(d: Detection) -> tuple[int, int]:
    order = {"refund": 4, "appeal": 3, "feedback": 2, "chat": 1, None: 0}
    return order[d.kind], d.score
