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
import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from ..audit.analysis.entry import analyze_entry, is_customer_service
from ..audit.analysis.pages import page_kind
from ..audit.artifacts import Artifacts
from ..audit.detect import detect
from ..audit.lexicon import Lexicon
from ..audit.model import Action, FormField, FormInfo, Locator, Snapshot
from ..errors import ProfileError
from ..profile import Profile
from .crawl.driver import ActionFailed, Driver
from .crawl.scope import is_login_page, shows_login_form
from .crawl.states import same_dialog
from .evidence import placeholder_png
from .scrub import scrub_trace
from .session import Session

_ORDER_NO = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,4}\d{10,}|(?<![A-Za-z0-9])\d{12,}")
_SIGNED = re.compile(r"[?&](sign|signature|sig|token|hash|hmac)=", re.I)
_REQUIRED = re.compile(r"^\s*\*|（必填）|\(必填\)|必填|required", re.I)
_CAPTCHA = re.compile(r"验证码|captcha|人机验证|滑块", re.I)
_TYPE_FIELD = re.compile(r"申请类型|售后类型|工单类型|服务类型|问题类型|类型|request type|type", re.I)
_ORDER_FIELD = re.compile(r"订单|order", re.I)
_REASON_FIELD = re.compile(r"原因|理由|reason", re.I)
_CONTACT = re.compile(r"手机|电话|联系方式|qq|微信|邮箱|email|phone|contact", re.I)
_UPLOAD_ERROR = re.compile(r"上传|凭证|文件|图片|格式|upload|file", re.I)
_VALIDATION = re.compile(r"请选择|请填写|请输入|不能为空|必填|请上传|invalid|required", re.I)
_AFTER_STATUS = re.compile(r"退款审核中|退单审核中|审核中|待审核|待商家|处理中|售后处理中|退款中|申诉处理中")
_ERROR = re.compile(r"失败|错误|不支持|仅支持|请选择|请填写|请输入|请上传|不能为空|不能超过|不得|无效|有误|格式|必填|超过|error|invalid|failed|required", re.I)
_TITLE_FIELD = re.compile(r"标题|主题|title|subject", re.I)
_AMOUNT_FIELD = re.compile(r"金额|退款额|amount|price", re.I)
_ORDER_NO_FIELD = re.compile(r"订单号|订单编号|order\s*(no|number|id)", re.I)
_NAME_FIELD = re.compile(r"姓名|联系人|name", re.I)
_MONEY = re.compile(r"[¥￥]\s*(\d+(?:\.\d{1,2})?)")


@dataclass
class FlowStep:
    """One thing the flow did, with its evidence picture."""

    action: str  # walk | select | fill | upload | check | submit | dry-run-stop | look | note
    label: str
    url: str
    screenshot: str = ""
    note: str = ""


