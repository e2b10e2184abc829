"""What counts as a new UI state: the one swappable function of the crawler (Crawljax's abstraction).

The rule: a state is the triple

1. the **URL template**: scheme, host, path and query with ids and numbers replaced by placeholders,
   tracking parameters dropped, the hash kept when it is a route (``#/orders``) and dropped when it is
   an anchor;
2. the **open overlay** kind (dialog, menu, dropdown, drawer …) or none;
3. the **visible interactive structure**: the set (not the list) of visible controls as
   (kind, tag or role, label with digits folded), plus the fields of visible forms.

So opening a dialog, a menu, a tab or an accordion changes the state (new controls appear), while the
same template with other data (order 1 vs order 2, page 1 vs page 2 of the same list) is one state.

Known limits: two pages that differ only in text (not in controls) under one URL template are merged
(e.g. two notices); a control whose label carries data without digits (a product name as a link) makes
pages of the same template differ; a page whose controls change on every visit (random recommendations)
explodes into many states, which the explorer caps per template.

>>> url_template("http://h/order/KM202611270001?tab=all&page=3&utm_source=x#top")
'http://h/order/{id}?page={n}&tab=all'
>>> url_template("http://h/app#/order/1001")
'http://h/app#/order/{n}'
>>> url_template("http://h/search?q=退单") == url_template("http://h/search?q=退款")
True
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from ...audit.model import Snapshot

_TRACKING = re.compile(r"^(utm_\w+|spm|_t|t|ts|timestamp|from|source|ref|_|v|rnd|random)$", re.I)
_NUMBER = re.compile(r"^\d+$")
_SEARCH_KEYS = re.compile(r"^(q|s|kw|wd|key|keyword|keywords|search|query|word|searchkey)$", re.I)
_IDLIKE = re.compile(r"^(?=.*\d{3,})[A-Za-z0-9_-]{5,}$|^[0-9a-f]{16,}$|^[0-9a-f-]{32,36}$", re.I)
_DIGITS = re.compile(r"\d+(?:[.,:]\d+)*")


def _template_segment(segment: str) -> str:
    if _NUMBER.match(segment):
        return "{n}"
    if _IDLIKE.match(segment):
        return "{id}"
    return segment


def _template_path(path: str) -> str:
    return "/".join(_template_segment(s) for s in path.split("/"))


def url_template(url: str) -> str:
    """The URL with data (ids, numbers, tracking) abstracted; see the module docstring."""
    parts = urlsplit(url)
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if _TRACKING.match(key):
            continue
        if _SEARCH_KEYS.match(key):
            value = "{q}" if value else value  # what was searched is data; the results page is one state
        query.append((key, _template_segment(value) if value else value))
    query.sort()
    text = f"{parts.scheme}://{parts.netloc}{_template_path(parts.path) or '/'}"
    if query:
        text += "?" + urlencode(query, safe="{}")
    fragment = parts.fragment
    if fragment.startswith(("/", "!/")):  # a client-side route, not an anchor
        route = urlsplit(fragment.lstrip("!"))
        text += "#" + _template_path(route.path)
        if route.query:
            text += "?" + urlencode(sorted((k, _template_segment(v)) for k, v in parse_qsl(route.query)), safe="{}")
    return text


def fold_label(label: str) -> str:
    """Label with digits folded, so ``第2页`` and ``第3页`` (or order numbers) look alike.

    >>> fold_label("KM202611270001 ¥30.00")
    'KM# ¥#'
    """
    return _DIGITS.sub("#", label)[:40]


def dialog_gist(message: str) -> str:
    """A dialog's text with its numbers folded: each order row's confirm() names its own order and amount,
    but it is one question.

    >>> dialog_gist("确定要申请退款吗？订单号：KM202611270004") == dialog_gist("确定要申请退款吗？订单号：KM202611270001")
    True
    """
    return _DIGITS.sub("#", message).strip()


def same_dialog(wanted: str, message: str) -> bool:
    """Whether ``message`` is the dialog ``wanted`` names (its text, numbers aside)."""
    return dialog_gist(wanted) in dialog_gist(message)


def structure(snapshot: Snapshot) -> list[str]:
    """The visible interactive structure: sorted, de-duplicated control and form signatures."""
    items = {f"{c.kind}|{c.role or c.tag}|{fold_label(c.label)}" for c in snapshot.controls}
    for form in snapshot.forms:
        items.add("form|" + ",".join(sorted(f"{f.type}:{f.name or f.label}" for f in form.fields)))
    return sorted(items)


def state_key(snapshot: Snapshot) -> str:
    """The state id: a short hash of URL template, overlay kind and visible structure."""
    overlay = (snapshot.overlay or {}).get("kind") or ""
    blob = "\n".join([url_template(snapshot.url), overlay, *structure(snapshot)])
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]
