"""The refund flow end to end: walk to the application, fill it as a customer would, and submit only
when the profile says ``flow.submit: true`` (the default is a dry run that stops before the final submit).

What a customer does (the seed's four steps): pick the order, give the reason (the profile's, else the
best match from the reason lexicon), pick 退单 where the form merges several request types, describe
the problem, upload proof (the profile's files, or a generated placeholder when an upload is required),
submit, and see it acknowledged (已提交 / 审核中) with the order's status changed. When it cannot, the
record says why (``blocker``): captcha, customer-service only, order ineligible, submit disabled, upload
rejected, validation error, login expired, application on an origin the profile does not allow.

Fields are filled by what they are, as a person would: a prefilled amount is left as it is, a required
amount gets the order's paid amount, a phone field a phone number, a date today's date, the description
goes into the textarea or the Markdown editor (a contenteditable, no textarea). Custom selects (Chosen,
select2 with remote options, layui, el-select) are opened and their option clicked. A one-click refund's
application is its confirm(): a dry run records and dismisses it, a submit accepts exactly that dialog.
The site is blamed only for an error it shows (the message is quoted); when the auditor itself could not
fill a field the blocker is ``fill-failed`` and the flow check says it could not measure.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from ..audit.analysis.entry import analyze_entry, is_customer_service
from ..audit.analysis.pages import page_kind
from ..audit.artifacts import Artifacts
from ..audit.detect import detect
from ..audit.flow_outcome import ORDER_NO, Blocker, FlowRecord, FlowStep, ineligible_here, judge, order_shape
from ..audit.flow_plan import FieldAction, plan, select_choice
from ..audit.graph import edge_label
from ..audit.lexicon import Lexicon, tier_rank
from ..audit.model import Action, FormField, FormInfo, Locator, Snapshot
from ..errors import ProfileError
from ..profile import Profile
from .crawl.driver import ActionFailed, ControlFailed, Driver, Refused, question_of
from .crawl.scope import is_login_page, shows_login_form
from .crawl.states import same_dialog
from .evidence import placeholder_png
from .scrub import scrub_trace
from .session import Session

_SIGNED = re.compile(r"[?&](sign|signature|sig|token|hash|hmac)=", re.I)


class Blocked(Exception):
    """The flow cannot go on; ``blocker`` names why (see the module docstring)."""

    def __init__(self, blocker: Blocker, detail: str = "") -> None:
        super().__init__(f"{blocker}: {detail}")
        self.blocker, self.detail = blocker, detail


class _LoggedOut(Exception):
    """The walk landed on the login page: the shop ended the session."""


class RefundFlow:
    """One attempt at the refund flow on a logged-in session."""

    def __init__(self, driver: Driver, profile: Profile, lexicon: Lexicon, artifacts: Artifacts, out_dir: Path,
                 relogin: Callable[[], bool] | None = None) -> None:
        self.d, self.profile, self.lex, self.art, self.out = driver, profile, lexicon, artifacts, out_dir
        self.relogin = relogin  # renews a session the shop ended on the way (once per attempt)
        self.record = FlowRecord(dry_run=not profile.flow.submit)
        self.actions = 0
        self.interstitials: list[str] = []
        self.shots = 0
        self.last_dialogs: list[dict[str, str]] = []  # what the last step of the walk raised
        self.before_submit = ""  # the page text just before the final submit (to tell new errors from old text)
        self.upload_refused = False  # an uploader posted the file on its own and the dry run refused it
        self.refused_after_submit: list[str] = []  # requests a go-on sent on its own (refused: not armed)

    # -- the whole attempt -----------------------------------------------------------------------
    def run(self) -> FlowRecord:
        analysis = analyze_entry(self.art.graph, self.lex)
        graph = self.art.graph
        if graph.root is None:
            self.record.skipped_reason = "the crawl did not start"
            return self.record
        start = graph.state(graph.root)["url"]
        if not analysis.entry.found:
            return self._without_entry(start)
        self.record.attempted = True
        try:
            path = list(analysis.path)
            dialog = analysis.entry.dialog
            snap = self._reach(start, path, dialog)
            if dialog:
                self._confirm_application(snap, dialog)
            else:
                snap = self._choose_order(snap, path)
                form = self._application_form(snap)
                self._fill(form, snap)
                self._finish(form)
        except Blocked as blocked:
            self.record.blocker, self.record.blocker_detail = blocked.blocker, blocked.detail[:300]
            self._shot("blocked", blocked.blocker)
        except ActionFailed as exc:
            self.record.blocker, self.record.blocker_detail = Blocker.NOT_REACHED, str(exc)[:300]
        self.record.effort = {
            "actions": self.actions,
            "required_fields": sum(1 for f in self.record.fields if f.get("required")),
            "required_uploads": sum(1 for f in self.record.fields if f.get("type") == "file" and f.get("required")),
            "interstitials": self.interstitials,
        }
        return self.record

    def _without_entry(self, start: str) -> FlowRecord:
        """No application: when the only channel is customer service, go there and show it."""
        graph = self.art.graph
        best = None
        for source, target, _key, data in graph.transitions():
            if is_customer_service(edge_label(data)):
                path = [*graph.path_to(source), {**data, "source": source, "target": target}]
                if best is None or len(path) < len(best):
                    best = path
        skipped_cs = [s for s in self.art.crawl.get("skipped", []) if is_customer_service(s.get("label", ""))]
        off_origin = [s for s in self.art.crawl.get("skipped", [])
                      if s.get("reason") == "off-origin" and self.lex.classify(s.get("label", "")).tier]
        if off_origin:
            self.record.attempted = True
            self.record.blocker = Blocker.ORIGIN_NOT_ALLOWED
            self.record.blocker_detail = f"{off_origin[0]['label']} → {off_origin[0]['href']}"
            return self.record
        if best is None and not skipped_cs:
            self.record.skipped_reason = "no refund application and no customer-service channel found"
            return self.record
        self.record.attempted = True
        self.record.blocker = Blocker.CUSTOMER_SERVICE_ONLY
        if best is not None:
            try:
                self._walk(start, best)
                self.record.blocker_detail = f"{best[-1].get('label')} → {self.d.page.url}"
            except ActionFailed as exc:
                self.record.blocker_detail = str(exc)[:300]
            except Blocked as blocked:  # the session could not be kept on the way to the channel
                self.record.blocker, self.record.blocker_detail = blocked.blocker, blocked.detail[:300]
                return self.record
        else:
            self.record.blocker_detail = f"{skipped_cs[0]['label']} leaves the site ({skipped_cs[0].get('href', '')})"
        self._shot("look", "customer service")
        return self.record

    # -- getting there ----------------------------------------------------------------------------
    def _walk(self, start: str, path: list[dict[str, Any]], *, last_armed: str | None = None) -> Snapshot:
        """Replay the entry path with a picture before each step. Where a page lists several orders, the
        step is taken on the profile's order (the 退款/退货 of that order's line, not of the line the crawl
        happened to try). With ``last_armed`` the last step is the submit itself: a one-click refund whose
        confirm() with that text is accepted (flow.submit: true). When the shop ends the session on the
        way, the flow logs in again once and walks again from the start."""
        try:
            return self._walk_once(start, path, last_armed)
        except _LoggedOut as out:
            if self.relogin is None or not self.relogin():
                raise Blocked(Blocker.LOGIN_EXPIRED, str(out)) from None
            self.relogin = None
            self._step("note", "logged in again", note="the shop ended the session on the way")
        try:
            return self._walk_once(start, path, last_armed)
        except _LoggedOut as out:
            raise Blocked(Blocker.LOGIN_EXPIRED, str(out)) from None

    def _walk_once(self, start: str, path: list[dict[str, Any]], last_armed: str | None) -> Snapshot:
        wanted = self.profile.flow.order
        self.d.goto(start)
        for index, step in enumerate(path):
            self._on_the_login_page()
            action = Action.from_edge(step)
            if wanted:
                snap = self.d.snapshot()
                if wanted not in snap.url:  # (the snapshot's text is cut short: long order lists go on)
                    action = self._on_the_order(action, step, wanted, snap, len(path) - index - 1)
            self._shot("walk", step.get("label", ""), highlight=action.locator)
            if last_armed and index == len(path) - 1:
                self.actions += 1
                self.record.sent = True
                outcome = self.d.submit(action.locator, action.label, question=self._question(action.label),
                                        accept_dialog=last_armed)
                self.last_dialogs = outcome.dialogs
                assert outcome.snapshot is not None
                return outcome.snapshot
            self.last_dialogs = self.d.activate(action, question=self._question(action.label)).dialogs
        self._on_the_login_page()
        return self.d.snapshot()

    def _question(self, label: str) -> str:
        """What the open dialog asks, when ``label`` is a bland yes (确定) whose meaning is the question's;
        read only then, so a walk takes no extra snapshot."""
        return question_of(self.d.snapshot()) if self.lex.is_answer(label) else ""

    def _on_the_login_page(self) -> None:
        if self.profile.login is not None and is_login_page(self.d.page.url, self.profile.login_url) \
                and self._lost(self.d.snapshot()):
            raise _LoggedOut(self.d.page.url)

    def _lost(self, snap: Snapshot) -> bool:
        """The page is the login form: the shop ended the session (see scope.shows_login_form)."""
        return self.profile.login is not None and shows_login_form(snap, self.profile.login_url)

    def _on_the_order(self, action: Action, step: dict[str, Any], wanted: str, snap: Snapshot, left: int) -> Action:
        """The step taken on the profile's order's line. The crawl may have reached the application from
        another line, and labels follow the status (申请退款 on one line, 退款/退货 on another), so when the
        step's label is not on the order's line, the other controls of that page that also led to an
        application are tried there, nearest first, then the page's refund-named controls (exact before
        synonym before vague); failing that, the only control with the label."""
        graph = self.art.graph
        apps = [sid for sid, attrs in graph.states() if attrs.get("application") == "refund"]
        ways = [Action.from_edge(step), *(Action.from_edge(w) for w in graph.onward(str(step.get("source", "")), apps, within=left))]
        named = [(tier_rank(m.tier), c) for c in snap.controls if c.kind == "click" and c.label
                 and (m := self.lex.classify(c.label)).tier and m.kind != "decoy" and not self.lex.danger(c.label)]
        ways += [c.action() for _r, c in sorted(named, key=lambda rc: rc[0])]
        fallback = None
        tried: set[str] = set()
        for other in ways:
            if other.label in tried:
                continue
            tried.add(other.label)
            near = self.d.locate_near(other.label, wanted, other.locator.frame)
            if near is None:
                continue
            locator, strict = near
            if strict:
                self.record.order = wanted
                return dataclasses.replace(other, locator=locator)
            if fallback is None and other.label == action.label:
                fallback = dataclasses.replace(action, locator=locator)
        return fallback or action

    def _reach(self, start: str, path: list[dict[str, Any]], dialog: str | None) -> Snapshot:
        """Walk to the application; for a one-click refund (its confirm() is the application) the last
        step is the submit when the profile submits, else its dialog is dismissed (the dry run)."""
        armed = dialog if dialog and self.profile.flow.submit else None
        snap = self._walk(start, path, last_armed=armed)
        if dialog:
            if not armed:
                self.actions += 1
            self._dialog_answered(self.last_dialogs, dialog)
        return snap

    def _dialog_answered(self, dialogs: list[dict[str, str]], dialog: str) -> None:
        if not any(same_dialog(dialog, d.get("message", "")) for d in dialogs):
            raise Blocked(Blocker.NOT_REACHED, f"the confirm() {dialog!r} did not appear again")

    def _confirm_application(self, snap: Snapshot, dialog: str) -> None:
        """The application is a confirm(): in a dry run it was shown and dismissed; on submit it was
        accepted, and the page's answer (a toast) is judged like any acknowledgement."""
        self.record.fields.append({"label": dialog, "type": "confirm", "required": True, "filled_with": None})
        if not self.profile.flow.submit:
            self._shot("dry-run-stop", dialog, note="dry run: the confirm() that submits the refund was dismissed "
                                                    "(flow.submit is false)")
            self.record.completed = True
            return
        self._step("submit", dialog, note="the confirm() accepted (flow.submit is true)")
        self._judge(snap)

    def _choose_order(self, snap: Snapshot, path: list[dict[str, Any]]) -> Snapshot:
        """Make the application about the profile's order when the entry path opened another one.

        Like a person: open that order's own page (the last page on the path that named an order, with
        the profile's order number instead) and use the entry from there. Signed third-party URLs are never
        edited; the shop's page makes a freshly signed link.
        """
        wanted = self.profile.flow.order
        shape = order_shape(wanted) if wanted else ORDER_NO
        current = shape.search(snap.url)
        self.record.order = self.record.order or wanted or (current.group(0) if current else None)
        if not wanted or wanted in snap.url or (not current and wanted in snap.text):
            return snap
        for index in range(len(path) - 1, -1, -1):
            page_url = str(path[index].get("url", ""))
            found = shape.search(page_url)
            if found and found.group(0) != wanted and not _SIGNED.search(page_url):
                self.d.goto(page_url.replace(found.group(0), wanted))
                self._step("walk", f"order {wanted}", note="the profile's order, opened by its own page")
                for step in path[index:]:
                    action = Action.from_edge(step)
                    self.d.activate(action, question=self._question(action.label))
                return self.d.snapshot()
        if current and not _SIGNED.search(snap.url):
            self.d.goto(snap.url.replace(current.group(0), wanted))
            self._step("walk", f"order {wanted}", note="the application for the profile's order, by its URL")
            return self.d.snapshot()
        self._step("note", f"order {wanted}", note="the form picks the order (or the profile's order could not be opened)")
        return snap

    def _application_form(self, snap: Snapshot) -> FormInfo:
        detection = detect(snap.forms, snap.headings, snap.title, self.lex)
        if detection.kind != "refund" or detection.form_index is None:
            why_not = ineligible_here(snap, self.lex, self.record.order or self.profile.flow.order)
            if why_not:
                raise Blocked(Blocker.ORDER_INELIGIBLE, why_not)
            if detection.kind == "chat" or self.lex.blocker(snap.text):
                raise Blocked(Blocker.FORCED_CHAT, self.lex.blocker(snap.text) or "a chat box instead of a form")
            raise Blocked(Blocker.NO_FORM, f"no refund form at {snap.url}")
        return with_uploader(snap.forms, detection.form_index)

    # -- filling ------------------------------------------------------------------------------------
    def _fill(self, form: FormInfo, snap: Snapshot) -> None:
        """Carry out the plan (flow_plan.plan) field by field through the driver, recording each field."""
        flow = self.profile.flow
        order = self.record.order or flow.order
        for step in plan(form, flow, self.lex, order=order, page_text=snap.text):
            if step.kind == "captcha":
                raise Blocked(Blocker.CAPTCHA, step.label)
            self.record.fields.append(self._carry_out(step, form))
        self._shot("look", "filled in")

    def _carry_out(self, step: FieldAction, form: FormInfo) -> dict[str, Any]:
        """One planned field action; returns the field's record (what it was filled with)."""
        f = step.field
        entry: dict[str, Any] = {"label": step.label, "type": step.type, "required": step.required, "filled_with": step.value}
        loc = Locator(f.path, form.frame, form.shadow)
        if step.kind == "widget":
            entry["filled_with"] = self._choose_widget(f, form)
            entry["widget"] = f.widget_kind
        elif step.kind == "select" and step.value is not None:
            self._do("select", f.label, partial(self.d.select, loc, f.label, step.value))
        elif step.kind in ("radio", "check"):
            self._do("check", f.label, partial(self.d.check, loc, f.label))
        elif step.kind == "type" and step.value is not None:
            self._do("fill", f.label, partial(self.d.type_into, loc, f.label, step.value))
        elif step.kind == "fill" and step.value is not None:
            self._do("fill", f.label, partial(self.d.fill, loc, f.label, step.value))
        elif step.kind == "upload":
            files = self._evidence(step.required)
            names = [Path(p).name for p in files]
            entry["filled_with"] = names or None
            if files:
                self._upload(f, loc, files)
                self.record.uploads = [{"field": step.label, "files": names, "generated": not self.profile.flow.evidence}]
        return entry

    def _upload(self, f: FormField, loc: Locator, files: list[str]) -> None:
        """Set the files. Many uploaders send the file the moment it is chosen (a POST of its own): when
        the profile submits that is part of the application and is armed; in a dry run it is refused and
        recorded, and the dry run still stops before the final submit."""
        if self.profile.flow.submit:
            self._do("upload", f.label, partial(self.d.upload, loc, f.label, files, send=True))
        else:
            self._do("upload", f.label, partial(self.d.upload, loc, f.label, files))
            # refused on the wire since the press, or in the page (its fetch/XHR)
            if any(_is_write(b) for b in [*self.d.settle_refusals(), *self.d.snapshot().blocked]):
                self.upload_refused = True
                self._step("note", f.label, note="the site uploads the file at once; refused in a dry run")

    def _choose_widget(self, f: FormField, form: FormInfo) -> str | None:
        """Open a custom select (Chosen, select2, layui, el-select …) and click the option a customer would
        pick; a remote picker (select2 with ajax) gets the order number typed into its search box. Checked
        against the native select when there is one."""
        widget = Locator(f.widget_path, form.frame, form.shadow)
        self._do("select", f.label, partial(self.d.choose, widget, f.label))
        self.d.settle()
        options = self.d.open_options(form.frame)
        order = self.record.order or self.profile.flow.order
        if not options and order:
            self.d.type_keys(f.label, order)
            self.d.settle()
            options = self.d.open_options(form.frame)
        if not options and f.options:
            options = []
        texts = [o["text"] for o in options]
        choice = select_choice(f, texts, self.profile.flow, self.lex) if texts else None
        if choice is None:
            if f.tag == "select" and f.options:  # the widget showed nothing clickable: set the native select
                native = select_choice(f, f.options, self.profile.flow, self.lex)
                if native is not None:
                    loc = Locator(f.path, form.frame, form.shadow)
                    self._do("select", f.label, partial(self.d.select, loc, f.label, native, force=True))
                    return native
            raise Blocked(Blocker.FILL_FAILED, f"the {f.widget_kind} select {f.label!r} showed no options")
        option = options[texts.index(choice)]
        self._do("select", choice, partial(self.d.choose, Locator(option["path"], form.frame), choice))
        self.d.settle()
        return choice

    def _evidence(self, required: bool) -> list[str]:
        flow = self.profile.flow
        if flow.evidence:
            base = Path(self.profile.source).parent if self.profile.source else Path.cwd()
            files = [p if Path(p).is_absolute() else str(base / p) for p in flow.evidence]
            missing = next((p for p in files if not Path(p).is_file()), None)
            if missing:
                raise ProfileError(f"{self.profile.source or self.profile.name}: flow.evidence: file {missing} not found")
            return files
        if not required:
            return []
        return [str(placeholder_png(self.out / "evidence-placeholder.png"))]

    # -- the end ----------------------------------------------------------------------------------
    def _finish(self, form: FormInfo) -> None:
        with_path = [x for x in form.submits if x.get("path")]
        submit = next((x for x in with_path if self.lex.is_final_submit(str(x.get("label", "")))), None) \
            or next(iter(with_path), None)
        if submit is None:
            raise Blocked(Blocker.NO_FORM, "the form has no submit button")
        loc = Locator(submit["path"], form.frame, form.shadow)
        enabled = self.d.is_enabled(loc) and not submit.get("disabled")
        if not enabled and not (self.upload_refused and not self.profile.flow.submit):
            raise Blocked(Blocker.SUBMIT_DISABLED, str(submit.get("label", "")))
        if not self.profile.flow.submit:
            if not enabled:  # the site enables it once its uploader has stored the file, which a dry run refuses
                self._shot("dry-run-stop", str(submit.get("label", "")), highlight=loc,
                           note="dry run: the submit waits for the upload the dry run did not send; stopped before it")
                self.record.completed = True
                return
            self._shot("dry-run-stop", str(submit.get("label", "")), highlight=loc,
                       note="dry run: stopped before the final submit (flow.submit is false)")
            self.record.completed = True
            return
        self._submit(loc, str(submit.get("label", "")))

    def _submit(self, loc: Locator, label: str) -> None:
        """Press the final submit (the one armed press), then go through what stands between it and the
        acknowledgement (are-you-sure pages, retention offers) as a person would: each "go on" is an
        ordinary, unarmed activation the driver's gate checks, so 确认收货 beside 继续, or a 确定 that
        answers "确定确认收货吗？", is never pressed, and a request a go-on starts on its own is refused."""
        self.before_submit = self.d.snapshot().text
        self.actions += 1
        try:
            outcome = self.d.submit(loc, label)
        except ControlFailed as exc:
            raise Blocked(Blocker.SUBMIT_DISABLED, exc.detail[:200]) from exc
        self.record.sent = True
        assert outcome.snapshot is not None
        snap = outcome.snapshot
        for _ in range(3):  # are-you-sure pages and retention offers between submit and acknowledgement
            stop = self.lex.interstitial(snap.text)
            if not stop or self.lex.confirmation(snap.text):
                break
            if not self._go_on(snap):
                break
            self.interstitials.append(stop)
            self.actions += 1
            snap = self.d.snapshot()
            self.refused_after_submit += [str(b.get("detail") or f"{b.get('method', '')} {b.get('url', '')}")
                                          for b in snap.blocked if _is_write(b)]
        self._step("submit", label, note="submitted (flow.submit is true)")
        self._judge(snap)

    def _go_on(self, snap: Snapshot) -> bool:
        """Press the first "go on" of an interstitial (继续 / 仍要 / 确认提交) the gate allows; False when
        there is none. A refused one (确认收货, the 确定 of "确定确认收货吗？") is not pressed: the next is tried."""
        question = question_of(snap)
        go_on = self.lex.flow("pages.go_on")
        for control in snap.controls:
            if not any(n and (self.lex.is_final_submit(n) or go_on.search(n)) for n in control.names):
                continue
            try:
                self.d.activate(control, question=question, allow=_GO_ON_ALLOWED)
            except Refused:
                continue
            return True
        return False

    def _judge(self, snap: Snapshot) -> None:
        """The site's answer to the submit (flow_outcome.judge): acknowledged, or the error it shows."""
        self._shot("look", "after submit")
        answer = judge(snap, self.before_submit, self.lex, self.record.order or self.profile.flow.order,
                       logged_out=self._lost(snap))
        if answer.blocker is Blocker.NO_CONFIRMATION and self.refused_after_submit:
            raise Blocked(Blocker.WRITE_REFUSED, f"{self.refused_after_submit[0]} (sent by the page after the submit, "
                                                 "refused: only the submit itself is armed); the shop's answer was not seen")
        if answer.blocker is not None:
            raise Blocked(answer.blocker, answer.detail)
        self.record.confirmation = answer.confirmation
        self.record.completed = True
        self.record.submitted = True
        self._check_status()

    def _check_status(self) -> None:
        """Look where the site shows the order's status (its order page) for the after-sales status."""
        order = self.record.order
        pages = [a for _s, a in self.art.graph.states() if page_kind(a) in ("order-detail", "order-list") and a.get("addressable")]
        pages.sort(key=lambda a: (page_kind(a) != "order-detail", len(a.get("url", ""))))
        for attrs in pages[:3]:
            url = attrs["url"]
            found = (order_shape(order) if order else ORDER_NO).search(url)
            if _SIGNED.search(url):
                continue
            if order and found and found.group(0) != order:
                url = url.replace(found.group(0), order)
            try:
                self.d.goto(url)
                text = self.d.snapshot().text
            except ActionFailed:
                continue
            if order and order not in text:
                continue
            # A detail page is about the one order; on a list, read only next to the order's number.
            at = text.index(order) if order else 0
            around = text if page_kind(attrs) == "order-detail" or not order else text[max(0, at - 80): at + 120]
            status = self.lex.flow("pages.after_status").search(around)
            if status:
                self.record.status_after, self.record.status_changed = status.group(0), True
                self._shot("look", f"order status: {status.group(0)}")
                return
        self.record.status_changed = False

    # -- bookkeeping --------------------------------------------------------------------------------
    def _do(self, action: str, label: str, operation: Callable[[], object]) -> None:
        """One field action through the driver, counted as effort and recorded as a step. A control the
        browser could not act on (hidden, detached, covered) is the auditor's failure, not the site's
        answer: ``fill-failed``, which the flow check reports as not measured. What the site rejects is
        judged from the error it shows (flow_outcome.judge)."""
        self.actions += 1
        try:
            operation()
        except ControlFailed as exc:
            raise Blocked(Blocker.FILL_FAILED, f"cannot {action} {label!r}: {exc.detail[:150]}") from exc
        self._step(action, label)

    def _step(self, action: str, label: str, note: str = "") -> None:
        self.record.steps.append(FlowStep(action, label, self.d.page.url, note=note))

    def _shot(self, action: str, label: str, *, highlight: Locator | None = None, note: str = "") -> None:
        self.shots += 1
        name = f"flow/{self.shots:02d}.png"
        (self.out / "flow").mkdir(parents=True, exist_ok=True)
        ok = self.d.screenshot(str(self.out / name), highlight=highlight)
        self.record.steps.append(FlowStep(action, label, self.d.page.url, name if ok else "", note))


