"""The browser tab the crawler and the refund flow act through: every user action goes via :class:`Driver`.

The driver is where the gate (crawl/scope.py) is applied: every activation, whoever asks for it (the
explorer, the evidence walk, the refund flow, an interstitial after the submit), is checked here before
anything is pressed, and a refusal raises :class:`Refused`. Callers name controls by the project's own
:class:`~auditor.audit.model.Locator`; Playwright's locators never leave this module. The one armed
activation is :meth:`Driver.submit`: it arms the network and in-page guards for exactly that press (and
what it starts, up to the page settling), then disarms before it returns.

It counts actions by kind (the benchmark's unit), dismisses and records dialogs, adopts pages opened
in a new tab, guards the network (no non-GET request unless a refund submit is armed or the profile named
the endpoint read-only, no navigation to an origin outside the allow list, no media), and takes one
snapshot per observation with a single ``evaluate`` once the page has settled.

Two things a crawler must not change: what the page looks like (fonts and images are never blocked:
without its icon font a nav's ligature words widen it and push controls off screen) and how long a real
visit takes. Playwright's request interception switches the browser's HTTP cache off, so on a slow server
every page would fetch its styles, scripts and fonts again; the driver keeps those itself
(:class:`SubresourceCache`).
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urljoin

from playwright.sync_api import APIResponse, BrowserContext, Dialog, FrameLocator, Locator, Page, Route
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request as PWRequest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ...audit import model
from ..watchdog import Expired, deadline
from .candidates import GUARD_JS, SNAPSHOT_JS, parse_snapshot
from .scope import Gate
from .states import same_dialog

NAV_TIMEOUT_MS = 15000
ACTION_TIMEOUT_MS = 2500
# One call of the driver (an action with its settle, a snapshot, a screenshot) answers within this, or
# its page is taken as stuck (a script that never yields) and abandoned. A slow page that answers takes
# at most a navigation's timeout (15 s) and a settle (4 s), twice for a link that opens a new tab; a
# snapshot whose document keeps being replaced can retry longer and is then cut here too.
ANSWER_DEADLINE_S = 45.0
_CLOSE_DEADLINE_S = 5.0
# The bound on waiting for a view to settle (its requests, route change, frames, skeletons): a slow
# shop's view that needs two round trips of 800 ms still settles inside it.
SETTLE_MS = 4000
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Playwright routes only the first request of a redirect chain: the browser follows the rest unseen. So a
# page load's redirects are resolved here, one hop at a time, each hop through the gate.
_MAX_HOPS = 10
_HEAVY = {"media"}  # video and audio: never needed to see the page, and safe to drop (their box is fixed)
_CACHEABLE = {"stylesheet", "script", "font", "image"}
# Requests a view waits for: what draws it (documents of frames, scripts, styles, fonts, data). Images
# and media are not waited for (a person sees the controls before the pictures); streams never end.
_WAITED = {"document", "stylesheet", "script", "font", "xhr", "fetch", "other"}
_DATA = {"xhr", "fetch"}  # a script's own requests: their URL and every redirect hop go through the gate
_LONG_REQUEST_S = 8.0  # a request this old is a long poll, not the data of the view


class SubresourceCache:
    """The browser cache Playwright's interception turns off, for static sub-resources only.

    A GET for a style, script, font or image is fetched once and answered from memory afterwards, unless
    the server said ``no-store`` (or ``no-cache``/``private``, which a shared cache may not reuse freely).
    Documents and data are never cached here. Measured in bench/ (300 ms server, a page with a style,
    a script and a logo): 696 ms per navigation without the cache, 396 with it, 364 with no interception.
    """

    MAX_BYTES = 64 * 1024 * 1024

    def __init__(self) -> None:
        self._entries: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self._bytes = 0
        self.hits = 0

    def get(self, url: str) -> tuple[int, dict[str, str], bytes] | None:
        entry = self._entries.get(url)
        if entry is not None:
            self.hits += 1
        return entry

    def put(self, url: str, status: int, headers: dict[str, str], body: bytes) -> None:
        control = headers.get("cache-control", "").lower()
        if status != 200 or any(word in control for word in ("no-store", "no-cache", "private")):
            return
        if self._bytes + len(body) > self.MAX_BYTES:
            return
        self._entries[url] = (status, headers, body)
        self._bytes += len(body)


class ActionFailed(Exception):
    """A control could not be activated (gone, hidden, covered) or a navigation failed."""


class ControlFailed(ActionFailed):
    """Playwright could not act on a control of a form (fill, check, select, upload, click): ``detail`` is
    its error's first line."""

    def __init__(self, what: str, label: str, detail: str) -> None:
        super().__init__(f"{what} {label!r}: {detail}")
        self.what, self.label, self.detail = what, label, detail


