"""The Report: what an audit concluded, the only thing writers read (report.json, versioned).

Every value is JSON-ready; ``Report.to_dict()`` is what report.json holds and what
``report.schema.json`` describes. Site text (labels, URLs, titles) is untrusted: writers escape it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

SEVERITIES = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class Step:
    """One user action on the way: what was done, to which control, on which page."""

    action: str  # click | tap | hover | search
    label: str
    url: str  # the page the action was taken on
    state: str = ""  # state id the action was taken on
    target: str = ""  # state id it led to
    tier: str | None = None  # lexicon tier of the label (exact/synonym/vague) or kind (navigation/decoy …)
    hiding: tuple[str, ...] = ()  # why this control is hard to see (hover, collapsed, tiny, low-contrast …)
    screenshot: str = ""  # evidence picture of the step, relative to the report folder
    new_tab: bool = False


@dataclass(frozen=True)
class Entry:
    """The refund entry: the control whose activation opens the refund application."""

    found: bool
    label: str | None = None
    match: str | None = None  # exact | synonym | vague | none (the label names nothing); None: no entry
    depth: int | None = None  # user actions from the start page, the entry's activation included
    path: tuple[Step, ...] = ()
    url: str | None = None  # the application's URL
    state: str | None = None  # the application state id
    names: tuple[str, ...] = ()  # all names of the entry control (text, aria-label, title, alt)
    hiding: tuple[str, ...] = ()
    route_kind: str | None = None  # navigation | search | customer-service
    route_tier: str | None = None  # the clearest refund word on the way there (a search for 退单: exact)
    dialog: str | None = None  # the application is a confirm() with this text (a one-click refund)


@dataclass(frozen=True)
class Route:
    """One distinct way into the application: the entry control and the shortest path to it."""

    label: str
    match: str | None
    depth: int
    kind: str  # navigation | search | customer-service
    path_labels: tuple[str, ...]
    source_url: str


@dataclass(frozen=True)
class Candidate:
    """A refund-looking control, and whether it really leads to the application."""

    label: str
    match: str | None  # tier for entry words, else the lexicon kind (decoy, appeal …)
    depth: int | None
    leads_to_refund: bool | None  # None: never activated (refused by the safety gate)
    role: str  # entry | path (on the entry path) | route (brings closer) | decoy | competitor | not-activated
    url: str
    note: str = ""


@dataclass(frozen=True)
class Ambiguity:
    """Naming ambiguity in [0, 1] and its parts (formula in auditor.audit.analysis.ambiguity)."""

    score: float | None  # None: no entry, nothing to score
    tier_term: float
    competition: float
    decoy_term: float
    first_click_correct: bool | None
    success_probability: float
    steps: tuple[dict[str, Any], ...] = ()
    decoys: tuple[str, ...] = ()
    formula: str = ""


@dataclass(frozen=True)
class Finding:
    """A problem, with a stable id (rule + normalized labels, never selectors), in Chinese and English."""

    id: str
    rule: str
    severity: str
    title: str
    message_zh: str
    message_en: str
    evidence: dict[str, Any] = field(default_factory=dict)
    laws: tuple[str, ...] = ()
    needs_review: bool = False


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: pass, fail, warn (finding below the fail bar), n/a or error."""

    id: str
    title: str
    status: str  # pass | fail | warn | n/a | error
    message: str
    description: str = ""
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything a writer needs. ``verdict`` is pass, fail or inconclusive (``passed`` is verdict ==
    pass); ``reasons`` say why in plain words."""

    site: dict[str, Any]
    profile: dict[str, Any]
    generated_at: str
    environment: dict[str, Any]
    graph: dict[str, Any]
    crawl: dict[str, Any]
    entry: Entry
    routes: tuple[Route, ...]
    candidates: tuple[Candidate, ...]
    ambiguity: Ambiguity
    hiding: dict[str, Any]
    continuity: dict[str, Any]
    effort: dict[str, Any]
    disclosure: dict[str, Any]
    flow: dict[str, Any]
    appeal: dict[str, Any]
    checks: tuple[CheckResult, ...]
    findings: tuple[Finding, ...]
    thresholds: dict[str, Any]
    passed: bool
    reasons: tuple[str, ...]
    artifacts: dict[str, str] = field(default_factory=dict)  # file names in the report folder
    verdict: str = ""  # pass | fail | inconclusive (a check could not measure: see ``coverage``)
    coverage: dict[str, Any] = field(default_factory=dict)  # what the crawl could see (analysis/coverage.py)
    schema_version: str = SCHEMA_VERSION
    tool: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.verdict:  # a report built by hand (tests, samples) states at least pass or fail
            object.__setattr__(self, "verdict", "pass" if self.passed else "fail")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pass"] = data.pop("passed")
        return {"schema_version": data.pop("schema_version"), **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        d = dict(data)
        d["passed"] = d.pop("pass")
        entry = dict(d["entry"])
        entry["path"] = tuple(Step(**{**s, "hiding": tuple(s.get("hiding", ()))}) for s in entry.get("path", ()))
        entry["names"] = tuple(entry.get("names", ()))
        entry["hiding"] = tuple(entry.get("hiding", ()))
        d["entry"] = Entry(**entry)
        d["routes"] = tuple(Route(**{**r, "path_labels": tuple(r["path_labels"])}) for r in d.get("routes", ()))
        d["candidates"] = tuple(Candidate(**c) for c in d.get("candidates", ()))
        amb = dict(d["ambiguity"])
        amb["steps"] = tuple(amb.get("steps", ()))
        amb["decoys"] = tuple(amb.get("decoys", ()))
        d["ambiguity"] = Ambiguity(**amb)
        d["findings"] = tuple(_finding(f) for f in d.get("findings", ()))
        d["checks"] = tuple(
            CheckResult(**{**c, "findings": tuple(_finding(f) for f in c.get("findings", ()))}) for c in d.get("checks", ())
        )
        d["reasons"] = tuple(d.get("reasons", ()))
        d.setdefault("verdict", "pass" if d["passed"] else "fail")
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})

    def finding_ids(self) -> set[str]:
        return {f.id for f in self.findings}


def _finding(f: dict[str, Any]) -> Finding:
    return Finding(**{**f, "laws": tuple(f.get("laws", ()))})
