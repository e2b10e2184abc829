"""The navigation graph: UI states are nodes, user actions are edges (Crawljax's state-flow graph).

A :class:`NavGraph` wraps a ``networkx.MultiDiGraph`` (two controls on one state may lead to the same
state). Node and edge attributes are plain JSON data, so the graph round-trips through node-link JSON.

>>> g = NavGraph()
>>> g.add_state("s0", url="/home"); g.add_state("s1", url="/orders"); g.add_state("s2", url="/refund")
>>> g.add_transition("s0", "s1", "c1", action="click", label="我的订单")
>>> g.add_transition("s1", "s2", "c2", action="click", label="申请退单")
>>> g.root = "s0"
>>> g.depth_of("s2")
2
>>> [step["label"] for step in g.path_to("s2")]
['我的订单', '申请退单']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx


def edge_label(edge: Mapping[str, Any]) -> str:
    """What a person saw on the control a transition activated: its own label (``control_label``), else
    the transition's label (a search shows as ``搜索: 退单``). Every reader of an edge or a path step
    names it this way.

    >>> edge_label({"label": "搜索: 退单"}), edge_label({"control_label": "申请退单", "label": "x"}), edge_label({})
    ('搜索: 退单', '申请退单', '')
    """
    return str(edge.get("control_label") or edge.get("label") or "")


class NavGraph:
    """States and transitions of one crawl, plus the start state (``root``)."""

    def __init__(self) -> None:
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        self.root: str | None = None

    # -- building -------------------------------------------------------------------------------
    def add_state(self, state_id: str, **attrs: Any) -> None:
        """Add a state (or update its attributes)."""
        if state_id in self.g:
            self.g.nodes[state_id].update(attrs)
        else:
            self.g.add_node(state_id, **attrs)

    def add_transition(self, source: str, target: str, key: str, **attrs: Any) -> None:
        """Add the edge ``source --key--> target``; ``key`` identifies the control on ``source``."""
        self.g.add_edge(source, target, key=key, **attrs)

    # -- reading --------------------------------------------------------------------------------
    def __contains__(self, state_id: object) -> bool:
        return state_id in self.g

    def state(self, state_id: str) -> dict[str, Any]:
        return dict(self.g.nodes[state_id])

    def states(self) -> Iterator[tuple[str, dict[str, Any]]]:
        yield from self.g.nodes(data=True)

    def transitions(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        yield from self.g.edges(keys=True, data=True)

    @property
    def state_count(self) -> int:
        return int(self.g.number_of_nodes())

    @property
    def transition_count(self) -> int:
        return int(self.g.number_of_edges())

    def depths(self) -> dict[str, int]:
        """Shortest number of user actions from the root to every reachable state."""
        if self.root is None:
            return {}
        return dict(nx.single_source_shortest_path_length(self.g, self.root))

    def depth_of(self, state_id: str) -> int | None:
        """User actions from the root to ``state_id``, or None when unreachable."""
        return self.depths().get(state_id)

    def path_to(self, state_id: str, avoid: Iterable[str] = ()) -> list[dict[str, Any]]:
        """The shortest path from the root as steps (edge attributes plus ``source``/``target``).

        Among equally short paths the one whose edges sort first is chosen, so two runs agree.
        """
        if self.root is None:
            return []
        banned = set(avoid)
        view = nx.subgraph_view(self.g, filter_node=lambda n: n not in banned or n in (self.root, state_id))
        try:
            nodes = nx.shortest_path(view, self.root, state_id)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return []
        steps = []
        for source, target in itertools.pairwise(nodes):
            key = min(self.g[source][target])  # deterministic choice among parallel edges
            steps.append({"source": source, "target": target, "key": key, **self.g[source][target][key]})
        return steps

    def onward(self, source: str, goals: Iterable[str], within: int | None = None) -> list[dict[str, Any]]:
        """The edges out of ``source`` from which one of ``goals`` can be reached (in ``within`` more
        steps at most), nearest first (edge attributes plus ``source``/``target``): the other ways on
        from a page, e.g. each order line's refund link when the labels follow the order's status."""
        goal_set = [g for g in goals if g in self.g]
        if source not in self.g or not goal_set:
            return []
        distance = nx.multi_source_dijkstra_path_length(self.g.reverse(copy=False), goal_set)
        ways = [{"source": source, "target": t, "key": k, **data}
                for _s, t, k, data in self.g.out_edges(source, keys=True, data=True)
                if t in distance and (within is None or distance[t] <= within)]
        return sorted(ways, key=lambda w: (distance[w["target"]], str(w["key"])))

    # -- serialisation ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Node-link JSON (sorted, so two identical crawls serialise identically), plus the order in which
        the crawl found states and transitions: shortest paths break ties by it, so a graph read back
        gives the same entry path, and the same report, as the crawl's own."""
        nodes = [{"id": n, **d} for n, d in sorted(self.g.nodes(data=True))]
        links = [
            {"source": s, "target": t, "key": k, **d}
            for s, t, k, d in sorted(self.g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
        ]
        found = {"states": list(self.g.nodes), "transitions": [[s, t, k] for s, t, k in self.g.edges(keys=True)]}
        return {"directed": True, "multigraph": True, "root": self.root, "nodes": nodes, "links": links,
                "found_order": found}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NavGraph:
        graph = cls()
        graph.root = data.get("root")
        nodes = {node["id"]: node for node in data.get("nodes", [])}
        links = {(link["source"], link["target"], link["key"]): link for link in data.get("links", [])}
        found = data.get("found_order") or {}
        node_order = [n for n in found.get("states", []) if n in nodes] or list(nodes)
        link_order = [k for k in (tuple(x) for x in found.get("transitions", [])) if k in links] or list(links)
        seen_nodes, seen_links = set(node_order), set(link_order)
        for node_id in [*node_order, *(n for n in nodes if n not in seen_nodes)]:
            graph.add_state(node_id, **{k: v for k, v in nodes[node_id].items() if k != "id"})
        for key in [*link_order, *(k for k in links if k not in seen_links)]:
            link = links[key]
            attrs = {k: v for k, v in link.items() if k not in ("source", "target", "key")}
            graph.add_transition(link["source"], link["target"], link["key"], **attrs)
        return graph
