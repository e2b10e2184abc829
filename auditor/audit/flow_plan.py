"""What a customer puts into each field of a refund application: :func:`plan` maps a form, the profile's
flow settings and the lexicon to one :class:`FieldAction` per field, without a browser.

Fields are filled by what they are, as a person would: the order select gets the profile's order (else
the first eligible one), a request-type select 退单 (the clearest entry tier), a reason select the best
match from the reason lexicon, a required or 同意 checkbox is ticked, the description goes into the
textarea or the Markdown editor, a prefilled amount is kept, a required amount gets the order's paid
amount, a phone field a phone number, a date today's date, an upload the profile's files. A captcha
stops the plan there. Custom selects (Chosen, select2, layui, el-select) are planned as ``widget``:
their options exist only once opened, so the executor opens them and asks :func:`select_choice`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from typing import Literal

from ..profile import FlowSettings
from .lexicon import Lexicon, tier_rank
from .model import FormField, FormInfo

Kind = Literal["captcha", "select", "widget", "radio", "check", "type", "fill", "keep", "upload", "leave"]

_STARRED = re.compile(r"^\s*\*")  # a label starting with * marks a required field
_MONEY = re.compile(r"[¥￥]\s*(\d+(?:\.\d{1,2})?)")
_TYPED_FIELDS = ("text", "tel", "email", "number", "date", "datetime-local", "url", "")


@dataclass(frozen=True)
class FieldAction:
    """What to do with one field: ``kind`` and the value (option, text) where there is one.

    ``field`` is the control acted on (for a radio group, the option chosen); ``label`` and ``type``
    are how the application's record names the field; ``value`` None with kind ``leave`` means the
    field is left as it is (nothing to choose, not required)."""

    kind: Kind
    field: FormField
    label: str
    type: str
    required: bool
    value: str | None = None


def plan(form: FormInfo, flow: FlowSettings, lexicon: Lexicon, *, order: str | None, page_text: str) -> tuple[FieldAction, ...]:
    """One action per field of ``form`` (a radio group is one), in the form's order; a captcha field is
    the last action (the flow cannot go past it). ``order``: the order the application is about;
    ``page_text``: the application page's text (where the paid amount is read)."""
    actions: list[FieldAction] = []
    radios_done: set[str] = set()
    for f in form.fields:
        required = f.required or is_required(f.label, lexicon)
        act = partial(_action, f, required)
        if lexicon.flow("fields.captcha").search(" ".join([f.label, f.name, f.placeholder])):
            actions.append(act("captcha"))
            break
        if f.type in ("select", "select-one"):
            if f.widget_kind:
                actions.append(act("widget"))
            else:
                choice = select_choice(f, f.options, flow, lexicon)
                actions.append(act("select" if choice is not None else "leave", choice))
        elif f.type == "radio":
            group = f.name or f.path
            if group in radios_done:
                continue
            radios_done.add(group)
            pick = radio_choice([x for x in form.fields if x.type == "radio" and (x.name or x.path) == group], flow, lexicon)
            actions.append(act("radio", pick.label or pick.value, acted_on=pick, named=group) if pick is not None else act("leave"))
        elif f.type == "checkbox":
            actions.append(act("check", "checked") if required or lexicon.flow("fields.agree").search(f.label) else act("leave"))
        elif f.editor:  # a Markdown / rich-text editor: typed into, as a person would
            actions.append(act("type", fit(flow.description, f.maxlength)))
        elif f.tag == "textarea":
            actions.append(act("fill", fit(flow.description, f.maxlength)))
        elif f.type == "file":
            actions.append(act("upload"))
        elif f.type in _TYPED_FIELDS and not f.readonly:
            value = field_value(f, required, lexicon, order=order, text=page_text, description=flow.description)
            if value is not None:
                actions.append(act("fill", value))
            else:
                actions.append(act("keep", f"{f.value} (prefilled, kept)") if f.value else act("leave"))
        else:
            actions.append(act("leave"))
    return tuple(actions)


def _action(f: FormField, required: bool, kind: Kind, value: str | None = None, *, acted_on: FormField | None = None,
            named: str = "") -> FieldAction:
    return FieldAction(kind, acted_on or f, named or f.label or f.name, f.type, required, value)


def is_required(label: str, lexicon: Lexicon) -> bool:
    """Whether a field's label marks it required (a leading *, 必填, required) where its markup does not."""
    return bool(_STARRED.search(label) or lexicon.flow("fields.required").search(label))