# What the gate may say of an interstitial's go-on and still let it be pressed: that it is a form's submit
# button or named like one (确认提交 on an are-you-sure page, after the armed submit). Its press is
# unarmed: a request it would send on its own is refused on the wire.
_GO_ON_ALLOWED = ("form-submit", "final-submit")


def _is_write(blocked: dict[str, Any]) -> bool:
    """A refused request that would have changed something (not a GET the gate refused on its way)."""
    return blocked.get("what") in ("xhr", "fetch", "form") or (blocked.get("method") or "GET") != "GET"


def with_uploader(forms: tuple[FormInfo, ...], index: int) -> FormInfo:
    """The application form, plus the fields of a separate uploader form on the same page (a form that
    holds only a file input, which uploads on its own): to a customer they are one application."""
    form = forms[index]
    if any(f.type == "file" for f in form.fields):
        return form
    extra = tuple(f for i, other in enumerate(forms) if i != index and not other.search and other.frame == form.frame
                  and other.fields and all(x.type == "file" for x in other.fields) for f in other.fields)
    return dataclasses.replace(form, fields=form.fields + extra) if extra else form


def refund_flow(profile: Profile, lexicon: Lexicon) -> Any:
    """A gatherer (run after the crawl) that tries the refund flow and keeps a Playwright trace."""

    def try_refund(session: Session, artifacts: Artifacts, out_dir: Path) -> None:
        shutil.rmtree(out_dir / "flow", ignore_errors=True)  # no stale pictures from an earlier attempt
        context = session.context
        trace = out_dir / "flow-trace.zip"
        # The session's cookies before the flow too: a re-login on the way replaces them, and the trace
        # holds the old ones in its first requests.
        cookies_before = [c.get("value", "") for c in context.cookies()]
        context.tracing.start(screenshots=True, snapshots=True)
        try:
            record = RefundFlow(session.driver, profile, lexicon, artifacts, out_dir, session.log_in_again).run()
        finally:
            try:
                context.tracing.stop(path=str(trace))
                # No secrets in evidence: the trace holds the live session cookie and whatever was typed
                # (every login field value counts as secret, as in Profile.redacted()).
                logins = profile.login.fields.values() if profile.login else ()
                scrub_trace(trace, [*cookies_before, *(c.get("value", "") for c in context.cookies()), *logins])
            except (PlaywrightError, OSError, zipfile.BadZipFile):
                trace.unlink(missing_ok=True)  # a trace that could not be scrubbed is not kept
                trace = Path("")
        if trace.name:
            record.trace = trace.name
        artifacts.flow = record

    return try_refund