class Refused(ActionFailed):
    """The gate refused an activation; ``reason`` is the gate's (``danger:确认收货``, ``deny:/x``,
    ``danger-dialog:删除``, ``form-submit`` …). Nothing was pressed."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"the gate refused {label!r}: {reason}")
        self.label, self.reason = label, reason


class PageStuck(ActionFailed):
    """The page stopped answering (a script that never yields, a load that never got its DOM): it was
    closed and a fresh one opened. Trying it again would cost another whole deadline."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url  # where the page was when it stopped answering


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _answering(method: Callable[Concatenate[Driver, _P], _R]) -> Callable[Concatenate[Driver, _P], _R]:
    """Bound a driver call by ANSWER_DEADLINE_S: a page that does not answer in time is closed and a
    fresh one opened, and the call fails with ActionFailed (the crawl records it and goes on). Calls made
    inside another bounded call share its deadline."""

    @functools.wraps(method)
    def bounded(self: Driver, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if self._answering:
            return method(self, *args, **kwargs)
        self._answering = True
        try:
            with deadline(ANSWER_DEADLINE_S, method.__name__) as mine:
                try:
                    return method(self, *args, **kwargs)
                except Expired as exc:
                    if exc.token is not mine:
                        raise
                    stuck = exc
        finally:
            self._answering = False
        where = self.page.url  # where the page was when it stopped answering (a followed link: its target)
        self.renew_page(stuck=True)
        raise PageStuck(f"the page stopped answering at {where} ({stuck}); it was closed and a fresh page opened", where)

    return bounded


@dataclass
class Outcome:
    """What an activation did besides changing the page."""

    dialogs: list[dict[str, str]] = field(default_factory=list)
    crashed: bool = False
    snapshot: model.Snapshot | None = None  # the page once settled (Driver.submit: read while still armed)


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
        self._answering = False  # inside a bounded call (see _answering)
        self.cache = SubresourceCache()
        self._inflight: dict[PWRequest, float] = {}  # requests a view waits for -> when they started
        self._blocked_since: list[dict[str, Any]] = []  # refused non-GET requests since the last snapshot
        self.accept_dialog: str | None = None  # the one confirm() an armed flow may accept (its text)
        self._trust_token = secrets.token_hex(16)  # marks the tool's own login page (trusted_page)
        self._trusted: set[Page] = set()
        context.add_init_script(script=GUARD_JS.replace("/*READ_ONLY_POSTS*/[]", json.dumps(list(gate.read_only_posts)))
                                .replace('/*TRUST*/""', json.dumps(self._trust_token)))
        context.route("**/*", self._guard_request)
        context.on("requestfinished", self._request_done)
        context.on("requestfailed", self._request_done)
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
        # armed refund submit accepts: the confirm() that is the application (its text given), or the
        # "are you sure?" of its own submit, never a dialog in danger words (确认收货, 删除 …).
        message = dialog.message[:200]
        accept = self.armed and dialog.type == "confirm" and self.gate.lexicon.danger(message) is None and (
            self.accept_dialog is None or same_dialog(self.accept_dialog, message))
        record = {"type": dialog.type, "message": message, "url": self.page.url,
                  "answer": "accept" if accept else "dismiss"}
        self._dialogs.append(record)
        self.stats.dialogs.append(record)
        with suppress(PlaywrightError):
            if accept:
                dialog.accept()
            else:
                dialog.dismiss()

    def _guard_request(self, route: Route, request: PWRequest) -> None:
        if request.method not in _SAFE_METHODS and not self.armed and not self.gate.post_allowed(request.url) \
                and not self._from_trusted(request):
            refused = {"why": "non-GET", "method": request.method, "url": request.url[:200],
                       "kind": request.resource_type}
            self.stats.blocked_requests.append(refused)
            self._blocked_since.append(refused)
            route.abort("blockedbyclient")
            return
        if request.is_navigation_request():
            # Script-driven navigation (a button with no href) meets the same origin and deny rules.
            refusal = self.gate.url_refusal(request.url)
            if refusal:
                self.stats.blocked_requests.append({"why": refusal, "method": request.method, "url": request.url[:200]})
                route.abort("blockedbyclient")
                return
            if request.method == "GET":
                self._inflight[request] = time.monotonic()  # a frame's document is part of its view
                self._load_hop_by_hop(route, request)
                return
        kind = request.resource_type
        if self.block_resources and kind in _HEAVY:
            route.abort("blockedbyclient")
            return
        if kind in _WAITED:
            self._inflight[request] = time.monotonic()
        if request.method == "GET" and kind in _CACHEABLE:
            self._from_cache(route, request)
            return
        if request.method == "GET" and kind in _DATA:
            self._fetch_hop_by_hop(route, request)
            return
        route.continue_()

    def _load_hop_by_hop(self, route: Route, request: PWRequest) -> None:
        """Load a page without letting the browser follow redirects blind: each Location is checked
        (deny list, danger URLs, origins) before it is requested. A refused hop aborts the load and is
        recorded; an allowed chain ends with the browser sent straight to its checked last URL."""
        resolved = self._follow_redirects(route, request, self.gate.url_refusal)
        if resolved is None:
            return
        url, response = resolved
        with suppress(PlaywrightError):
            if url == request.url:
                route.fulfill(response=response)
            else:  # one checked hop for the browser, so that the page's URL is where it landed
                route.fulfill(status=302, headers={"location": url, "cache-control": "no-store"}, body="")

    def _fetch_hop_by_hop(self, route: Route, request: PWRequest) -> None:
        """A script's GET (fetch, XHR): refused when it acts (``fetch('/api/logout')``), and its
        redirects resolved like a page load's (an /api/ call that 302s to /logout is not followed); an
        allowed chain ends with one checked redirect to its last URL, as the browser would have seen it."""
        refusal = self.gate.data_url_refusal(request.url)
        if refusal:
            refused = {"why": refusal, "method": "GET", "url": request.url[:200], "kind": request.resource_type}
            self.stats.blocked_requests.append(refused)
            self._blocked_since.append(refused)
            route.abort("blockedbyclient")
            return
        resolved = self._follow_redirects(route, request, self.gate.data_url_refusal)
        if resolved is not None:
            url, response = resolved
            with suppress(PlaywrightError):
                if url == request.url:
                    route.fulfill(response=response)
                else:  # one checked hop for the browser: the script's response.url and redirected hold
                    route.fulfill(status=302, headers={"location": url, "cache-control": "no-store"}, body="")

    def _follow_redirects(self, route: Route, request: PWRequest,
                          refusal_of: Callable[[str], str | None]) -> tuple[str, APIResponse] | None:
        """Fetch ``request`` and its redirects one hop at a time, each Location through ``refusal_of``
        before it is requested: the last URL and its answer, or None when the route was already settled
        (a refused hop or a loop aborted and recorded, a failed fetch left to the browser)."""
        url = request.url
        try:
            response = route.fetch(max_redirects=0)
            for _hop in range(_MAX_HOPS):
                location = response.headers.get("location")
                if not (300 <= response.status < 400 and location):
                    return url, response
                target = urljoin(url, location)
                refusal = refusal_of(target)
                if refusal:
                    self.stats.blocked_requests.append({"why": f"redirect:{refusal}", "method": "GET",
                                                        "url": target[:200], "from": url[:200],
                                                        "kind": request.resource_type})
                    route.abort("blockedbyclient")
                    return None
                url = target
                response = route.fetch(url=url, max_redirects=0)
            self.stats.blocked_requests.append({"why": "redirect:loop", "method": "GET", "url": url[:200]})
            route.abort("blockedbyclient")
            return None
        except PlaywrightError:  # the page went away or the server failed: the browser meets the same
            with suppress(PlaywrightError):
                route.continue_()
            return None

    def _from_cache(self, route: Route, request: PWRequest) -> None:
        cached = self.cache.get(request.url)
        try:
            if cached is not None:
                status, headers, body = cached
                route.fulfill(status=status, headers=headers, body=body)
                return
            response = route.fetch()
            self.cache.put(request.url, response.status, response.headers, response.body())
            route.fulfill(response=response)
        except PlaywrightError:  # the page went away, or the fetch failed: let the browser try itself
            with suppress(PlaywrightError):
                route.continue_()

    def _request_done(self, request: PWRequest) -> None:
        self._inflight.pop(request, None)

    def _network_busy(self) -> bool:
        """Requests the current view still waits for (long polls and streams excepted)."""
        now = time.monotonic()
        for request, started in list(self._inflight.items()):
            if now - started > _LONG_REQUEST_S:
                del self._inflight[request]  # a long poll: never waited for again
            else:
                frame_page = None
                with suppress(PlaywrightError):
                    frame_page = request.frame.page
                if frame_page is self.page:
                    return True
                if frame_page is None or frame_page.is_closed():
                    del self._inflight[request]
        return False

    def renew_page(self, *, stuck: bool = False) -> None:
        """Replace the page with a fresh one: after a crash, to shed Chromium's per-page growth, or when it
        stopped answering (``stuck``: closed first, bounded, without its unload handlers, which would
        never run)."""
        old = self.page
        if stuck:
            with deadline(_CLOSE_DEADLINE_S, "close a stuck page") as mine:
                try:
                    old.close(run_before_unload=False)
                except PlaywrightError:
                    pass
                except Expired as exc:
                    if exc.token is not mine:
                        raise
        self.page = self.context.new_page()
        self._watch(self.page)
        self._crashed = False
        if not stuck:
            with suppress(PlaywrightError):
                old.close()

    @contextmanager
    def trusted_page(self) -> Iterator[Page]:
        """A page of its own for the one other form the tool submits, the login (a re-login after the site
        dropped the session): its submit and its requests pass the guards; the crawl's page stays guarded
        meanwhile (no arming of the whole context). Closed on exit; cookies it sets serve every page."""
        page = self.context.new_page()
        page.add_init_script(script=f"window.__raTrust = {json.dumps(self._trust_token)};")
        self._trusted.add(page)
        try:
            yield page
        finally:
            self._trusted.discard(page)
            with suppress(PlaywrightError):
                page.close()

    def _from_trusted(self, request: PWRequest) -> bool:
        if not self._trusted:
            return False
        try:
            return request.frame.page in self._trusted
        except PlaywrightError:  # a service worker's request has no frame
            return False

    @contextmanager
    def _armed(self, accept_dialog: str | None = None) -> Iterator[None]:
        """Allow one real submit (or the upload that is part of it), then disarm. With ``accept_dialog``,
        the confirm() whose text contains it is the submit and is accepted. Only submit() and upload()
        arm, each around its own press."""
        self.armed = True
        self.accept_dialog = accept_dialog
        try:
            self._arm_frames(True)
            yield
        finally:
            self.armed = False
            self.accept_dialog = None
            self._arm_frames(False)

    def _arm_frames(self, on: bool) -> None:
        for frame in self.page.frames:  # the application may sit in an iframe with its own guard
            with suppress(PlaywrightError):
                frame.evaluate("on => { if (window.__ra) window.__ra.armed = on; }", on)

    # -- reading widgets (the refund flow) ------------------------------------------------------------
    @_answering
    def locate_near(self, label: str, text: str, frames: tuple[str, ...] = ()) -> tuple[model.Locator, bool] | None:
        """The control labelled ``label`` that sits with ``text`` (an order number), and whether it is
        certainly that order's: in a list of orders, the 申请退款 of that order's row (strict: the smallest
        block holding the order number holds one such control). Otherwise the only visible control with the
        label (the item of the row menu just opened), not strict. None when no visible control carries it."""
        script = r"""([label, text]) => {
          const norm = (s) => (s || '').replace(/\s+/g, '').trim();
          const want = norm(label);
          const found = [];
          for (const el of document.querySelectorAll('a,button,[role=button],[onclick],input[type=button],span,div,li')) {
            const own = norm(el.innerText || el.value);
            if (own !== want && !(own.startsWith(want) && own.length <= want.length + 20)) continue;
            if ([...el.children].some((c) => norm(c.innerText) === own)) continue;  // the innermost one
            const r = el.getBoundingClientRect();
            if (r.width < 2 || r.height < 2) continue;
            found.push(el);
          }
          // The order's line: the smallest block holding its number and no other number of that shape.
          const shape = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d/g, '\\d'), 'g');
          const onlyThis = (node) => ((node.innerText || '').match(shape) || []).every((m) => m === text);
          let best = null, strict = false;
          for (const el of found) {
            let up = el, depth = 0;
            while (up && depth < 8 && !(up.innerText || '').includes(text)) { up = up.parentElement; depth++; }
            if (up && depth < 8 && onlyThis(up) && found.filter((o) => up.contains(o)).length === 1) { best = el; strict = true; break; }
          }
          // A label shown once (the menu item of the row just opened) is that one.
          if (!best && found.length === 1) best = found[0];
          if (!best) return null;
          // A copy drawn over it (layui's fixed toolbar column) is the one that takes the click. (No
          // scrolling here: it would close a hover menu the walk has open.)
          const r = best.getBoundingClientRect();
          const hit = r.top >= 0 && r.bottom <= innerHeight ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
          const over = hit && !best.contains(hit) && !hit.contains(best) ? found.find((o) => o === hit || o.contains(hit)) : null;
          if (over) best = over;
          const parts = [];
          for (let e = best; e && e.nodeType === 1; e = e.parentElement) {
            if (e.id && /^[A-Za-z][\w-]*$/.test(e.id) && document.querySelectorAll('#' + e.id).length === 1) { parts.unshift('#' + e.id); break; }
            let i = 1, sib = e;
            while ((sib = sib.previousElementSibling)) if (sib.localName === e.localName) i++;
            parts.unshift(`${e.localName}:nth-of-type(${i})`);
          }
          return [parts.join(' > '), strict];
        }"""
        try:
            target = self._frame(frames)
            found = target.evaluate(script, [label, text])
        except PlaywrightError:
            return None
        return (model.Locator(str(found[0]), frames), bool(found[1])) if found else None

    @_answering
    def open_options(self, frames: tuple[str, ...] = ()) -> list[dict[str, str]]:
        """The options a custom select shows once opened (Chosen, select2, layui, el-select, van-picker …):
        their text and a CSS path to click, visible ones only, from the whole page (popups are appended to
        the body)."""
        script = r"""() => {
          const sel = '[role=option],li.el-select-dropdown__item,li.select2-results__option,.chosen-results li.active-result,' +
            'dl.layui-anim dd[lay-value],.van-picker-column__item,.ant-select-item-option,.dropdown-menu li a,' +
            '.bootstrap-select .dropdown-menu li,.ivu-select-item,.n-base-select-option,.t-select-option,.el-cascader-node';
          const out = [];
          const pathOf = (el) => {
            const parts = [];
            for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
              if (e.id && /^[A-Za-z][\w-]*$/.test(e.id) && document.querySelectorAll('#' + e.id).length === 1) { parts.unshift('#' + e.id); break; }
              let i = 1, sib = e;
              while ((sib = sib.previousElementSibling)) if (sib.localName === e.localName) i++;
              parts.unshift(`${e.localName}:nth-of-type(${i})`);
            }
            return parts.join(' > ');
          };
          for (const el of document.querySelectorAll(sel)) {
            const r = el.getBoundingClientRect();
            if (r.width < 2 || r.height < 2 || !el.checkVisibility()) continue;
            if (/disabled/.test(el.className || '') || el.getAttribute('aria-disabled') === 'true') continue;
            const text = (el.innerText || '').replace(/\s+/g, ' ').trim();
            if (text) out.push({ text: text.slice(0, 80), path: pathOf(el) });
          }
          return out.slice(0, 60);
        }"""
        try:
            return list(self._frame(frames).evaluate(script))
        except PlaywrightError:
            return []

    def _frame(self, frames: tuple[str, ...]) -> Any:
        """The Frame a frame chain (outer iframe first) names, for an evaluate inside it."""
        frame: Any = self.page.main_frame
        for css in frames:
            handle = frame.query_selector(css)
            inner = handle.content_frame() if handle else None
            if inner is None:
                raise PlaywrightError(f"no frame {css}")
            frame = inner
        return frame

    # -- observing ---------------------------------------------------------------------------------
    @_answering
    def snapshot(self, max_text: int = 3000, max_controls: int = 600) -> model.Snapshot:
        """Describe the current page in one evaluate once it settled (retried if a navigation replaced
        the document). The snapshot says how long settling took and, when the bound was hit, what the
        page was still waiting for."""
        last: Exception | None = None
        for _ in range(4):
            if self._popups:  # a tab the last action opened arrived late: continue there
                self._adopt_popup()
            try:
                started = time.perf_counter()
                self.page.wait_for_load_state("domcontentloaded", timeout=NAV_TIMEOUT_MS)
                settle = self._settle(started)
                args = {"maxText": max_text, "maxControls": max_controls, "settleMs": 0 if settle["bound"] else 50}
                raw = json.loads(self.page.evaluate(SNAPSHOT_JS, args))
                raw["settle"] = settle
                self.stats.timed("snapshot", time.perf_counter() - started)
                self.stats.timed("settle", settle["ms"] / 1000)
                if settle["bound"]:
                    self.stats.count_settle_bound()
                started = time.perf_counter()
                raw["blocked"] = [*raw.get("blocked", []), *self._blocked_since]
                self._blocked_since = []
                snap = parse_snapshot(raw)
                self.stats.timed("parse", time.perf_counter() - started)
                in_page = [b for b in snap.blocked if "why" not in b]
                if in_page:
                    self.stats.blocked_requests.extend({"why": "in-page", **b} for b in in_page)
                return snap
            except PlaywrightError as exc:  # context destroyed by a late navigation: look again
                last = exc
                if self._crashed:
                    break
        raise ActionFailed(f"cannot read the page: {_first_line(last)}")

    @_answering
    def settle(self) -> dict[str, Any]:
        """Wait for what the last action started (without a snapshot): the refund flow's widgets."""
        return self._settle(time.perf_counter())

    def settle_refusals(self) -> list[dict[str, Any]]:
        """Non-GET requests refused since the last snapshot (an uploader that posts on its own)."""
        return list(self._blocked_since)

    def _settle(self, started: float) -> dict[str, Any]:
        """Wait until the page (guard.js's ``settle``) and the network are both done with what the last
        action started, bounded by SETTLE_MS; no sleeping: the page is polled in macrotasks and the
        network by its own events."""
        deadline = started + SETTLE_MS / 1000
        waiting = ""
        while True:
            left_ms = max(0, int((deadline - time.perf_counter()) * 1000))
            page = self.page.evaluate("ms => window.__ra ? window.__ra.settle(ms) : {ms: 0, bound: false, waiting: ''}", left_ms)
            waiting = str(page.get("waiting") or "") if page.get("bound") else ""
            if not waiting and not self._network_busy():
                return {"ms": round((time.perf_counter() - started) * 1000), "bound": False, "waiting": ""}
            if time.perf_counter() >= deadline:
                return {"ms": round((time.perf_counter() - started) * 1000), "bound": True,
                        "waiting": waiting or "network"}
            if not waiting:  # the page is idle but a request is still on its way: wait for the network
                with suppress(PlaywrightTimeout):
                    self.page.wait_for_event("requestfinished", timeout=min(250, max(1, left_ms)))

    # -- acting --------------------------------------------------------------------------------------
    @_answering
    def goto(self, url: str) -> int:
        """Navigate (one action); returns the HTTP status. Raises ActionFailed on a failed load."""
        self.stats.count("goto")
        if self._crashed:
            self.renew_page()
        started = time.perf_counter()
        try:
            response = self.page.goto(url, wait_until="domcontentloaded")
        except PlaywrightTimeout as exc:
            raise self._stuck_load(url, exc) from exc
        except PlaywrightError as exc:
            raise ActionFailed(f"goto {url}: {_first_line(exc)}") from exc
        finally:
            self.stats.timed("goto", time.perf_counter() - started)
        self._pause()
        return response.status if response else 0

    def _stuck_load(self, url: str, exc: PlaywrightError) -> PageStuck:
        """A load that never got its DOM (a script at load that never yields) would hang every call
        after it: the page is abandoned at once."""
        self.renew_page(stuck=True)
        return PageStuck(f"load {url}: {_first_line(exc)}; the page was closed and a fresh one opened", url)

    def _locate(self, locator: model.Locator) -> Locator:
        scope: Page | FrameLocator | Locator = self.page
        for frame in locator.frame:
            scope = scope.frame_locator(frame)
        for host in locator.shadow:
            scope = scope.locator(host)
        return scope.locator(locator.path).first

    # -- the gate ------------------------------------------------------------------------------------
    def _gate(self, label: str, question: str = "", href: str = "") -> None:
        """Refuse a control known only by its label (and the link it follows): the gate's label rules
        (:meth:`Gate.label_refusal`) and, for a link, the URL rules. The rules that need the whole
        control (form role, disabled, scheme) apply where a Control is at hand (:meth:`activate`)."""
        reason = self.gate.label_refusal((label,), href, question, answer=label) \
            or (self.gate.url_refusal(href) if href else None)
        if reason:
            raise Refused(label, reason)

    # -- activating ----------------------------------------------------------------------------------
    def activate(self, target: model.Action | model.Control, term: str | None = None, *, question: str = "",
                 referer: str | None = None, allow: tuple[str, ...] = ()) -> Outcome:
        """Perform one user action once the gate allows it; raises :class:`Refused` otherwise.

        ``target`` is a control of a snapshot (checked by :meth:`Gate.refusal`, the explorer's own rule;
        ``term`` is what a search types) or a recorded action, a step of a path in the graph (checked by
        its label and link, see :meth:`_gate`). ``question``: the text of the dialog or popover
        the control sits in, whose bland 确定 answers it. ``allow``: refusals of :meth:`Gate.refusal` the
        caller takes on itself (the flow's go-on of an are-you-sure page after the submit is a form's
        submit button; the press is still unarmed).
        """
        if isinstance(target, model.Control):
            reason = self.gate.refusal(target, dialog_text=question)
            if reason and reason not in allow:
                raise Refused(target.label, reason)
            return self._activate(target.action(term), referer)
        self._gate(target.label, question, target.follow)
        return self._activate(target, referer)

    @_answering
    def _activate(self, action: model.Action, referer: str | None = None) -> Outcome:
        """Perform one user action: click (tap on touch devices), hover, or a search (type + Enter).

        A plain link is followed by navigating to its href, with ``referer`` (default: the current page)
        as the page it was clicked on.
        """
        control = action
        term = action.term
        if action.follow:
            return self._follow(action.follow, referer or self.page.url)
        target = self._locate(action.locator)
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

    # -- filling a form (the refund flow) --------------------------------------------------------------
    # Filling, ticking and choosing act inside the application form and press nothing that leaves it:
    # they are not gated by label (a reason option 重复支付 or a radio 原路退回支付宝 holds a danger word
    # and is harmless), and whatever request they would start is refused by the unarmed network guard.
    # Each counts one action of its kind; a control Playwright cannot act on raises ControlFailed.
    @_answering
    def fill(self, locator: model.Locator, label: str, value: str) -> None:
        """Type ``value`` into an input or textarea (its old value replaced)."""
        self._on_control("fill", locator, label, lambda target: target.fill(value))

    @_answering
    def type_into(self, locator: model.Locator, label: str, text: str) -> None:
        """Click into a contenteditable editor and insert ``text`` there, as a person types."""

        def type_text(target: Locator) -> None:
            target.click()
            self.page.keyboard.insert_text(text)

        self._on_control("fill", locator, label, type_text)

    @_answering
    def check(self, locator: model.Locator, label: str) -> None:
        """Tick a checkbox or choose a radio button."""
        self._on_control("check", locator, label, lambda target: target.check())

    @_answering
    def select(self, locator: model.Locator, label: str, option: str, *, force: bool = False) -> None:
        """Choose the option labelled ``option`` of a native select (``force``: one a widget hides)."""
        self._on_control("select", locator, label, lambda target: target.select_option(label=option, force=force))

    @_answering
    def choose(self, locator: model.Locator, label: str) -> None:
        """Click part of a custom select: its box (it opens) or one of its options (counted as a select)."""
        self._on_control("select", locator, label, lambda target: target.click())

    @_answering
    def type_keys(self, label: str, text: str) -> None:
        """Type ``text`` where the focus is (the search box a custom select ``label`` just opened)."""
        try:
            self.page.keyboard.type(text)
        except PlaywrightError as exc:
            raise ControlFailed("type", label, _first_line(exc)) from exc

    @_answering
    def click_control(self, locator: model.Locator, label: str, *, question: str = "") -> None:
        """Click a control of a page that is neither a link of the graph nor the submit (a tab of the
        form): gated by its label like any activation."""
        self._gate(label, question)
        self._on_control("click", locator, label, lambda target: target.click())

    @_answering
    def upload(self, locator: model.Locator, label: str, files: list[str], *, send: bool = False) -> None:
        """Set the files of a file input. Many uploaders send the file the moment it is chosen (a POST of
        its own): with ``send`` (the profile submits) that upload is part of the application and is
        armed for this input alone, until the page settled; otherwise it is refused like any write."""
        if not send:
            self._on_control("upload", locator, label, lambda target: target.set_input_files(files))
            return
        self._gate(label)
        with self._armed():
            self._on_control("upload", locator, label, lambda target: target.set_input_files(files))
            self._settle(time.perf_counter())

    def is_enabled(self, locator: model.Locator) -> bool:
        """Whether the control can be used (False when it cannot be found in time)."""
        try:
            return self._locate(locator).is_enabled(timeout=2000)
        except PlaywrightError:
            return False

    def _on_control(self, what: str, locator: model.Locator, label: str, act: Callable[[Locator], object]) -> None:
        self.stats.count(what)
        try:
            act(self._locate(locator))
        except PlaywrightError as exc:
            raise ControlFailed(what, label, _first_line(exc)) from exc

    @_answering
    def submit(self, locator: model.Locator, label: str, *, question: str = "",
               accept_dialog: str | None = None) -> Outcome:
        """The one armed activation: the final submit of the refund application (flow.submit: true).

        The label passes the gate's danger words, deny list and dialog question (not its form-submit
        rule: submitting is the point). The guards are armed, exactly that element is clicked, the page
        is read once settled (what the press started: the application's request, its answer) and the
        guards are disarmed before this returns; whatever is pressed afterwards (an interstitial's 继续)
        goes through the ordinary, unarmed activation. With ``accept_dialog``, the confirm() whose text
        contains it is the application and is accepted (a one-click refund). The outcome carries the
        snapshot read while armed; a press that fails raises ControlFailed."""
        self._gate(label, question)
        with self._armed(accept_dialog):
            self._dialogs = []
            self.stats.count("click")
            try:
                self._locate(locator).click()
            except PlaywrightError as exc:
                raise ControlFailed("click", label, _first_line(exc)) from exc
            dialogs = self._dialogs
            snap = self.snapshot()
        return Outcome(dialogs=dialogs, crashed=self._crashed, snapshot=snap)

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
        except PlaywrightTimeout as exc:
            raise self._stuck_load(href, exc) from exc
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

    @_answering
    def screenshot(self, path: str, *, full_page: bool = False, highlight: model.Locator | None = None) -> bool:
        """Save what the person sees, password fields masked; optionally outline one control.

        The outline is a box drawn over the control in the top document, not a style on the control:
        sites reset ``outline`` (``outline: none !important``), clip it (``overflow: hidden``) or put the
        control in an iframe, and the evidence must show it all the same."""
        page = self.page
        masks = [page.locator("input[type=password]")]
        try:
            if highlight is not None:
                self._outline(highlight)
            page.screenshot(path=path, full_page=full_page, mask=masks, animations="disabled", timeout=10000)
        except PlaywrightError:
            return False
        except Expired:  # the page stopped answering: no clean-up on it (it would not answer either)
            highlight = None
            raise
        finally:
            if highlight is not None:
                with suppress(PlaywrightError):
                    page.evaluate("() => { const b = document.getElementById('__ra_outline'); if (b) b.remove(); }")
        return True

    def _outline(self, highlight: model.Locator) -> None:
        target = self._locate(highlight)
        with suppress(PlaywrightError):
            target.scroll_into_view_if_needed(timeout=1000)
        box = target.bounding_box(timeout=1000)  # in the top page's viewport, frames included
        if box is None:
            return
        self.page.evaluate(
            """(b) => {
              const el = document.createElement('div');
              el.id = '__ra_outline';
              el.setAttribute('aria-hidden', 'true');
              Object.assign(el.style, {position: 'absolute', left: (b.x + scrollX - 4) + 'px', top: (b.y + scrollY - 4) + 'px',
                width: (b.width + 8) + 'px', height: (b.height + 8) + 'px', border: '3px solid #e5261f',
                borderRadius: '4px', boxSizing: 'border-box', pointerEvents: 'none', zIndex: '2147483647',
                boxShadow: '0 0 0 2px rgba(255,255,255,.9)'});
              (document.body || document.documentElement).appendChild(el);
            }""", box)


def question_of(snap: model.Snapshot) -> str:
    """What the open dialog or popover of a snapshot asks (what its bland 确定 answers), '' without one."""
    return str((snap.overlay or {}).get("text") or "")


def _aim_path(locator: model.Locator) -> str | None:
    """The CSS path guard.js can aim at: light DOM of the top document only."""
    return None if locator.frame or locator.shadow else locator.path


def _first_line(exc: BaseException | None) -> str:
    text = str(exc or "").strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__