def select_choice(f: FormField, offered: tuple[str, ...] | list[str], flow: FlowSettings, lexicon: Lexicon) -> str | None:
    """The option a customer picks in a select: the profile's order (else the first eligible order) in
    an order select, the clearest request type in a type select, else the best reason; None when only
    placeholders (请选择) are offered."""
    options = [o for o in offered if o and not lexicon.is_placeholder(o)]
    if not options:
        return None
    label = f.label + " " + f.name
    words = lexicon.flow
    if words("fields.order").search(label) and not words("fields.reason").search(label):
        for o in options:
            if flow.order and flow.order in o:
                return o
        usable = [o for o in options if not lexicon.ineligible(o)]
        return (usable or options)[0]
    if words("fields.request_type").search(label) and not words("fields.reason").search(label):
        return request_type(options, flow.request_type, lexicon)
    index = lexicon.best_reason(options, flow.reason)
    return options[index] if index is not None else options[0]


def request_type(options: list[str], wanted: str | None, lexicon: Lexicon) -> str:
    """Where a form merges 退单 / 换货 / 投诉: the profile's request type, else the clearest refund word.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> request_type(["换货", "补发卡密", "退单", "投诉"], None, load_lexicon())
    '退单'
    """
    if wanted:
        for o in options:
            if wanted in o:
                return o
    return sorted(options, key=lambda o: tier_rank(lexicon.classify(o).tier))[0]


def radio_choice(options: list[FormField], flow: FlowSettings, lexicon: Lexicon) -> FormField | None:
    """The radio of a group a customer chooses: a request type when the group names refund words, else
    the best reason."""
    if not options:
        return None
    names = [o.label or o.value for o in options]
    if any(lexicon.classify(n).tier for n in names):
        return options[names.index(request_type(names, flow.request_type, lexicon))]
    index = lexicon.best_reason(names, flow.reason)
    return options[index] if index is not None else options[0]


def field_value(f: FormField, required: bool, lexicon: Lexicon, *, order: str | None, text: str,
                description: str) -> str | None:
    """What a customer types into a plain input, by its type and meaning; None leaves it as it is.

    A prefilled value is kept (the shop's refund amount); an amount gets the order's paid amount; a phone
    field a phone number; a date today's date; an order-number field the order; a title a short title.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> from auditor.audit.model import FormField
    >>> lex = load_lexicon()
    >>> def box(kind, label, value="", required=True): return FormField("input", kind, "", "", label, "", required, False, "", value=value)
    >>> field_value(box("number", "退款金额", "30.00"), True, lex, order=None, text="", description="卡密未到账")
    >>> field_value(box("number", "退款金额"), True, lex, order="KM1", text="KM1 实付 ¥25.50", description="x")
    '25.50'
    >>> field_value(box("tel", "联系电话"), True, lex, order=None, text="", description="x")
    '13800000000'
    >>> field_value(box("text", "工单标题", required=False), False, lex, order="KM1", text="", description="卡密未到账，请退单")
    '订单 KM1 卡密未到账，申请退款'
    """
    if f.value:
        return None
    label = f"{f.label} {f.name} {f.placeholder}"
    kind = f.type
    words = lexicon.flow
    if kind == "number" or words("fields.amount").search(label):
        if not required and kind != "number":
            return None
        amount = order_amount(text, order) or f.max or "1"
        return fit(amount, f.maxlength)
    if kind in ("date", "datetime-local"):
        today = dt.date.today().isoformat()
        return today if kind == "date" else f"{today}T12:00"
    if words("fields.title").search(label):
        return fit(f"订单 {order} 卡密未到账，申请退款" if order else "卡密未到账，申请退款", f.maxlength)
    if not required:
        return None
    low = label.lower()
    if kind == "email" or "mail" in low or "邮箱" in label:
        return "audit@example.com"
    if "qq" in low:
        return "10000"
    if kind == "tel" or words("fields.contact").search(label):
        return "13800000000"
    if words("fields.order_number").search(label) and order:
        return order
    if words("fields.name").search(label):
        return "测试用户"
    return fit(description, f.maxlength or 20)


def order_amount(text: str, order: str | None) -> str | None:
    """The paid amount next to the order number on the page (实付 ¥30.00), else the first amount shown."""
    window = text
    if order and order in text:
        at = text.index(order)
        window = text[at: at + 200]
    found = _MONEY.search(window) or _MONEY.search(text)
    return found.group(1) if found else None


def fit(text: str, maxlength: int) -> str:
    """Cut a value to the field's maxlength (a profile's long description must not read as the site's error)."""
    return text[:maxlength] if maxlength and len(text) > maxlength else text
