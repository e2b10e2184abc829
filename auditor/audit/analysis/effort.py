"""Purchase vs refund effort: user actions from the start to the purchase control (never activated)
and to the refund entry. Easy in, hard out is a finding (DSA Art. 25(3)(c); FTC "at least as easy")."""

from __future__ import annotations

import re
from typing import Any

from ..graph import NavGraph
from ..lexicon import Lexicon

# A "购买" / "立即抢购" link to a product or category page is the way to the purchase control, not the
# control itself; a link commits to buying only when it goes to the cart, the checkout or a payment.
# A help article's title (如何购买卡密, 购买说明) talks about buying; it buys nothing.
_HOW_TO = re.compile(r"^(如何|怎么|怎样|怎麼|怎樣|how to)|[?？]$|说明|說明|教程|流程|须知|須知|指南|帮助", re.I)
_BUYING_PAGE = re.compile(r"/(cart|checkout|buy|pay|payment|cashier|order/confirm|confirm_order|settle)(\b|/|$)|[?&](buy|act)=", re.I)


def is_purchase_control(control: dict[str, Any], lexicon: Lexicon) -> bool:
    """A control that commits to buying (立即购买, 加入购物车 …), not a link to a product page.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> is_purchase_control({"label": "立即购买", "why": "button"}, lex)
    True
    >>> is_purchase_control({"label": "购买", "why": "link", "href": "http://h/product/101"}, lex)
    False
    >>> is_purchase_control({"label": "立即抢购", "why": "link", "href": "http://h/category/card"}, lex)
    False
    >>> is_purchase_control({"label": "如何购买卡密", "why": "handler"}, lex)
    False
    """
    label = control.get("label", "")
    if not label or not lexicon.is_purchase(label) or _HOW_TO.search(label):
        return False
    href = control.get("href") or ""
    if control.get("why") == "link" and href.startswith(("http://", "https://")):
        return bool(_BUYING_PAGE.search(href))
    return True


def purchase_depth(graph: NavGraph, lexicon: Lexicon) -> tuple[int | None, str | None, str | None]:
    """Fewest actions to reach a purchase control and activate it: (depth, label, url)."""
    depths = graph.depths()
    best: tuple[int, str, str] | None = None
    for sid, attrs in graph.states():
        if sid not in depths:
            continue
        for control in attrs.get("controls", []):
            if is_purchase_control(control, lexicon):
                option = (depths[sid] + 1, control["label"], attrs.get("url", ""))
                if best is None or option < best:
                    best = option
    return best if best else (None, None, None)


def analyze_effort(graph: NavGraph, lexicon: Lexicon, entry_depth: int | None,
                   flow_actions: int | None) -> dict[str, Any]:
    """Actions to buy vs actions to ask for a refund (to the entry, and to the final submit)."""
    depth, label, url = purchase_depth(graph, lexicon)
    refund_total = None if entry_depth is None else entry_depth + (flow_actions or 0)
    return {
        "purchase_depth": depth, "purchase_label": label, "purchase_url": url,
        "refund_entry_depth": entry_depth, "refund_flow_actions": flow_actions, "refund_total": refund_total,
        "refund_harder": bool(depth is not None and (entry_depth is None or entry_depth > depth)),
    }
