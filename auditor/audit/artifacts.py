"""What the gather stage hands to the checks: everything measured in the browser, as plain typed data.

Saved as ``DIR/artifacts.json``; the checks and writers run on it without a browser, so a saved run can
be re-audited in milliseconds (Lighthouse's artifacts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_text
from .flow_outcome import FlowRecord
from .graph import NavGraph
from .model import LoginRecord, PathShot

ARTIFACTS_VERSION = "1"


@dataclass
class Artifacts:
    """One site's gathered facts: typed records for the login, the entry path's pictures and the refund
    flow; ``crawl`` is :meth:`CrawlStats.to_dict` (its counters, read by the coverage analysis)."""

    site: str
    base_url: str
    device: str
    profile: dict[str, Any]  # redacted
    tool_version: str
    browser_version: str
    started_at: str
    finished_at: str = ""
    login: LoginRecord = field(default_factory=lambda: LoginRecord("none"))
    graph: NavGraph = field(default_factory=NavGraph)
    crawl: dict[str, Any] = field(default_factory=dict)  # CrawlStats.to_dict()
    path_evidence: tuple[PathShot, ...] = ()  # step screenshots of the entry path
    flow: FlowRecord | None = None  # None: the flow was not run (--no-flow, or the audit stopped before it)
    stage_errors: list[dict[str, str]] = field(default_factory=list)  # a stage that failed, and why
    stages: dict[str, dict[str, float]] = field(default_factory=dict)  # stage -> {seconds, actions}: where the time went

    def to_dict(self) -> dict[str, Any]:
        return {
            "artifacts_version": ARTIFACTS_VERSION,
            "site": self.site, "base_url": self.base_url, "device": self.device, "profile": self.profile,
            "tool_version": self.tool_version, "browser_version": self.browser_version,
            "started_at": self.started_at, "finished_at": self.finished_at, "login": self.login.to_dict(),
            "graph": self.graph.to_dict(), "crawl": self.crawl,
            "path_evidence": [shot.to_dict() for shot in self.path_evidence],
            "flow": self.flow.to_dict() if self.flow is not None else None, "stage_errors": self.stage_errors,
            "stages": self.stages,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Artifacts:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["graph"] = NavGraph.from_dict(data.get("graph", {}))
        values["login"] = LoginRecord.from_dict(data.get("login") or {})
        values["path_evidence"] = tuple(PathShot.from_dict(shot) for shot in data.get("path_evidence") or ())
        values["flow"] = FlowRecord.from_dict(data["flow"]) if data.get("flow") else None
        return cls(**values)

    def save(self, path: Path) -> None:
        """Write ``artifacts.json`` atomically: a failed save keeps the previous one whole."""
        write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=False))

    @classmethod
    def load(cls, path: Path) -> Artifacts:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
