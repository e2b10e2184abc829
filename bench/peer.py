"""The naive peer: a fair, competent breadth-first crawler with no scent and no state abstraction.

What it does, on purpose, like a plain crawler written in an afternoon:

* **Breadth first** over states, in discovery order; every visible clickable of every state is tried, in
  document order: ``a[href]``, buttons, ``[onclick]``, ARIA button/tab/link/menuitem roles, the outermost
  element with ``cursor: pointer``, and hover triggers (CSS ``:hover`` rules that show something).
* **A state is its URL plus the sorted set of visible labels**; nothing else is deduplicated (page 2 and
  page 3 of a list, or two orders' detail pages, are different states).
* **Restore by URL and replay**: a state remembers the URL it was first seen on and the actions taken on
  that page since the navigation; before trying a control it navigates there and replays them, unless the
  page is already in that state by that same recipe (the previous action changed nothing).

What keeps it honest (not a strawman): it waits for ``domcontentloaded`` (never ``networkidle``), uses the
same Chromium launch, context, action timeout and resource blocking as the explorer, reads a page in one
``evaluate``, skips controls a modal dialog covers or another element occludes (Playwright would wait out its
timeout on them) and stops as soon as it sees the refund application in quick mode.

What keeps it safe: it never submits a form (submit buttons are not candidates, non-GET requests are aborted
by a route), never activates a label of the lexicon's danger list (退出登录, 再次购买, 立即充值 …), never fills
a field, and stays on the start origin.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Dialog, Page, Route
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request as PWRequest

from auditor.audit.detect import detect
from auditor.audit.lexicon import Lexicon
from auditor.audit.model import CrawlStats, FormField, FormInfo

ACTION_TIMEOUT_MS = 2500  # the explorer's driver uses the same
NAV_TIMEOUT_MS = 15000
_HEAVY = {"image", "font", "media"}

SNAPSHOT_JS = r"""
() => {
  const clean = (s, n = 80) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n);
  const vw = innerWidth, vh = innerHeight;
  const visible = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 2 && r.height >= 2;
  };
  const cssPath = (el) => {
    const parts = [];
    for (; el && el.nodeType === 1 && el !== document.documentElement; el = el.parentElement) {
      let i = 1, sib = el;
      while ((sib = sib.previousElementSibling)) if (sib.localName === el.localName) i++;
      parts.unshift(`${el.localName}:nth-of-type(${i})`);
    }
    return 'html > ' + parts.join(' > ');
  };
  const hovers = new Set();
  for (const sheet of document.styleSheets) {
    let rules; try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const rule of rules) {
      const sel = rule.selectorText, st = rule.style;
      if (!sel || sel.indexOf(':hover') < 0 || !st || !(st.display || st.visibility || st.opacity)) continue;
      for (const one of sel.split(',')) {
        const i = one.indexOf(':hover');
        if (i > 0) { try { document.querySelectorAll(one.slice(0, i).trim()).forEach((e) => hovers.add(e)); } catch (e) {} }
      }
    }
  }
  const modal = [...document.querySelectorAll('dialog[open],[aria-modal="true"]')].filter(visible).pop();
  const scope = modal || document.body;
  const STRONG = 'a[href],button,input[type=button],input[type=submit],input[type=image],[onclick],[role=button],[role=tab],[role=link],[role=menuitem]';
  const controls = [];
  for (const el of scope.querySelectorAll('*')) {
    let kind = null;
    if (el.matches(STRONG)) kind = 'click';
    else if (getComputedStyle(el).cursor === 'pointer') {
      const parent = el.parentElement;
      if (!(parent && getComputedStyle(parent).cursor === 'pointer') && !(parent && parent.closest(STRONG))) kind = 'click';
    }
    const hover = hovers.has(el);
    if (!kind && !hover) continue;
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    if (cx >= 0 && cy >= 0 && cx < vw && cy < vh) {
      const hit = document.elementFromPoint(cx, cy);
      if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) continue;  // covered: not clickable
    }
    const form = el.form || el.closest('form');
    const type = (el.getAttribute('type') || (el.localName === 'button' ? 'submit' : '')).toLowerCase();
    const base = {
      path: cssPath(el), tag: el.localName,
      label: clean(el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('title') || ''),
      href: el.localName === 'a' ? el.href : '',
      submit: !!form && (type === 'submit' || type === 'image'),
      disabled: !!(el.disabled || el.getAttribute('aria-disabled') === 'true'),
    };
    if (kind) controls.push({ ...base, kind });
    if (hover) controls.push({ ...base, kind: 'hover' });
  }
  const forms = [...document.querySelectorAll('form')].filter(visible).map((f) => ({
    fields: [...f.querySelectorAll('input,select,textarea')].filter((x) => x.type !== 'hidden').map((x) => ({
      tag: x.localName, type: (x.type || x.localName).toLowerCase(), name: x.name || '', id: x.id || '',
      label: clean((x.labels && x.labels[0] && x.labels[0].innerText) || x.placeholder || x.name || '', 60),
      options: x.localName === 'select' ? [...x.options].map((o) => clean(o.text, 40)) : [],
    })),
    submits: [...f.querySelectorAll('button,input[type=submit]')].map((b) => clean(b.innerText || b.value || '', 40)),
    method: (f.getAttribute('method') || 'get').toLowerCase(),
  }));
  return {
    url: location.href, title: document.title, controls, forms,
    headings: [...document.querySelectorAll('h1,h2,h3')].filter(visible).map((h) => clean(h.innerText, 60)),
  };
}
"""


@dataclass(frozen=True)
class PeerAction:
    kind: str  # click | hover
    path: str
    label: str


@dataclass
class PeerState:
    key: str
    url: str
    replay: tuple[PeerAction, ...]  # actions on ``url``'s page since it was loaded
    candidates: list[PeerAction]
    labels: list[str]
    depth: int


@dataclass
class PeerResult:
    """What the peer found: its states (URL + labels), counters, and why it stopped."""

    states: list[PeerState]
    stats: CrawlStats
    stop_reason: str
    elapsed_s: float
    skipped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"states": len(self.states), "stop_reason": self.stop_reason, "elapsed_s": self.elapsed_s,
                "skipped": self.skipped, "stats": self.stats.to_dict()}


class _Snap:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.url: str = raw["url"]
        self.raw = raw
        self.labels = sorted({c["label"] for c in raw["controls"] if c["label"]})
        self.key = _without_fragment(self.url) + "\n" + "\n".join(self.labels)


class PeerCrawler:
    """Breadth-first over (URL + labels) states; see the module docstring. One run per instance."""

    def __init__(self, context: BrowserContext, lexicon: Lexicon, *, quick: bool = False,
                 max_seconds: float = 600.0, progress: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.context = context
        self.lex = lexicon
        self.quick = quick
        self.max_seconds = max_seconds
        self.progress = progress
        self.stats = CrawlStats()
        self.states: dict[str, PeerState] = {}
        self.skipped: dict[str, int] = {}
        self.origin = ""
        self.page: Page = context.pages[0] if context.pages else context.new_page()
        self.page.set_default_timeout(ACTION_TIMEOUT_MS)
        self.page.set_default_navigation_timeout(NAV_TIMEOUT_MS)
        self.page.on("dialog", _dismiss)
        context.route("**/*", self._guard)
        context.on("page", self._close_popup)
        self.recipe: tuple[str, tuple[PeerAction, ...]] | None = None  # how the current page was made
        self.started = 0.0

    # -- safety ----------------------------------------------------------------------------------------
    def _guard(self, route: Route, request: PWRequest) -> None:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self.skipped["blocked-non-get"] = self.skipped.get("blocked-non-get", 0) + 1
            route.abort("blockedbyclient")
        elif request.resource_type in _HEAVY:
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _close_popup(self, page: Page) -> None:
        if page is not self.page:
            self.skipped["popup"] = self.skipped.get("popup", 0) + 1
            with suppress(PlaywrightError):
                page.close()

    def _refusal(self, c: dict[str, Any]) -> str | None:
        if c["submit"]:
            return "form-submit"
        if c["disabled"]:
            return "disabled"
        if c["label"] and self.lex.danger(c["label"]):
            return "danger"
        href = c["href"]
        if href and (not href.startswith(("http://", "https://")) or _origin(href) != self.origin):
            return "off-origin" if href.startswith("http") else "scheme"
        return None

    # -- the loop ------------------------------------------------------------------------------------------
    def run(self, start_url: str) -> PeerResult:
        self.started = time.monotonic()
        self.origin = _origin(start_url)
        stop = "complete"
        self._goto(start_url)
        root = self._register(self._snapshot(), None, None, 0)
        self.recipe = (root.url, ())
        queue = deque([root])
        try:
            while queue:
                state = queue.popleft()
                for action in state.candidates:
                    if time.monotonic() - self.started > self.max_seconds:
                        raise _Stop("max-seconds")
                    if self.recipe != (state.url, state.replay) and not self._restore(state):
                        continue
                    before = _without_fragment(self.page.url)
                    try:
                        self._act(action)
                        snap = self._snapshot()
                    except PlaywrightError as exc:
                        self.stats.errors.append({"where": state.url, "label": action.label,
                                                  "error": str(exc).strip().splitlines()[0][:200]})
                        self.recipe = None
                        continue
                    self.stats.transitions += 1
                    navigated = _without_fragment(snap.url) != before
                    if snap.key == state.key and not navigated:
                        continue  # nothing visible changed: still in ``state`` by its own recipe
                    self.recipe = (snap.url, ()) if navigated else (state.url, (*state.replay, action))
                    if snap.key not in self.states:
                        new = self._register(snap, state, action, state.depth + 1, navigated=navigated)
                        queue.append(new)
                        self._report()
                    if self.quick and self.stats.first_application_at is not None:
                        raise _Stop("quick:application-found")
        except _Stop as why:
            stop = str(why)
        elapsed = round(time.monotonic() - self.started, 3)
        self.stats.stop_reason, self.stats.elapsed_s = stop, elapsed
        return PeerResult(list(self.states.values()), self.stats, stop, elapsed, dict(self.skipped))

    def _register(self, snap: _Snap, parent: PeerState | None, via: PeerAction | None, depth: int, *,
                  navigated: bool = True) -> PeerState:
        candidates = []
        for c in snap.raw["controls"]:
            why = self._refusal(c)
            if why:
                self.skipped[why] = self.skipped.get(why, 0) + 1
                continue
            candidates.append(PeerAction(c["kind"], c["path"], c["label"]))
        replay: tuple[PeerAction, ...] = ()
        url = snap.url
        if parent is not None and not navigated and via is not None:
            url, replay = parent.url, (*parent.replay, via)
        state = PeerState(snap.key, url, replay, candidates, snap.labels, depth)
        self.states[snap.key] = state
        if self.stats.first_application_at is None and self._is_application(snap):
            self.stats.first_application_at = {"actions": self.stats.action_total,
                                                "seconds": round(time.monotonic() - self.started, 3),
                                                "depth": depth, "url": snap.url}
        return state

    def _restore(self, state: PeerState) -> bool:
        self.stats.restores += 1
        try:
            self._goto(state.url)
            for action in state.replay:
                self.stats.replays += 1
                self._act(action)
            snap = self._snapshot()
        except PlaywrightError:
            snap = None
        if snap is None or snap.key != state.key:
            self.stats.replay_failures += 1
            self.recipe = None
            return False
        self.recipe = (state.url, state.replay)
        return True

    # -- browser primitives ----------------------------------------------------------------------------------
    def _goto(self, url: str) -> None:
        self.stats.count("goto")
        started = time.perf_counter()
        try:
            self.page.goto(url, wait_until="domcontentloaded")
        finally:
            self.stats.timed("goto", time.perf_counter() - started)

    def _act(self, action: PeerAction) -> None:
        started = time.perf_counter()
        target = self.page.locator(action.path).first
        try:
            if action.kind == "hover":
                self.stats.count("hover")
                target.hover()
            else:
                self.stats.count("click")
                target.click()
        finally:
            self.stats.timed("activate", time.perf_counter() - started)

    def _snapshot(self) -> _Snap:
        last: Exception | None = None
        for _ in range(4):
            started = time.perf_counter()
            try:
                self.page.wait_for_load_state("domcontentloaded", timeout=NAV_TIMEOUT_MS)
                raw = self.page.evaluate(SNAPSHOT_JS)
                return _Snap(raw)
            except PlaywrightError as exc:  # a late navigation replaced the document: look again
                last = exc
            finally:
                self.stats.timed("snapshot", time.perf_counter() - started)
        raise PlaywrightError(f"cannot read the page: {last}")

    def _is_application(self, snap: _Snap) -> bool:
        forms = [_form_info(f) for f in snap.raw["forms"]]
        return detect(forms, snap.raw["headings"], snap.raw["title"], self.lex).is_application

    def _report(self) -> None:
        if self.progress is not None:
            self.progress({"states": len(self.states), "frontier": 0, "actions": self.stats.action_total,
                           "elapsed": time.monotonic() - self.started})


class _Stop(Exception):
    pass


def _form_info(raw: dict[str, Any]) -> FormInfo:
    fields = tuple(FormField(f["tag"], f["type"], f["name"], f["id"], f["label"], "", False, False, "",
                             options=tuple(f["options"])) for f in raw["fields"])
    return FormInfo("", (), (), False, raw["method"], "", False, "form", fields,
                    tuple({"label": s} for s in raw["submits"]))


def _dismiss(dialog: Dialog) -> None:
    with suppress(PlaywrightError):
        dialog.dismiss()


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
