"""The navigation graph's layout: deterministic, path on one row, big graphs folded and quiet."""

from __future__ import annotations

import random
from typing import Any

from auditor.report.graph_layout import layout_graph


def _chain(n: int, fan: int) -> dict[str, Any]:
    nodes = [{"id": "s0", "label": "首页", "depth": 0, "kind": "start"}]
    edges = []
    for i in range(1, n + 1):
        nodes.append({"id": f"p{i}", "label": f"第{i}步", "depth": i, "kind": "application" if i == n else "path"})
        edges.append({"source": "s0" if i == 1 else f"p{i - 1}", "target": f"p{i}", "label": f"第{i}步",
                      "on_path": True})
    for j in range(fan):
        nodes.append({"id": f"x{j:03d}", "label": f"商品{j}", "depth": 1 + j % n, "kind": "decoy" if j == 0 else "other"})
        edges.append({"source": "s0", "target": f"x{j:03d}", "label": f"商品{j}", "inferred": j % 3 == 0})
    return {"nodes": nodes, "edges": edges}


def test_path_is_a_straight_top_row() -> None:
    lay = layout_graph(_chain(4, 10))
    path = [n for n in lay.nodes if n.on_path]
    assert [n.id for n in path] == ["s0", "p1", "p2", "p3", "p4"]
    assert len({n.y for n in path}) == 1
    assert [n.x for n in path] == sorted(n.x for n in path)
    assert sum(e.on_path for e in lay.edges) == 4


def test_layout_is_deterministic_whatever_the_input_order() -> None:
    graph = _chain(3, 40)
    shuffled = {"nodes": graph["nodes"][:], "edges": graph["edges"][:]}
    random.Random(7).shuffle(shuffled["nodes"])
    random.Random(8).shuffle(shuffled["edges"])
    assert layout_graph(graph) == layout_graph(shuffled)


def test_big_graphs_fold_columns_and_limit_labels() -> None:
    lay = layout_graph(_chain(3, 300), max_per_column=18, label_limit=40)
    assert lay.total_nodes == 304 and lay.folded > 0
    assert any(n.folded for n in lay.nodes)
    assert lay.labels_limited
    labelled = [n for n in lay.nodes if n.show_label]
    assert all(n.on_path or n.kind in ("decoy", "folded") for n in labelled)
    assert max(sum(1 for n in lay.nodes if n.x == x and not n.folded) for x, _ in lay.columns) <= 18
    assert lay.height < 18 * 50 + 200


def test_missing_depths_fall_back_to_breadth_first() -> None:
    graph = {"nodes": [{"id": "a", "kind": "start"}, {"id": "b"}, {"id": "c"}, {"id": "lonely"}],
             "edges": [{"source": "a", "target": "b"}, {"source": "b", "target": "c"}]}
    lay = layout_graph(graph)
    x = {n.id: n.x for n in lay.nodes}
    assert x["a"] < x["b"] < x["c"] < x["lonely"]


def test_empty_graph() -> None:
    assert layout_graph({}).empty
