"""The one safety gate every activation passes (Crawljax's crawl rules, Mathur's deny list).

A control is refused when its label (any of its names) hits the danger lexicon (log out, delete, pay,
confirm receipt, submit order …) or the profile's deny list, when it submits a form that is not a search
form (a submit button, or a script button named like one: 提交申请 outside its form), when it leads to an origin outside ``allow_origins``, when it is disabled, or when its URL scheme is
not a page (mailto:, tel:, downloads). No other code activates controls during exploration; the
in-page guard (guard.js) and the network guard are second and third lines behind this one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from ...audit.lexicon import Lexicon
from ...audit.model import Control, Snapshot

_DOWNLOAD = re.compile(r"\.(apk|exe|dmg|msi|zip|rar|7z|tar|gz|pdf|docx?|xlsx?)(\?|$)", re.I)
# URLs that end a session or change data whatever their link says (a "切换账号" link to /logout):
# refused even when the profile's deny list forgets them.
DANGER_URL = re.compile(
    r"log-?out|sign-?out|sign-?off|logoff|/exit(\b|/)|/quit(\b|/)|/delete|/destroy|/remove|/unbind"
    r"|/checkout|/cart/(clear|empty)|setlang|set_language"
    r"|/(account|user|member|profile)/(close|deactivate|disable|cancel|terminate|delete)"
    r"|/(deactivate|unsubscribe|unlink|cancel[-_]?(subscription|membership|account|auto[-_]?renew))(\b|/)"
    r"|/(subscription|membership|auto[-_]?renew)/(cancel|stop|off|disable)",
    re.I,
)
# Where a shop sends a visitor without a session: a landing there means the session was lost.
_LOGIN_PATH = re.compile(r"/(login|signin|sign-in|logon|passport|sso)(\.\w+)?(/|$)", re.I)


def is_login_page(url: str, login_url: str) -> bool:
    """The URL is the login page's: the profile's login URL (its path, the query parameters it names,
    its #/route), or a login-shaped path or #/route.

    ``user.php?act=login`` is not ``user.php?act=order_list``; a login form on the home page ("/") says
    nothing by its URL: only a login-shaped path counts then.

    >>> is_login_page("http://s/login?next=/orders", "http://s/login"), is_login_page("http://s/member/login.html", "")
    (True, True)
    >>> is_login_page("http://s/user.php?act=order_list", "http://s/user.php?act=login"), is_login_page("http://s/#/login", "")
    (False, True)
    >>> is_login_page("http://s/", "http://s/"), is_login_page("http://s/blog/login-tips", "http://s/u/in")
    (False, False)
    """
    here, login = urlsplit(url), urlsplit(login_url)
    if any(_LOGIN_PATH.search(part) for part in (here.path, here.fragment)):
        return True
    login_path = login.path.rstrip("/")
    if not login_path or here.path.rstrip("/") != login_path:
        return False
    wanted = set(parse_qsl(login.query))
    return wanted <= set(parse_qsl(here.query)) and (not login.fragment or here.fragment == login.fragment)


def shows_login_form(snap: Snapshot, login_url: str) -> bool:
    """The page is the login page and asks for a password: a session that was lost, not a logged-in page
    that happens to live at the login URL (a member centre at /member once logged in)."""
    return is_login_page(snap.url, login_url) and any(
        f.type == "password" for form in snap.forms for f in form.fields)


# A query that carries out an action on GET (?confirm=1 on /account/close, ?action=delete): a person would
# have been asked first, so the link is the answer "yes".
DANGER_QUERY = re.compile(
    r"(^|&)(confirm(ed)?|sure|force|really)=(1|y|yes|true|on)(&|$)"
    r"|(^|&)(action|act|op|do|method|cmd)=(delete|del|remove|destroy|close|cancel|logout|unbind|deactivate|clear|pay)(&|$)",
    re.I,
)


def _acting_url(path: str, query: str) -> str | None:
    """Whether a URL acts by being loaded: its path (logout, delete …) or its query (?confirm=1)."""
    if DANGER_URL.search(path):
        return "danger-url"
    if DANGER_QUERY.search(query):
        return "danger-query"
    return None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Gate:
    """Decides whether exploration may activate a control; ``refusal`` returns the reason or None."""

    lexicon: Lexicon
    home_origin: str
    allow_origins: frozenset[str]
    deny: tuple[str, ...]
    read_only_posts: tuple[str, ...] = ()  # the profile's named read-only POST endpoints (order lists, badges)

    def post_allowed(self, url: str) -> bool:
        """A non-GET request the profile declared read-only (same origin, path named in ``read_only_posts``)."""
        if not self.read_only_posts or origin_of(url) != self.home_origin:
            return False
        path = urlsplit(url).path
        return any(entry and (path == entry or path.startswith(entry.rstrip("/") + "/") or entry in path)
                   for entry in self.read_only_posts)

    def origin_allowed(self, url: str) -> bool:
        origin = origin_of(url)
        return origin == self.home_origin or origin in self.allow_origins

    def refusal(self, control: Control, page_url: str = "", dialog_text: str = "") -> str | None:
        """Why ``control`` must not be activated while exploring, or None when it is safe.

        ``dialog_text`` is what the dialog or popover holding the control says: its bland 确定 is the
        answer to the question there ("确定删除该订单?" makes it a delete)."""
        question = dialog_text if control.in_overlay else ""
        named = self.label_refusal(control.names, control.href, question, answer=control.label)
        if named:
            return named
        if control.form_role in ("submit", "reset"):
            return "form-submit"
        if not control.plain_link and any(n and self.lexicon.is_final_submit(n) for n in control.names):
            return "final-submit"  # 提交工单 as a script button outside its form submits it; as a link it only opens it
        if control.disabled:
            return "disabled"
        href = control.href
        if href:
            scheme = urlsplit(href).scheme.lower()
            if scheme in ("mailto", "tel", "sms", "weixin", "alipays", "tencent", "mqq", "data", "blob", "file"):
                return f"scheme:{scheme}"
            if scheme in ("http", "https"):
                if not self.origin_allowed(href):
                    return "off-origin"
                parts = urlsplit(href)
                acts = _acting_url(parts.path, parts.query)
                if acts:
                    return acts
                if _DOWNLOAD.search(parts.path):
                    return "download"
        return None

    def label_refusal(self, names: Iterable[str], href: str = "", question: str = "", *, answer: str = "") -> str | None:
        """The rules that need only what a control is called and where it links: a danger word in any of
        its ``names``, the bland "yes" (``answer``: 确定, OK) of a dialog whose ``question`` is in danger
        words (it does what is asked: "确定删除该订单?" makes it a delete), the deny list. Used by
        :meth:`refusal` and by the Driver for a recorded step, where only the label is known."""
        names = [n for n in names if n]
        for name in names:
            term = self.lexicon.danger(name)
            if term:
                return f"danger:{term}"
        if question and answer and self.lexicon.is_answer(answer):
            term = self.lexicon.danger(question)
            if term:
                return f"danger-dialog:{term}"
        haystack = " ".join([*names, href])
        for entry in self.deny:
            if entry and entry in haystack:
                return f"deny:{entry}"
        return None

    def url_refusal(self, url: str) -> str | None:
        """Why a URL the site navigates to (not a control) must not be followed, or None."""
        if not url.startswith(("http://", "https://")):
            return None
        if not self.origin_allowed(url):
            return "off-origin"
        return self.data_url_refusal(url)

    def data_url_refusal(self, url: str) -> str | None:
        """Why a script's GET (fetch, XHR) or one of its redirect hops must not be sent, or None: a path or
        query that acts (``/logout``, ``?action=delete``) or the deny list. Other origins are how pages
        load their data (an API host, a CDN), so they are not refused here."""
        if not url.startswith(("http://", "https://")):
            return None
        parts = urlsplit(url)
        acts = _acting_url(parts.path, parts.query)
        if acts:
            return acts
        for entry in self.deny:
            if entry and entry in url:
                return f"deny:{entry}"
        return None
