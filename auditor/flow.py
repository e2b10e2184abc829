"""The refund flow end to end: walk to the application, fill it as a customer would, and submit only
when the profile says ``flow.submit: true`` (the default is a dry run that stops before the final submit).

What a customer does (the seed's four steps): pick the order, give the reason (the profile's, else the
best match from the reason lexicon), pick 退单 where the form merges several request types, describe
the problem, upload proof (the profile's files, or a generated placeholder when an upload is required),
submit, and see it acknowledged (已提交 / 审核中) with the order's status changed. When it cannot, the
record says why (``blocker``): captcha, customer-service only, order ineligible, submit disabled, upload
rejected, validation error, login expired, application on an origin the profile does not allow.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from .analysis.entry import analyze_entry, is_customer_service
from .analysis.pages import page_kind
from .artifacts import Artifacts
from .crawl.driver import ActionFailed, Driver
from .crawl.model import Action, FormField, FormInfo, Locator, Snapshot
from .detect import detect
from .evidence import placeholder_png, walk_path
from .lexicon import Lexicon
from .profile import Profile
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
_LOGIN_PAGE = re.compile(r"/login|/signin|/accounts/login", re.I)


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
    submitted: bool = False
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


class RefundFlow:
    """One attempt at the refund flow on a logged-in session."""

    def __init__(self, driver: Driver, profile: Profile, lexicon: Lexicon, artifacts: Artifacts, out_dir: Path) -> None:
        self.d, self.profile, self.lex, self.art, self.out = driver, profile, lexicon, artifacts, out_dir
        self.record = FlowRecord(dry_run=not profile.flow.submit)
        self.actions = 0
        self.interstitials: list[str] = []
        self.shots = 0

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
            self._walk(start, path)
            snap = self._choose_order(self.d.snapshot(), path)
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
        else:
            self.record.blocker_detail = f"{skipped_cs[0]['label']} leaves the site ({skipped_cs[0].get('href', '')})"
        self._shot("look", "customer service")
        return self.record

    # -- getting there ----------------------------------------------------------------------------
    def _walk(self, start: str, path: list[dict[str, Any]]) -> None:
        def before(index: int, step: dict[str, Any], action: Action) -> None:
            self._shot("walk", step.get("label", ""), highlight=action.locator)

        walk_path(self.d, start, path, before)
        if _LOGIN_PAGE.search(self.d.page.url):
            raise Blocked("login-expired", self.d.page.url)

    def _choose_order(self, snap: Snapshot, path: list[dict[str, Any]]) -> Snapshot:
        """Make the application about the profile's order when the entry path opened another one.

        Like a person: open that order's own page (the last page on the path that named an order, with
        the profile's order number instead) and use the entry from there. Signed third-party URLs are never
        edited; the shop's page makes a freshly signed link.
        """
        wanted = self.profile.flow.order
        shape = _order_shape(wanted) if wanted else _ORDER_NO
        current = shape.search(snap.url)
        self.record.order = wanted or (current.group(0) if current else None)
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
        why_not = self.lex.ineligible(snap.text)
        if detection.kind != "refund" or detection.form_index is None:
            if why_not:
                raise Blocked("order-ineligible", why_not)
            if detection.kind == "chat" or self.lex.blocker(snap.text):
                raise Blocked("forced-chat", self.lex.blocker(snap.text) or "a chat box instead of a form")
            raise Blocked("no-form", f"no refund form at {snap.url}")
        return snap.forms[detection.form_index]

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
                choice = self._select_choice(f)
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
            elif f.tag == "textarea":
                self._do("fill", f.label, lambda loc=loc: self.d.locate(loc).fill(flow.description))
                entry["filled_with"] = flow.description
            elif f.type == "file":
                files = self._evidence(required)
                if files:
                    self._do("upload", f.label, lambda loc=loc, fs=files: self.d.locate(loc).set_input_files(fs))
                    entry["filled_with"] = [Path(p).name for p in files]
                    self.record.uploads = [{"field": f.label or f.name, "files": [Path(p).name for p in files],
                                            "generated": not flow.evidence}]
            elif f.type in ("text", "tel", "email", "number", "") and required:
                value = _contact_value(f) if _CONTACT.search(f.label + f.name) else flow.description[:20]
                self._do("fill", f.label, lambda loc=loc, v=value: self.d.locate(loc).fill(v))
                entry["filled_with"] = value
            self.record.fields.append(entry)
        self._shot("look", "filled in")

    def _select_choice(self, f: FormField) -> str | None:
        options = [o for o in f.options if o and not self.lex.is_placeholder(o)]
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
            return [str(p if Path(p).is_absolute() else base / p) for p in flow.evidence]
        if not required:
            return []
        return [str(placeholder_png(self.out / "evidence-placeholder.png"))]

    # -- the end ----------------------------------------------------------------------------------
    def _finish(self, form: FormInfo) -> None:
        submit = next((s for s in form.submits if s.get("path")), None)
        if submit is None:
            raise Blocked("no-form", "the form has no submit button")
        loc = Locator(submit["path"], form.frame, form.shadow)
        try:
            enabled = self.d.locate(loc).is_enabled(timeout=2000)
        except PlaywrightError:
            enabled = False
        if not enabled:
            raise Blocked("submit-disabled", str(submit.get("label", "")))
        if not self.profile.flow.submit:
            self._shot("dry-run-stop", str(submit.get("label", "")), highlight=loc,
                       note="dry run: stopped before the final submit (flow.submit is false)")
            self.record.completed = True
            return
        self._submit(loc, str(submit.get("label", "")))

    def _submit(self, loc: Locator, label: str) -> None:
        with self.d.armed_submit():
            self.actions += 1
            self.d.stats.count("click")
            try:
                self.d.locate(loc).click()
            except PlaywrightError as exc:
                raise Blocked("submit-disabled", str(exc).splitlines()[0][:200]) from exc
            snap = self.d.snapshot()
            for _ in range(3):  # are-you-sure pages and retention offers between submit and acknowledgement
                stop = self.lex.interstitial(snap.text)
                if not stop or self.lex.confirmation(snap.text):
                    break
                go_on = next((c for c in snap.controls if self.lex.is_final_submit(c.label)
                              or re.search(r"继续|仍要|确认|确定|坚持", c.label)), None)
                if go_on is None:
                    break
                self.interstitials.append(stop)
                self.actions += 1
                self.d.activate(go_on.action())
                snap = self.d.snapshot()
        self.record.submitted = True
        self._step("submit", label, note="submitted (flow.submit is true)")
        self._judge(snap)

    def _judge(self, snap: Snapshot) -> None:
        confirmation = self.lex.confirmation(snap.text)
        self._shot("look", "after submit")
        if confirmation:
            self.record.confirmation = confirmation
            self.record.completed = True
            self._check_status()
            return
        if _LOGIN_PAGE.search(snap.url):
            raise Blocked("login-expired", snap.url)
        # Judge by the error the site shows, not by any word on the page (an order select lists used
        # orders too, so "卡密已使用" on the page says nothing about this submission).
        message = _error_message(snap)
        if message and _UPLOAD_ERROR.search(message):
            raise Blocked("upload-rejected", message)
        if message and self.lex.ineligible(message):
            raise Blocked("order-ineligible", message)
        if _CAPTCHA.search(message or snap.text):
            raise Blocked("captcha", message)
        if message and _VALIDATION.search(message):
            raise Blocked("validation-error", message)
        if not message and self.lex.ineligible(snap.text) and not snap.forms:
            raise Blocked("order-ineligible", self.lex.ineligible(snap.text) or "")
        raise Blocked("no-confirmation", message or snap.url)

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


def _contact_value(f: FormField) -> str:
    text = (f.label + f.name + f.type).lower()
    if "mail" in text or "邮箱" in text:
        return "audit@example.com"
    if "qq" in text:
        return "10000"
    return "13800000000"


def _error_message(snap: Snapshot) -> str:
    """The most telling error text on the page after a failed submit."""
    for line in re.split(r"[\n。；;]", snap.text):
        line = line.strip()
        if line and (re.search(r"失败|错误|不支持|仅支持|请选择|请填写|请上传|不能为空|无效|error|invalid", line, re.I)):
            return line[:200]
    return ""


def refund_flow(profile: Profile, lexicon: Lexicon) -> Any:
    """A gatherer (run after the crawl) that tries the refund flow and keeps a Playwright trace."""

    def try_refund(session: Session, artifacts: Artifacts, out_dir: Path) -> None:
        shutil.rmtree(out_dir / "flow", ignore_errors=True)  # no stale pictures from an earlier attempt
        context = session.context
        trace = out_dir / "flow-trace.zip"
        context.tracing.start(screenshots=True, snapshots=True)
        try:
            record = RefundFlow(session.driver, profile, lexicon, artifacts, out_dir).run()
        finally:
            try:
                context.tracing.stop(path=str(trace))
            except PlaywrightError:
                trace = Path("")
        if trace.name:
            record.trace = trace.name
        artifacts.flow = record.to_dict()

    return try_refund
