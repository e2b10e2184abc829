"""refund-audit: how hard is it for a customer to find and use a shop's refund entry?

Library use (a live site needs a browser, so this is an example, not a doctest)::

    from auditor import load_profile, run_audit
    report = run_audit(load_profile("site_profiles/example-live.yaml"), "reports/example")
    report.entry.label, report.entry.depth, report.passed     # e.g. ('申请退单', 3, True)
"""

__version__ = "0.1.0"

from .audit import reaudit, rerun_flow, run_audit  # (after __version__: submodules read it)
from .profile import Profile, load_profile
from .report.model import Report

__all__ = ["Profile", "Report", "__version__", "load_profile", "reaudit", "rerun_flow", "run_audit"]
