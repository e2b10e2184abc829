"""Rules disclosure: are the refund rules (time limit such as 24 小时, eligibility such as 未使用) shown
on the way to the entry, on the order pages or on the application? (七日办法 Art. 22, 电子商务法 Art. 33,
实施条例 Art. 19.)"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..graph import NavGraph
from .pages import page_kind

# A rule is a statement about refunds: a time limit or an eligibility condition next to a refund word.
# A bare status such as 未使用 on an order card is not a rule.
_RULES = re.compile(
    r"(\d+\s*(小时|小時|天|日|个工作日|個工作日|hours?|days?)[^。；;\n]{0,12}(退|售后|售後|refund|return))"
    r"|((退单|退款|退貨|退货|售后|售後)(时效|期限|须在|需在|请在|在)[^。；;\n]{0,6}\d+\s*(小时|小時|天|日))"
    r"|((未使用|未激活|未拆封|未兑换)[^。；;\n]{0,12}(退|售后|售後))"
    r"|((退单|退款|退貨|退货|售后|售後)[^。；;\n]{0,10}(未使用|未激活|未拆封|未兑换))"
    r"|七日无理由|七天无理由|7天无理由|不支持退|不可退|退单规则|退款规则|退单须知|退款须知",
    re.I,
)


def rule_phrases(text: str) -> list[str]:
    """The refund-rule phrases in a text.

    >>> rule_phrases("卡密未使用且在 24 小时内可申请退单")
    ['未使用且在 24 小时内可申请退']
    >>> rule_phrases("卡密状态：未使用")
    []
    >>> rule_phrases("退款/售后 (2) 订单信息保留 180 天")
    []
    """
    return [m.group(0) for m in _RULES.finditer(text or "")]


def analyze_disclosure(graph: NavGraph, path_states: Iterable[str], applications: frozenset[str]) -> dict[str, Any]:
    """Where rules are shown: on the entry path, the application or the order pages."""
    places: list[dict[str, Any]] = []
    wanted = set(path_states) | set(applications)
    for sid, attrs in graph.states():
        if sid not in wanted and page_kind(attrs) not in ("order-list", "order-detail"):
            continue
        found = rule_phrases(" ".join([attrs.get("text", ""), *attrs.get("headings", [])]))
        if found:
            places.append({"state": sid, "url": attrs.get("url", ""), "phrases": sorted(set(found))[:5],
                           "on_path": sid in wanted})
    places.sort(key=lambda p: (not p["on_path"], p["url"]))
    return {"disclosed": bool(places), "places": places}
