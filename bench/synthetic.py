"""Synthetic card shops (卡盟): a pure generator ``generate(n, depth, seed) -> Site`` and a server that renders it.

A :class:`Site` is a list of :class:`Page` descriptions. Every page has one base UI state plus one state per
:class:`Layer` (what a control opens in place: a tab, a modal dialog, an expanding section, the 操作 dropdown
of an order row). The shop header's CSS hover menu (全部分类) is on every shop page but is the same menu
everywhere, so it counts once, as the home page's state: the explorer hovers a header menu once per crawl,
a naive crawler on every page ("page X with the menu open" is then its own state, not the site's). The order
list is paginated: its first, middle and last pages differ in their pager controls, so each is a state (with
and without its dropdown open). That is the explorer's own state abstraction (``auditor/gather/crawl/states.py``: URL template + overlay + the set of visible
controls, digits folded), so a complete crawl finds exactly ``n`` states. Data pages share one template
(every ``/member/order/<id>`` is one state), as on a real shop.

The skeleton every site has (about 26 states): home, 全部商品, the member centre (会员中心 → 我的订单 with 15
orders on 3 pages, 操作 dropdowns, order detail with tabs 订单信息 / 卡密信息 / 售后服务), the refund
application (退单原因 select, 问题描述 textarea, 上传凭证 file, 提交申请 submit), decoys (退款说明 in the
footer, 退款进度 in the member sidebar, 查看售后政策 in the 售后服务 tab, a 投诉建议 feedback form, 我要换货),
the help centre and notices. The path to the application:

* ``depth=3``: 我的订单 (header) → 操作 (dropdown) → 申请退单;
* ``depth=6``: 会员中心 → 我的订单 (sidebar) → 查看详情 → 售后服务 (tab) → 申请售后 (modal) → 我要退款.

The rest (categories, products, help sections, articles, notices) is grown breadth first from the seed with a
fan-out of 3–10 controls per page plus the shared header and footer, until the state count is exactly ``n``.
Controls come in the shapes real shops use: plain ``<a href>``, divs with their own click listener
(``how="js"``), items with ``cursor: pointer`` whose click a document listener handles (``how="ptr"``), and
no-op buttons (copy, "I have read").

>>> site = generate(50, 6, seed=1)
>>> len(ui_states(site)), state_depths(site)[site.application_state]
(50, 6)
>>> generate(50, 6, seed=1) == site
True
"""

from __future__ import annotations

import html
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SHOP = "星云卡盟"
ORDER_PAGES = 3
ORDERS_PER_PAGE = 5
ORDER_IDS = tuple(f"KM2026112700{i:02d}" for i in range(ORDER_PAGES * ORDERS_PER_PAGE, 0, -1))
MIN_STATES = 30
DEPTHS = (3, 6)

HOWS = ("a", "js", "ptr")  # how a navigating control is made: link, own click listener, pointer + delegation


@dataclass(frozen=True)
class Nav:
    """One control: navigates to ``href`` (``{oid}`` is the current order), or does nothing (``how=noop``)."""

    label: str
    href: str = ""
    how: str = "a"  # a | js | ptr | noop


@dataclass(frozen=True)
class Layer:
    """An in-place UI state of a page and the control that opens it."""

    id: str  # unique within the page
    kind: str  # hover | dropdown | tab | modal | expand
    trigger: str  # the label of the control that opens it
    marker: str  # the label of a control visible only while it is open (unique within the page)
    navs: tuple[Nav, ...] = ()
    parent: str = ""  # "" the base content, "tab0" the default tab's panel, or a tab layer's id


@dataclass(frozen=True)
class Page:
    """One page (a URL template) and its layers."""

    id: str
    path: str  # "/g/bcd"; "{oid}" in data pages
    title: str
    layout: str  # shop (header with a hover menu) | member (sidebar) | help
    kind: str  # home | goods | category | product | help | section | article | notices | notice | member |
    #            orders | order | apply | exchange | refunds | recharges | policy | feedback | contact | about
    navs: tuple[Nav, ...] = ()
    tab0: str = ""  # the default tab's label (pages with tabs)
    tab0_navs: tuple[Nav, ...] = ()
    layers: tuple[Layer, ...] = ()

    @property
    def variants(self) -> tuple[str, ...]:
        """Base-state variants: the order list's first, middle and last pages."""
        return ("", "@2", "@3") if self.kind == "orders" else ("",)

    @property
    def state_layers(self) -> tuple[Layer, ...]:
        """The layers that are states of the site: all but the header's hover menu, which counts once (home)."""
        return tuple(x for x in self.layers if x.kind != "hover" or self.id == "home")

    @property
    def state_count(self) -> int:
        return len(self.variants) * (1 + len(self.state_layers))


@dataclass(frozen=True)
class Site:
    """A generated shop: pure data, equal for equal (n, depth, seed)."""

    n: int
    depth: int
    seed: int
    pages: tuple[Page, ...]

    @property
    def application_state(self) -> str:
        return "apply"

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """Counts for the report: pages by kind, layers by kind, controls."""
        kinds: dict[str, int] = {}
        layers: dict[str, int] = {}
        hows: dict[str, int] = {}
        for page in self.pages:
            kinds[page.kind] = kinds.get(page.kind, 0) + 1
            for layer in page.layers:
                layers[layer.kind] = layers.get(layer.kind, 0) + 1
            for nav in _page_navs(page):
                hows[nav.how] = hows.get(nav.how, 0) + 1
        depths = state_depths(self)
        return {"n": self.n, "depth": self.depth, "seed": self.seed, "states": len(depths), "pages": len(self.pages),
                "max_state_depth": max(depths.values()), "pages_by_kind": kinds, "layers_by_kind": layers,
                "controls_by_how": hows}


def _page_navs(page: Page) -> Iterator[Nav]:
    yield from page.navs
    yield from page.tab0_navs
    for layer in page.layers:
        yield from layer.navs


