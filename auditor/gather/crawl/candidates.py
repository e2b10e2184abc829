"""Turn the snapshot script's JSON into typed :class:`Snapshot` values."""

from __future__ import annotations

from importlib import resources
from typing import Any
from urllib.parse import urldefrag

from ...audit.model import Control, FormField, FormInfo, Locator, Snapshot

SNAPSHOT_JS = resources.files(__package__).joinpath("snapshot.js").read_text(encoding="utf-8")
GUARD_JS = resources.files(__package__).joinpath("guard.js").read_text(encoding="utf-8")


def parse_snapshot(raw: dict[str, Any]) -> Snapshot:
    """Build a Snapshot from what ``snapshot.js`` returned."""
    page = urldefrag(raw["url"])[0]
    controls = tuple(_control(c, page) for c in raw.get("controls", ()))
    forms = tuple(_form(f) for f in raw.get("forms", ()))
    return Snapshot(
        url=raw["url"],
        title=raw.get("title", ""),
        overlay=raw.get("overlay"),
        controls=controls,
        forms=forms,
        text=raw.get("text", ""),
        headings=tuple(raw.get("headings", ())),
        viewport=tuple(raw.get("viewport", (0, 0))),
        doc_height=int(raw.get("docHeight", 0)),
        blocked=tuple(raw.get("blocked", ())),
        settle=dict(raw.get("settle") or {}),
        status=int(raw.get("status") or 0),
        messages=tuple(raw.get("messages", ())),
    )


def _control(c: dict[str, Any], page: str) -> Control:
    names = (c.get("text", ""), c.get("aria", ""), c.get("title", ""), c.get("alt", ""), c.get("placeholder", ""))
    label = next((n for n in names if n), "")
    href = c.get("href", "")
    raw_href = c.get("rawHref", "")
    return Control(
        kind=c["kind"],
        why=c["why"],
        label=label,
        names=names,
        tag=c.get("tag", ""),
        role=c.get("role", ""),
        href=href,
        target=c.get("target", ""),
        locator=Locator(c["path"], tuple(c.get("frame", ())), tuple(c.get("shadow", ()))),
        rect=tuple(c.get("rect", (0, 0, 0, 0))),
        in_view=bool(c.get("inView")),
        font_size=float(c.get("fontSize") or 0),
        font_weight=str(c.get("fontWeight", "")),
        color=c.get("color", ""),
        background=c.get("bg", ""),
        opacity=float(c.get("opacity", 1) if c.get("opacity") is not None else 1),
        disabled=bool(c.get("disabled")),
        region=c.get("region", "main"),
        in_overlay=bool(c.get("inOverlay")),
        listener=int(c.get("listener") or 0),
        toggle=bool(c.get("toggle")),
        icon_hint=c.get("iconHint", ""),
        form_role=c.get("formRole"),
        occluded=bool(c.get("occluded")),
        same_document=bool(href) and (raw_href.startswith("#") or (urldefrag(href)[0] == page and "#" in href)),
        haspopup=c.get("haspopup", "") or "",
        form_path=c.get("formPath", "") or "",
        offscreen=bool(c.get("offscreen")),
    )


def _form(f: dict[str, Any]) -> FormInfo:
    fields = tuple(
        FormField(
            tag=x.get("tag", ""),
            type=x.get("type", ""),
            name=x.get("name", ""),
            id=x.get("id", ""),
            label=x.get("label", ""),
            placeholder=x.get("placeholder", ""),
            required=bool(x.get("required")),
            disabled=bool(x.get("disabled")),
            path=x.get("path", ""),
            accept=x.get("accept", ""),
            multiple=bool(x.get("multiple")),
            options=tuple(x.get("options", ())),
            value=str(x.get("value", "")),
            widget_kind=str((x.get("widget") or {}).get("kind", "")),
            widget_path=str((x.get("widget") or {}).get("path", "")),
            readonly=bool(x.get("readonly")),
            min=str(x.get("min", "")),
            max=str(x.get("max", "")),
            pattern=str(x.get("pattern", "")),
            maxlength=int(x.get("maxlength") or 0),
            invalid=str(x.get("invalid", "")),
        )
        for x in f.get("fields", ())
    )
    return FormInfo(
        path=f.get("path", ""),
        frame=tuple(f.get("frame", ())),
        shadow=tuple(f.get("shadow", ())),
        search=bool(f.get("search")),
        method=f.get("method", "get"),
        action=f.get("action", ""),
        in_overlay=bool(f.get("inOverlay")),
        tag=f.get("tag", "form"),
        fields=fields,
        submits=tuple(f.get("submits", ())),
        orphan=bool(f.get("orphan")),
    )
