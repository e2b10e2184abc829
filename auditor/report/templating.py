"""The one Jinja2 environment every HTML writer uses: autoescape on, strict undefined, safe filters.

Site text is untrusted: autoescape covers element text and attributes; ``safe_href`` keeps only
http(s) links (a ``javascript:`` URL escapes nothing and would still run); ``tojson`` (Jinja's own)
escapes ``<``, ``>``, ``&`` and ``'`` so JSON can sit inside ``<script>``. Each page carries a
Content-Security-Policy that allows only its own inline script, by hash: a label that somehow got
through unescaped still could not run.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .graph_layout import shorten
from .metrics import SEVERITY_ZH, STATUS_ZH, TIER_ZH

TEMPLATES = Path(__file__).parent / "templates"

ACTION_ZH = {"click": "点击", "tap": "轻触", "hover": "悬停", "search": "搜索", "fill": "填写", "upload": "上传",
             "submit": "提交", "select": "选择", "goto": "打开"}


def safe_href(url: Any) -> str | None:
    """``url`` when it is an http(s) URL, else None (the template then shows text, not a link).

    >>> safe_href("https://a.example/x?y=<1>")
    'https://a.example/x?y=<1>'
    >>> safe_href("javascript:alert(1)") is None, safe_href(" JAVASCRIPT:x") is None
    (True, True)
    """
    text = str(url or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return text if scheme in ("http", "https") else None


def safe_relative(path: Any) -> str | None:
    """``path`` when it is a plain relative path inside the report folder, else None.

    >>> safe_relative("steps/01.png"), safe_relative("../x"), safe_relative("javascript:x"), safe_relative("/etc")
    ('steps/01.png', None, None, None)
    """
    text = str(path or "").strip()
    parts = PurePosixPath(text).parts
    if not text or text.startswith(("/", "\\")) or ":" in text or ".." in parts or "\\" in text:
        return None
    return text


def pretty(value: Any) -> str:
    """A compact, human-readable rendering of an evidence value (escaped later by the template).

    >>> pretty(["退款", 2, None])
    '["退款", 2, null]'
    >>> pretty("plain")
    'plain'
    """
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def number(value: Any, digits: int = 2) -> str:
    """Numbers for people: ints as is, floats rounded, None as an en dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


@cache
def environment() -> Environment:
    """The shared environment (autoescape for every template, whatever its file name)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Keep report order and Chinese as is; Jinja's tojson still escapes < > & ' for <script> blocks.
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    env.filters.update(safe_href=safe_href, safe_relative=safe_relative, pretty=pretty, number=number, shorten=shorten)
    env.globals.update(ACTION_ZH=ACTION_ZH, TIER_ZH=TIER_ZH, STATUS_ZH=STATUS_ZH, SEVERITY_ZH=SEVERITY_ZH)
    return env


@cache
def _static(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def page_assets() -> dict[str, Any]:
    """Inline CSS and JS (our own files, trusted) and the CSP that allows exactly that script."""
    script = _static("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = ("default-src 'none'; img-src data: 'self' file:; style-src 'unsafe-inline'; "
           f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")
    return {"css": Markup(_static("report.css")), "script": Markup(script), "csp": csp}


def render(template: str, **context: Any) -> str:
    """Render ``template`` with the page assets added to ``context``."""
    return environment().get_template(template).render(**page_assets(), **context)