# -- vocabulary ------------------------------------------------------------------------------------------
_TOP = ("游戏点卡", "视频会员", "音乐会员", "话费充值", "购物卡券", "软件激活", "网盘会员", "直播礼物", "外卖红包", "出行优惠")
_BRANDS = ("王者荣耀", "和平精英", "原神", "英雄联盟", "穿越火线", "梦幻西游", "腾讯视频", "爱奇艺", "优酷", "芒果TV",
           "网易云音乐", "QQ音乐", "酷狗音乐", "哔哩哔哩", "百度网盘", "喜马拉雅", "Steam", "京东E卡", "网易一卡通",
           "骏网一卡通", "移动话费", "联通话费", "电信话费", "天猫超市卡", "迅雷会员", "WPS会员", "美团红包", "滴滴快车")
_ITEMS = ("点券", "直充", "月卡", "季卡", "年卡", "充值卡", "激活码", "体验卡")
_AMOUNTS = ("10元", "30元", "50元", "100元", "200元", "500元")
_SECTIONS = ("新手指南", "购买帮助", "充值问题", "账户安全", "卡密使用", "发票与对账", "代理合作", "活动说明")
_ARTICLE_TOPICS = ("充值教程", "使用方法", "到账时间", "兑换步骤", "激活说明", "适用范围", "区服选择", "有效期说明")
_NOTICES = ("新品上架公告", "价格调整通知", "系统维护公告", "节日活动预告", "渠道切换说明", "库存补充通知")
_CN_NUM = "一二三四五六七八九十"


def _slug(i: int) -> str:
    """Letters only, so the URL template keeps it (digits would fold into ``{n}``)."""
    letters = "bcdfghjkmnpqrstvwxz"
    out = ""
    i += len(letters)  # at least two letters
    while i:
        i, r = divmod(i, len(letters))
        out = letters[r] + out
    return out


# -- the generator -----------------------------------------------------------------------------------------
@dataclass
class _Draft:
    id: str
    path: str
    title: str
    layout: str
    kind: str
    depth: int  # of the base state, for growing breadth first
    navs: list[Nav] = field(default_factory=list)
    tab0: str = ""
    tab0_navs: list[Nav] = field(default_factory=list)
    layers: list[Layer] = field(default_factory=list)
    capacity: int = 0  # children still to add (containers)

    def states(self) -> int:
        layers = [x for x in self.layers if x.kind != "hover" or self.id == "home"]
        return (ORDER_PAGES if self.kind == "orders" else 1) * (1 + len(layers))

    def add_child_nav(self, nav: Nav, rng: random.Random) -> None:
        """Put a link to a child in the base content, the default tab or an expanding section."""
        spots = [i for i, layer in enumerate(self.layers) if layer.kind in ("expand", "tab")]
        if spots and rng.random() < 0.3:
            i = rng.choice(spots)
            self.layers[i] = replace(self.layers[i], navs=(*self.layers[i].navs, nav))
        elif self.tab0:
            self.tab0_navs.append(nav)
        else:
            self.navs.append(nav)

    def freeze(self) -> Page:
        return Page(self.id, self.path, self.title, self.layout, self.kind, tuple(self.navs), self.tab0,
                    tuple(self.tab0_navs), tuple(self.layers))


