"""Continuous availability: is the entry, or one step to it, on every kind of order-related page?

EU Directive 2023/2673 (CRD Art. 11a) asks for a withdrawal function "continuously available"; §312k
BGB for a button "ständig verfügbar". A page *has the entry* when it has an edge into the application,
directly or through a menu or dialog opened in place (same URL); it is *one step from it* when it has an
edge to a page that has the entry. The rule is per kind (order list, order detail, user centre): each
kind seen must have a page with the entry or one step from it. Pages of orders that cannot be refunded
(used, expired, already refunded) legitimately lack it, so they are listed, not failed.
"""

from __future__ import annotations

from typing import Any

from ..graph import NavGraph
from .pages import page_kind


def analyze_continuity(graph: NavGraph, applications: frozenset[str]) -> dict[str, Any]:
    """Per order-related page: has the entry, is one step from it, or neither."""
    states = dict(graph.states())
    direct = {s for s, t, _k, _d in graph.transitions() if t in applications and s not in applications}
    # The entry behind a menu or dialog opened in place still sits on the page.
    in_place = {s for s, t, _k, _d in graph.transitions()
                if t in direct and not states[t].get("addressable")
                and states[t].get("url", "").split("#")[0] == states[s].get("url", "").split("#")[0]}
    has = direct | in_place
    one_before = {s for s, t, _k, _d in graph.transitions() if t in has}
    pages = []
    for sid, attrs in states.items():
        kind = page_kind(attrs)
        if kind is None or sid in applications or not attrs.get("addressable"):
            continue
        has_entry = sid in has
        one_step = has_entry or sid in one_before
        pages.append({"state": sid, "kind": kind, "url": attrs.get("url", ""), "has_entry": has_entry,
                      "one_step": one_step})
    pages.sort(key=lambda p: (p["kind"], p["url"]))
    seen = sorted({p["kind"] for p in pages})
    covered = sorted({p["kind"] for p in pages if p["one_step"]})
    missing_kinds = [k for k in seen if k not in covered]
    return {
        "pages": pages,
        "kinds_seen": seen,
        "kinds_covered": covered,
        "continuous": bool(applications) and bool(pages) and not missing_kinds,
        "missing": [{"kind": k, "url": next(p["url"] for p in pages if p["kind"] == k)} for k in missing_kinds],
        "pages_without": [{"kind": p["kind"], "url": p["url"]} for p in pages if not p["one_step"]][:20],
    }
