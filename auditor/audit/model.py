"""Typed values the explorer passes around: controls, snapshots, and what a crawl produced."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from .graph import NavGraph, edge_label


@dataclass(frozen=True)
class Locator:
    """How to find a control again: a CSS path, inside iframes (outer first) and open shadow roots."""

    path: str
    frame: tuple[str, ...] = ()
    shadow: tuple[str, ...] = ()

    def __str__(self) -> str:
        return " >> ".join([*(f"iframe:{f}" for f in self.frame), *(f"shadow:{s}" for s in self.shadow), self.path])


@dataclass(frozen=True)
class Action:
    """What to do to which control: the unit the driver performs and replays."""

    kind: str  # click | hover | search (a click becomes a tap on touch devices)
    locator: Locator
    label: str
    term: str | None = None  # what a search types
    target: str = ""  # the link's target: "_blank" opens a new tab
    follow: str = ""  # a plain link's href: go there as its click would, without the click's overhead

    @classmethod
    def from_edge(cls, edge: dict[str, Any]) -> Action:
        """The action a recorded graph edge took (for replaying a path)."""
        loc = edge.get("locator") or {}
        return cls(
            kind=edge.get("kind") or ("hover" if edge.get("action") == "hover" else "click"),
            locator=Locator(loc.get("path", ""), tuple(loc.get("frame", ())), tuple(loc.get("shadow", ()))),
            label=edge_label(edge),
            term=edge.get("term"),
            target=edge.get("link_target", ""),
        )


@dataclass(frozen=True)
class Control:
    """One thing a person could use in a state, with how it looks and where it sits."""

    kind: str  # click | hover | search
    why: str  # link | button | summary | role | handler | pointer | hover | search
    label: str  # what a person reads: visible text, else aria-label / title / alt / placeholder
    names: tuple[str, ...]  # every name the control has (text, aria-label, title, alt, placeholder)
    tag: str
    role: str
    href: str
    target: str
    locator: Locator
    rect: tuple[int, int, int, int]  # x, y (document), width, height in CSS px
    in_view: bool  # inside the first viewport (above the fold)
    font_size: float
    font_weight: str
    color: str
    background: str
    opacity: float
    disabled: bool
    region: str  # header | nav | main | aside | footer
    in_overlay: bool
    listener: int  # bit 1: click listener, bit 2: hover listener (seen by guard.js)
    toggle: bool  # summary / aria-expanded / aria-controls: expands something in place
    icon_hint: str  # class names and image file of a control without visible text
    form_role: str | None  # submit | search-submit | reset, when the control submits a form
    occluded: bool
    same_document: bool  # a fragment link to the page it sits on (often a script's "#" toggle)
    haspopup: str = ""
    form_path: str = ""  # the form the control sits in, if any
    offscreen: bool = False  # beyond the viewport's right edge (the page scrolls sideways)

    @property
    def key(self) -> str:
        """Identifies the control within its state (stable across visits of a deterministic site)."""
        return f"{self.kind}:{self.locator}"

    def action(self, term: str | None = None) -> Action:
        return Action(self.kind, self.locator, self.label, term, self.target, self.href if self.plain_link else "")

    @property
    def icon_only(self) -> bool:
        """No visible text: a person sees an icon (named or not)."""
        return not any(self.names[:1]) and self.kind != "search"

    @property
    def plain_link(self) -> bool:
        """A same-page-independent navigation: an ``<a href>`` with no script of its own.

        Activating it from any state leads to its href, so it needs trying only once per crawl
        (Crawljax's ``clickOnce``); later sightings get an inferred edge.
        """
        return (
            self.why == "link"
            and self.kind == "click"
            and self.listener == 0
            and not self.toggle
            and self.target in ("", "_self")
            and self.href.startswith(("http://", "https://"))
            and not self.same_document
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["locator"] = asdict(self.locator)
        data["key"] = self.key
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Control:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        loc = data["locator"]
        values["locator"] = Locator(loc["path"], tuple(loc.get("frame", ())), tuple(loc.get("shadow", ())))
        values["names"] = tuple(values.get("names", ()))
        values["rect"] = tuple(values.get("rect", (0, 0, 0, 0)))
        return cls(**values)


@dataclass(frozen=True)
class FormField:
    """One visible input of a form (or of a dialog that acts as one)."""

    tag: str
    type: str
    name: str
    id: str
    label: str
    placeholder: str
    required: bool
    disabled: bool
    path: str
    accept: str = ""
    multiple: bool = False
    options: tuple[str, ...] = ()
    value: str = ""  # the current value (prefilled amounts, chosen option); radios: their value
    widget_kind: str = ""  # a custom select drawn over (or instead of) a native one: chosen, select2, el-select …
    widget_path: str = ""  # the visible part of that widget, what a person clicks
    readonly: bool = False
    min: str = ""
    max: str = ""
    pattern: str = ""
    maxlength: int = 0
    invalid: str = ""  # the browser's validation message once the field was found invalid

    @property
    def editor(self) -> bool:
        """A rich-text / Markdown editor (contenteditable), filled like a textarea."""
        return self.tag not in ("input", "select", "textarea") and self.type == "textarea"


@dataclass(frozen=True)
class FormInfo:
    """A form as a person sees it: its fields and its submit buttons."""

    path: str
    frame: tuple[str, ...]
    shadow: tuple[str, ...]
    search: bool
    method: str
    action: str
    in_overlay: bool
    tag: str
    fields: tuple[FormField, ...]
    submits: tuple[dict[str, Any], ...]  # label, disabled, path, outside (the button sits outside the form)
    orphan: bool = False  # fields without a <form>: a panel of a script-driven page

    def texts(self) -> list[str]:
        """Every label, placeholder, option and button text: what the refund detector reads."""
        out: list[str] = []
        for f in self.fields:
            out += [f.label, f.placeholder, *f.options]
        out += [str(s.get("label", "")) for s in self.submits]
        return [t for t in out if t]


@dataclass(frozen=True)
class Snapshot:
    """What one evaluate saw in a page."""

    url: str
    title: str
    overlay: dict[str, Any] | None
    controls: tuple[Control, ...]
    forms: tuple[FormInfo, ...]
    text: str
    headings: tuple[str, ...]
    viewport: tuple[int, int]
    doc_height: int
    blocked: tuple[dict[str, Any], ...] = ()
    settle: dict[str, Any] = field(default_factory=dict)  # ms, bound (hit the settle bound), waiting (for what)
    status: int = 0  # HTTP status of the document (0 when unknown)
    messages: tuple[dict[str, Any], ...] = ()  # errors, alerts and toasts the page shows

    @property
    def settled_ms(self) -> float:
        return float(self.settle.get("ms") or 0)


@dataclass(frozen=True)
class LoginRecord:
    """How the session was obtained: ``form``, ``storage_state`` or ``none`` (artifacts ``login``)."""

    method: str
    landed_url: str = ""
    screenshot: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"method": self.method, "landed_url": self.landed_url, "screenshot": self.screenshot}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoginRecord:
        return cls(str(data.get("method") or "none"), str(data.get("landed_url") or ""), str(data.get("screenshot") or ""))


@dataclass(frozen=True)
class PathShot:
    """One picture of the entry path's replay (artifacts ``path_evidence``): ``index`` is the step's number,
    ``"application"`` for the page it ends on, ``"error"`` when the replay failed (``error`` says why)."""

    index: int | str
    url: str = ""
    screenshot: str = ""
    action: str | None = None
    label: str | None = None
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        if self.index == "error":
            return {"index": "error", "error": self.error}
        if self.index == "application":
            return {"index": "application", "url": self.url, "screenshot": self.screenshot}
        return {"index": self.index, "action": self.action, "label": self.label, "url": self.url,
                "screenshot": self.screenshot}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PathShot:
        return cls(data.get("index", "error"), str(data.get("url") or ""), str(data.get("screenshot") or ""),
                   data.get("action"), data.get("label"), str(data.get("error") or ""))


class StopReason(StrEnum):
    """Why a crawl ended (Scrapy's close reasons): report.json ``crawl.stop_reason``."""

    NOT_STARTED = "not-started"
    RUNNING = "running"
    COMPLETE = "complete"  # nothing left to try within max_depth
    QUICK = "quick:application-found"  # --quick: the entry's depth was proven
    MAX_STATES = "max-states"
    MAX_SECONDS = "max-seconds"
    MAX_ACTIONS = "max-actions"
    START_UNREACHABLE = "start-unreachable"
    LOGIN_EXPIRED = "login-expired"  # the site ended the session and logging in again did not hold
    TIME_LIMIT = "time-limit"  # the audit's hard deadline (crawl.max_seconds + the grace)
    INTERRUPTED = "interrupted"  # SIGINT / SIGTERM
    ABORTED = "aborted"  # an error stopped the audit before the crawl ended


# Stop reasons of an audit cut short: what was not reached could change any conclusion.
CUT_SHORT = frozenset({StopReason.INTERRUPTED, StopReason.TIME_LIMIT, StopReason.LOGIN_EXPIRED})


@dataclass
class CrawlStats:
    """Counters of one crawl; ``actions`` counts browser actions by kind (goto, click, hover, tap, search)."""

    stop_reason: str = StopReason.NOT_STARTED
    elapsed_s: float = 0.0
    actions: dict[str, int] = field(default_factory=dict)
    transitions: int = 0  # edges found by activating a control
    inferred: int = 0  # edges recorded without activating (a plain link already tried elsewhere)
    restores: int = 0
    replays: int = 0
    replay_failures: int = 0
    aim_misses: int = 0  # fast presses that would have landed on another element (swallowed, then checked)
    skips: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # each (reason, label) once
    dialogs: list[dict[str, Any]] = field(default_factory=list)
    blocked_requests: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    traps: list[dict[str, Any]] = field(default_factory=list)
    settle_bounds: int = 0  # observations that hit the settle bound (the page never became quiet)
    coverage: dict[str, Any] = field(default_factory=dict)  # what the crawl could not see (Explorer.coverage)
    sessions_lost: list[dict[str, Any]] = field(default_factory=list)  # where the site logged us out, and the re-login
    first_application_at: dict[str, Any] | None = None  # actions and seconds when first seen
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent per browser primitive

    def timed(self, name: str, seconds: float) -> None:
        self.timings[name] = round(self.timings.get(name, 0.0) + seconds, 4)

    @property
    def action_total(self) -> int:
        return sum(self.actions.values())

    def count_settle_bound(self) -> None:
        self.settle_bounds += 1

    def count(self, kind: str, n: int = 1) -> None:
        self.actions[kind] = self.actions.get(kind, 0) + n

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["action_total"] = self.action_total
        return data


@dataclass
class CrawlResult:
    """The map of a site plus how the crawl went."""

    graph: NavGraph
    stats: CrawlStats

    def to_dict(self) -> dict[str, Any]:
        return {"graph": self.graph.to_dict(), "stats": self.stats.to_dict()}
