"""Find the refund application in the graph, the entry that opens it, every route to it, and the
refund-looking controls that do not lead there (decoys and competitors).

The application is a state the detector accepts (a form in refund words, see :mod:`auditor.audit.detect`);
the **entry** is the last control on the shortest path from the start to it. A label alone never makes
an entry: 退款说明 is a page about refunds, 退款进度 a list, and 售后维权 may be the real thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ...report.model import Candidate, Entry, Route, Step
from ..detect import Detection, detect, detect_dialog
from ..graph import NavGraph, edge_label
from ..lexicon import LabelMatch, Lexicon, normalize, tier_rank
from ..model import FormField, FormInfo

_CUSTOMER_SERVICE = re.compile(r"客服|咨询|联系我们|联系商家|联系卖家|聯絡|聯繫|contact|support|kefu|chat", re.I)
# Text that talks about customer service without being a way to reach it: a fraud warning (警惕冒充客服),
# a notice, an FAQ answer. Quoted as evidence, never taken for a channel.
_MENTION_ONLY = re.compile(r"警惕|谨防|防范|诈骗|冒充|骗子|假冒|小心|提醒|公告|通知|须知|【|如何|怎么|warning|scam|fraud|beware", re.I)
_CHANNEL_MAX = 12  # a channel is a control's short name; a longer text is a sentence about one
_ROLE_KINDS = ("exact", "synonym", "vague", "decoy", "appeal")
_ROLE_RANK = {"entry": 4, "path": 3, "route": 2, "competitor": 1, "decoy": 0}


@dataclass(frozen=True)
class EntryAnalysis:
    """The entry, its routes and the candidates, plus the state sets later metrics reuse."""

    entry: Entry
    routes: tuple[Route, ...]
    candidates: tuple[Candidate, ...]
    applications: frozenset[str]
    appeals: frozenset[str]
    path: tuple[dict[str, Any], ...]  # raw graph steps of the entry path (edge attributes)
    depths: dict[str, int]


def state_detection(attrs: dict[str, Any], lexicon: Lexicon) -> Detection:
    """Re-run the application detector on a stored state (so a saved crawl can be re-audited); a state
    that is a confirm() (a one-click refund) is judged by its question."""
    dialog = attrs.get("dialog") or {}
    if dialog.get("type") == "confirm":
        return detect_dialog(str(dialog.get("message", "")), lexicon)
    forms = [_form(f) for f in attrs.get("forms", [])]
    return detect(forms, attrs.get("headings", []), attrs.get("title", ""), lexicon)


def label_match(step: dict[str, Any], lexicon: Lexicon) -> LabelMatch:
    """The lexicon's reading of a control from its names (icon hint as the last resort)."""
    visibility = step.get("visibility") or {}
    names = visibility.get("names") or [edge_label(step)]
    match = lexicon.classify_best(names)
    if match.kind is None and visibility.get("icon_hint"):
        match = lexicon.classify_icon(visibility["icon_hint"])
    return match


def is_customer_service(label: str) -> bool:
    """Whether a control's label names a customer-service channel (在线客服, 联系客服, contact, support …).

    A notice or warning that mentions 客服 is not one:

    >>> is_customer_service("在线客服"), is_customer_service("申请退单")
    (True, False)
    >>> is_customer_service("【公告】警惕冒充客服的诈骗行为")
    False
    """
    text = label or ""
    return (bool(_CUSTOMER_SERVICE.search(text)) and len(normalize(text)) <= _CHANNEL_MAX
            and not _MENTION_ONLY.search(text))


def mentions_customer_service(text: str) -> bool:
    """Text about customer service that is not a channel (a fraud warning, an FAQ answer).

    >>> mentions_customer_service("【公告】警惕冒充客服的诈骗行为"), mentions_customer_service("在线客服")
    (True, False)
    """
    return bool(_CUSTOMER_SERVICE.search(text or "")) and not is_customer_service(text)


