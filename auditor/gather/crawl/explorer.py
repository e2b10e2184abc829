"""The frontier loop: explore a logged-in site into a :class:`NavGraph`, safely and with few actions.

How it keeps actions low (see ARCHITECTURE.md, "Explorer"):

* **Continue where you are.** The next control is chosen by refund scent minus the cost of getting
  there; controls of the current state cost nothing, so the crawl mostly walks on instead of jumping.
* **Restore cheaply.** A state is reached again by navigating to its nearest URL-addressable ancestor
  and replaying only the remaining actions; when the page is already at an ancestor, no navigation.
* **Try each control once.** A plain ``<a href>`` leads to its href from any page, so it is activated
  once per crawl and later sightings get an inferred edge (Crawljax's ``clickOnce``); controls a hover
  or an expand merely re-shows (already on the parent state) are not tried again.
* **One evaluate per observation**, no sleeps, no ``networkidle``.

Safety: every control passes :class:`~auditor.gather.crawl.scope.Gate` before activation.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...audit import model
from ...audit.detect import detect, detect_dialog
from ...audit.graph import NavGraph
from ...audit.lexicon import Lexicon
from ...audit.model import StopReason
from ...profile import CrawlSettings
from .driver import ActionFailed, Driver, PageStuck, question_of
from .scope import is_login_page, shows_login_form
from .states import dialog_gist, url_template
from .states import state_key as default_state_key

log = logging.getLogger(__name__)

StateKey = Callable[[model.Snapshot], str]
Progress = Callable[[dict[str, Any]], None]
# Failures of a navigation that a second try from a fresh page can get past.
_CUT_SHORT = re.compile(r"interrupted by another navigation|net::ERR_(?!BLOCKED_BY_CLIENT)|frame was detached"
                        r"|Navigation failed because page", re.I)


_CRAWL = CrawlSettings()


@dataclass(frozen=True)
class ExploreOptions:
    """Bounds and switches of one exploration (filled from the profile's ``crawl`` section, whose
    defaults are the ones here: profile.CrawlSettings is the one place they are written)."""

    max_depth: int = _CRAWL.max_depth
    max_states: int = _CRAWL.max_states
    max_seconds: float = _CRAWL.max_seconds
    max_actions: int = _CRAWL.max_actions
    quick: bool = _CRAWL.quick
    search_terms: tuple[str, ...] = tuple(_CRAWL.search_terms)
    screenshots_dir: Path | None = None
    max_pagination: int = 3  # consecutive new pages through 下一页 on one template before it is a trap
    max_states_per_template: int = 60
    cost_weight: float = 0.3  # scent points one restore action is worth (full mode)
    # Fresh page every N actions: Chromium's page process grows with clicks. At N=1,000 in bench/, 200
    # instead of 400 lowered the renderers' peak from 462 to 319 MB at no measurable cost in time.
    renew_every: int = 200
    # Session health: whether the crawl runs logged in, the profile's login page (a landing there, or on a
    # login-shaped URL, means the site dropped the session), and how to log in again (None: a saved
    # session that cannot be renewed). Each loss costs one re-login; past max_relogins, or when logging
    # in fails, the crawl stops with ``login-expired``.
    logged_in: bool = False
    login_url: str = ""
    relogin: Callable[[], bool] | None = None
    max_relogins: int = 10


@dataclass
class _State:
    id: str
    snap: model.Snapshot
    template: str
    depth: int
    parent: str | None
    via: model.Control | None  # control on ``parent`` that led here
    via_term: str | None
    addressable: bool
    verified: bool = False
    pending: list[tuple[model.Control, str | None]] = field(default_factory=list)
    failures: int = 0
    depth_capped: bool = False  # its controls were left untried because it was found too deep

    def replay_len(self, states: dict[str, _State]) -> int:
        n, s = 0, self
        while not s.addressable and s.parent is not None:
            n += 1
            s = states[s.parent]
        return n


class Explorer:
    """One exploration run; use :func:`explore`."""

    def __init__(self, driver: Driver, lexicon: Lexicon, options: ExploreOptions,
                 state_key: StateKey = default_state_key, progress: Progress | None = None) -> None:
        self.d = driver
        self.lex = lexicon
        self.opt = options
        self.key = state_key
        self.progress = progress
        self.graph = NavGraph()
        self.stats = driver.stats
        self.states: dict[str, _State] = {}
        self.current: str | None = None
        self.live: model.Snapshot | None = None  # the last snapshot of the page as it is now
        self.link_targets: dict[tuple[str, str], str] = {}  # (label, href) of a plain link -> target state
        # A search box that navigates (a GET form) gives the same results from any page: try it once.
        self.search_targets: dict[tuple[str, str, str], str] = {}
        # A script control of the page chrome (header, nav, side menu, tab bar) that navigated once leads
        # to the same view from every page it sits on: tried once, like a plain link.
        self.chrome_targets: dict[tuple[str, model.Locator], str] = {}
        self.dialog_states: dict[str, int] = {}  # confirm() applications (one-click refunds) -> depth
        self.skip_seen: set[tuple[str, str]] = set()
        self.chrome_hovers: dict[str, int] = {}  # header/nav hover trigger (place) -> depth it was tried at
        self.pagination_runs: dict[str, int] = {}
        self.scents: dict[str, float] = {}  # label -> scent: _pick ranks every state's next control per action
        self.trapped_templates: set[str] = set()
        self.per_template: dict[str, int] = {}
        self.started = time.monotonic()
        self._actions_at_renew = 0
        self.halt: StopReason | None = None  # a stop reason decided mid-step (the session could not be renewed)
        self.logged_out_by: dict[tuple[str, str], int] = {}  # (state, control) -> landings in a row on the login page
        self.retried: set[tuple[str, str]] = set()  # (state, control label) tried again after a failure

    # -- the loop ----------------------------------------------------------------------------------
    def run(self, start_url: str) -> model.CrawlResult:
        self.stats.stop_reason = StopReason.RUNNING
        snap = self._open_start(start_url)
        if snap is not None and self._lost(snap) and self._log_in_again(start_url, "the start page"):
            snap = self._open_start(start_url)
        if snap is None:
            return self._result()
        if self.halt or self._lost(snap):
            self.stats.stop_reason = StopReason.LOGIN_EXPIRED
            return self._result()
        self.live = snap
        root = self._register(snap, parent=None, via=None, term=None, navigated=True)
        self.graph.root = root.id
        root.verified = True
        self.current = root.id
        while True:
            reason = self.halt or self._budget_exhausted()
            if reason:
                self.stats.stop_reason = reason
                break
            choice = self._pick()
            if choice is None:
                self.stats.stop_reason = StopReason.COMPLETE
                break
            state, control, term = choice
            if self._infer(state, control, term) or self._chrome_hover_seen(control, state):
                continue  # tried elsewhere since this state was found
            # A plain link goes to its href from any page: no need to bring its state back first.
            losses = len(self.stats.sessions_lost)
            if self.current != state.id and not control.plain_link and not self._restore(state):
                if len(self.stats.sessions_lost) > losses and not self.halt:
                    state.pending.insert(0, (control, term))  # the session was lost on the way: not its fault
                continue
            self._step(state, control if control.plain_link else self._rebind(control), term)
            if self.opt.quick and self._entry_depth_proven():
                self.stats.stop_reason = StopReason.QUICK
                break
            self._report_progress()
        return self._result()

    def _open_start(self, start_url: str) -> model.Snapshot | None:
        try:
            self.d.goto(start_url)
            return self.d.snapshot()
        except ActionFailed as exc:
            self.stats.stop_reason = StopReason.START_UNREACHABLE
            self.stats.errors.append({"where": start_url, "error": str(exc)})
            return None

    def _result(self) -> model.CrawlResult:
        self.stats.elapsed_s = round(time.monotonic() - self.started, 3)
        self.stats.coverage = self.coverage()
        return model.CrawlResult(self.graph, self.stats)

    # -- what the crawl could see ------------------------------------------------------------------
    def _application_depth(self) -> int | None:
        depths = [s.depth for s in self.states.values() if self.graph.state(s.id).get("application") == "refund"]
        depths += list(self.dialog_states.values())
        return min(depths) if depths else None

    def _entry_depth_proven(self) -> bool:
        """An application is known and no untried control could open a shorter way to one: every state
        up to two actions shallower than it has had all its controls tried."""
        depth = self._application_depth()
        if depth is None:
            return False
        return not any(s.pending for s in self.states.values() if s.depth <= depth - 2)

    def coverage(self) -> dict[str, Any]:
        """What the crawl could not see, so that "not found" is said only where it could have been seen."""
        states = list(self.states.values())
        empty = [s.id for s in states if not s.snap.controls and (s.snap.status or 200) < 400]
        bound = [s.id for s in states if s.snap.settle.get("bound")]
        # Data a view loads with POST and the guard refused (a list that then shows 暂无数据): only on views
        # reached by navigation; a refusal after an in-page click is a write the crawler must not make.
        blocked = [s.id for s in states if s.addressable and any(_data_request(b) for b in s.snap.blocked)]
        unreachable = [s.id for s in states if s.failures >= 3]
        untried = sum(len(s.pending) for s in states)
        depth = self._application_depth()
        reasons = []
        stop = self.stats.stop_reason
        if stop == StopReason.QUICK:
            reasons.append("quick mode stopped once the entry's depth was proven; the rest of the site was not explored")
        elif stop == StopReason.LOGIN_EXPIRED:
            relogins = sum(1 for s in self.stats.sessions_lost if s["relogin"])
            reasons.append(f"the site ended the session and logging in again did not hold ({relogins} re-logins); "
                           f"{untried} controls untried")
        elif stop != StopReason.COMPLETE:
            reasons.append(f"the crawl stopped on a bound ({stop}) with {untried} controls untried")
        if bound:
            reasons.append(f"{len(bound)} views never settled (still {self.states[bound[0]].snap.settle.get('waiting')} "
                           f"after {self.states[bound[0]].snap.settle.get('ms')} ms)")
        if empty:
            reasons.append(f"{len(empty)} views showed no control at all")
        if blocked:
            reasons.append(f"{len(blocked)} views had data requests refused (non-GET: list them in crawl.read_only_posts "
                           "if they are read-only)")
        if unreachable:
            reasons.append(f"{len(unreachable)} states could not be brought back to try their controls")
        final = [e for e in self.stats.errors if e.get("label") is not None and not e.get("retried")]
        stuck = [e for e in final if e.get("stuck")]
        failed = [e for e in final if not e.get("stuck")]
        if failed:
            reasons.append(f"{len(failed)} controls failed to activate")
        if stuck:
            reasons.append(f"{len(stuck)} pages stopped answering (a script that never yields), e.g. {stuck[0]['at']}")
        return {
            "complete": not reasons, "reasons": reasons, "stop_reason": stop, "states": len(states),
            "untried_controls": untried, "states_with_untried": sum(1 for s in states if s.pending),
            "empty_views": empty, "settle_bound_views": bound, "blocked_data_views": blocked,
            "unreachable_states": unreachable, "failed_controls": len(failed), "stuck_pages": len(stuck),
            "depth_capped_states": sum(1 for s in states if s.depth_capped),
            "entry_depth": depth, "entry_depth_proven": depth is not None and self._entry_depth_proven(),
        }

    def _budget_exhausted(self) -> StopReason | None:
        if len(self.states) >= self.opt.max_states:
            return StopReason.MAX_STATES
        if time.monotonic() - self.started > self.opt.max_seconds:
            return StopReason.MAX_SECONDS
        if self.stats.action_total >= self.opt.max_actions:
            return StopReason.MAX_ACTIONS
        return None

    # -- choosing ----------------------------------------------------------------------------------
    def _pick(self) -> tuple[_State, model.Control, str | None] | None:
        weight = 0.05 if self.opt.quick else self.opt.cost_weight
        best: tuple[float, int, int] | None = None
        chosen: _State | None = None
        # Quick mode, once an application is known: only a state two or more actions shallower can still
        # lead to a shorter way, so only those are worth trying (proving the depth, not mapping the site).
        known = self._application_depth() if self.opt.quick else None
        for order, state in enumerate(self.states.values()):
            if not state.pending or (known is not None and state.depth > known - 2):
                continue
            control, _term = state.pending[0]
            cost = 0 if state.id == self.current or control.plain_link else 1 + state.replay_len(self.states)
            rank = (self._scent(control.label) - weight * cost, -cost, -order)
            if best is None or rank > best:
                best, chosen = rank, state
        if chosen is None:
            return None
        control, term = chosen.pending.pop(0)
        return chosen, control, term

    def _scent(self, label: str) -> float:
        scent = self.scents.get(label)
        if scent is None:
            scent = self.scents[label] = self.lex.scent(label)
        return scent

    def _rebind(self, control: model.Control) -> model.Control:
        """The control as it is on the live page. One state can be reached in ways that put its controls
        elsewhere (the 操作 menu of row 2 instead of row 1 shows the same items): find it by label."""
        live = self.live
        if live is None or any(c.kind == control.kind and c.locator == control.locator and c.label == control.label
                               for c in live.controls):
            return control
        for candidate in live.controls:
            if candidate.kind == control.kind and candidate.label == control.label and candidate.tag == control.tag:
                return candidate
        return control

    # -- moving ------------------------------------------------------------------------------------
    def _restore(self, state: _State) -> bool:
        """Bring the page to ``state``: nearest addressable ancestor, then the remaining actions."""
        chain: list[_State] = []
        s = state
        while not s.addressable and s.parent is not None:
            chain.append(s)
            s = self.states[s.parent]
        chain.reverse()
        base = s
        # Already at the base or part-way down the chain: replay only what is left.
        on_path = [base.id] + [c.id for c in chain]
        if self.current in on_path:
            chain = chain[on_path.index(self.current):]
        else:
            self.stats.restores += 1
            try:
                self.d.goto(base.snap.url)
            except ActionFailed as exc:
                return self._restore_failed(state, f"goto base: {exc}")
            if self._at_login(self.d.page.url) and self._lost(self.d.snapshot()):
                self._log_in_again(base.snap.url, "bringing a state back")
                self.current = None
                return False
            if not base.verified:
                landed = self.key(self.d.snapshot())
                base.verified = True
                if landed != base.id and base.parent is not None:
                    base.addressable = False  # its URL alone does not bring it back: replay from its parent
                    self.current = None
                    return self._restore(state)
        for step in chain:
            assert step.via is not None
            self.stats.replays += 1
            try:
                parent = self.states[step.parent] if step.parent else None  # (a new tab is adopted by the driver)
                self.d.activate(step.via, step.via_term, question=question_of(parent.snap) if parent else "")
            except ActionFailed as exc:
                return self._restore_failed(state, f"replay {step.via.label!r}: {exc}")
        if chain or self.current not in on_path:
            try:
                self.live = self.d.snapshot()
                landed = self.key(self.live)
            except ActionFailed as exc:
                return self._restore_failed(state, str(exc))
            if landed != state.id and self._lost(self.live):
                self._log_in_again(self.live.url, "bringing a state back")
                self.current = None
                return False
            if landed != state.id:
                return self._restore_failed(state, f"replay reached {landed}, expected {state.id}")
        self.current = state.id
        return True

    def _restore_failed(self, state: _State, why: str) -> bool:
        self.stats.replay_failures += 1
        state.failures += 1
        self.current = None
        if state.failures >= 3:
            state.pending.clear()  # the site does not bring this state back reliably: give up on it
            self.stats.errors.append({"where": state.snap.url, "error": f"state {state.id} unreachable: {why}"})
        log.debug("restore of %s failed: %s", state.id, why)
        return False

    # -- acting and recording ----------------------------------------------------------------------
    def _step(self, state: _State, control: model.Control, term: str | None) -> None:
        # A followed link may start from another page than its state's (see run()): compare with its state.
        before_url = state.snap.url if control.plain_link else self.d.page.url
        adoptions = self.d.adoptions
        try:
            outcome = self.d.activate(control, term, question=question_of(state.snap), referer=state.snap.url)
            snap = self.d.snapshot()
            self.live = snap
            new_tab = self.d.adoptions > adoptions
        except ActionFailed as exc:
            # A navigation cut short (interrupted by another one, a dropped connection) is tried once more
            # from a fresh page before anything else; not a page that stopped answering (another whole
            # deadline), a load the gate refused, or a control that is gone or covered (the same again).
            again = bool(_CUT_SHORT.search(str(exc))) and not isinstance(exc, PageStuck) \
                and (state.id, control.label) not in self.retried
            error: dict[str, Any] = {"where": state.snap.url, "label": control.label, "error": str(exc)}
            if isinstance(exc, PageStuck):
                error.update(stuck=True, at=exc.url)
            self.stats.errors.append({**error, **({"retried": True} if again else {})})
            self.current = None
            if again:
                self.retried.add((state.id, control.label))
                state.pending.insert(0, (control, term))
                self.d.renew_page()
            else:
                state.failures += 1
            return
        if outcome.crashed:
            self.stats.errors.append({"where": state.snap.url, "label": control.label, "error": "page crashed"})
            self.d.renew_page()
            self.current = None
            return
        if self._lost(snap) and not self._lost(state.snap):
            self._session_lost(state, control, term)
            return
        self.logged_out_by.pop((state.id, control.label), None)
        if not snap.url.startswith(("http://", "https://")):  # blocked navigation shows an error page
            self._skip(control, "off-origin-navigation", state)
            self.current = None
            return
        landing = self.d.gate.url_refusal(snap.url)
        if landing:  # a redirect landed where the gate would never have gone: never a state
            self._skip(control, f"landing:{landing}", state)
            self.current = None
            return
        self._dialog_application(state, control, term, outcome.dialogs)
        navigated = new_tab or _without_fragment(snap.url) != _without_fragment(before_url) \
            or (snap.url != before_url and "#/" in snap.url)
        target_id = self.key(snap)
        target = self.states.get(target_id)
        is_new = target is None
        if target is None:
            target = self._register(snap, parent=state, via=control, term=term, navigated=navigated)
        else:
            self._maybe_shorter(target, state, control, term, navigated)
        self._add_edge(state, target, control, term, new_tab, outcome.dialogs, inferred=False)
        self.stats.transitions += 1
        if control.plain_link:
            self.link_targets[(control.label, control.href)] = target.id
        elif navigated and not new_tab and control.kind == "click" and control.region in _CHROME \
                and target.addressable and target.id != state.id:
            self.chrome_targets.setdefault((control.label, control.locator), target.id)
        if control.kind == "search" and navigated:
            self.search_targets[(control.label, control.locator.path, term or "")] = target.id
        if is_new:
            self._watch_pagination(state, target, control)
        self.current = target.id
        if self.stats.action_total - self._actions_at_renew >= self.opt.renew_every:
            self._actions_at_renew = self.stats.action_total
            self.d.renew_page()
            self.current = None

    # -- session health ------------------------------------------------------------------------------
    def _at_login(self, url: str) -> bool:
        """The URL is the login page's; never on a site crawled without a login (nothing to lose)."""
        return self.opt.logged_in and is_login_page(url, self.opt.login_url)

    def _lost(self, snap: model.Snapshot) -> bool:
        """The page is the login form: the session was lost (see scope.shows_login_form)."""
        return self.opt.logged_in and shows_login_form(snap, self.opt.login_url)

    def _session_lost(self, state: _State, control: model.Control, term: str | None) -> None:
        """An action landed on the login page. Log in again and try the action once more: when it lands
        there again right away it ends the session itself (a logout in disguise) and is not tried again."""
        key = (state.id, control.label)
        self.current = None
        times = self.logged_out_by[key] = self.logged_out_by.get(key, 0) + 1
        if not self._log_in_again(state.snap.url, control.label):
            return
        if times == 1:
            state.pending.insert(0, (control, term))
        else:
            self._skip(control, "ends-session", state)

    def _log_in_again(self, where: str, label: str) -> bool:
        """Renew the session the site dropped (one re-login per loss, up to max_relogins); when that
        cannot be done, the crawl halts with ``login-expired``: what it had not seen stays unseen."""
        lost = {"where": where[:200], "label": label, "relogin": False}
        self.stats.sessions_lost.append(lost)
        done = len([s for s in self.stats.sessions_lost if s["relogin"]])
        if self.opt.relogin is None or done >= self.opt.max_relogins or not self.opt.relogin():
            self.halt = StopReason.LOGIN_EXPIRED
            return False
        lost["relogin"] = True
        return True

    def _dialog_application(self, state: _State, control: model.Control, term: str | None,
                            dialogs: list[dict[str, str]]) -> None:
        """A confirm() in refund words that the activation raised is the application of a one-click
        refund (its acceptance is the submit): it becomes a state of its own, the control's edge leads
        there. It was dismissed, so nothing was requested; there is nothing in it to explore."""
        for dialog in dialogs:
            if dialog.get("type") != "confirm" or detect_dialog(dialog.get("message", ""), self.lex).kind != "refund":
                continue
            message = dialog.get("message", "")
            dialog_id = "d" + hashlib.sha1(f"{url_template(state.snap.url)}\n{dialog_gist(message)}".encode()).hexdigest()[:11]
            depth = state.depth + 1
            if dialog_id not in self.dialog_states:
                self.graph.add_state(
                    dialog_id, url=state.snap.url, template=url_template(state.snap.url), title=message[:60],
                    overlay={"kind": "confirm", "label": message[:60], "native": True}, depth=depth,
                    addressable=False, headings=[message], text=message, labels=[], controls=[], forms=[],
                    viewport=list(state.snap.viewport), doc_height=0, screenshot="", application="refund",
                    dialog={"type": "confirm", "message": message}, status=state.snap.status,
                    found_at={"actions": self.stats.action_total, "seconds": round(time.monotonic() - self.started, 3)},
                )
                if self.stats.first_application_at is None:
                    self.stats.first_application_at = {
                        "actions": self.stats.action_total, "seconds": round(time.monotonic() - self.started, 3),
                        "state": dialog_id, "depth": depth}
            self.dialog_states[dialog_id] = min(depth, self.dialog_states.get(dialog_id, depth))
            target = _State(dialog_id, state.snap, url_template(state.snap.url), depth, state.id, control, term, False)
            self._add_edge(state, target, control, term, False, [dialog], inferred=False)

    def _register(self, snap: model.Snapshot, *, parent: _State | None, via: model.Control | None,
                  term: str | None, navigated: bool) -> _State:
        state_id = self.key(snap)
        template = url_template(snap.url)
        depth = 0 if parent is None else parent.depth + 1
        state = _State(state_id, snap, template, depth, parent.id if parent else None, via, term,
                       addressable=navigated or parent is None)
        self.states[state_id] = state
        self.per_template[template] = self.per_template.get(template, 0) + 1
        screenshot = ""
        if self.opt.screenshots_dir is not None:
            path = self.opt.screenshots_dir / f"{state_id}.png"
            if self.d.screenshot(str(path)):
                screenshot = f"{self.opt.screenshots_dir.name}/{state_id}.png"
        detection = detect(snap.forms, snap.headings, snap.title, self.lex)
        self.graph.add_state(
            state_id, url=snap.url, template=template, title=snap.title, overlay=snap.overlay,
            depth=depth, addressable=state.addressable, headings=list(snap.headings), text=snap.text,
            labels=sorted({c.label for c in snap.controls if c.label}),
            controls=[c.to_dict() for c in snap.controls], forms=[_form_dict(f) for f in snap.forms],
            viewport=list(snap.viewport), doc_height=snap.doc_height, screenshot=screenshot,
            application=detection.kind, status=snap.status, settle=dict(snap.settle),
            blocked=[dict(b) for b in snap.blocked][:10], messages=[dict(m) for m in snap.messages],
            found_at={"actions": self.stats.action_total, "seconds": round(time.monotonic() - self.started, 3)},
        )
        if detection.is_application and self.stats.first_application_at is None:
            self.stats.first_application_at = {
                "actions": self.stats.action_total, "seconds": round(time.monotonic() - self.started, 3),
                "state": state_id, "depth": depth,
            }
        state.pending = self._pending_for(state, parent)
        return state

    def _maybe_shorter(self, target: _State, source: _State, control: model.Control, term: str | None,
                       navigated: bool) -> None:
        """Keep the cheapest known way back to a state, and its smallest depth."""
        if source.depth + 1 < target.depth:
            self._lower_depth(target, source.depth + 1)
        if target.parent is None or target.addressable:
            return
        if navigated:
            target.addressable, target.parent, target.via, target.via_term = True, source.id, control, term
        elif source.replay_len(self.states) + 1 < target.replay_len(self.states) and source.id != target.id:
            target.parent, target.via, target.via_term = source.id, control, term

    def _lower_depth(self, state: _State, depth: int) -> None:
        """A shorter way to ``state`` was found: lower its depth and its descendants', and try the
        controls of any state that the depth bound had left untried but is now within reach."""
        queue = [(state, depth)]
        while queue:
            current, new_depth = queue.pop()
            if new_depth >= current.depth:
                continue
            current.depth = new_depth
            self.graph.add_state(current.id, depth=new_depth)
            if current.depth_capped and new_depth < self.opt.max_depth:
                current.depth_capped = False
                current.pending = self._pending_for(current, self.states.get(current.parent or ""))
            for child in self.graph.g.successors(current.id):
                queue.append((self.states[child], new_depth + 1))

    def _pending_for(self, state: _State, parent: _State | None) -> list[tuple[model.Control, str | None]]:
        """Controls of a new state still worth trying, best refund scent first."""
        if state.depth >= self.opt.max_depth:
            if state.snap.controls:
                self._skip_count("max-depth", len(state.snap.controls))
            state.depth_capped = True
            return []
        if self.per_template[state.template] > self.opt.max_states_per_template:
            self._trap(state, "template-explosion", "")
            return []
        # Controls a hover/expand merely re-shows were tried on the parent already.
        inherited = set()
        if parent is not None and _without_fragment(parent.snap.url) == _without_fragment(state.snap.url):
            inherited = {_same_control(c) for c in parent.snap.controls}
        # Pickers and steppers inside a purchase form (面值, 数量 +/−) only configure a purchase the
        # auditor never makes.
        purchase_forms = {f.path for f in state.snap.forms
                          if any(self.lex.is_purchase(str(s.get("label", ""))) for s in f.submits)}
        # On a refund application, the form's own widgets (choosers, custom selects, steppers) only fill
        # in an application the crawl never submits: each would add "the form, half filled" states.
        application_forms = set()
        if self.graph.state(state.id).get("application") == "refund":
            application_forms = {(f.frame, f.path) for f in state.snap.forms if not f.search}
        pending: list[tuple[model.Control, str | None]] = []
        for control in state.snap.controls:
            if control.form_path and control.form_path in purchase_forms and control.form_role is None:
                self._skip(control, "purchase-form", state)
                continue
            if control.form_path and control.form_role is None and (control.locator.frame, control.form_path) in application_forms:
                self._skip(control, "application-form", state)
                continue
            if _same_control(control) in inherited:
                continue
            if control.form_role == "search-submit":
                continue  # the search action types a term and submits; an empty search adds nothing
            refusal = self.d.gate.refusal(control, dialog_text=str((state.snap.overlay or {}).get("text") or ""))
            if refusal:
                self._skip(control, refusal, state)
                continue
            if control.kind == "click" and self.lex.is_pagination(control.label) and state.template in self.trapped_templates:
                self._skip(control, "trap:pagination", state)
                continue
            terms: tuple[str | None, ...] = self.opt.search_terms if control.kind == "search" else (None,)
            pending.extend((control, term) for term in terms if not self._infer(state, control, term))
        pending.sort(key=lambda item: -self._scent(item[0].label))  # stable: page order breaks ties
        return pending

    def _chrome_hover_seen(self, control: model.Control, state: _State) -> bool:
        """A hover menu of the site's header or nav shows the same menu on every page: hover it once.

        (Its menu items are links whose targets are then known; hovering it again on each page would
        only add "page X with the menu open" states.)"""
        if control.kind != "hover" or control.region not in ("header", "nav"):
            return False
        identity = control.locator.path  # its text grows by the open menu: know it by its place
        tried_at = self.chrome_hovers.get(identity)
        if tried_at is None or state.depth < tried_at:  # a shallower page may give a shorter path
            self.chrome_hovers[identity] = state.depth
            return False
        self._skip(control, "tried-elsewhere:header-menu", state)
        return True

    def _infer(self, state: _State, control: model.Control, term: str | None) -> bool:
        """Record an inferred edge when the control's outcome is known from another state."""
        if control.plain_link:
            known = self.link_targets.get((control.label, control.href))
        elif control.kind == "click" and control.region in _CHROME:
            known = self.chrome_targets.get((control.label, control.locator))
        elif control.kind == "search":
            known = self.search_targets.get((control.label, control.locator.path, term or ""))
        else:
            known = None
        if known is None:
            return False
        target = self.states[known]
        self._add_edge(state, target, control, term, False, [], inferred=True)
        # A link (or a GET search) leads to its target from here too: a shorter way may have appeared.
        self._maybe_shorter(target, state, control, term, navigated=True)
        return True

    def _add_edge(self, source: _State, target: _State, control: model.Control, term: str | None,
                  new_tab: bool, dialogs: list[dict[str, str]], *, inferred: bool) -> None:
        action = "tap" if (self.d.touch and control.kind == "click") else control.kind
        key = control.key + (f"|{term}" if term else "")
        self.graph.add_transition(
            source.id, target.id, key, action=action, label=control.label if not term else f"{control.label or '搜索'}: {term}",
            control_label=control.label, term=term, href=control.href, link_target=control.target, new_tab=new_tab,
            dialogs=dialogs,
            inferred=inferred, locator={"path": control.locator.path, "frame": list(control.locator.frame),
                                        "shadow": list(control.locator.shadow)},
            kind=control.kind, why=control.why, toggle=control.toggle, haspopup=control.haspopup, url=source.snap.url,
            visibility={
                "rect": list(control.rect), "in_view": control.in_view, "font_size": control.font_size,
                "font_weight": control.font_weight, "color": control.color, "background": control.background,
                "opacity": control.opacity, "region": control.region, "in_overlay": control.in_overlay,
                "icon_only": control.icon_only, "occluded": control.occluded,
                "disabled": control.disabled, "names": [n for n in control.names if n],
                "icon_hint": control.icon_hint,
            },
        )
        if inferred:
            self.stats.inferred += 1

    # -- traps and skips -----------------------------------------------------------------------------
    def _watch_pagination(self, source: _State, target: _State, control: model.Control) -> None:
        """Count the new states paging (下一页, ›, 加载更多) turns up on one template; past the limit it is a
        trap (an endless feed, a calendar): stop paging there. A list that repeats itself adds none."""
        if not self.lex.is_pagination(control.label) or source.template != target.template:
            return
        run = self.pagination_runs.get(source.template, 0) + 1
        self.pagination_runs[source.template] = run
        if run >= self.opt.max_pagination and source.template not in self.trapped_templates:
            self._trap(target, "pagination", control.label)
            for state in self.states.values():  # cut the chain everywhere on this template
                if state.template == source.template:
                    state.pending = [p for p in state.pending if not self.lex.is_pagination(p[0].label)]

    def _trap(self, state: _State, kind: str, label: str) -> None:
        if state.template in self.trapped_templates:
            return
        self.trapped_templates.add(state.template)
        self.stats.traps.append({"kind": kind, "template": state.template, "label": label,
                                 "url": state.snap.url, "pages_followed": self.pagination_runs.get(state.template, 0)})

    def _skip(self, control: model.Control, reason: str, state: _State) -> None:
        self._skip_count(reason.split(":")[0])
        marker = (reason, control.label or control.href)
        if marker not in self.skip_seen:
            self.skip_seen.add(marker)
            self.stats.skipped.append({"reason": reason, "label": control.label, "href": control.href,
                                       "url": state.snap.url, "state": state.id})
            log.info("skipped %r on %s: %s", control.label, state.snap.url, reason)

    def _skip_count(self, reason: str, n: int = 1) -> None:
        self.stats.skips[reason] = self.stats.skips.get(reason, 0) + n

    def _report_progress(self) -> None:
        if self.progress is None:
            return
        frontier = sum(len(s.pending) for s in self.states.values())
        self.progress({"states": len(self.states), "frontier": frontier, "actions": self.stats.action_total,
                       "elapsed": time.monotonic() - self.started})


def _data_request(refused: dict[str, Any]) -> bool:
    """A refused request that fetched data (fetch / XHR), not a form submit or an analytics beacon."""
    return refused.get("what") in ("fetch", "xhr") or refused.get("kind") in ("fetch", "xhr")


_CHROME = ("header", "nav", "aside")  # the page's frame, the same on every page (the footer has few script controls)


def explore(driver: Driver, lexicon: Lexicon, start_url: str, options: ExploreOptions,
            state_key: StateKey = default_state_key, progress: Progress | None = None) -> model.CrawlResult:
    """Explore from ``start_url`` (already logged in) and return the graph and the crawl's counters."""
    return Explorer(driver, lexicon, options, state_key, progress).run(start_url)


def _same_control(control: model.Control) -> tuple[str, model.Locator, str]:
    """What makes a control the same one after an in-place change. A hover trigger's text grows by the
    menu it opened, so it is matched by place alone; other controls by place and label (a tab that
    re-renders a list puts new rows where the old ones were)."""
    return control.kind, control.locator, "" if control.kind == "hover" else control.label


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _form_dict(form: model.FormInfo) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(form)
