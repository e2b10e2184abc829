"""The report stage's entry: artifacts → checks → Report → every writer → the evidence manifest.

Pure (no browser): ``reaudit`` re-runs it on a saved ``artifacts.json``, so thresholds and the lexicon
can be tuned without crawling again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..atomic import write_text
from ..audit.artifacts import Artifacts
from ..audit.lexicon import Lexicon, load_lexicon
from ..bundle import write_manifest
from ..errors import InputError
from ..profile import Profile, Thresholds, profile_from_dict
from . import WRITERS
from .build import build_report
from .model import Report

DEFAULT_FORMATS = ("json", "html", "junit", "markdown")


def write_report(artifacts: Artifacts, thresholds: Thresholds, lexicon: Lexicon, out: Path,
                 formats: Sequence[str] = DEFAULT_FORMATS, *, loaded: bool = False) -> Report:
    """Build the report from artifacts and write every requested format plus the evidence manifest.

    ``loaded``: the artifacts were read from ``out/artifacts.json`` (a re-audit), so they are in their
    saved form already and ``graph.json`` beside them is theirs."""
    # The report is a function of what artifacts.json holds, in its saved form (the graph sorted, lists
    # for tuples), so that `reaudit` on the folder gives the same report, tie-breaks included.
    saved = artifacts if loaded else Artifacts.from_dict(json.loads(json.dumps(artifacts.to_dict(), ensure_ascii=False)))
    report = build_report(saved, thresholds, lexicon)
    if not (loaded and (out / "graph.json").is_file()):
        write_text(out / "graph.json", json.dumps(artifacts.graph.to_dict(), ensure_ascii=False, indent=1))
    for name in formats:
        WRITERS[name](report, out)
    write_manifest(out, report, browser_version=artifacts.browser_version, started_at=artifacts.started_at,
                   finished_at=artifacts.finished_at)
    return report


def reaudit(out_dir: str | Path, profile: Profile | None = None, formats: Sequence[str] = DEFAULT_FORMATS) -> Report:
    """Re-run the checks and the writers on ``out_dir/artifacts.json`` without a browser (milliseconds:
    the way to tune thresholds or the lexicon without crawling again), and refresh the manifest.

    With ``profile``, its thresholds and lexicon extension are used; otherwise the profile saved with the
    crawl. Raises :class:`~auditor.errors.InputError` when the folder holds no audit.
    """
    out = Path(out_dir)
    path = out / "artifacts.json"
    if not path.is_file():
        raise InputError(f"{out}: no artifacts.json here (not an audit folder)")
    artifacts = Artifacts.load(path)
    used = profile or profile_from_dict(artifacts.profile, source=str(path))
    return write_report(artifacts, used.thresholds, load_lexicon(used.lexicon), out, formats, loaded=True)
