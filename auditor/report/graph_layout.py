"""A deterministic layered layout of the navigation graph, for the inline SVG of report.html.

Columns are click depth (left to right, like the path strip above it). The path to the refund
application is pinned to the top row, so it reads as one straight line; every other state in a column
is ordered by the mean row of its parents (the barycentre heuristic of layered drawing), ties broken
by kind and id, so the same graph always draws the same picture. Big graphs stay legible: a column
keeps at most ``max_per_column`` states (important ones first, the rest folded into "+N"), and past
``label_limit`` drawn states only important ones carry a visible label (all keep a hover title).

Pure: returns numbers and strings; the template escapes every label.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

# Kinds a reader looks for; they are drawn first in a column and always labelled.
IMPORTANT = ("start", "application", "appeal", "path", "decoy", "error")
KIND_ORDER = {kind: i for i, kind in enumerate((*IMPORTANT, "other"))}

COL_GAP = 172
ROW_GAP = 50
DENSE_ROW_GAP = 30  # used when labels are hidden: rows need no room for text
MARGIN_X = 70
MARGIN_Y = 34
LABEL_CHARS = 10
EDGE_LABEL_CHARS = 8


@dataclass(frozen=True)
class NodeBox:
    """A drawn state: position, radius, visible (short) label and full hover title."""

    id: str
    x: float
    y: float
    r: float
    kind: str
    label: str
    title: str
    on_path: bool
    show_label: bool
    folded: int = 0  # > 0: this is a "+N more" placeholder for N folded states
    label_side: str = "below"  # below | right (dense columns have no room below)


@dataclass(frozen=True)
class EdgeLine:
    """A drawn transition: SVG path data plus what it means."""

    d: str
    on_path: bool
    inferred: bool
    title: str
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass(frozen=True)
class GraphLayout:
    """Everything the SVG template needs; ``folded`` counts states not drawn individually."""

    width: int
    height: int
    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgeLine, ...]
    columns: tuple[tuple[float, int], ...]  # (x, depth) of each column, for the depth ruler
    folded: int = 0
    total_nodes: int = 0
    total_edges: int = 0
    labels_limited: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.nodes


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters with an ellipsis; collapse whitespace.

    >>> shorten("申请  退款", 10)
    '申请 退款'
    >>> shorten("abcdefghijkl", 5)
    'abcd…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def layout_graph(graph: dict[str, Any], *, max_per_column: int = 18, label_limit: int = 60) -> GraphLayout:
    """Lay out ``Report.graph`` (nodes with id/label/url/depth/kind, edges with source/target/on_path).

    >>> g = {"nodes": [{"id": "a", "depth": 0, "kind": "start"}, {"id": "b", "depth": 1, "kind": "application"}],
    ...      "edges": [{"source": "a", "target": "b", "label": "退款", "on_path": True}]}
    >>> lay = layout_graph(g)
    >>> [(n.id, n.x, n.y) for n in lay.nodes]
    [('a', 70, 34), ('b', 242, 34)]
    >>> lay.edges[0].on_path
    True
    """
    raw_nodes = {str(n["id"]): n for n in graph.get("nodes", []) if "id" in n}
    raw_edges = [e for e in graph.get("edges", []) if str(e.get("source")) in raw_nodes
                 and str(e.get("target")) in raw_nodes]
    if not raw_nodes:
        return GraphLayout(0, 0, (), (), (), total_nodes=0, total_edges=len(graph.get("edges", [])))

    on_path = _path_nodes(raw_nodes, raw_edges)
    depth = _depths(raw_nodes, raw_edges)
    parents: dict[str, list[str]] = defaultdict(list)
    for e in raw_edges:
        parents[str(e["target"])].append(str(e["source"]))

    columns: dict[int, list[str]] = defaultdict(list)
    for nid in raw_nodes:
        columns[depth[nid]].append(nid)

    row: dict[str, float] = {}
    kept: dict[int, list[str]] = {}
    folded: dict[int, int] = {}
    for col in sorted(columns):
        ids = columns[col]

        def key(nid: str) -> tuple[int, float, int, str]:
            placed = [row[p] for p in parents.get(nid, ()) if p in row]
            bary = sum(placed) / len(placed) if placed else float("inf")
            return (0 if nid in on_path else 1, bary, KIND_ORDER.get(_kind(raw_nodes[nid]), 99), nid)

        ordered = sorted(ids, key=key)
        important = [n for n in ordered if n in on_path or _kind(raw_nodes[n]) in IMPORTANT]
        rest = [n for n in ordered if n not in important]
        room = max(max_per_column - len(important), 0)
        keep = important + rest[:room]
        keep.sort(key=ordered.index)
        kept[col] = keep
        folded[col] = len(ids) - len(keep)
        for i, nid in enumerate(keep):
            row[nid] = i

    drawn = sum(len(v) for v in kept.values())
    labels_limited = drawn > label_limit
    row_gap = DENSE_ROW_GAP if labels_limited else ROW_GAP

    def row_y(i: int) -> float:
        # The path row keeps full room for its labels even when the rest is packed.
        return MARGIN_Y + (0 if i == 0 else ROW_GAP + (i - 1) * row_gap)

    col_x = {col: MARGIN_X + i * COL_GAP for i, col in enumerate(sorted(kept))}

    boxes: list[NodeBox] = []
    pos: dict[str, tuple[float, float, float]] = {}
    for col, ids in sorted(kept.items()):
        for i, nid in enumerate(ids):
            node = raw_nodes[nid]
            kind = _kind(node)
            important_node = nid in on_path or kind in IMPORTANT
            r = 9.0 if kind == "application" else 7.0 if important_node else 5.0
            x, y = col_x[col], row_y(i)
            pos[nid] = (x, y, r)
            label = str(node.get("label") or nid)
            title = " · ".join(p for p in (label, str(node.get("url") or ""), kind, f"depth {col}") if p)
            side = "right" if labels_limited and nid not in on_path else "below"
            boxes.append(NodeBox(nid, x, y, r, kind, shorten(label, LABEL_CHARS), title, nid in on_path,
                                 important_node or not labels_limited, label_side=side))
        if folded[col]:
            y = row_y(len(ids))
            boxes.append(NodeBox(f"+{col}", col_x[col], y, 5.0, "folded", f"+{folded[col]}",
                                 f"{folded[col]} more states at depth {col}", False, True, folded[col]))

    lines, lowest = _edges(raw_edges, pos, forward_only=labels_limited)
    bottom = max(max((b.y for b in boxes), default=0), lowest)
    width = int(MARGIN_X + (len(kept) - 1) * COL_GAP + MARGIN_X + 20)
    height = int(bottom + MARGIN_Y + 10)
    notes = []
    if sum(folded.values()):
        notes.append(f"{sum(folded.values())} states folded (at most {max_per_column} per depth are drawn)")
    if labels_limited:
        notes.append("labels shown for the path, the application, decoys and appeals only; hover for others")
        notes.append("back and sideways transitions are not drawn in a graph this size")
    return GraphLayout(
        width, height, tuple(boxes), tuple(lines), tuple((col_x[c], c) for c in sorted(kept)),
        folded=sum(folded.values()), total_nodes=len(raw_nodes), total_edges=len(graph.get("edges", [])),
        labels_limited=labels_limited, notes=tuple(notes),
    )


def _kind(node: dict[str, Any]) -> str:
    kind = str(node.get("kind") or "other")
    return kind if kind in KIND_ORDER else "other"


def _path_nodes(nodes: dict[str, Any], edges: list[dict[str, Any]]) -> set[str]:
    on = {str(e["source"]) for e in edges if e.get("on_path")} | {str(e["target"]) for e in edges if e.get("on_path")}
    on |= {nid for nid, n in nodes.items() if _kind(n) in ("path", "application")}
    if on:  # the path starts at the start state even when no edge is flagged from it
        on |= {nid for nid, n in nodes.items() if _kind(n) == "start"}
    return on


def _depths(nodes: dict[str, Any], edges: list[dict[str, Any]]) -> dict[str, int]:
    """The crawl's depth when given, else BFS from the start; unreachable states go one column past the end."""
    depth: dict[str, int] = {}
    for nid, n in nodes.items():
        d = n.get("depth")
        if isinstance(d, int) and not isinstance(d, bool) and d >= 0:
            depth[nid] = d
    missing = [nid for nid in nodes if nid not in depth]
    if missing:
        children: dict[str, list[str]] = defaultdict(list)
        for e in edges:
            children[str(e["source"])].append(str(e["target"]))
        starts = [nid for nid, n in nodes.items() if _kind(n) == "start"] or sorted(nodes)[:1]
        queue = deque((s, depth.get(s, 0)) for s in starts)
        seen = set(starts)
        while queue:
            nid, d = queue.popleft()
            depth.setdefault(nid, d)
            for child in sorted(children.get(nid, ())):
                if child not in seen:
                    seen.add(child)
                    queue.append((child, depth.get(nid, d) + 1))
        last = max(depth.values(), default=0)
        for nid in missing:
            depth.setdefault(nid, last + 1)
    return depth


