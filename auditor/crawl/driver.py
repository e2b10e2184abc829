"""The browser tab the crawler and the refund flow act through: every user action goes via :class:`Driver`.

It counts actions by kind (the benchmark's unit), dismisses and records dialogs, adopts pages opened
in a new tab, guards the network (no non-GET request unless a refund submit is armed, no navigation to
an origin outside the allow list, no images/fonts/media unless evidence needs them), and takes one
snapshot per observation with a single ``evaluate``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Dialog, FrameLocator, Locator, Page, Route
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request as PWRequest

from . import model
from .candidates import GUARD_JS, SNAPSHOT_JS, parse_snapshot
from .scope import Gate

NAV_TIMEOUT_MS = 15000
ACTION_TIMEOUT_MS = 2500
SETTLE_MS = 1500
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_HEAVY = {"image", "font", "media"}


class ActionFailed(Exception):
    """A control could not be activated (gone, hidden, covered) or a navigation failed."""


@dataclass
class Outcome:
    """What an activation did besides changing the page."""

    dialogs: list[dict[str, str]] = field(default_factory=list)
    crashed: bool = False


class Driver:
    """One logged-in context and its current page."""

    def __init__(self, context: BrowserContext, gate: Gate, stats: model.CrawlStats, *,
                 touch: bool = False, block_resources: bool = True, politeness_ms: int = 0) -> None:
        self.context = context
        self.gate = gate
        self.stats = stats
        self.touch = touch
        self.block_resources = block_resources
        self.politeness_s = politeness_ms / 1000.0
        self.armed = False
        self.adoptions = 0  # tabs adopted so far: the explorer compares before/after an action
        self._popups: list[Page] = []
        self._dialogs: list[dict[str, str]] = []
        self._crashed = False
        context.add_init_script(script=GUARD_JS)
        context.route("**/*", self._guard_request)
        self.page = context.pages[0] if context.pages else context.new_page()
        self._watch(self.page)

    # -- page life ---------------------------------------------------------------------------------
    def _on_popup(self, page: Page) -> None:
        self._popups.append(page)

    def _watch(self, page: Page) -> None:
        page.set_default_timeout(ACTION_TIMEOUT_MS)
        page.set_default_navigation_timeout(NAV_TIMEOUT_MS)
        page.on("dialog", self._on_dialog)
        page.on("crash", lambda _p: setattr(self, "_crashed", True))
        page.on("popup", self._on_popup)  # only tabs this page opens (noopener ones too), not our own pages

    def _on_dialog(self, dialog: Dialog) -> None:
        # Dismiss = the safe answer: confirm("确认收货?") gets "cancel", prompt() gets nothing. Only an
        # armed refund submit accepts its own "are you sure?".
        record = {"type": dialog.type, "message": dialog.message[:200], "url": self.page.url,
                  "answer": "accept" if self.armed else "dismiss"}
        self._dialogs.append(record)
        self.stats.dialogs.append(record)
        with suppress(PlaywrightError):
            if self.armed:
                dialog.accept()
            else:
                dialog.dismiss()

    def _guard_request(self, route: Route, request: PWRequest) -> None:
        if request.method not in _SAFE_METHODS and not self.armed:
            self.stats.blocked_requests.append({"why": "non-GET", "method": request.method, "url": request.url[:200]})
            route.abort("blockedbyclient")
            return
        if request.is_navigation_request():
            # Script-driven navigation (a button with no href) meets the same origin and deny rules.
            refusal = self.gate.url_refusal(request.url)
            if refusal:
                self.stats.blocked_requests.append({"why": refusal, "method": request.method, "url": request.url[:200]})
                route.abort("blockedbyclient")
                return
        if self.block_resources and request.resource_type in _HEAVY:
            route.abort("blockedbyclient")
            return
        route.continue_()

    def renew_page(self) -> None:
        """Replace the page with a fresh one (after a crash, or to shed Chromium's per-page growth)."""
        old = self.page
        self.page = self.context.new_page()
        self._watch(self.page)
        self._crashed = False
        with suppress(PlaywrightError):
            old.close()

    @contextmanager
    def armed_submit(self) -> Iterator[None]:
        """Allow one real submit (the refund flow with ``flow.submit: true``), then disarm."""
        self.armed = True
        try:
            self.page.evaluate("() => { if (window.__ra) window.__ra.armed = true; }")
            yield
        finally:
            self.armed = False
            with suppress(PlaywrightError):
                self.page.evaluate("() => { if (window.__ra) window.__ra.armed = false; }")

    # -- observing ---------------------------------------------------------------------------------
    def snapshot(self, max_text: int = 3000, max_controls: int = 600) -> model.Snapshot:
        """Describe the current page in one evaluate (retried if a navigation replaced the document)."""
        args = {"maxText": max_text, "maxControls": max_controls, "settleMs": SETTLE_MS}
        last: Exception | None = None
        for _ in range(4):
            if self._popups:  # a tab the last action opened arrived late: continue there
                self._adopt_popup()
            try:
                started = time.perf_counter()
                self.page.wait_for_load_state("domcontentloaded", timeout=NAV_TIMEOUT_MS)
                raw = json.loads(self.page.evaluate(SNAPSHOT_JS, args))
                self.stats.timed("snapshot", time.perf_counter() - started)
                self.stats.timed("settle", (raw.get("settledMs") or 0) / 1000)
                started = time.perf_counter()
                snap = parse_snapshot(raw)
                self.stats.timed("parse", time.perf_counter() - started)
                if snap.blocked:
                    self.stats.blocked_requests.extend({"why": "in-page", **b} for b in snap.blocked)
                return snap
            except PlaywrightError as exc:  # context destroyed by a late navigation: look again
                last = exc
                if self._crashed:
                    break
        raise ActionFailed(f"cannot read the page: {_first_line(last)}")

    # -- acting --------------------------------------------------------------------------------------
    def goto(self, url: str) -> int:
        """Navigate (one action); returns the HTTP status. Raises ActionFailed on a failed load."""
        self.stats.count("goto")
        if self._crashed:
            self.renew_page()
        started = time.perf_counter()
        try:
            response = self.page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            raise ActionFailed(f"goto {url}: {_first_line(exc)}") from exc
        finally:
            self.stats.timed("goto", time.perf_counter() - started)
        self._pause()
        return response.status if response else 0

    def locate(self, locator: model.Locator) -> Locator:
        scope: Page | FrameLocator | Locator = self.page
        for frame in locator.frame:
            scope = scope.frame_locator(frame)
        for host in locator.shadow:
            scope = scope.locator(host)
        return scope.locator(locator.path).first

    def activate(self, action: model.Action, *, locator: Locator | None = None, referer: str | None = None) -> Outcome:
        """Perform one user action: click (tap on touch devices), hover, or a search (type + Enter).

        A plain link is followed by navigating to its href, with ``referer`` (default: the current page)
        as the page it was clicked on.
        """
        control = action
        term = action.term
        if action.follow:
            return self._follow(action.follow, referer or self.page.url)
        target = locator or self.locate(action.locator)
        self._dialogs = []
        self._discard_stray_popups()
        started = time.perf_counter()
        try:
            if control.kind == "hover":
                self.stats.count("hover")
                target.hover()
            elif control.kind == "search":
                self.stats.count("search")
                target.fill(term or "")
                target.press("Enter")
            elif action.target == "_blank":
                # A link that opens a new tab: wait for that tab as part of the action.
                self.stats.count("tap" if self.touch else "click")
                with self.page.expect_popup(timeout=NAV_TIMEOUT_MS) as opened:
                    self._press(target, _aim_path(action.locator))
                self._adopt_popup(opened.value)
            else:
                self.stats.count("tap" if self.touch else "click")
                self._press(target, _aim_path(action.locator))
        except PlaywrightError as exc:
            raise ActionFailed(f"{control.kind} {control.label!r}: {_first_line(exc)}") from exc
        finally:
            self.stats.timed("activate", time.perf_counter() - started)
        outcome = Outcome(dialogs=self._dialogs)
        # Script-opened tabs that show up a moment later are adopted by the snapshot that follows
        # every action (see snapshot()); the explorer compares ``adoptions`` before and after.
        if self._popups:
            self._adopt_popup()
        outcome.crashed = self._crashed
        self._pause()
        return outcome

    def _press(self, target: Locator, aim_path: str | None) -> None:
        """Click (or tap) ``target`` as a person would.

        Playwright's checked click waits for the element to hold still over two animation frames, which
        is most of its cost on a click that stays on the page (46 ms against 14 ms unchecked, measured
        here). So when the element is the one at its own click point (``__ra.aimAt`` in guard.js), it is
        pressed without that wait; guard.js swallows the press should it land on anything else, and the
        checked click runs instead. Controls in frames or shadow roots always take the checked click.
        """
        if aim_path is not None and self._aim(aim_path):
            try:
                target.tap(force=True) if self.touch else target.click(force=True)
            except PlaywrightError:
                self._release()
            else:
                if not self._release():
                    return
                self.stats.aim_misses += 1
        target.tap() if self.touch else target.click()

    def _aim(self, path: str) -> bool:
        # One page.evaluate (about 3 ms); a locator's evaluate costs about 20 ms here.
        try:
            return bool(self.page.evaluate(
                "p => { const el = document.querySelector(p); return !!(el && window.__ra && window.__ra.aimAt(el)); }", path))
        except PlaywrightError:  # a navigation under way: let the checked click deal with it
            return False

    def _release(self) -> int:
        """End the aim; how many presses guard.js swallowed (0 once a navigation replaced the page)."""
        try:
            return int(self.page.evaluate("() => window.__ra ? window.__ra.release() : 0") or 0)
        except PlaywrightError:  # the document went away: the press landed and navigated
            return 0

    def _follow(self, href: str, referer: str) -> Outcome:
        """Follow a plain link: a navigation to its href with the page as referrer, which is what clicking
        it does (no script of its own, no target), without a click's scroll, stability and hit checks
        (measured here: 150 ms for a click that navigates, 75 ms for the navigation alone)."""
        self._dialogs = []
        self._discard_stray_popups()
        self.stats.count("follow")
        started = time.perf_counter()
        try:
            self.page.goto(href, referer=referer, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            raise ActionFailed(f"follow {href}: {_first_line(exc)}") from exc
        finally:
            self.stats.timed("follow", time.perf_counter() - started)
        self._pause()
        return Outcome(dialogs=self._dialogs)

    def _discard_stray_popups(self) -> None:
        for stray in self._popups:
            with suppress(PlaywrightError):
                stray.close()
        self._popups.clear()

    def _adopt_popup(self, popup: Page | None = None) -> bool:
        """Continue in the tab the action opened, as a person would; the old tab is closed."""
        if popup is None:
            if not self._popups:
                return False
            popup = self._popups.pop(0)
        if popup in self._popups:
            self._popups.remove(popup)
        self._discard_stray_popups()
        self.adoptions += 1
        with suppress(PlaywrightError):
            popup.wait_for_load_state("domcontentloaded", timeout=NAV_TIMEOUT_MS)
        old, self.page = self.page, popup
        self._watch(popup)
        with suppress(PlaywrightError):
            old.close()
        return True

    def _pause(self) -> None:
        if self.politeness_s:
            time.sleep(self.politeness_s)

    def screenshot(self, path: str, *, full_page: bool = False, highlight: model.Locator | None = None) -> bool:
        """Save what the person sees, password fields masked; optionally outline one control."""
        page = self.page
        masks = [page.locator("input[type=password]")]
        try:
            if highlight is not None:
                self.locate(highlight).evaluate(
                    "el => { el.__raOutline = el.style.outline; el.style.outline = '3px solid #e5261f';"
                    " el.style.outlineOffset = '2px'; el.scrollIntoView({block: 'center', inline: 'nearest'}); }",
                    timeout=1000,
                )
            page.screenshot(path=path, full_page=full_page, mask=masks, animations="disabled", timeout=10000)
            if highlight is not None:
                self.locate(highlight).evaluate("el => { el.style.outline = el.__raOutline || ''; }", timeout=1000)
            return True
        except PlaywrightError:
            return False


def _aim_path(locator: model.Locator) -> str | None:
    """The CSS path guard.js can aim at: light DOM of the top document only."""
    return None if locator.frame or locator.shadow else locator.path


def _first_line(exc: BaseException | None) -> str:
    text = str(exc or "").strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__

