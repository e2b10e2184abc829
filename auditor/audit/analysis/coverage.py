"""What the crawl could see, and so which claims an audit may make.

"No self-service refund" is an accusation: it may be said only when the crawl could have seen the entry
(it ended by itself, every view settled and showed its controls, no data request was refused, every
state was tried). A found entry's depth is proven when no untried control could open a shorter way
(every state up to two actions shallower than the application had all its controls tried), whatever
bound stopped the crawl. Otherwise the claim is *inconclusive*, with the reason.

>>> c = coverage_of({"stop_reason": "max-seconds", "coverage": {"complete": False,
...     "reasons": ["the crawl stopped on a bound (max-seconds) with 40 controls untried"], "entry_depth": None}})
>>> c.complete, c.absence_unproven
(False, 'the crawl stopped on a bound (max-seconds) with 40 controls untried')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Coverage:
    """The crawl's reach as the checks need it (from ``CrawlStats.coverage``)."""

    complete: bool
    reasons: tuple[str, ...]
    stop_reason: str
    entry_depth_proven: bool
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def absence_unproven(self) -> str:
        """Why "not found" cannot be claimed ('' when it can)."""
        return "" if self.complete else "; ".join(self.reasons) or f"the crawl stopped ({self.stop_reason})"

    def to_dict(self) -> dict[str, Any]:
        return {"complete": self.complete, "reasons": list(self.reasons), "stop_reason": self.stop_reason,
                "entry_depth_proven": self.entry_depth_proven, **self.details}


def coverage_of(crawl: dict[str, Any], stage_errors: list[dict[str, str]] | tuple[()] = ()) -> Coverage:
    """Read the crawl's coverage; an artifact from before coverage was measured counts as complete only
    when the crawl ended by itself."""
    stop = str(crawl.get("stop_reason") or "not-started")
    raw = crawl.get("coverage")
    if not raw:
        ended = stop in ("complete", "quick:application-found")
        raw = {"complete": ended, "reasons": [] if ended else [f"the crawl stopped ({stop})"],
               "entry_depth_proven": ended}
    reasons = list(raw.get("reasons") or [])
    crawl_failed = [e for e in stage_errors if e.get("stage") in ("crawl", "session")]
    reasons += [f"the {e['stage']} stage failed: {e.get('error', '')}" for e in crawl_failed]
    details = {k: v for k, v in raw.items() if k not in ("complete", "reasons", "stop_reason", "entry_depth_proven")}
    return Coverage(
        complete=bool(raw.get("complete")) and not crawl_failed,
        reasons=tuple(reasons),
        stop_reason=stop,
        entry_depth_proven=bool(raw.get("entry_depth_proven")),
        details=details,
    )