@dataclass
class FlowRecord:
    """What happened when the flow tried to refund (report.json ``flow``)."""

    attempted: bool = False
    completed: bool = False
    submitted: bool = False  # the site acknowledged the application (a rejected one is never "submitted")
    sent: bool = False  # the final submit was pressed (flow.submit: true)
    dry_run: bool = True
    order: str | None = None
    steps: list[FlowStep] = field(default_factory=list)
    blocker: str | None = None
    blocker_detail: str = ""
    fields: list[dict[str, Any]] = field(default_factory=list)
    uploads: list[dict[str, Any]] = field(default_factory=list)
    effort: dict[str, Any] = field(default_factory=dict)
    confirmation: str | None = None
    status_after: str | None = None
    status_changed: bool | None = None
    trace: str = ""
    skipped_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Blocked(Exception):
    """The flow cannot go on; ``blocker`` names why (see the module docstring)."""

    def __init__(self, blocker: str, detail: str = "") -> None:
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
            self.record.blocker, self.record.blocker_detail = "not-reached", str(exc)[:300]
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
            if is_customer_service(data.get("control_label") or data.get("label", "")):
                path = [*graph.path_to(source), {**data, "source": source, "target": target}]
                if best is None or len(path) < len(best):
                    best = path
        skipped_cs = [s for s in self.art.crawl.get("skipped", []) if is_customer_service(s.get("label", ""))]
        off_origin = [s for s in self.art.crawl.get("skipped", [])
                      if s.get("reason") == "off-origin" and self.lex.classify(s.get("label", "")).tier]
        if off_origin:
            self.record.attempted = True
            self.record.blocker = "origin-not-allowed"
            self.record.blocker_detail = f"{off_origin[0]['label']} → {off_origin[0]['href']}"
            return self.record
        if best is None and not skipped_cs:
            self.record.skipped_reason = "no refund application and no customer-service channel found"
            return self.record
        self.record.attempted = True
        self.record.blocker = "customer-service-only"
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
                raise Blocked("login-expired", str(out)) from None
            self.relogin = None
            self._step("note", "logged in again", note="the shop ended the session on the way")
        try:
            return self._walk_once(start, path, last_armed)
        except _LoggedOut as out:
            raise Blocked("login-expired", str(out)) from None

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
                with self.d.armed_submit(accept_dialog=last_armed):
                    self.actions += 1
                    self.record.sent = True
                    self.last_dialogs = self.d.activate(action).dialogs
                    return self.d.snapshot()
            self.last_dialogs = self.d.activate(action).dialogs
        self._on_the_login_page()
        return self.d.snapshot()

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
        rank = {"exact": 0, "synonym": 1, "vague": 2}
        named = [(rank[m.tier], c) for c in snap.controls if c.kind == "click" and c.label
                 and (m := self.lex.classify(c.label)).tier in rank and m.kind != "decoy" and not self.lex.danger(c.label)]
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
            raise Blocked("not-reached", f"the confirm() {dialog!r} did not appear again")

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
        shape = _order_shape(wanted) if wanted else _ORDER_NO
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
                    self.d.activate(Action.from_edge(step))
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
            why_not = self._ineligible_here(snap)
            if why_not:
                raise Blocked("order-ineligible", why_not)
            if detection.kind == "chat" or self.lex.blocker(snap.text):
                raise Blocked("forced-chat", self.lex.blocker(snap.text) or "a chat box instead of a form")
            raise Blocked("no-form", f"no refund form at {snap.url}")
        return with_uploader(snap.forms, detection.form_index)

    # -- filling ------------------------------------------------------------------------------------
    def _fill(self, form: FormInfo, snap: Snapshot) -> None:
        flow = self.profile.flow
        radios_done: set[str] = set()
        for f in form.fields:
            required = f.required or bool(_REQUIRED.search(f.label))
            entry: dict[str, Any] = {"label": f.label or f.name, "type": f.type, "required": required, "filled_with": None}
            loc = Locator(f.path, form.frame, form.shadow)
            if _CAPTCHA.search(" ".join([f.label, f.name, f.placeholder])):
                raise Blocked("captcha", f.label or f.name)
            if f.type in ("select", "select-one"):
                if f.widget_kind:
                    entry["filled_with"] = self._choose_widget(f, form)
                    entry["widget"] = f.widget_kind
                else:
                    choice = self._select_choice(f, f.options)
                    if choice is not None:
                        self._do("select", f.label, lambda loc=loc, c=choice: self.d.locate(loc).select_option(label=c))
                        entry["filled_with"] = choice
            elif f.type == "radio":
                group = f.name or f.path
                if group in radios_done:
                    continue
                options = [x for x in form.fields if x.type == "radio" and (x.name or x.path) == group]
                pick = self._radio_choice(options)
                if pick is not None:
                    target = Locator(pick.path, form.frame, form.shadow)
                    self._do("check", pick.label, lambda t=target: self.d.locate(t).check())
                    entry = {"label": group, "type": "radio", "required": required, "filled_with": pick.label or pick.value}
                radios_done.add(group)
            elif f.type == "checkbox":
                if required or re.search(r"同意|已阅读|agree", f.label):
                    self._do("check", f.label, lambda loc=loc: self.d.locate(loc).check())
                    entry["filled_with"] = "checked"
            elif f.editor:  # a Markdown / rich-text editor: typed into, as a person would
                text = _fit(flow.description, f.maxlength)
                self._do("fill", f.label, lambda loc=loc, t=text: self._type_into(loc, t))
                entry["filled_with"] = text
            elif f.tag == "textarea":
                text = _fit(flow.description, f.maxlength)
                self._do("fill", f.label, lambda loc=loc, t=text: self.d.locate(loc).fill(t))
                entry["filled_with"] = text
            elif f.type == "file":
                files = self._evidence(required)
                if files:
                    self._upload(f, loc, files)
                    entry["filled_with"] = [Path(p).name for p in files]
                    self.record.uploads = [{"field": f.label or f.name, "files": [Path(p).name for p in files],
                                            "generated": not flow.evidence}]
            elif f.type in _TYPED_FIELDS and not f.readonly:
                value = field_value(f, required, order=self.record.order or flow.order, text=snap.text,
                                    description=flow.description)
                if value is not None:
                    self._do("fill", f.label, lambda loc=loc, v=value: self.d.locate(loc).fill(v))
                    entry["filled_with"] = value
                elif f.value:
                    entry["filled_with"] = f"{f.value} (prefilled, kept)"
            self.record.fields.append(entry)
        self._shot("look", "filled in")

    def _type_into(self, loc: Locator, text: str) -> None:
        target = self.d.locate(loc)
        target.click()
        self.d.page.keyboard.insert_text(text)

    def _upload(self, f: FormField, loc: Locator, files: list[str]) -> None:
        """Set the files. Many uploaders send the file the moment it is chosen (a POST of its own): when
        the profile submits that is part of the application and is armed; in a dry run it is refused and
        recorded, and the dry run still stops before the final submit."""
        if self.profile.flow.submit:
            with self.d.armed_submit():
                self._do("upload", f.label, lambda: self.d.locate(loc).set_input_files(files))
                self.d.settle()
        else:
            self._do("upload", f.label, lambda: self.d.locate(loc).set_input_files(files))
            refused = [b for b in self.d.settle_refusals() if b.get("method", "POST") != "GET"]
            # refused in the page (its fetch/XHR) rather than on the wire
            refused += [b for b in self.d.snapshot().blocked if b.get("what") in ("xhr", "fetch")]
            if refused:
                self.upload_refused = True
                self._step("note", f.label, note="the site uploads the file at once; refused in a dry run")

    def _choose_widget(self, f: FormField, form: FormInfo) -> str | None:
        """Open a custom select (Chosen, select2, layui, el-select …) and click the option a customer would
        pick; a remote picker (select2 with ajax) gets the order number typed into its search box. Checked
        against the native select when there is one."""
        widget = Locator(f.widget_path, form.frame, form.shadow)
        self._do("select", f.label, lambda: self.d.locate(widget).click())
        self.d.settle()
        options = self.d.open_options(form.frame)
        order = self.record.order or self.profile.flow.order
        if not options and order:
            self.d.page.keyboard.type(order)
            self.d.settle()
            options = self.d.open_options(form.frame)
        if not options and f.options:
            options = []
        texts = [o["text"] for o in options]
        choice = self._select_choice(f, texts) if texts else None
        if choice is None:
            if f.tag == "select" and f.options:  # the widget showed nothing clickable: set the native select
                native = self._select_choice(f, f.options)
                if native is not None:
                    loc = Locator(f.path, form.frame, form.shadow)
                    self._do("select", f.label, lambda: self.d.locate(loc).select_option(label=native, force=True))
                    return native
            raise Blocked("fill-failed", f"the {f.widget_kind} select {f.label!r} showed no options")
        option = options[texts.index(choice)]
        self._do("select", choice, lambda: self.d.locate(Locator(option["path"], form.frame)).click())
        self.d.settle()
        return choice

    def _select_choice(self, f: FormField, offered: tuple[str, ...] | list[str]) -> str | None:
        options = [o for o in offered if o and not self.lex.is_placeholder(o)]
        if not options:
            return None
        label = f.label + " " + f.name
        flow = self.profile.flow
        if _ORDER_FIELD.search(label) and not _REASON_FIELD.search(label):
            wanted = flow.order
            for o in options:
                if wanted and wanted in o:
                    return o
            usable = [o for o in options if not self.lex.ineligible(o)]
            return (usable or options)[0]
        if _TYPE_FIELD.search(label) and not _REASON_FIELD.search(label):
            return self._request_type(options)
        index = self.lex.best_reason(options, flow.reason)
        return options[index] if index is not None else options[0]

    def _request_type(self, options: list[str]) -> str:
        wanted = self.profile.flow.request_type
        if wanted:
            for o in options:
                if wanted in o:
                    return o
        ranked = sorted(options, key=lambda o: {"exact": 0, "synonym": 1, "vague": 2}.get(self.lex.classify(o).tier or "", 3))
        return ranked[0]

    def _radio_choice(self, options: list[FormField]) -> FormField | None:
        if not options:
            return None
        names = [o.label or o.value for o in options]
        if any(self.lex.classify(n).tier for n in names):
            best = self._request_type(names)
            return options[names.index(best)]
        index = self.lex.best_reason(names, self.profile.flow.reason)
        return options[index] if index is not None else options[0]

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
            raise Blocked("no-form", "the form has no submit button")
        loc = Locator(submit["path"], form.frame, form.shadow)
        try:
            enabled = self.d.locate(loc).is_enabled(timeout=2000) and not submit.get("disabled")
        except PlaywrightError:
            enabled = False
        if not enabled and not (self.upload_refused and not self.profile.flow.submit):
            raise Blocked("submit-disabled", str(submit.get("label", "")))
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
        self.before_submit = self.d.snapshot().text
        with self.d.armed_submit():
            self.actions += 1
            self.d.stats.count("click")
            try:
                self.d.locate(loc).click()
            except PlaywrightError as exc:
                raise Blocked("submit-disabled", str(exc).splitlines()[0][:200]) from exc
            self.record.sent = True
            snap = self.d.snapshot()
            for _ in range(3):  # are-you-sure pages and retention offers between submit and acknowledgement
                stop = self.lex.interstitial(snap.text)
                if not stop or self.lex.confirmation(snap.text):
                    break
                question = str((snap.overlay or {}).get("text") or "")
                go_on = next((c for c in snap.controls if self._may_continue(c, question)), None)
                if go_on is None:
                    break
                self.interstitials.append(stop)
                self.actions += 1
                self.d.activate(go_on.action())
                snap = self.d.snapshot()
        self._step("submit", label, note="submitted (flow.submit is true)")
        self._judge(snap)

    def _may_continue(self, control: Any, question: str = "") -> bool:
        """A "go on" control of an interstitial: 继续 / 确认提交, never anything in danger words (确认收货),
        nor the 确定 of a dialog whose question is in danger words (确定删除该订单?)."""
        names = [n for n in control.names if n]
        if any(self.lex.danger(n) for n in names) or any(d and d in control.href for d in self.d.gate.deny):
            return False
        if self.d.gate.dialog_refusal(control, question):
            return False
        return any(self.lex.is_final_submit(n) or _GO_ON.search(n) for n in names)

    def _judge(self, snap: Snapshot) -> None:
        """The site's answer to the submit: acknowledged (submitted), or the error it shows (quoted)."""
        self._shot("look", "after submit")
        if self._lost(snap):
            raise Blocked("login-expired", snap.url)
        marked = _marked_error(snap)
        confirmation = self.lex.confirmation(" ".join([*(m.get("text", "") for m in snap.messages), snap.text]))
        if confirmation and not marked:
            self.record.confirmation = confirmation
            self.record.completed = True
            self.record.submitted = True
            self._check_status()
            return
        # Judge by the error the site shows, not by any word on the page (an order select lists used
        # orders too, so "卡密已使用" on the page says nothing about this submission; the rules text said
        # 不支持 before the submit too).
        message = marked or _new_error_sentence(snap.text, self.before_submit)
        if message and _UPLOAD_ERROR.search(message):
            raise Blocked("upload-rejected", message)
        if message and self.lex.ineligible(message):
            raise Blocked("order-ineligible", message)
        if _CAPTCHA.search(message or ""):
            raise Blocked("captcha", message)
        if message:
            raise Blocked("validation-error", message)
        why_not = self._ineligible_here(snap)
        if why_not and not snap.forms:
            raise Blocked("order-ineligible", why_not)
        raise Blocked("no-confirmation", f"no acknowledgement on {snap.url}")

    def _ineligible_here(self, snap: Snapshot) -> str | None:
        """Why this order cannot be refunded, from what the page says about it: an open dialog, the
        messages shown, and the page without the lines of other orders (a list behind the dialog shows
        卡密已使用 for another order; that is not this order's answer)."""
        shown = " ".join(m.get("text", "") for m in snap.messages)
        dialog = str((snap.overlay or {}).get("text") or "")
        order = self.record.order or self.profile.flow.order
        page = about_order(snap.text, order, _order_shape(order) if order else _ORDER_NO)
        return self.lex.ineligible(f"{dialog} {page} {shown}")

    def _check_status(self) -> None:
        """Look where the site shows the order's status (its order page) for the after-sales status."""
        order = self.record.order
        pages = [a for _s, a in self.art.graph.states() if page_kind(a) in ("order-detail", "order-list") and a.get("addressable")]
        pages.sort(key=lambda a: (page_kind(a) != "order-detail", len(a.get("url", ""))))
        for attrs in pages[:3]:
            url = attrs["url"]
            found = (_order_shape(order) if order else _ORDER_NO).search(url)
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
            status = _AFTER_STATUS.search(around)
            if status:
                self.record.status_after, self.record.status_changed = status.group(0), True
                self._shot("look", f"order status: {status.group(0)}")
                return
        self.record.status_changed = False

    # -- bookkeeping --------------------------------------------------------------------------------
    def _do(self, action: str, label: str, operation: Any) -> None:
        self.actions += 1
        self.d.stats.count(action)
        try:
            operation()
        except PlaywrightError as exc:
            raise Blocked("validation-error", f"cannot {action} {label!r}: {str(exc).splitlines()[0][:150]}") from exc
        self._step(action, label)

    def _step(self, action: str, label: str, note: str = "") -> None:
        self.record.steps.append(FlowStep(action, label, self.d.page.url, note=note))

    def _shot(self, action: str, label: str, *, highlight: Locator | None = None, note: str = "") -> None:
        self.shots += 1
        name = f"flow/{self.shots:02d}.png"
        (self.out / "flow").mkdir(parents=True, exist_ok=True)
        ok = self.d.screenshot(str(self.out / name), highlight=highlight)
        self.record.steps.append(FlowStep(action, label, self.d.page.url, name if ok else "", note))


