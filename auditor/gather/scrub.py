"""Take credentials out of a Playwright trace zip before it joins the evidence.

A trace records every request the flow made, so ``trace.network`` carries the live session cookie
(``Cookie`` / ``Set-Cookie`` and the HAR ``cookies`` lists) and ``trace.trace`` whatever was typed.
:func:`scrub_trace` rewrites the zip in place: in JSON members it blanks credential headers and cookie
values and cuts the given secrets out of every string (so the JSON stays valid for the trace viewer);
in every other member (HTML, CSS, screencast frames) it replaces the secrets' bytes.

>>> _scrub_json({"headers": [{"name": "Cookie", "value": "sid=abc"}]}, ())
({'headers': [{'name': 'Cookie', 'value': '[redacted]'}]}, Redactions(headers=1, secrets=0))
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import replacing

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"cookie", "set-cookie", "authorization", "proxy-authorization",
                            "x-csrf-token", "x-xsrf-token"})
# Shorter values ("1", "zh", "true") are flags, not credentials, and replacing them everywhere would
# shred the trace.
MIN_SECRET = 4
_JSON_SUFFIXES = (".trace", ".network", ".stacks", ".json")


@dataclass(frozen=True)
class Redactions:
    """What a scrub replaced: credential header and cookie values, and occurrences of the secrets."""

    headers: int = 0
    secrets: int = 0

    def __add__(self, other: Redactions) -> Redactions:
        return Redactions(self.headers + other.headers, self.secrets + other.secrets)

    @property
    def total(self) -> int:
        return self.headers + self.secrets


def scrub_trace(path: str | Path, secrets: Iterable[str]) -> Redactions:
    """Redact credentials in the trace zip at ``path``, replacing the file atomically; the file is left
    untouched when there is nothing to redact (so a second scrub is a no-op)."""
    path = Path(path)
    wanted = tuple(sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True))
    count = Redactions()
    members: list[tuple[zipfile.ZipInfo, bytes]] = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data, found = _scrub_member(info.filename, zf.read(info), wanted)
            members.append((info, data))
            count += found
    if count.total:
        _write_atomically(path, members)
    return count


def _scrub_member(name: str, data: bytes, secrets: tuple[str, ...]) -> tuple[bytes, Redactions]:
    if name.endswith(_JSON_SUFFIXES):
        scrubbed = _scrub_json_text(data, secrets)
        if scrubbed is not None:
            return scrubbed
    count = 0
    for secret in secrets:
        raw = secret.encode("utf-8")
        count += data.count(raw)
        data = data.replace(raw, REDACTED.encode())
    return data, Redactions(secrets=count)


def _scrub_json_text(data: bytes, secrets: tuple[str, ...]) -> tuple[bytes, Redactions] | None:
    """A JSON document or JSON lines, scrubbed; None when it is not JSON (it is then treated as bytes).
    Unchanged documents and lines keep their exact bytes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        documents = [json.loads(text)]
        lines = [text]
    except json.JSONDecodeError:
        lines = text.split("\n")
        try:
            documents = [json.loads(line) if line.strip() else None for line in lines]
        except json.JSONDecodeError:
            return None
    count = Redactions()
    out: list[str] = []
    for line, document in zip(lines, documents, strict=True):
        scrubbed, found = _scrub_json(document, secrets)
        out.append(json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":")) if found.total else line)
        count += found
    return "\n".join(out).encode("utf-8"), count


def _scrub_json(value: Any, secrets: tuple[str, ...]) -> tuple[Any, Redactions]:
    """A copy of ``value`` with credential headers, cookie values and secrets in strings redacted."""
    if isinstance(value, str):
        hits = 0
        for secret in secrets:
            hits += value.count(secret)
            value = value.replace(secret, REDACTED)
        return value, Redactions(secrets=hits)
    if isinstance(value, list):
        count = Redactions()
        items = []
        for item in value:
            scrubbed, found = _scrub_json(item, secrets)
            items.append(scrubbed)
            count += found
        return items, count
    if isinstance(value, dict):
        header = str(value.get("name", ""))  # HAR: {"name": "Cookie", "value": "..."}
        count = Redactions()
        result: dict[str, Any] = {}
        for key, item in value.items():
            if _is_credential(key, item) or (key == "value" and _is_credential(header, item)):
                result[key] = REDACTED
                count += Redactions(headers=int(item != REDACTED))
            elif key == "cookies" and isinstance(item, list):  # HAR: [{"name": "sid", "value": "..."}]
                result[key], found = _blank_cookies(item)
                count += found
            else:
                result[key], found = _scrub_json(item, secrets)
                count += found
        return result, count
    return value, Redactions()


def _is_credential(name: str, value: Any) -> bool:
    return isinstance(value, str) and name.lower() in SECRET_HEADERS


def _blank_cookies(cookies: list[Any]) -> tuple[list[Any], Redactions]:
    count = 0
    result = []
    for cookie in cookies:
        if isinstance(cookie, dict) and isinstance(cookie.get("value"), str) and cookie["value"] != REDACTED:
            cookie = {**cookie, "value": REDACTED}
            count += 1
        result.append(cookie)
    return result, Redactions(headers=count)


def _write_atomically(path: Path, members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
    """Write the new zip beside the old one and swap it in, so a crash never leaves half a trace."""
    with replacing(path) as handle, zipfile.ZipFile(handle, "w") as out:
        for info, data in members:
            out.writestr(info, data)