def _edges(edges: list[dict[str, Any]], pos: dict[str, tuple[float, float, float]], *,
           forward_only: bool) -> tuple[list[EdgeLine], float]:
    """Drawn edges (one per state pair) and the lowest y any of them reaches."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in edges:
        s, t = str(e["source"]), str(e["target"])
        if s in pos and t in pos and s != t:
            grouped.setdefault((s, t), []).append(e)
    lines = []
    lowest = 0.0
    for (s, t), group in sorted(grouped.items()):
        x1, y1, r1 = pos[s]
        x2, y2, r2 = pos[t]
        path_edge = next((e for e in group if e.get("on_path")), None)
        if forward_only and x2 <= x1 and path_edge is None:
            continue  # in a big graph back edges are noise: the count is in the header
        if x2 > x1:  # forward: an S-curve from the right of the source to the left of the target
            sx, tx = x1 + r1, x2 - r2 - 3
            mid = (sx + tx) / 2
            d = f"M{sx:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {tx:.1f},{y2:.1f}"
        else:  # back or sideways: bow out below so it never hides the forward edges
            bow = max(abs(y2 - y1) / 2, 18) + 14
            lowest = max(lowest, max(y1, y2) + bow * 0.75)  # a cubic's peak is 3/4 of its control offset
            d = (f"M{x1:.1f},{y1 + r1:.1f} C{x1 + 30:.1f},{max(y1, y2) + bow:.1f} "
                 f"{x2 - 30:.1f},{max(y1, y2) + bow:.1f} {x2:.1f},{y2 + r2 + 3:.1f}")
        labels = sorted({str(e.get("label") or "") for e in group} - {""})
        title = "; ".join(f"{lab} ({e_action})" for lab, e_action in
                          sorted({(str(e.get("label") or ""), str(e.get("action") or "")) for e in group}))
        inferred = all(bool(e.get("inferred")) for e in group)
        if path_edge is not None:
            label = shorten(str(path_edge.get("label") or ""), EDGE_LABEL_CHARS)
            lines.append(EdgeLine(d, True, False, title or "", label, (x1 + x2) / 2, min(y1, y2) - 11))
        else:
            lines.append(EdgeLine(d, False, inferred, title or ", ".join(labels)))
    # Path edges last, so they are drawn on top.
    return sorted(lines, key=lambda line: line.on_path), lowest
