"""How hidden a control is: revealed only by hover or expand, tiny or faint text, below the fold,
footer-only, icon-only without a name, disabled, covered. Mathur's ``isVisuallyHidden`` cues plus WCAG
contrast.

>>> round(contrast_ratio("rgb(200, 200, 200)", "rgb(255, 255, 255)"), 2)
1.67
>>> contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)")
21.0
"""

from __future__ import annotations

import re
import statistics
from typing import Any

from ..graph import edge_label

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?\s*\)")

TINY_FONT_PX = 12.0  # below this, Chinese text is hard to read (GB/T and WCAG practice)
LOW_CONTRAST = 4.5  # WCAG 2.x AA for normal text


def parse_color(text: str) -> tuple[float, float, float, float] | None:
    """``rgb()``/``rgba()`` as (r, g, b, alpha); None when unparseable."""
    m = _RGB.search(text or "")
    if not m:
        return None
    alpha = m.group(4)
    a = 1.0 if alpha is None else (float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha))
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), a


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float | None:
    """WCAG contrast ratio of text colour on background (alpha blended onto the background)."""
    fg, bg = parse_color(foreground), parse_color(background)
    if fg is None or bg is None:
        return None
    a = fg[3]
    blended = tuple(fg[i] * a + bg[i] * (1 - a) for i in range(3))
    l1, l2 = _luminance(blended), _luminance(bg[:3])  # type: ignore[arg-type]
    hi, lo = max(l1, l2), min(l1, l2)
    return round((hi + 0.05) / (lo + 0.05), 2)


def control_hiding(step: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """Facts and flags for the control a step activated, on the state it sat in."""
    vis = step.get("visibility") or {}
    flags: list[str] = []  # hover / collapsed are path facts: path_hiding adds them
    font = float(vis.get("font_size") or 0)
    siblings = [float(c.get("font_size") or 0) for c in state.get("controls", []) if c.get("font_size")]
    median = statistics.median(siblings) if siblings else font
    if font and (font < TINY_FONT_PX or (median and font < 0.8 * median)):
        flags.append("small-font")
    ratio = contrast_ratio(vis.get("color", ""), vis.get("background", ""))
    if ratio is not None and ratio < LOW_CONTRAST:
        flags.append("low-contrast")
    rect = vis.get("rect") or [0, 0, 0, 0]
    viewport = state.get("viewport") or [0, 0]
    if not vis.get("in_view") and not vis.get("in_overlay") and viewport[1] and rect[1] >= viewport[1]:
        flags.append("below-fold")
    if vis.get("region") == "footer":
        flags.append("footer")
    if vis.get("icon_only"):
        flags.append("icon-only" if not [n for n in vis.get("names", []) if n] else "icon-named")
    if vis.get("disabled"):
        flags.append("disabled")
    if vis.get("occluded"):
        flags.append("occluded")
    if float(vis.get("opacity", 1) or 1) < 0.5:
        flags.append("faint")
    return {
        "label": edge_label(step), "flags": flags, "font_size": font,
        "median_font_size": median, "contrast": ratio, "color": vis.get("color"), "background": vis.get("background"),
        "rect": rect, "region": vis.get("region"), "revealed_by": None,
    }


def path_hiding(graph_states: dict[str, dict[str, Any]], path: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hiding facts for each step of a path. A control counts as revealed by hover/expand when the
    previous step was a hover or an expand in place and the control was not on the previous state."""
    out = []
    for i, step in enumerate(path):
        state = graph_states.get(step.get("source", ""), {})
        facts = control_hiding(step, state)
        if i > 0:
            prev = path[i - 1]
            before = graph_states.get(prev.get("source", ""), {})
            shown_before = {(c.get("locator") or {}).get("path") for c in before.get("controls", [])}
            here = (step.get("locator") or {}).get("path")
            same_page = prev.get("url", "").split("#")[0] == step.get("url", "").split("#")[0]
            if here not in shown_before and same_page:
                # A menu button (aria-haspopup) opening its menu is an ordinary step, not a hidden section.
                expands = prev.get("why") == "summary" or (prev.get("toggle") and not prev.get("haspopup"))
                how = "hover" if prev.get("action") == "hover" else ("collapsed" if expands else "")
                if how and how not in facts["flags"]:
                    facts["flags"].insert(0, how)
                    facts["revealed_by"] = "hover" if how == "hover" else "expand"
        out.append(facts)
    return out