def _order_shape(order: str) -> re.Pattern[str]:
    """A pattern for order numbers shaped like ``order`` (same letter prefix, same digit count).

    >>> bool(_order_shape("KM202611270001").search("/order/KM202611270005")), _order_shape("KM202611270001").search("m=M20260017")
    (True, None)
    """
    prefix = re.match(r"[A-Za-z]*", order)
    letters = prefix.group(0) if prefix else ""
    digits = len(order) - len(letters)
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(letters)}\d{{{digits}}}(?!\d)")


_TYPED_FIELDS = ("text", "tel", "email", "number", "date", "datetime-local", "url", "")
_GO_ON = re.compile(r"继续|仍要|确认|确定|坚持|continue|proceed", re.I)


def field_value(f: FormField, required: bool, *, order: str | None, text: str, description: str) -> str | None:
    """What a customer types into a plain input, by its type and meaning; None leaves it as it is.

    A prefilled value is kept (the shop's refund amount); an amount gets the order's paid amount; a phone
    field a phone number; a date today's date; an order-number field the order; a title a short title.

    >>> from auditor.audit.model import FormField
    >>> def box(kind, label, value="", required=True): return FormField("input", kind, "", "", label, "", required, False, "", value=value)
    >>> field_value(box("number", "退款金额", "30.00"), True, order=None, text="", description="卡密未到账")
    >>> field_value(box("number", "退款金额"), True, order="KM1", text="KM1 实付 ¥25.50", description="x")
    '25.50'
    >>> field_value(box("tel", "联系电话"), True, order=None, text="", description="x")
    '13800000000'
    >>> field_value(box("text", "工单标题", required=False), False, order="KM1", text="", description="卡密未到账，请退单")
    '订单 KM1 卡密未到账，申请退款'
    """
    if f.value:
        return None
    label = f"{f.label} {f.name} {f.placeholder}"
    kind = f.type
    if kind == "number" or _AMOUNT_FIELD.search(label):
        if not required and kind != "number":
            return None
        amount = _order_amount(text, order) or f.max or "1"
        return _fit(amount, f.maxlength)
    if kind in ("date", "datetime-local"):
        today = dt.date.today().isoformat()
        return today if kind == "date" else f"{today}T12:00"
    if _TITLE_FIELD.search(label):
        return _fit(f"订单 {order} 卡密未到账，申请退款" if order else "卡密未到账，申请退款", f.maxlength)
    if not required:
        return None
    low = label.lower()
    if kind == "email" or "mail" in low or "邮箱" in label:
        return "audit@example.com"
    if "qq" in low:
        return "10000"
    if kind == "tel" or _CONTACT.search(label):
        return "13800000000"
    if _ORDER_NO_FIELD.search(label) and order:
        return order
    if _NAME_FIELD.search(label):
        return "测试用户"
    return _fit(description, f.maxlength or 20)


