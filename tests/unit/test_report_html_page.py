"""report.html from hand-built Reports: self-contained, ordered for readers, and inert against hostile
site text. (The same page in a real Chromium: tests/browser/test_report_html.py.)"""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import HOSTILE, png_bytes, sample_report

from auditor.report import write_html
from auditor.report.images import Embedder


class _Tags(HTMLParser):
    """Collects every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def _render(kind: str, tmp_path: Path) -> tuple[str, _Tags]:
    report = sample_report(kind, tmp_path)
    html = write_html(report, tmp_path).read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    return html, parser


def test_hostile_labels_are_escaped_everywhere(tmp_path: Path) -> None:
    html, parsed = _render("hostile", tmp_path)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # No element from site text: every <img> is ours (a data: screenshot), no handler attribute anywhere.
    assert all(str(attrs.get("src")).startswith("data:image/") for tag, attrs in parsed.tags if tag == "img" and attrs.get("src"))
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    # Exactly two scripts: our inline one and the JSON data block; none came from the site.
    assert sorted(str(attrs.get("type")) for attrs, _ in parsed.scripts) == ["None", "application/json"]


def test_hostile_json_block_escapes_script_breakouts_and_round_trips(tmp_path: Path) -> None:
    _, parsed = _render("hostile", tmp_path)
    (block,) = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["entry"]["label"] == HOSTILE
    assert data["pass"] is False


def test_javascript_urls_never_become_links(tmp_path: Path) -> None:
    _, parsed = _render("hostile", tmp_path)
    hrefs = [attrs["href"] or "" for tag, attrs in parsed.tags if tag == "a" and "href" in attrs]
    assert hrefs and all(h.startswith(("#", "http://", "https://")) or ":" not in h for h in hrefs)
    assert "states/s2.png" in hrefs  # evidence files link relatively, inside the folder


def test_page_is_self_contained_with_a_script_hash_csp(tmp_path: Path) -> None:
    html, parsed = _render("hidden", tmp_path)
    assert not [t for t, a in parsed.tags if t == "link"]
    for _tag, attrs in parsed.tags:  # no resource from the network
        assert not str(attrs.get("src") or "").startswith(("http:", "https:", "//"))
    (csp,) = [str(a["content"]) for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "Noto Sans CJK SC" in html and "WenQuanYi Zen Hei" in html


def test_screenshots_are_embedded_with_their_size(tmp_path: Path) -> None:
    _, parsed = _render("hidden", tmp_path)
    shots = [a for t, a in parsed.tags if t == "img" and (a.get("src") or "").startswith("data:image/png;base64,")]
    assert len(shots) >= 5  # four steps, the application, the flow step
    assert all(a.get("width") == "320" and a.get("height") == "200" for a in shots)


def test_verdict_and_reasons_come_before_everything_else(tmp_path: Path) -> None:
    html, _ = _render("hidden", tmp_path)
    html = html[html.index("<body>"):]
    order = [html.index(s) for s in ('id="verdict"', "未通过", "FAIL", "退单入口需要 4 步操作", 'id="metrics"',
                                       'id="path"', 'id="graph"', 'id="findings"', 'id="checks"',
                                       'id="candidates"', 'id="flow"', 'id="crawl"')]
    assert order == sorted(order)


def test_path_strip_numbers_steps_and_ends_on_the_application(tmp_path: Path) -> None:
    html, _ = _render("hidden", tmp_path)
    strip = html[html.index('<ol class="strip">'):html.index("</ol>", html.index('<ol class="strip">'))]
    assert [int(n) for n in re.findall(r'<span class="num">(\d+)</span>', strip)] == [1, 2, 3, 4]
    assert "申请页" in strip and "悬停 hover" in strip and "售后支持" in strip


def test_graph_svg_marks_path_decoys_and_application(tmp_path: Path) -> None:
    html, _ = _render("hidden", tmp_path)
    svg = html[html.index("<svg xmlns"):html.index("</svg>")]
    assert svg.count('class="e on"') == 4
    assert svg.count('class="n decoy"') == 2
    assert 'class="n application' in svg and "售后维权" in svg


def test_no_entry_site_says_so_instead_of_a_path(tmp_path: Path) -> None:
    html, _ = _render("no-entry", tmp_path)
    assert "没有找到通往退单申请的路径" in html and "未找到" in html
    assert "未尝试退单流程" in html


def test_clean_pass_shows_pass(tmp_path: Path) -> None:
    html, _ = _render("clean", tmp_path)
    assert '<section class="card verdict pass"' in html and "PASS" in html


def test_a_screenshot_path_leaving_the_report_folder_is_never_read(tmp_path: Path) -> None:
    report = sample_report("clean", tmp_path / "r")
    (tmp_path / "secret.png").write_bytes(png_bytes(11, 7))
    step = dataclasses.replace(report.entry.path[0], screenshot="../secret.png")
    entry = dataclasses.replace(report.entry, path=(step, *report.entry.path[1:]))
    html = write_html(dataclasses.replace(report, entry=entry), tmp_path / "r").read_text(encoding="utf-8")
    assert 'width="11"' not in html
    assert "无截图 no screenshot" in html


@pytest.mark.parametrize("kind", ["clean", "hidden", "no-entry", "hostile"])
def test_every_sample_renders(kind: str, tmp_path: Path) -> None:
    html, _ = _render(kind, tmp_path)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_pictures_past_the_page_budget_are_linked_not_embedded(tmp_path: Path) -> None:
    sample_report("hidden", tmp_path)
    one = len((tmp_path / "steps" / "01.png").read_bytes())
    pictures = Embedder(tmp_path, tmp_path, budget=one + 10)
    first, second = pictures.picture("steps/01.png"), pictures.picture("steps/02.png")
    assert first is not None and first.embedded and first.src.startswith("data:image/png;base64,")
    assert second is not None and not second.embedded and second.src == "steps/02.png"
    assert pictures.linked == ["steps/02.png"] and second.width == 320