class _Builder:
    def __init__(self, n: int, depth: int, seed: int) -> None:
        self.n, self.depth = n, depth
        self.rng = random.Random(f"refund-audit-bench:{n}:{depth}:{seed}")
        self.drafts: list[_Draft] = []
        self.serial = 0
        self.names = self._product_names()
        self.brands = list(_BRANDS)
        self.rng.shuffle(self.brands)
        self.used_titles: set[str] = set()

    def _product_names(self) -> Iterator[str]:
        combos = [f"{b}{i} {a}" for b in _BRANDS for i in _ITEMS for a in _AMOUNTS]
        self.rng.shuffle(combos)
        yield from combos
        k = 0
        while True:  # more than 1,344 products: suffix a Chinese numeral series
            k += 1
            for name in combos:
                yield f"{name}（{_CN_NUM[k % 10]}批）"

    def unique(self, title: str) -> str:
        base, k = title, 1
        while title in self.used_titles:
            k += 1
            title = f"{base}（{_CN_NUM[(k - 1) % 10]}）" if k <= 10 else f"{base}·{_slug(k)}"
        self.used_titles.add(title)
        return title

    def add(self, draft: _Draft) -> _Draft:
        self.drafts.append(draft)
        return draft

    def count(self) -> int:
        return sum(d.states() for d in self.drafts)

    def new_path(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}/{_slug(self.serial)}"

    # -- the skeleton ------------------------------------------------------------------------------------
    def skeleton(self) -> None:
        d6 = self.depth == 6
        home = self.add(_Draft("home", "/", "首页", "shop", "home", 0, capacity=self.rng.randint(3, 6)))
        home.layers.append(_menu_layer())
        home.layers.append(Layer("kefu", "modal", "在线客服", "复制QQ号",
                                 (Nav("复制QQ号", how="noop"), Nav("留言咨询", "/help/contact"))))
        goods = self.add(_Draft("goods", "/goods", "全部商品", "shop", "goods", 2))
        goods.layers.append(_menu_layer())
        self.add(_Draft("help", "/help", "帮助中心", "help", "help", 1, capacity=self.rng.randint(2, 4),
                        navs=[Nav("退款说明", "/help/refund-policy"), Nav("投诉建议", "/help/feedback"),
                              Nav("联系我们", "/help/contact")]))
        self.add(_Draft("notices", "/notices", "网站公告", "help", "notices", 1, capacity=self.rng.randint(2, 6)))
        member = self.add(_Draft("member", "/member", "会员中心", "member", "member", 1,
                                 navs=[Nav("每日签到", how="noop")]))
        member.layers.append(Layer("recharge", "modal", "在线充值", "选择充值金额",
                                   (Nav("选择充值金额", how="noop"), Nav("充值说明", "/help/recharge-guide"),
                                    Nav("立即充值", "/member/recharges"))))
        orders = self.add(_Draft("orders", "/member/orders", "我的订单", "member", "orders", 2 if d6 else 1))
        menu = [Nav("联系卖家", "/help/contact"), Nav("订单投诉", "/help/feedback"), Nav("再次购买", "/goods")]
        if not d6:
            menu.insert(0, Nav("申请退单", "/refund/apply/{oid}"))
        orders.layers.append(Layer("ops", "dropdown", "操作", "联系卖家", tuple(menu)))
        order = self.add(_Draft("order", "/member/order/{oid}", "订单详情", "member", "order", 3 if d6 else 2,
                                tab0="订单信息", tab0_navs=[Nav("返回订单列表", "/member/orders")]))
        order.layers.append(Layer("card", "tab", "卡密信息", "复制卡密",
                                  (Nav("复制卡密", how="noop"), Nav("卡密使用教程", "/help/card-guide"))))
        after = [Nav("查看售后政策", "/help/refund-policy")]
        if d6:
            order.layers.append(Layer("after", "tab", "售后服务", "查看售后政策", tuple(after)))
            order.layers.append(Layer("service", "modal", "申请售后", "我要换货",
                                      (Nav("我要退款", "/refund/apply/{oid}"), Nav("我要换货", "/member/exchange/{oid}")),
                                      parent="after"))
        else:
            after.append(Nav("申请退单", "/refund/apply/{oid}"))
            order.layers.append(Layer("after", "tab", "售后服务", "查看售后政策", tuple(after)))
        self.add(_Draft("apply", "/refund/apply/{oid}", "申请退单", "member", "apply", self.depth,
                        navs=[Nav("返回订单详情", "/member/order/{oid}")]))
        if d6:
            self.add(_Draft("exchange", "/member/exchange/{oid}", "申请换货", "member", "exchange", 6,
                            navs=[Nav("返回订单详情", "/member/order/{oid}")]))
        self.add(_Draft("refunds", "/member/refunds", "退款进度", "member", "refunds", 2))
        self.add(_Draft("recharges", "/member/recharges", "充值记录", "member", "recharges", 2))
        self.add(_Draft("policy", "/help/refund-policy", "退款说明", "help", "policy", 1,
                        navs=[Nav("返回帮助中心", "/help")]))
        self.add(_Draft("feedback", "/help/feedback", "投诉建议", "help", "feedback", 2))
        self.add(_Draft("contact", "/help/contact", "联系客服", "help", "contact", 1,
                        navs=[Nav("复制客服QQ", how="noop")]))
        self.add(_Draft("guide", "/help/recharge-guide", "充值说明", "help", "article", 3))
        self.add(_Draft("card-guide", "/help/card-guide", "卡密使用教程", "help", "article", 4))
        self.add(_Draft("about", "/about", "关于我们", "help", "about", 1))
        self.add(_Draft("agreement", "/agreement", "用户协议", "help", "about", 1))
        for title in (d.title for d in self.drafts):
            self.used_titles.add(title)

    # -- the filler ------------------------------------------------------------------------------------------
    def grow(self) -> None:
        """Add pages breadth first, one child per container in turn, until the site has ``n`` states."""
        queue = deque(d for d in self.drafts if d.capacity)
        while self.count() < self.n:
            if not queue:
                self._reopen(queue)
            parent = queue.popleft()
            if _fanout(parent) >= MAX_FANOUT:
                continue  # full: its children stay as they are
            child = self._child(parent, self.n - self.count())
            parent.capacity -= 1
            parent.add_child_nav(Nav(child.title, child.path, self._how(child)), self.rng)
            if child.capacity:
                queue.append(child)
            if parent.capacity > 0:
                queue.append(parent)

    def _reopen(self, queue: deque[_Draft]) -> None:
        """Every container is full: give the shallowest categories and sections room again (fan-out <= 12)."""
        roomy = sorted((d for d in self.drafts if d.kind in ("home", "category", "section", "help", "notices")
                        and _fanout(d) < MAX_FANOUT - 2), key=lambda d: (d.depth, d.id))
        if not roomy:  # cannot happen below some 100,000 states; fail loudly rather than loop
            raise ValueError("the generator ran out of room")
        for d in roomy[:8]:
            d.capacity = min(3, MAX_FANOUT - 2 - _fanout(d))
            queue.append(d)

    def _how(self, child: _Draft) -> str:
        if child.kind == "category":
            return self.rng.choice(("js", "a", "ptr")) if child.depth > 1 else "js"
        if child.kind == "product":
            return self.rng.choices(HOWS, weights=(5, 3, 2))[0]
        return "a"

    def _child(self, parent: _Draft, remaining: int) -> _Draft:
        """A new page under ``parent`` that fits in ``remaining`` states (shop pages need two)."""
        depth = parent.depth + 1
        if parent.kind == "notices":
            return self._notice(depth)
        if parent.kind == "help" and remaining > 1:
            return self._section(depth, remaining)
        if parent.kind in ("help", "section") or remaining == 1:
            host = parent if parent.kind in ("help", "section") else self.page("help")
            return self._article(host, depth, remaining)
        sub = parent.kind == "home" or (depth <= 3 and self.rng.random() < 0.35 and remaining > 12)
        return self._category(parent, depth, remaining) if sub else self._product(parent, depth, remaining)

    def page(self, page_id: str) -> _Draft:
        return next(d for d in self.drafts if d.id == page_id)

    def _fit(self, draft: _Draft, remaining: int) -> _Draft:
        """Drop optional layers (last first, never the hover menu) until the page fits the budget."""
        while draft.states() > remaining and any(x.kind != "hover" for x in draft.layers):
            dropped = draft.layers.pop()
            if dropped.kind == "tab" and not any(layer.kind == "tab" for layer in draft.layers):
                draft.navs.extend(draft.tab0_navs)
                draft.tab0, draft.tab0_navs = "", []
        return self.add(draft)

    def _category(self, parent: _Draft, depth: int, remaining: int) -> _Draft:
        rng = self.rng
        if parent.kind == "home":
            title = self.unique(_TOP[len([d for d in self.drafts if d.kind == "category" and d.depth == 1]) % len(_TOP)])
        else:
            title = self.unique(f"{self.brands[self.serial % len(self.brands)]}专区")
        path = self.new_path("/c")
        d = _Draft("c-" + path.rsplit("/", 1)[1], path, title, "shop", "category", depth, capacity=rng.randint(3, 8))
        d.layers.append(_menu_layer())
        if parent.kind != "home":
            d.navs.append(Nav(f"返回{parent.title}", parent.path))
        if rng.random() < 0.4:
            d.tab0 = "全部商品列表"
            d.layers.append(Layer("hot", "tab", "热销排行", "按销量排序", (Nav("按销量排序", how="noop"),)))
        if rng.random() < 0.4:
            d.layers.append(Layer("more", "expand", "展开更多", "只看有货", (Nav("只看有货", how="noop"),)))
        return self._fit(d, remaining)

    def _product(self, parent: _Draft, depth: int, remaining: int) -> _Draft:
        rng = self.rng
        title = self.unique(next(self.names))
        d = _Draft("", self.new_path("/g"), title, "shop", "product", depth)
        d.id = "g-" + d.path.rsplit("/", 1)[1]
        d.layers.append(_menu_layer())
        d.navs.append(Nav(f"返回{parent.title}", parent.path))
        d.navs.append(Nav("收藏商品", how="noop"))
        tabs = [t for t in (
            Layer("guide", "tab", "使用说明", "复制兑换地址", (Nav("复制兑换地址", how="noop"),)),
            Layer("notes", "tab", "购买须知", "我已阅读须知", (Nav("我已阅读须知", how="noop"),
                                                          Nav("退款说明", "/help/refund-policy"))),
        ) if rng.random() < 0.5]
        if tabs:
            d.tab0 = "商品详情"
            d.tab0_navs.append(Nav("查看商品评价", how="noop"))
            d.layers.extend(tabs)
        if rng.random() < 0.3:
            d.layers.append(Layer("wholesale", "modal", "批发价格", "复制客服微信",
                                  (Nav("复制客服微信", how="noop"), Nav("联系客服", "/help/contact"))))
        return self._fit(d, remaining)

    def _section(self, depth: int, remaining: int) -> _Draft:
        rng = self.rng
        k = len([d for d in self.drafts if d.kind == "section"])
        title = self.unique(_SECTIONS[k % len(_SECTIONS)])
        d = _Draft("", self.new_path("/help/s"), title, "help", "section", depth, capacity=rng.randint(3, 8),
                   navs=[Nav("返回帮助中心", "/help")])
        d.id = "s-" + d.path.rsplit("/", 1)[1]
        if rng.random() < 0.3:
            d.layers.append(Layer("more", "expand", "更多问题", "没有找到答案", (Nav("没有找到答案", how="noop"),)))
        return self._fit(d, remaining)

    def _article(self, host: _Draft, depth: int, remaining: int) -> _Draft:
        rng = self.rng
        title = self.unique(f"{self.brands[self.serial % len(self.brands)]}{_ARTICLE_TOPICS[self.serial % len(_ARTICLE_TOPICS)]}")
        d = _Draft("", self.new_path("/help/a"), title, "help", "article", depth, navs=[Nav(f"返回{host.title}", host.path)])
        d.id = "a-" + d.path.rsplit("/", 1)[1]
        if remaining > 1 and rng.random() < 0.25:
            d.layers.append(Layer("faq", "expand", "相关问题", "这篇文章有帮助", (Nav("这篇文章有帮助", how="noop"),)))
        return self.add(d)

    def _notice(self, depth: int) -> _Draft:
        title = self.unique(f"{self.brands[self.serial % len(self.brands)]}{_NOTICES[self.serial % len(_NOTICES)]}")
        d = _Draft("", self.new_path("/notice"), title, "help", "notice", depth, navs=[Nav("返回公告列表", "/notices")])
        d.id = "n-" + d.path.rsplit("/", 1)[1]
        return self.add(d)

    def finish(self) -> tuple[Page, ...]:
        # Hot products on the home page (cursor:pointer items) and every top category in the hover menu.
        home = self.page("home")
        products = [d for d in self.drafts if d.kind == "product"]
        room = MAX_FANOUT - _fanout(home)
        for d in self.rng.sample(products, max(0, min(4, room, len(products)))):
            home.navs.append(Nav(d.title, d.path, "ptr"))
        tops = tuple(Nav(d.title, d.path) for d in self.drafts if d.kind == "category" and d.depth == 1)
        goods = self.page("goods")
        goods.navs.extend(Nav(n.label, n.href, "js") for n in tops)
        pages = []
        for d in self.drafts:
            if d.layout == "shop":
                d.layers = [replace(layer, navs=layer.navs + tops) if layer.kind == "hover" else layer for layer in d.layers]
            pages.append(d.freeze())
        return tuple(pages)