def about_order(text: str, order: str | None, shape: re.Pattern[str]) -> str:
    """The page's text without what belongs to other orders: in a list, each order's lines run from its
    number to the next number; the text before the first number is about the page (its notices). A page
    that does not name ``order`` is taken whole.

    >>> about_order("须知 KM01 卡密已使用 KM02 卡密已发放", "KM02", re.compile(r"KM\\d\\d"))
    '须知  KM02 卡密已发放'
    >>> about_order("须知 KM01 卡密已使用", None, re.compile(r"KM\\d\\d"))
    '须知 KM01 卡密已使用'
    """
    numbers = list(shape.finditer(text))
    if not order or order not in {n.group(0) for n in numbers}:
        return text  # no order to tell from the others: the page as a whole
    kept = [text[: numbers[0].start()]]
    for here, after in zip(numbers, [*numbers[1:], None], strict=True):
        if order and here.group(0) == order:
            kept.append(text[here.start(): after.start() if after else len(text)])
    return " ".join(kept)


def _order_amount(text: str, order: str | None) -> str | None:
    """The paid amount next to the order number on the page (实付 ¥30.00), else the first amount shown."""
    window = text
    if order and order in text:
        at = text.index(order)
        window = text[at: at + 200]
    found = _MONEY.search(window) or _MONEY.search(text)
    return found.group(1) if found else None