def route_kind(steps: Iterable[dict[str, Any]]) -> str:
    """navigation, search (a search was submitted on the way) or customer-service."""
    steps = list(steps)
    if any(s.get("action") == "search" for s in steps):
        return "search"
    if any(is_customer_service(edge_label(s)) for s in steps):
        return "customer-service"
    return "navigation"


def analyze_entry(graph: NavGraph, lexicon: Lexicon) -> EntryAnalysis:
    """Locate applications and the entry; list routes and refund-looking candidates."""
    detections = {sid: state_detection(attrs, lexicon) for sid, attrs in graph.states()}
    applications = frozenset(s for s, d in detections.items() if d.kind == "refund")
    appeals = frozenset(s for s, d in detections.items() if d.kind == "appeal")
    depths = graph.depths()
    reachable = sorted((depths[s], s) for s in applications if s in depths)
    entry = Entry(found=False)
    path: list[dict[str, Any]] = []
    if reachable:
        # Shortest first; among equals the best-named entry, then the state id (deterministic).
        options = []
        for _depth, state in reachable:
            steps = graph.path_to(state)
            if steps:
                options.append((len(steps), tier_rank(label_match(steps[-1], lexicon).tier), state, steps))
        if options:
            _n, _rank, state, path = min(options, key=lambda o: (o[0], o[1], o[2]))
            entry = _entry(graph, state, path, lexicon)
    routes = _routes(graph, applications, depths, lexicon)
    candidates = _candidates(graph, applications, depths, lexicon, entry, path)
    return EntryAnalysis(entry, routes, candidates, applications, appeals, tuple(path), depths)


def to_steps(graph: NavGraph, path: Iterable[dict[str, Any]], lexicon: Lexicon,
             hiding: dict[int, tuple[str, ...]] | None = None) -> tuple[Step, ...]:
    """Graph edges as report steps."""
    out = []
    for i, s in enumerate(path):
        match = label_match(s, lexicon)
        out.append(Step(
            action=s.get("action", "click"), label=s.get("label", ""), url=s.get("url", ""),
            state=s.get("source", ""), target=s.get("target", ""), tier=match.tier or match.kind,
            hiding=(hiding or {}).get(i, ()), new_tab=bool(s.get("new_tab")),
        ))
    return tuple(out)


def _entry(graph: NavGraph, state: str, path: list[dict[str, Any]], lexicon: Lexicon) -> Entry:
    last = path[-1]
    match = label_match(last, lexicon)
    names = tuple((last.get("visibility") or {}).get("names") or [last.get("control_label", "")])
    kind = route_kind(path)
    return Entry(
        found=True, label=edge_label(last), match=match.tier or "none", depth=len(path),
        path=to_steps(graph, path, lexicon), url=graph.state(state).get("url"), state=state, names=names,
        route_kind=kind, route_tier=_route_tier(path, lexicon),
        dialog=(graph.state(state).get("dialog") or {}).get("message"),
    )


def _route_tier(path: list[dict[str, Any]], lexicon: Lexicon) -> str | None:
    """The clearest refund word a person met on the way: the term searched (退单), else the best tier
    among the path's labels. An entry named 立即申请 reached by searching 退单 has the route tier exact.

    >>> from auditor.audit.lexicon import load_lexicon
    >>> _route_tier([{"action": "search", "term": "退单", "label": "搜索: 退单"}, {"control_label": "立即申请"}], load_lexicon())
    'exact'
    """
    tiers = []
    for step in path:
        if step.get("action") == "search" and step.get("term"):
            tiers.append(lexicon.classify(str(step["term"])).tier)
        else:
            tiers.append(label_match(step, lexicon).tier)
    known = [t for t in tiers if t]
    return min(known, key=tier_rank) if known else None