MAX_FANOUT = 12  # controls of a page's own (header, footer and hover menu aside), over all its states


def _fanout(d: _Draft) -> int:
    """Every control of the page's own: links, the default tab, each layer's trigger and contents."""
    return (len(d.navs) + len(d.tab0_navs) + (1 if d.tab0 else 0)
            + sum(1 + len(layer.navs) for layer in d.layers if layer.kind != "hover"))


def _menu_layer() -> Layer:
    return Layer("menu", "hover", "全部分类 ▾", "全部商品", (Nav("全部商品", "/goods"),))


def generate(n: int, depth: int, seed: int = 7) -> Site:
    """The shop with exactly ``n`` UI states and the refund application ``depth`` actions from the home page."""
    if depth not in DEPTHS:
        raise ValueError(f"depth must be one of {DEPTHS}, got {depth}")
    if n < MIN_STATES:
        raise ValueError(f"n must be at least {MIN_STATES} (the skeleton alone has about 28 states), got {n}")
    builder = _Builder(n, depth, seed)
    builder.skeleton()
    builder.grow()
    return Site(n, depth, seed, builder.finish())


# -- the UI states of a site ---------------------------------------------------------------------------------
def header_navs(site: Site, layout: str) -> tuple[Nav, ...]:
    """Header links of a layout (the shop layout's hover menu is its ``menu`` layer)."""
    if layout == "shop":
        navs = [Nav("首页", "/"), Nav("帮助中心", "/help"), Nav("网站公告", "/notices"), Nav("会员中心", "/member")]
        if site.depth == 3:
            navs.append(Nav("我的订单", "/member/orders"))
        return tuple(navs)
    if layout == "member":
        return (Nav("首页", "/"), Nav("会员中心", "/member"), Nav("退出登录", "/logout"))
    return (Nav("首页", "/"), Nav("帮助中心", "/help"), Nav("会员中心", "/member"))


