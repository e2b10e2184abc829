"""Hand-built Reports for the writers' tests and for previewing the templates without a browser.

``sample_report(kind, folder)`` returns a :class:`Report` and writes the screenshots it references into
``folder`` (small PNGs made with zlib and struct: no imaging library). The four kinds cover what the
writers must handle: a clean pass, a hidden-entry fail, a site with no entry at all, and a hostile site
whose every label, URL, title and evidence value tries to break out of HTML, XML, JSON and Markdown.

Preview: ``python -m auditor.report.samples OUT_DIR`` writes each sample with every writer.
"""

from __future__ import annotations

import struct
import sys
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from ..atomic import write_bytes
from .model import Ambiguity, Candidate, CheckResult, Entry, Finding, Report, Route, Step

KINDS = ("clean", "hidden", "no-entry", "hostile")

# Everything a writer must neutralise, in one string: markup, a script break-out, a CDATA end,
# an entity, both quotes, Markdown table pipes, code spans and links.
HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(1)</script>]]>&amp; \"q\" 'q' |a|b| `x` [l](javascript:alert(1))"


def png_bytes(width: int, height: int, *, accent: tuple[int, int, int] = (37, 99, 235),
              outline: tuple[int, int, int, int] | None = None) -> bytes:
    """A valid RGB PNG that looks like a page: header bar, content blocks, an optional red outline box.

    >>> png_bytes(4, 3)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    paper, block, red = bytes((248, 250, 252)), bytes((226, 232, 240)), bytes((229, 38, 31))
    cell = max(width // 6, 1)
    striped = b"".join(block if (x // cell) % 2 == 0 else paper for x in range(width))
    rows = []
    for y in range(height):
        if y < height // 8:
            row = bytearray(bytes(accent) * width)
        else:
            row = bytearray(striped if (y // max(height // 10, 1)) % 3 == 1 else paper * width)
        if outline is not None:
            x0, y0, x1, y1 = (max(v, 0) for v in outline)
            x1, y1 = min(x1, width - 1), min(y1, height - 1)
            if y0 <= y <= y1:
                if abs(y - y0) < 2 or abs(y - y1) < 2:
                    row[3 * x0 : 3 * (x1 + 1)] = red * (x1 + 1 - x0)
                else:
                    for x in (x0, x0 + 1, x1 - 1, x1):
                        row[3 * x : 3 * x + 3] = red
        rows.append(b"\x00" + bytes(row))  # filter type 0 (None) for every scanline

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b""))


@cache
def _shot(i: int) -> bytes:
    return png_bytes(320, 200, outline=(20 + 30 * i, 40 + 10 * i, 110 + 30 * i, 62 + 10 * i))


def _shots(folder: Path, names: list[str]) -> None:
    for i, name in enumerate(names):
        path = folder / name
        write_bytes(path, _shot(i))


def _graph(path_ids: list[str], labels: list[str], *, decoys: tuple[str, ...] = (), application: bool = True,
           extra: int = 3, text: str = "") -> dict[str, Any]:
    nodes = [{"id": "s0", "label": text or "用户中心", "url": "https://shop.example/user", "depth": 0, "kind": "start"}]
    edges = []
    prev = "s0"
    for depth, (sid, label) in enumerate(zip(path_ids, labels, strict=True), start=1):
        last = depth == len(path_ids)
        kind = "application" if (last and application) else "path"
        nodes.append({"id": sid, "label": label, "url": f"https://shop.example/{sid}", "depth": depth, "kind": kind})
        edges.append({"source": prev, "target": sid, "label": label, "action": "click", "on_path": True,
                      "inferred": False})
        prev = sid
    for i, decoy in enumerate(decoys):
        nid = f"d{i}"
        nodes.append({"id": nid, "label": decoy, "url": f"https://shop.example/{nid}", "depth": 1, "kind": "decoy"})
        edges.append({"source": "s0", "target": nid, "label": decoy, "action": "click", "on_path": False,
                      "inferred": False})
    for i in range(extra):
        nid = f"o{i}"
        nodes.append({"id": nid, "label": f"商品 {i}", "url": f"https://shop.example/goods/{i}", "depth": 1 + i % 2,
                      "kind": "other"})
        edges.append({"source": "s0" if i % 2 == 0 else "o0", "target": nid, "label": f"商品 {i}", "action": "click",
                      "on_path": False, "inferred": i == 2})
    return {"states": len(nodes), "transitions": len(edges), "inferred": sum(e["inferred"] for e in edges),
            "nodes": nodes, "edges": edges}


def _crawl(stop: str = "complete") -> dict[str, Any]:
    return {
        "stop_reason": stop, "elapsed_s": 12.5, "actions": {"goto": 4, "click": 31, "hover": 6},
        "action_total": 41, "transitions": 9, "inferred": 2, "restores": 1, "replays": 3, "replay_failures": 0,
        "skips": {"deny": 4, "danger": 2},
        "skipped": [{"reason": "deny", "label": "退出", "href": "/logout", "url": "https://shop.example/user",
                     "state": "s0"},
                    {"reason": "danger:pay", "label": "立即支付", "href": "", "url": "https://shop.example/o/1",
                     "state": "s1"}],
        "dialogs": [{"type": "confirm", "message": "确定离开吗？", "url": "https://shop.example/o/1"}],
        "traps": [{"kind": "pagination", "template": "/goods?page=*", "label": "下一页", "url": "https://shop.example/goods",
                   "pages_followed": 5}],
        "errors": [], "blocked_requests": [], "first_application_at": {"actions": 17, "seconds": 4.2},
    }


def _base(name: str, title: str) -> dict[str, Any]:
    return {
        "site": {"name": name, "title": title, "base_url": f"https://{name}.example/", "device": "desktop"},
        "profile": {"name": name, "base_url": f"https://{name}.example/", "login": {"fields": {"#pwd": "***"}}},
        "generated_at": "2025-01-02T03:04:05+00:00",
        "environment": {"browser": "Chromium 131.0", "os": "Linux", "python": "3.11"},
        "thresholds": {"max_depth": 3, "max_ambiguity": 0.5, "require_flow": True, "max_flow_actions": None,
                       "fail_on": ["critical", "high"]},
        "tool": {"name": "refund-audit", "version": "0.1.0"},
    }


def _effort(purchase: int, entry: int | None, flow_actions: int | None) -> dict[str, Any]:
    # The shape of auditor.audit.analysis.effort.analyze_effort.
    total = None if entry is None else entry + (flow_actions or 0)
    return {"purchase_depth": purchase, "purchase_label": "立即购买", "purchase_url": "https://shop.example/goods/1",
            "refund_entry_depth": entry, "refund_flow_actions": flow_actions, "refund_total": total,
            "refund_harder": entry is None or entry > purchase}


def _flow(completed: bool, *, blocker: str | None = None, actions: int = 4, uploads: int = 0,
          steps: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "attempted": True, "completed": completed, "submitted": False, "dry_run": True,
        "steps": steps if steps is not None else [
            {"action": "fill", "label": "退单原因", "url": "https://shop.example/refund", "screenshot": "flow/01.png",
             "note": ""},
            {"action": "click", "label": "提交申请", "url": "https://shop.example/refund", "screenshot": "",
             "note": "dry run: not submitted"},
        ],
        "blocker": blocker, "blocker_detail": "必须上传购买凭证" if blocker else "",
        "fields": [{"label": "退单原因", "type": "textarea", "required": True, "filled_with": "卡密未到账，请退单"},
                   {"label": "联系电话", "type": "tel", "required": False, "filled_with": ""}],
        "uploads": ["placeholder.png"] if uploads else [],
        "effort": {"actions": actions, "required_fields": 1, "required_uploads": uploads, "interstitials": 0},
    }


def _clean(folder: Path) -> Report:
    _shots(folder, ["steps/01.png", "steps/02.png", "states/s2.png", "flow/01.png"])
    path = (
        Step("click", "我的订单", "https://clean.example/user", "s0", "s1", "navigation", (), "steps/01.png"),
        Step("click", "申请退款", "https://clean.example/orders", "s1", "s2", "exact", (), "steps/02.png"),
    )
    return Report(
        **_base("clean", "晴天卡盟"),
        graph=_graph(["s1", "s2"], ["我的订单", "申请退款"]),
        crawl=_crawl(),
        entry=Entry(True, "申请退款", "exact", 2, path, "https://clean.example/refund/1", "s2", ("申请退款",), (),
                    "navigation"),
        routes=(Route("申请退款", "exact", 2, "navigation", ("我的订单", "申请退款"), "https://clean.example/orders"),),
        candidates=(Candidate("申请退款", "exact", 2, True, "entry", "https://clean.example/orders"),),
        ambiguity=Ambiguity(0.1, 0.0, 0.1, 0.0, True, 0.9, ({"label": "申请退款", "competitors": 0},), (),
                            "0.5*tier + 0.3*competition + 0.2*decoy"),
        hiding={"steps": [], "footer_only": False},
        continuity={"order_states": 3, "present": 3},
        effort=_effort(2, 2, 4),
        disclosure={"policy_link": True},
        flow=_flow(True),
        appeal={"found": True, "label": "投诉", "match": "appeal", "depth": 2, "path": ["帮助中心", "投诉"]},
        checks=(
            CheckResult("refund-entry", "A refund entry exists", "pass", "申请退款 opens the application"),
            CheckResult("entry-depth", "Entry within 3 actions", "pass", "2 actions (threshold 3)"),
            CheckResult("label-ambiguity", "Entry label is explicit", "pass", "exact tier, score 0.10"),
            CheckResult("refund-flow", "Refund flow completes", "pass", "completed (dry run)"),
            CheckResult("disclosure", "Return policy linked", "n/a", "not measured on this site"),
        ),
        findings=(),
        passed=True,
        verdict="pass",
        coverage={"complete": True, "reasons": [], "stop_reason": "complete", "entry_depth_proven": True},
        reasons=("退单入口「申请退款」两步可达 / The refund entry 申请退款 is 2 actions away",),
        artifacts={"application_screenshot": "states/s2.png", "report_json": "report.json"},
    )


def _hidden(folder: Path) -> Report:
    _shots(folder, ["steps/01.png", "steps/02.png", "steps/03.png", "steps/04.png", "states/s4.png", "flow/01.png"])
    labels = ["个人中心", "更多", "我的工单", "售后支持"]
    path = tuple(
        Step("hover" if label == "更多" else "click", label, f"https://hidden.example/p{i}", f"s{i}", f"s{i + 1}",
             "vague" if label in ("我的工单", "售后支持") else "navigation",
             ("hover", "low-contrast") if label == "售后支持" else (), f"steps/0{i + 1}.png")
        for i, label in enumerate(labels)
    )
    finding = Finding(
        "entry-depth:个人中心>更多>我的工单>售后支持", "entry-depth", "high", "Refund entry too deep",
        "退单入口需要 4 步操作，超过阈值 3。", "The refund entry takes 4 actions, more than the threshold of 3.",
        {"depth": 4, "threshold": 3, "path": labels}, ("电子商务法 第59条", "EU 2023/2673 Art. 11a"),
    )
    vague = Finding(
        "label-ambiguity:售后支持", "label-ambiguity", "medium", "Entry label is vague",
        "入口名称「售后支持」含糊，用户难以识别为退单。", "The entry label 售后支持 is vague.",
        {"label": "售后支持", "tier": "vague", "decoys": ["售后维权"]}, ("EU 2023/2673 Art. 11a",), True,
    )
    hide = Finding(
        "hidden-entry:售后支持", "hidden-entry", "high", "Entry hidden behind hover",
        "入口只在鼠标悬停后出现，且对比度低。", "The entry appears only on hover and has low contrast.",
        {"hiding": ["hover", "low-contrast"], "contrast": 1.9}, ("WCAG 2.2 SC 1.4.3",),
    )
    return Report(
        **_base("hidden", "暗影卡盟"),
        graph=_graph(["s1", "s2", "s3", "s4"], labels, decoys=("售后维权", "投诉建议"), extra=6),
        crawl=_crawl("max-states"),
        entry=Entry(True, "售后支持", "vague", 4, path, "https://hidden.example/ticket/new", "s4", ("售后支持",),
                    ("hover", "low-contrast"), "navigation"),
        routes=(Route("售后支持", "vague", 4, "navigation", tuple(labels), "https://hidden.example/p3"),),
        candidates=(
            Candidate("售后支持", "vague", 4, True, "entry", "https://hidden.example/p3"),
            Candidate("售后维权", "decoy", 1, False, "decoy", "https://hidden.example/faq", "leads to an FAQ"),
            Candidate("投诉建议", "decoy", 1, False, "decoy", "https://hidden.example/chat", "opens a chat"),
            Candidate("删除订单", "danger", 2, None, "not-activated", "https://hidden.example/o/1", "safety gate"),
        ),
        ambiguity=Ambiguity(0.72, 0.5, 0.67, 0.6, False, 0.33,
                            ({"label": "售后支持", "competitors": 2, "first_click": "售后维权"},),
                            ("售后维权", "投诉建议"), "0.5*tier + 0.3*competition + 0.2*decoy"),
        hiding={"steps": [{"label": "售后支持", "flags": ["hover", "low-contrast"], "contrast": 1.9}], "footer_only": False},
        continuity={"order_states": 3, "present": 1},
        effort=_effort(2, 4, 9),
        disclosure={"policy_link": False},
        flow=_flow(False, blocker="upload-required", actions=9, uploads=1),
        appeal={"found": False},
        checks=(
            CheckResult("refund-entry", "A refund entry exists", "pass", "售后支持 opens the application"),
            CheckResult("entry-depth", "Entry within 3 actions", "fail", "4 actions (threshold 3)",
                        findings=(finding,)),
            CheckResult("hidden-entry", "Entry is visible", "fail", "hover, low-contrast", findings=(hide,)),
            CheckResult("label-ambiguity", "Entry label is explicit", "warn", "vague tier, score 0.72",
                        findings=(vague,)),
            CheckResult("refund-flow", "Refund flow completes", "fail", "blocked: upload-required"),
            CheckResult("asymmetry", "Refund no harder than purchase", "error", "purchase effort not measured"),
        ),
        findings=(finding, hide, vague),
        passed=False,
        verdict="fail",
        coverage={"complete": True, "reasons": [], "stop_reason": "complete", "entry_depth_proven": True},
        reasons=("退单入口需要 4 步操作（阈值 3） / The refund entry takes 4 actions (threshold 3)",
                 "入口藏在悬停菜单中 / The entry is hidden in a hover menu"),
        artifacts={"application_screenshot": "states/s4.png"},
    )


def _no_entry(folder: Path) -> Report:
    finding = Finding(
        "refund-entry:none", "refund-entry", "critical", "No refund entry",
        "在 23 个页面状态中没有找到退单入口，只有客服电话。",
        "No refund entry in 23 states; the only channel is a phone number.",
        {"states": 23, "channels": ["phone"]}, ("电子商务法 第59条",),
    )
    return Report(
        **_base("no-entry", "无门卡盟"),
        graph=_graph([], [], decoys=("联系客服",), application=False, extra=4),
        crawl=_crawl(),
        entry=Entry(False),
        routes=(),
        candidates=(Candidate("联系客服", "vague", 1, False, "decoy", "https://no-entry.example/help", "phone only"),),
        ambiguity=Ambiguity(1.0, 1.0, 1.0, 1.0, None, 0.0),
        hiding={}, continuity={}, effort=_effort(2, None, None), disclosure={},
        flow={"attempted": False},
        appeal={"found": False},
        checks=(
            CheckResult("refund-entry", "A refund entry exists", "fail", "no refund entry found", findings=(finding,)),
            CheckResult("entry-depth", "Entry within 3 actions", "n/a", "no entry"),
            CheckResult("refund-flow", "Refund flow completes", "n/a", "no entry"),
        ),
        findings=(finding,),
        passed=False,
        verdict="fail",
        coverage={"complete": True, "reasons": [], "stop_reason": "complete", "entry_depth_proven": True},
        reasons=("没有找到退单入口 / No refund entry was found",),
    )


def _hostile(folder: Path) -> Report:
    _shots(folder, ["steps/01.png", "steps/02.png", "states/s2.png"])
    h = HOSTILE
    path = (
        Step("click", f"订单 {h}", f"https://hostile.example/?q={h}", "s0", "s1", "navigation", (h,), "steps/01.png"),
        Step("click", h, "javascript:alert(1)", "s1", "s2", "exact", (), "steps/02.png"),
    )
    finding = Finding(
        f"label-ambiguity:{h}", "label-ambiguity", "high", f"Title {h}", f"中文 {h}", f"English {h}",
        {"label": h, "nested": {"k": [h, 1, None]}, h: "key is hostile too"}, (f"law {h}",), True,
    )
    graph = _graph(["s1", "s2"], [f"订单 {h}", h], decoys=(h,), text=h)
    return Report(
        **{**_base("hostile", h), "site": {"name": "hostile", "title": h, "base_url": "https://hostile.example/?a=1&b=<2>"}},
        graph=graph,
        crawl={**_crawl(h), "skipped": [{"reason": h, "label": h, "href": h, "url": h, "state": "s0"}],
               "skips": {h: 1}, "dialogs": [{"type": "alert", "message": h, "url": h}]},
        entry=Entry(True, h, "exact", 2, path, "https://hostile.example/r?x=</script>", "s2", (h, "申请退款"), (h,),
                    "navigation"),
        routes=(Route(h, "exact", 2, "navigation", (f"订单 {h}", h), h),),
        candidates=(Candidate(h, "exact", 2, True, "entry", h, h), Candidate(h, "decoy", 1, False, "decoy", h, h)),
        ambiguity=Ambiguity(0.3, 0.0, 0.3, 0.5, True, 0.7, ({"label": h},), (h,), h),
        hiding={"entry": [h]}, continuity={h: h}, effort=_effort(1, 2, 1),
        disclosure={"note": h},
        flow=_flow(False, blocker=h, steps=[{"action": "click", "label": h, "url": h, "screenshot": "", "note": h}]),
        appeal={"found": True, "label": h, "match": "appeal", "depth": 1, "path": [h]},
        checks=(
            CheckResult("refund-entry", f"Entry {h}", "pass", h),
            CheckResult("label-ambiguity", h, "fail", h, h, (finding,)),
            CheckResult("refund-flow", h, "warn", h),
            CheckResult("disclosure", h, "n/a", h),
            CheckResult("asymmetry", h, "error", h),
        ),
        findings=(finding,),
        passed=False,
        verdict="fail",
        coverage={"complete": True, "reasons": [], "stop_reason": "complete", "entry_depth_proven": True},
        reasons=(h, f"中文原因 {h}"),
        artifacts={"application_screenshot": "states/s2.png"},
    )


_BUILDERS = {"clean": _clean, "hidden": _hidden, "no-entry": _no_entry, "hostile": _hostile}


def sample_report(kind: str, folder: Path) -> Report:
    """Build the sample ``kind`` (one of :data:`KINDS`) and write its screenshots under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return _BUILDERS[kind](folder)


def main(argv: list[str]) -> int:
    """Write every sample with every writer under ``argv[0]``, plus the comparison and index pages."""
    from . import WRITERS
    from .compare import write_compare_html
    from .index_page import write_index

    out = Path(argv[0] if argv else "reports/samples")
    reports, folders = [], []
    for kind in KINDS:
        folder = out / kind
        report = sample_report(kind, folder)
        for write in WRITERS.values():
            write(report, folder)
        reports.append(report)
        folders.append(folder)
    write_compare_html(reports, out / "compare.html", folders=folders)
    write_index(list(zip(reports, folders, strict=True)), out / "index.html")
    print(out / "index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