def _routes(graph: NavGraph, applications: frozenset[str], depths: dict[str, int],
            lexicon: Lexicon) -> tuple[Route, ...]:
    seen: dict[tuple[str, str], Route] = {}
    for source, target, _key, data in graph.transitions():
        if target not in applications or source in applications or source not in depths:
            continue
        steps = [*graph.path_to(source), {**data, "source": source, "target": target}]
        label = edge_label(data)
        ident = (normalize(label), graph.state(source).get("template", ""))
        route = Route(
            label=label, match=label_match(data, lexicon).tier, depth=len(steps), kind=route_kind(steps),
            path_labels=tuple(s.get("label", "") for s in steps), source_url=data.get("url", ""),
        )
        if ident not in seen or route.depth < seen[ident].depth:
            seen[ident] = route
    return tuple(sorted(seen.values(), key=lambda r: (r.depth, r.label, r.source_url)))


def distance_to(graph: NavGraph, targets: Iterable[str]) -> dict[str, int]:
    """Fewest actions from every state to the nearest of ``targets`` (the applications)."""
    goal = set(targets)
    if not goal:
        return {}
    return dict(nx.multi_source_dijkstra_path_length(graph.g.reverse(copy=False), goal, weight=lambda *_: 1))


def _candidates(graph: NavGraph, applications: frozenset[str], depths: dict[str, int], lexicon: Lexicon,
                entry: Entry, path: list[dict[str, Any]]) -> tuple[Candidate, ...]:
    """Refund-looking controls and what they are. A decoy is one whose activation brings the person no
    closer to the application (a policy page, a list of past requests); the controls of the entry path
    and any that do bring them closer (退款/退货 opening the service-type chooser) are never decoys."""
    best: dict[str, Candidate] = {}
    distance = distance_to(graph, applications)
    far = 10**6
    on_path = {normalize(edge_label(s)) for s in path[:-1]}
    for source, target, _key, data in graph.transitions():
        if source not in depths or source in applications:
            continue
        label = edge_label(data)
        match = label_match(data, lexicon)
        if match.kind not in _ROLE_KINDS or (len(normalize(label)) > 10 and not match.whole):
            continue  # long sentences (notice titles) mention 客服 or 退款 without being controls for it
        leads = target in applications
        closer = distance.get(target, far) < distance.get(source, far)
        if entry.found and normalize(label) == normalize(entry.label or "") and leads:
            role = "entry"
        elif normalize(label) in on_path:
            role = "path"
        elif leads or (closer and match.kind != "decoy"):
            role = "route"
        elif match.kind == "decoy" or match.tier in ("exact", "synonym"):
            role = "decoy"
        else:
            role = "competitor"
        cand = Candidate(label=label, match=match.tier or match.kind, depth=depths[source] + 1,
                         leads_to_refund=leads or closer, role=role, url=data.get("url", ""))
        key = normalize(label)
        old = best.get(key)
        # Keep the most telling sighting: one on the way to the refund wins, then the shallowest.
        if old is None or (_ROLE_RANK[cand.role], -(cand.depth or 0)) > (_ROLE_RANK[old.role], -(old.depth or 0)):
            best[key] = cand
    return tuple(sorted(best.values(), key=lambda c: (c.depth or 0, c.label)))


def not_activated(skipped: Iterable[dict[str, Any]], lexicon: Lexicon) -> tuple[Candidate, ...]:
    """Refund-looking controls the safety gate refused (e.g. 取消订单): reported, never clicked."""
    out = []
    for item in skipped:
        match = lexicon.classify(item.get("label", ""))
        if match.tier:
            out.append(Candidate(label=item.get("label", ""), match=match.tier, depth=None, leads_to_refund=None,
                                 role="not-activated", url=item.get("url", ""), note=item.get("reason", "")))
    return tuple(out)


def _form(data: dict[str, Any]) -> FormInfo:
    fields = tuple(FormField(**{**f, "options": tuple(f.get("options", ()))}) for f in data.get("fields", []))
    return FormInfo(
        path=data.get("path", ""), frame=tuple(data.get("frame", ())), shadow=tuple(data.get("shadow", ())),
        search=bool(data.get("search")), method=data.get("method", "get"), action=data.get("action", ""),
        in_overlay=bool(data.get("in_overlay")), tag=data.get("tag", "form"), fields=fields,
        submits=tuple(data.get("submits", ())),
    )