SIDEBAR = (Nav("我的订单", "/member/orders"), Nav("充值记录", "/member/recharges"), Nav("退款进度", "/member/refunds"))
FOOTER = (Nav("关于我们", "/about"), Nav("退款说明", "/help/refund-policy"), Nav("用户协议", "/agreement"),
          Nav("联系客服", "/help/contact"))
DANGER_LABELS = ("退出登录", "再次购买", "立即充值")  # the crawlers must refuse these (lexicon danger words)


@dataclass(frozen=True)
class UIState:
    """One state of the site as the explorer's abstraction sees it, and where its controls lead."""

    id: str  # "<page>", "<page>@<k>" (order list page k) or either followed by "|<layer>"
    page: str
    edges: tuple[tuple[str, str], ...]  # (control label, target state id); a no-op leads to itself


def _layer_chain(page: Page, layer: Layer) -> list[Layer]:
    chain = [layer]
    while chain[-1].parent not in ("", "tab0"):
        chain.append(next(x for x in page.layers if x.id == chain[-1].parent))
    return chain


def _visible(site: Site, page: Page, open_layer: Layer | None) -> list[tuple[Nav, str]]:
    """Controls visible in a state: (nav, what it does: "nav" | "layer:<id>" | "tab0" | "close")."""
    if open_layer is not None and open_layer.kind == "modal":
        return [(nav, "nav") for nav in open_layer.navs] + [(Nav("关闭", how="noop"), "close")]
    chain = _layer_chain(page, open_layer) if open_layer is not None else []
    active_tab = next((x.id for x in chain if x.kind == "tab"), "tab0")
    out: list[tuple[Nav, str]] = [(nav, "nav") for nav in header_navs(site, page.layout)]
    if page.layout == "member":
        out += [(nav, "nav") for nav in SIDEBAR]
    out += [(nav, "nav") for nav in page.navs]
    if page.tab0:
        out.append((Nav(page.tab0, how="noop"), "tab0"))
    for layer in page.layers:
        if layer.kind in ("tab", "hover", "dropdown") or layer.parent in (active_tab, ""):
            out.append((Nav(layer.trigger, how="noop"), f"layer:{layer.id}"))
    if active_tab == "tab0":
        out += [(nav, "nav") for nav in page.tab0_navs]
    for layer in chain:
        if layer.kind != "modal":
            out += [(nav, "nav") for nav in layer.navs]
    out += [(nav, "nav") for nav in FOOTER]
    return out


def ui_states(site: Site) -> dict[str, UIState]:
    """Every UI state of the site by id, with its outgoing edges."""
    by_path = _route_table(site)
    states: dict[str, UIState] = {}
    for page in site.pages:
        for variant in page.variants:
            base = page.id + variant
            for layer in (None, *page.state_layers):
                sid = base if layer is None else f"{base}|{layer.id}"
                edges = []
                for nav, does in _visible(site, page, layer):
                    if does == "nav" and nav.how != "noop":
                        target = by_path.get(nav.href)
                        if target is not None and nav.label not in DANGER_LABELS:
                            edges.append((nav.label, target))
                    elif does.startswith("layer:"):
                        if any(x.id == does[6:] for x in page.state_layers):
                            edges.append((nav.label, f"{base}|{does[6:]}"))
                    elif does in ("tab0", "close"):
                        edges.append((nav.label, base if does == "tab0" or layer is None or layer.parent in ("", "tab0")
                                      else f"{base}|{layer.parent}"))
                    else:
                        edges.append((nav.label, sid))
                if page.kind == "orders" and (layer is None or layer.kind != "modal"):
                    edges += [(label, f"{page.id}{v}") for label, v in _pager(variant)]
                    edges.append(("查看详情", "order"))
                states[sid] = UIState(sid, page.id, tuple(edges))
    return states


def _pager(variant: str) -> list[tuple[str, str]]:
    """(label, variant) of the order list's pager links on page ``variant``."""
    current = int(variant[1:]) if variant else 1
    out = []
    if current > 1:
        out.append(("上一页", _variant(current - 1)))
    out += [(str(k), _variant(k)) for k in range(1, ORDER_PAGES + 1) if k != current]
    if current < ORDER_PAGES:
        out.append(("下一页", _variant(current + 1)))
    return out


def _variant(k: int) -> str:
    return "" if k == 1 else f"@{k}"


def _route_table(site: Site) -> dict[str, str]:
    return {page.path: page.id for page in site.pages}




