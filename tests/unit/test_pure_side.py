"""The stage boundary is physical: every module of the pure side imports, and a saved audit is re-audited,
in an interpreter where Playwright cannot be imported (a regulator's machine without a browser)."""

from __future__ import annotations

import json
from pathlib import Path

from no_playwright import run_without_playwright
from test_verdicts import COMPLETE, _artifacts, _no_entry_shop

from auditor.audit.artifacts import Artifacts

IMPORT_ALL = '''
import importlib, pkgutil, sys
import auditor
names = []
for pkg in ("auditor.audit", "auditor.report"):
    module = importlib.import_module(pkg)
    names += [info.name for info in pkgutil.walk_packages(module.__path__, pkg + ".")]
names += ["auditor.atomic", "auditor.bundle", "auditor.cli", "auditor.errors", "auditor.interrupt", "auditor.profile"]
for name in names:
    importlib.import_module(name)
print(len(names), sorted(k for k in sys.modules if k.startswith(("playwright", "auditor.gather", "auditor.pipeline"))))
'''


def test_the_blocker_really_blocks_playwright() -> None:
    done = run_without_playwright("import playwright.sync_api")
    assert done.returncode != 0 and "blocked by the test" in done.stderr


def test_every_pure_module_imports_without_playwright() -> None:
    done = run_without_playwright(IMPORT_ALL)
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 40  # the walk found the packages' modules, not an empty list
    assert loaded.strip() == "[]"  # nothing of the browser half came along


def test_a_saved_audit_is_reaudited_without_playwright(tmp_path: Path) -> None:
    artifacts: Artifacts = _artifacts(_no_entry_shop("在线客服"), "done", COMPLETE)
    artifacts.profile = {"name": "t", "base_url": "http://h"}  # the redacted profile a crawl saves
    artifacts.save(tmp_path / "artifacts.json")
    done = run_without_playwright("import sys\nfrom auditor.cli import main\nsys.exit(main(['reaudit', sys.argv[1]]))",
                                  str(tmp_path))
    assert done.returncode == 1, done.stderr  # no entry on a complete crawl: the audit fails on the shop
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "fail" and report["entry"]["found"] is False
    assert {"report.html", "junit.xml", "summary.md", "manifest.json"} <= {p.name for p in tmp_path.iterdir()}
