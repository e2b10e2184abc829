"""Label normalization: one spelling for the many ways a shop writes the same control name.

Lexicon terms and page labels both pass through :func:`normalize`, so they meet in the same form whatever
the width, script, case, spacing, brackets, badges or separators of the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from opencc import OpenCC

_CJK = "\u2e80-\u9fff\uf900-\ufaff"
# Zero-width characters and the Private Use Area, where iconfont glyphs live (<i class="iconfont">&#xe60a;</i>).
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\ue000-\uf8ff]")
_BRACKETS = re.compile("[【】\\[\\]「」《》『』〖〗〔〕]")
_ARROWS = re.compile("[›»><→←‹«〉〈❯❮▶▸►◀◂⟩⟨]+")
# 与 and 和 only separate when they sit between two CJK characters (退款与售后), never at an edge.
_SEPARATOR = re.compile(f"\\s*(?:[/|、&丨·・]|(?<=[{_CJK}])\\s*[与和](?=\\s*[{_CJK}]))\\s*")
_QUOTES = str.maketrans("‘’“”", "''\"\"")
_SLASHES = re.compile("/{2,}")
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
# Edge decorations: punctuation and required-field stars at either end, count badges (3, (3), 99+) at the end.
_EDGES = re.compile(r"^[\s/:;,.!?。，；！？*~·\-—]+|[\s/:;,.!?。，；！？*~·\-—]+$|\s*[(\[]?\d+\+?[)\]]?$")


@cache
def _t2s() -> tuple[OpenCC, frozenset[str] | None]:
    """The Traditional -> Simplified converter, and the characters without which it changes nothing.

    OpenCC-python is pure Python (10-90 µs a label, 6 ms a page) and most text is Simplified already. A
    text with none of the characters the dictionary changes, alone or inside a phrase (沈默 -> 沉默: 沈),
    comes out unchanged, so it skips the converter. If the dictionary layout is not what we expect, every
    text is converted (correct, only slower).
    """
    converter = OpenCC("t2s")
    try:
        tables = [table for group in converter._dict_chain_data for _, _, table in group]
        changes = [(key, value.split(" ")[0]) for table in tables for key, value in table.items()]
        changes = [(key, value) for key, value in changes if key != value]
        keys = {key for key, _ in changes if len(key) == 1}
        # A phrase is marked by the first character it changes (一目瞭然 -> 一目了然: 瞭), not by 一.
        keys |= {next((a for a, b in zip(key, value, strict=False) if a != b), key[0])
                 for key, value in changes if len(key) > 1 and keys.isdisjoint(key)}
    except (AttributeError, TypeError, ValueError):
        return converter, None
    return converter, frozenset(keys)


def to_simplified(text: str) -> str:
    """Fold Traditional Chinese to Simplified (OpenCC t2s); other text passes through unchanged.

    >>> to_simplified("申請退款 售後服務")
    '申请退款 售后服务'
    >>> to_simplified("沈默")
    '沉默'
    """
    converter, keys = _t2s()
    if keys is not None and keys.isdisjoint(text):
        return text
    return str(converter.convert(text))


def normalize(label: str) -> str:
    """The matching form of a label: NFKC, Simplified, lower-case, undecorated, one separator.

    Steps: NFKC (folds full-width ／：？（） and letters); drop zero-width and icon-font glyphs;
    Traditional -> Simplified; lower-case; drop 【】[]「」《》 brackets and › » > < → arrows; unify
    ``/ ／ | 、 & 丨 · 与 與 和`` to ``/`` without spaces around it; collapse whitespace and delete it between
    CJK characters; strip edge punctuation and trailing count badges. A label made only of decorations
    (``›``, ``2``) is kept as it is, so pagination arrows and page numbers stay recognisable.

    >>> normalize("【申请退款】")
    '申请退款'
    >>> normalize(" 退款 ／ 售後  3 ")
    '退款/售后'
    >>> normalize("退款與售後")
    '退款/售后'
    >>> normalize("申请 售后 ›")
    '申请售后'
    >>> normalize("Request a Refund »")
    'request a refund'
    >>> normalize("退款原因：")
    '退款原因'
    >>> normalize("›")
    '›'
    """
    # Labels repeat on every state of a crawl, so they are cached; page-sized texts are not worth keeping.
    return _normalize_cached(label) if len(label) <= _CACHED_LENGTH else _normalize(label)


def _normalize(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).translate(_QUOTES)
    text = _INVISIBLE.sub("", text)
    folded = to_simplified(text).lower()
    text = _ARROWS.sub(" ", _BRACKETS.sub("", folded))
    text = _SEPARATOR.sub("/", _SPACES.sub(" ", text))
    text = _CJK_GAP.sub("", _SLASHES.sub("/", text).strip())
    # Edges come off in layers ("售后 (3) ›" -> "售后 (3)" -> "售后"), so repeat until nothing changes.
    previous = None
    while text != previous:
        previous, text = text, _EDGES.sub("", text)
    return text or _SPACES.sub(" ", folded).strip()


_CACHED_LENGTH = 256
_normalize_cached = lru_cache(maxsize=32768)(_normalize)