def state_depths(site: Site) -> dict[str, int]:
    """Fewest actions from the home page to every state (breadth first over :func:`ui_states`)."""
    states = ui_states(site)
    depths = {"home": 0}
    queue = deque(["home"])
    while queue:
        sid = queue.popleft()
        for _label, target in states[sid].edges:
            if target not in depths:
                depths[target] = depths[sid] + 1
                queue.append(target)
    return depths


def expected_view(site: Site, state_id: str) -> tuple[str, frozenset[str]]:
    """The path (with query) and the visible control labels of a state, as a crawler should see them."""
    page_part, _, layer_id = state_id.partition("|")
    page_id, _, k = page_part.partition("@")
    page = site.page(page_id)
    layer = next(x for x in page.layers if x.id == layer_id) if layer_id else None
    labels = {nav.label for nav, _ in _visible(site, page, layer)}
    if page.kind == "orders" and (layer is None or layer.kind != "modal"):
        labels |= {label for label, _ in _pager(f"@{k}" if k else "")} | {"查看详情"}
    path = page.path.replace("{oid}", ORDER_IDS[0]) + (f"?page={k}" if k else "")
    return path, frozenset(labels)


def identify(site: Site, url: str, labels: set[str] | frozenset[str] | list[str]) -> str | None:
    """The site state a crawler observed (URL + visible control labels), or None for a mix of layers.

    A mix (a tab open *and* the hover menu shown) is no state of the site's abstraction: the explorer does
    not produce one, a naive crawler may. Nor is the header's hover menu open on a page other than home: the
    menu is the same on every page, so the site counts it once.
    """
    parts = urlsplit(url)
    page = _page_for_path(site, parts.path)
    if page is None:
        return None
    base = page.id
    if page.kind == "orders":
        k = int((parse_qs(parts.query).get("page") or ["1"])[0] or 1)
        base += _variant(k)
    seen = set(labels)
    modal = next((x for x in page.layers if x.kind == "modal" and x.marker in seen), None)
    if modal is not None:
        return f"{base}|{modal.id}"
    open_ids = frozenset(x.id for x in page.layers if x.kind != "modal" and x.marker in seen)
    if not open_ids:
        return base
    for layer in page.state_layers:
        if frozenset(x.id for x in _layer_chain(page, layer)) == open_ids:
            return f"{base}|{layer.id}"
    return None


def _page_for_path(site: Site, path: str) -> Page | None:
    for page in site.pages:
        if "{oid}" in page.path:
            prefix = page.path.split("{oid}")[0]
            if path.startswith(prefix) and path[len(prefix):] in ORDER_IDS:
                return page
        elif page.path == path:
            return page
    return None


# -- rendering -------------------------------------------------------------------------------------------
CSS = """
*{box-sizing:border-box}body{margin:0;font:14px/1.6 "PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f4f5f7}
a{color:#1657c6;text-decoration:none}
.top{display:flex;align-items:stretch;gap:4px;height:48px;padding:0 24px;background:#c81e1e}
.top>a,.top>.nav-drop{display:flex;align-items:center;padding:0 14px;color:#fff}
.top>.brand{font-weight:bold;font-size:18px;margin-right:24px}
.nav-drop{position:relative;cursor:default}
.nav-drop .nav-sub{display:none;position:absolute;left:0;top:100%;min-width:160px;padding:6px 0;background:#fff;
  box-shadow:0 4px 14px rgba(0,0,0,.18);z-index:20}
.nav-drop:hover .nav-sub{display:block}
.nav-sub a{display:block;padding:6px 16px;color:#222}
.wrap{display:flex;gap:20px;max-width:1180px;margin:20px auto;padding:0 20px}
.side{width:170px;background:#fff;padding:12px}.side a{display:block;padding:6px 8px}
main{flex:1;background:#fff;padding:16px 24px;min-height:420px}
h1{font-size:20px;margin:0 0 12px}
.links{display:flex;flex-wrap:wrap;gap:8px 18px;margin:10px 0}
.card,.go{display:inline-block;padding:10px 14px;border:1px solid #e3e3e3;border-radius:6px;cursor:pointer;background:#fafafa}
.btn{padding:5px 12px;border:1px solid #ccc;border-radius:4px;background:#fff;cursor:pointer;font:inherit}
[role=tablist]{display:flex;gap:6px;border-bottom:1px solid #ddd;margin:14px 0 8px}
[role=tab]{padding:6px 14px;border:0;background:none;cursor:pointer;font:inherit}
[role=tab][aria-selected=true]{border-bottom:2px solid #c81e1e;color:#c81e1e}
.more{display:inline-block;color:#1657c6;cursor:pointer;margin:8px 0}
.mask{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:50}
.mask[hidden]{display:none}
.dlg{background:#fff;border-radius:8px;padding:20px 24px;min-width:340px}
table.orders{width:100%;border-collapse:collapse}table.orders td,table.orders th{padding:8px;border-bottom:1px solid #eee;text-align:left}
.op{position:relative;display:inline-block;margin-left:10px}
.op-menu{position:absolute;left:100%;top:0;margin-left:4px;background:#fff;border:1px solid #ddd;z-index:30;min-width:110px}
.op-menu a{display:block;padding:5px 12px;white-space:nowrap}
.pager{margin:14px 0;display:flex;gap:10px}.pager .cur{font-weight:bold}
.foot{max-width:1180px;margin:0 auto 30px;padding:14px 20px;display:flex;gap:20px;color:#888}
form.apply label{display:block;margin:12px 0 4px}form.apply select,form.apply textarea{width:360px}
"""