def _fit(text: str, maxlength: int) -> str:
    """Cut a value to the field's maxlength (a profile's long description must not read as the site's error)."""
    return text[:maxlength] if maxlength and len(text) > maxlength else text


def with_uploader(forms: tuple[FormInfo, ...], index: int) -> FormInfo:
    """The application form, plus the fields of a separate uploader form on the same page (a form that
    holds only a file input, which uploads on its own): to a customer they are one application."""
    form = forms[index]
    if any(f.type == "file" for f in form.fields):
        return form
    extra = tuple(f for i, other in enumerate(forms) if i != index and not other.search and other.frame == form.frame
                  and other.fields and all(x.type == "file" for x in other.fields) for f in other.fields)
    return dataclasses.replace(form, fields=form.fields + extra) if extra else form


def _marked_error(snap: Snapshot) -> str:
    """The error the page marks as one after a failed submit: a field error, alert or toast, or the
    browser's own validation message of a field."""
    for message in snap.messages:
        text = str(message.get("text", ""))
        if _ERROR.search(text):
            return text[:200]
    for form in snap.forms:
        for f in form.fields:
            if f.invalid:
                return f"{f.label or f.name}: {f.invalid}"[:200]
    return ""


def _new_error_sentence(text: str, before: str) -> str:
    """The sentence of the page text that says what went wrong and was not on the page before the
    submit (the rules' 不支持 was); '' when there is none.

    >>> _new_error_sentence("退款规则：已使用的不支持退款。 上传失败：仅支持 PDF 文件", "退款规则：已使用的不支持退款。")
    '上传失败：仅支持 PDF 文件'
    """
    for found in _ERROR.finditer(text):
        start = max(text.rfind(sep, 0, found.start()) for sep in ("。", "；", ";", "！", "!", "\n", "  ")) + 1
        end = min([i for i in (text.find(sep, found.end()) for sep in ("。", "；", ";", "！", "!", "  ")) if i >= 0] or [len(text)])
        sentence = text[max(start, found.start() - 40): min(end, found.end() + 60)].strip()
        if sentence and sentence not in before:
            return sentence[:200]
    return ""


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
        artifacts.flow = record.to_dict()

    return try_refund
