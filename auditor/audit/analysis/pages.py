"""What kind of page a state is, from its title, headings and URL: order list, order detail, user
centre, product page. Continuity and effort metrics need to know where the order pages are."""

from __future__ import annotations

import re
from typing import Any

_KINDS = (
    ("order-detail", re.compile(r"订单详情|訂單詳情|订单\s*#\s*\w+|order detail|order\s*#\s*\w+|order-detail"
                                r"|/orders?/[^/?#]*\d{3,}[^/?#]*/?$|#/order/", re.I)),
    ("order-list", re.compile(r"我的订单|订单列表|全部订单|订单管理|订单中心|订单历史|订单记录|我的訂單|order history|my orders"
                              r"|/orders?/?$|#/orders", re.I)),
    ("user-centre", re.compile(r"个人中心|会员中心|用户中心|我的账户|個人中心|會員中心|my account|/user/?$|/member/?$|/account/?$|/my/?$", re.I)),
)


def page_kind(state: dict[str, Any]) -> str | None:
    """order-detail, order-list, user-centre or None.

    >>> page_kind({"title": "订单详情 - 星辰卡盟", "url": "http://h/order/KM1"})
    'order-detail'
    >>> page_kind({"title": "我的订单", "url": "http://h/orders?page=2"})
    'order-list'
    >>> page_kind({"title": "订单 #100001 | Oscar", "url": "http://h/zh-hans/accounts/orders/100001/"})
    'order-detail'
    """
    if state.get("overlay"):
        return None
    head = " ".join([state.get("title", ""), *state.get("headings", [])[:3]])
    url = state.get("url", "").split("?")[0]
    for kind, pattern in _KINDS:
        if pattern.search(head) or pattern.search(url):
            return kind
    return None