JS = """
(() => {
  const all = (s, r) => Array.from((r || document).querySelectorAll(s));
  all('[data-href]').forEach((el) => el.addEventListener('click', () => { location.href = el.dataset.href; }));
  all('[data-noop]').forEach((el) => el.addEventListener('click', () => { el.dataset.clicked = '1'; }));
  all('[role=tab]').forEach((tab) => tab.addEventListener('click', () => {
    all('[role=tab]').forEach((t) => {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    });
  }));
  all('[data-open]').forEach((b) => b.addEventListener('click', () => { document.getElementById(b.dataset.open).hidden = false; }));
  all('[data-close]').forEach((b) => b.addEventListener('click', () => { b.closest('.mask').hidden = true; }));
  all('[data-expand]').forEach((d) => d.addEventListener('click', () => {
    const x = document.getElementById(d.dataset.expand); x.hidden = !x.hidden;
  }));
  all('.op-toggle').forEach((b) => b.addEventListener('click', () => {
    const menu = b.nextElementSibling, open = menu.hidden;
    all('.op-menu').forEach((m) => { m.hidden = true; m.previousElementSibling.setAttribute('aria-expanded', 'false'); });
    menu.hidden = !open;
    b.setAttribute('aria-expanded', String(open));
  }));
  document.addEventListener('click', (ev) => {
    const go = ev.target.closest('[data-go]');
    if (go) { location.href = go.dataset.go; return; }
    if (!ev.target.closest('.op')) {
      all('.op-menu').forEach((m) => { m.hidden = true; m.previousElementSibling.setAttribute('aria-expanded', 'false'); });
    }
  });
})();
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _nav_html(nav: Nav, oid: str) -> str:
    label = _e(nav.label)
    href = _e(nav.href.replace("{oid}", oid))
    if nav.how == "noop":
        return f'<button type="button" class="btn" data-noop>{label}</button>'
    if nav.how == "js":
        return f'<div class="card" data-href="{href}">{label}</div>'
    if nav.how == "ptr":
        return f'<div class="go" data-go="{href}">{label}</div>'
    return f'<a href="{href}">{label}</a>'


def _navs_html(navs: tuple[Nav, ...] | list[Nav], oid: str) -> str:
    return '<div class="links">' + "".join(_nav_html(n, oid) for n in navs) + "</div>" if navs else ""


def _layer_html(page: Page, parent: str, oid: str) -> str:
    """Triggers and hidden bodies of the modal and expand layers sitting in ``parent``."""
    out = []
    for layer in page.layers:
        if layer.parent != parent or layer.kind not in ("modal", "expand"):
            continue
        body = _navs_html(layer.navs, oid)
        if layer.kind == "modal":
            out.append(f'<button type="button" class="btn" data-open="dlg-{layer.id}">{_e(layer.trigger)}</button>'
                       f'<div class="mask" id="dlg-{layer.id}" hidden><div class="dlg" role="dialog" aria-modal="true" '
                       f'aria-label="{_e(layer.trigger)}"><h3>{_e(layer.trigger)}</h3>{body}'
                       f'<button type="button" class="btn" data-close>关闭</button></div></div>')
        else:
            out.append(f'<div class="more" data-expand="x-{layer.id}">{_e(layer.trigger)}</div>'
                       f'<div id="x-{layer.id}" hidden>{body}</div>')
    return "".join(out)


def _tabs_html(page: Page, oid: str) -> str:
    tabs = [x for x in page.layers if x.kind == "tab"]
    if not page.tab0:
        return ""
    buttons = [f'<button type="button" role="tab" aria-selected="true" aria-controls="tp-tab0">{_e(page.tab0)}</button>']
    panels = [f'<div role="tabpanel" id="tp-tab0">{_navs_html(page.tab0_navs, oid)}{_layer_html(page, "tab0", oid)}</div>']
    for tab in tabs:
        buttons.append(f'<button type="button" role="tab" aria-selected="false" aria-controls="tp-{tab.id}">{_e(tab.trigger)}</button>')
        panels.append(f'<div role="tabpanel" id="tp-{tab.id}" hidden>{_navs_html(tab.navs, oid)}{_layer_html(page, tab.id, oid)}</div>')
    return '<div role="tablist">' + "".join(buttons) + "</div>" + "".join(panels)


def _header_html(site: Site, page: Page) -> str:
    navs = header_navs(site, page.layout)
    out = [_nav_html(navs[0], "")]
    if page.layout == "shop":
        menu = next(x for x in page.layers if x.kind == "hover")
        sub = "".join(_nav_html(n, "") for n in menu.navs)
        out.append(f'<div class="nav-drop"><span>{_e(menu.trigger)}</span><div class="nav-sub">{sub}</div></div>')
    out += [_nav_html(n, "") for n in navs[1:]]
    return '<header class="top">' + "".join(out) + "</header>"


def _special_html(site: Site, page: Page, oid: str, page_no: int) -> str:
    if page.kind == "orders":
        ops = next(x for x in page.layers if x.kind == "dropdown")
        first = (page_no - 1) * ORDERS_PER_PAGE
        rows = []
        for k, order in enumerate(ORDER_IDS[first:first + ORDERS_PER_PAGE]):
            menu = "".join(f'<a role="menuitem" href="{_e(n.href.replace("{oid}", order))}">{_e(n.label)}</a>' for n in ops.navs)
            rows.append(f'<tr data-order="{order}"><td>{order}</td><td>{_e(_BRANDS[k])}点券</td><td>¥{30 + 10 * k}.00</td>'
                        f'<td>卡密已发放</td><td><a href="/member/order/{order}">查看详情</a><div class="op">'
                        f'<button type="button" class="btn op-toggle" aria-haspopup="menu" aria-expanded="false">操作</button>'
                        f'<div class="op-menu" role="menu" hidden>{menu}</div></div></td></tr>')
        pager = [f'<span class="cur">第 {page_no} 页</span>']
        for label, variant in _pager(_variant(page_no)):
            k = int(variant[1:]) if variant else 1
            pager.append(f'<a href="/member/orders{"" if k == 1 else f"?page={k}"}">{_e(label)}</a>')
        return ('<table class="orders"><tr><th>订单号</th><th>商品</th><th>金额</th><th>状态</th><th>操作</th></tr>'
                + "".join(rows) + '</table><div class="pager">' + "".join(pager) + "</div>")
    if page.kind == "order":
        return f'<p>订单号：{oid}　状态：卡密已发放（未使用）　下单时间：2026-11-27 09:30</p>'
    if page.kind == "apply":
        return (f'<p>订单号：{oid}。卡密未使用且在 24 小时内可申请退单。</p>'
                f'<form class="apply" method="post" action="/refund/submit/{oid}" enctype="multipart/form-data">'
                '<label for="reason">退单原因</label><select id="reason" name="reason" required>'
                '<option value="">请选择</option><option>商品未到账</option><option>充错区服/金额</option>'
                '<option>重复扣费</option><option>其他</option></select>'
                '<label for="description">问题描述</label><textarea id="description" name="description" rows="4"></textarea>'
                '<label for="evidence">上传凭证</label><input type="file" id="evidence" name="evidence" accept="image/*">'
                '<p><button type="submit" class="btn" id="submit-refund">提交申请</button></p></form>')
    if page.kind == "feedback":
        return ('<form class="apply" method="post" action="/help/feedback">'
                '<label for="ftype">反馈类型</label><select id="ftype" name="type"><option value="">请选择</option>'
                '<option>网站问题</option><option>服务态度</option><option>其他</option></select>'
                '<label for="fcontent">反馈内容</label><textarea id="fcontent" name="content" rows="4"></textarea>'
                '<p><button type="submit" class="btn">提交</button></p></form>')
    if page.kind == "refunds":
        return "<p>暂无退款记录。</p>"
    if page.kind == "recharges":
        return "<table class='orders'>" + "".join(
            f"<tr><td>CZ2026112{i:03d}</td><td>¥{50 * i}.00</td><td>成功</td></tr>" for i in range(1, 6)) + "</table>"
    if page.kind == "exchange":
        return "<p>换货服务暂未开放，如有疑问请联系客服。</p>"
    return ""


def render(site: Site, path: str, query: str = "") -> tuple[int, str]:
    """The HTML of ``path`` (status, body); 404 for anything the site does not have."""
    page = _page_for_path(site, path)
    if page is None:
        if path == "/logout":
            return 200, _document("已退出", "<p>您已退出登录。</p><a href='/'>返回首页</a>")
        return 404, _document("页面不存在", "<p>404</p><a href='/'>返回首页</a>")
    oid = path.rsplit("/", 1)[1] if "{oid}" in page.path else ORDER_IDS[0]
    page_no = 1
    if page.kind == "orders":
        try:
            page_no = int((parse_qs(query).get("page") or ["1"])[0])
        except ValueError:
            page_no = 0
        if not 1 <= page_no <= ORDER_PAGES:
            return 404, _document("页面不存在", "<p>404</p>")
    side = ""
    if page.layout == "member":
        side = '<aside class="side">' + "".join(_nav_html(n, oid) for n in SIDEBAR) + "</aside>"
    body = (f"{_header_html(site, page)}<div class='wrap'>{side}<main><h1>{_e(page.title)}</h1>"
            f"{_special_html(site, page, oid, page_no)}{_navs_html(page.navs, oid)}{_layer_html(page, '', oid)}"
            f"{_tabs_html(page, oid)}</main></div>"
            f"<footer class='foot'>{''.join(_nav_html(n, oid) for n in FOOTER)}</footer>")
    return 200, _document(page.title, body)


def _document(title: str, body: str) -> str:
    # Style, script and logo are files of their own, as on a real shop: on a slow server each costs a
    # round trip unless the browser's cache answers it.
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)} - {SHOP}</title>'
            f'<link rel="stylesheet" href="/static/shop.css"></head><body>'
            f'<img src="/static/logo.png" alt="" width="1" height="1" style="position:absolute">{body}'
            f'<script src="/static/shop.js"></script></body></html>')


# A 1x1 transparent PNG (the shop's logo stand-in).
_LOGO = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d4944415478da6300010000050001b4e6a3d40000000049454e44ae426082")
STATIC = {"/static/shop.css": ("text/css; charset=utf-8", CSS.encode("utf-8")),
          "/static/shop.js": ("application/javascript; charset=utf-8", JS.encode("utf-8")),
          "/static/logo.png": ("image/png", _LOGO)}


# -- the server ----------------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: Chromium reuses the connection
    disable_nagle_algorithm = True  # TCP_NODELAY: no 40 ms Nagle + delayed-ACK stall per response
    server: _Server

    def do_GET(self) -> None:
        if self.server.latency_s:
            time.sleep(self.server.latency_s)  # the slow server: every request, pages and files alike
        parts = urlsplit(self.path)
        with self.server.lock:
            self.server.hits += 1
        if parts.path in STATIC:
            kind, body = STATIC[parts.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(body)
            return
        status, text = render(self.server.site, parts.path, parts.query)
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # the crawlers must never submit: count it and refuse
        with self.server.lock:
            self.server.posts.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.lock = threading.Lock()
        self.hits = 0
        self.latency_s = 0.0
        self.posts: list[str] = []


class SyntheticServer:
    """Serves a :class:`Site` on 127.0.0.1 (free port) in a background thread; a context manager.
    ``latency_ms`` delays every request (a slow real server)."""

    def __init__(self, site: Site, latency_ms: int = 0) -> None:
        self.site = site
        self._server = _Server(site)
        self._server.latency_s = latency_ms / 1000.0
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="synthetic-shop", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def hits(self) -> int:
        return self._server.hits

    @property
    def posts(self) -> list[str]:
        return list(self._server.posts)

    def start(self) -> SyntheticServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SyntheticServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
