"""refund-audit: how hard is it for a customer to find and use a shop's refund entry?

>>> from auditor import load_profile, run_audit            # doctest: +SKIP
>>> report = run_audit(load_profile("site_profiles/indie-store.yaml"), "reports/indie-store")  # doctest: +SKIP
>>> report.entry.label, report.entry.depth, report.passed  # doctest: +SKIP
('申请退单', 3, True)
"""

__version__ = "0.1.0"

from .audit import reaudit, rerun_flow, run_audit  # (after __version__: submodules read it)
from .profile import Profile, load_profile
from .report.model import Report

__all__ = ["Profile", "Report", "__version__", "load_profile", "reaudit", "rerun_flow", "run_audit"]
