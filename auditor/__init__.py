"""refund-audit: how hard is it for a customer to find and use a shop's refund entry?

Library use (a live site needs a browser, so this is an example, not a doctest)::

    from auditor import load_profile, run_audit
    report = run_audit(load_profile("site_profiles/example-live.yaml"), "reports/example")
    report.entry.label, report.entry.depth, report.passed     # e.g. ('申请退单', 3, True)
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from .profile import Profile, load_profile  # (after __version__: submodules read it)
from .report.model import Report
from .report.publish import reaudit

if TYPE_CHECKING:
    from .pipeline import rerun_flow, run_audit


def __getattr__(name: str) -> Any:
    # The browser half loads on first use, so `import auditor` (and a re-audit) works without Playwright.
    if name in ("run_audit", "rerun_flow"):
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")

__all__ = ["Profile", "Report", "__version__", "load_profile", "reaudit", "rerun_flow", "run_audit"]
