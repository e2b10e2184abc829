"""Naming ambiguity in [0, 1]: how likely a person who follows the words picks wrong.

The formula (information scent, Chi et al.; first-click success, Bailey & Wolfson)::

    score = 0.4 * T + 0.4 * C + 0.2 * D

* **T, the entry label's tier**: exact 0, synonym 0.5, vague or unnamed 1 (no entry: 1).
* **C, competition along the path**: at step *i* the person sees the chosen control and the
  *competitors*: other controls on the same state whose short labels are refund-related (exact,
  synonym, vague, decoy or appeal words) and whose activation brings the person no closer to the
  application. Each label pulls with its weight ``W`` (below) times its salience (footer links
  ×0.4; when the chosen control sits in an open menu or dialog, controls outside it ×0.3); the
  chance of the right pick is ``p_i = w(chosen) / (w(chosen) + Σ w(competitors))``.
  ``C = 1 - Π p_i`` is the chance of going wrong somewhere.
* **D, decoys**: ``min(1, distinct decoy labels on the site / 3)``: pages and buttons that say 退款 but
  are policy text, progress lists or status (退款说明, 退款进度, 退款记录 …).

The first click is *correct* when no competitor on the first step outweighs the chosen control.

>>> round(score(tier="exact", success=1.0, decoys=0), 2)
0.0
>>> round(score(tier="vague", success=0.25, decoys=3), 2)
0.9
>>> lex = _demo_lexicon()
>>> p_correct(weight("售后维权", lex), [weight(x, lex) for x in ("投诉建议", "退款说明", "问题反馈")])
0.23
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...report.model import Ambiguity
from ..graph import NavGraph, edge_label
from ..lexicon import Lexicon, normalize
from .entry import EntryAnalysis, distance_to, label_match

# How strongly a label pulls a person looking for the refund. Decoys pull hard: they say 退款.
W = {"exact": 1.0, "synonym": 0.7, "navigation": 0.6, "decoy": 0.5, "vague": 0.35, "appeal": 0.3}
W_OTHER = 0.15
FOOTER_SALIENCE = 0.4
OUTSIDE_MENU_SALIENCE = 0.3
SENTENCE = 10  # longer labels (notice titles, help sentences) are read, not clicked for a refund
TIER_TERM = {"exact": 0.0, "synonym": 0.5, "vague": 1.0}
FORMULA = "0.4*T(tier) + 0.4*(1 - Π p_correct(step)) + 0.2*min(1, decoys/3)"
_COMPETING = ("exact", "synonym", "vague", "decoy", "appeal")


def score(*, tier: str | None, success: float, decoys: int) -> float:
    """The combined score from the entry tier, the success probability along the path and decoys."""
    t = TIER_TERM.get(tier or "", 1.0)
    return round(0.4 * t + 0.4 * (1.0 - success) + 0.2 * min(1.0, decoys / 3.0), 3)


def weight(label: str, lexicon: Lexicon) -> float:
    """The pull of a label (see ``W``)."""
    match = lexicon.classify(label)
    return W.get(match.kind or "", W_OTHER)


def p_correct(chosen: float, competitors: Sequence[float]) -> float:
    """Chance that a person following the words picks the chosen pull over the competing pulls."""
    total = chosen + sum(competitors)
    return round(chosen / total, 2) if total else 1.0


def analyze_ambiguity(graph: NavGraph, analysis: EntryAnalysis, lexicon: Lexicon) -> Ambiguity:
    """Score the naming ambiguity of the entry path (see the module docstring)."""
    decoys = _decoy_labels(graph, analysis, lexicon)
    if not analysis.entry.found:  # no path to follow: nothing to score (the decoys are still listed)
        return Ambiguity(score=None, tier_term=1.0, competition=1.0, decoy_term=round(min(1.0, len(decoys) / 3), 3),
                         first_click_correct=None, success_probability=0.0, decoys=tuple(decoys), formula=FORMULA)
    distance = distance_to(graph, analysis.applications)
    steps: list[dict[str, Any]] = []
    success = 1.0
    first_ok: bool | None = None
    for i, step in enumerate(analysis.path):
        chosen = edge_label(step)
        competitors = _competitors(graph, step, distance, lexicon)
        pulls = [w for _label, w in competitors]
        p = p_correct(weight(chosen, lexicon), pulls)
        success *= p
        if i == 0:
            first_ok = all(w <= weight(chosen, lexicon) for w in pulls)
        steps.append({"label": chosen, "competitors": [label for label, _w in competitors], "p_correct": p})
    tier = label_match(analysis.path[-1], lexicon).tier
    total = score(tier=tier, success=success, decoys=len(decoys))
    return Ambiguity(
        score=total, tier_term=TIER_TERM.get(tier or "", 1.0), competition=round(1 - success, 3),
        decoy_term=round(min(1.0, len(decoys) / 3), 3), first_click_correct=first_ok,
        success_probability=round(success, 3), steps=tuple(steps), decoys=tuple(decoys), formula=FORMULA,
    )


def _competitors(graph: NavGraph, step: dict[str, Any], distance: dict[str, int],
                 lexicon: Lexicon) -> list[tuple[str, float]]:
    """Refund-scented labels on the step's state whose activation brings the person no closer, with
    their salience-weighted pull."""
    source = step["source"]
    chosen = normalize(edge_label(step))
    in_menu = bool((step.get("visibility") or {}).get("in_overlay"))
    here = distance.get(source, 10**6)
    good = {normalize(d.get("control_label") or "") for _s, t, _k, d in _out_edges(graph, source)
            if distance.get(t, 10**6) < here}
    out: dict[str, float] = {}
    for control in graph.state(source).get("controls", []):
        label = control.get("label", "")
        norm = normalize(label)
        if not label or norm == chosen or norm in good or control.get("kind") == "hover":
            continue
        match = lexicon.classify(label)
        if match.kind not in _COMPETING or lexicon.danger(label) is not None:
            continue
        if len(norm) > SENTENCE and not match.whole:
            continue
        pull = W.get(match.kind or "", W_OTHER)
        if control.get("region") == "footer":
            pull *= FOOTER_SALIENCE
        if in_menu and not control.get("in_overlay"):
            pull *= OUTSIDE_MENU_SALIENCE
        out[label] = max(out.get(label, 0.0), round(pull, 3))
    return sorted(out.items())


def _out_edges(graph: NavGraph, state: str) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    for target, edges in graph.g.adj[state].items():
        for key, data in edges.items():
            yield state, target, key, data


def _decoy_labels(graph: NavGraph, analysis: EntryAnalysis, lexicon: Lexicon) -> list[str]:
    """Distinct decoy labels among the site's controls (policy pages, progress lists, status words)."""
    found = {normalize(c.label): c.label for c in analysis.candidates if c.role == "decoy"}
    return sorted(found.values())


def _demo_lexicon() -> Lexicon:
    from ..lexicon import load_lexicon

    return load_lexicon()
