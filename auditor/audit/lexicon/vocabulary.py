"""The :class:`Lexicon`: vocabulary from ``lexicon.yaml`` compiled into fast, pure matchers.

Every term list is compiled once into a single trie-shaped regular expression, so a label is scanned in one
pass however many terms there are. English terms match whole words only (``view`` is not in ``review``);
Chinese terms match anywhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from ...profile import LexiconExtension
from .text import normalize

ENTRY_TIERS = ("exact", "synonym", "vague")
"""The tiers of a refund entry, most direct first."""


def tier_rank(tier: str | None) -> int:
    """Rank of an entry tier, lower is clearer; a label with no tier (None, a decoy) ranks last.

    >>> [tier_rank(t) for t in ("exact", "synonym", "vague", None, "decoy")]
    [0, 1, 2, 3, 3]
    """
    return ENTRY_TIERS.index(tier) if tier in ENTRY_TIERS else len(ENTRY_TIERS)

KINDS = ("exact", "synonym", "vague", "navigation", "appeal", "decoy", "form", "confirmation", "purchase",
         "pagination")
"""What :meth:`Lexicon.classify` can say a label is, best lead to the refund entry first."""

SCENT = {"exact": 1.0, "synonym": 0.85, "navigation": 0.6, "vague": 0.55, "appeal": 0.5, "decoy": 0.25}
"""How strongly a kind smells of the refund entry; any other label scores ``OTHER_SCENT``, danger 0.

Navigation (我的订单, 会员中心, 操作) ranks above vague (帮助中心, 联系客服): refunds live with the orders, and
the benchmark's quick runs went 8-9 actions deep through help pages when vague ranked first."""
OTHER_SCENT = 0.1

LONG_LABEL = 20
"""Normalized labels longer than this that are not themselves terms are sentences: they match only as
substrings (``whole=False``), are not split as composites and get no status-badge test."""

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
PROFILE = "profile"  # the pseudo-language of terms a site profile adds

# When a term is listed in several kinds, the first of these wins (退款说明 is a decoy before it is form).
_PRECEDENCE = ("decoy", "exact", "synonym", "vague", "appeal", "navigation", "pagination", "form",
               "confirmation", "purchase")
_MATCHERS = ("danger", "not_danger", "final_submit", "ineligible", "blocker", "interstitial", "answer")
_TERM_KINDS = KINDS + _MATCHERS
_EXTENDABLE = tuple(f.name for f in dataclasses.fields(LexiconExtension))
_RANK = {kind: i for i, kind in enumerate(KINDS)}
_STATUS_PRONE = (*ENTRY_TIERS, "appeal")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """What a label names. ``tier`` is set for entry kinds only; ``whole`` when the entire label matched.

    ``term`` is the lexicon's spelling of what matched (Simplified Chinese or lower-case English); for a
    status badge demoted to decoy it is the normalized label itself.
    """

    kind: str | None = None
    term: str | None = None
    tier: str | None = None
    whole: bool = False

    @property
    def is_entry(self) -> bool:
        return self.tier is not None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LabelMatch:
        return cls(data.get("kind"), data.get("term"), data.get("tier"), bool(data.get("whole", False)))


NO_MATCH = LabelMatch()


def _rank(match: LabelMatch) -> tuple[int, bool, int]:
    """Sort key, best first: kind (in :data:`KINDS` order), whole before substring, longer term first."""
    return _RANK.get(match.kind or "", len(KINDS)), not match.whole, -len(match.term or "")


class _Terms:
    """A set of normalized terms compiled into one pattern; finds leftmost-longest occurrences."""

    __slots__ = ("_scan", "_starts")

    def __init__(self, terms: Iterable[str]) -> None:
        body = _trie(t for t in terms if t)
        self._scan = re.compile(body).finditer if body else None
        self._starts = re.compile(f"(?=({body}))").finditer if body else None

    def find(self, text: str) -> Iterator[str]:
        """Non-overlapping occurrences, left to right, the longest term at each place."""
        if self._scan is not None:
            for match in self._scan(text):
                yield match.group()

    def longest(self, text: str) -> str | None:
        """The longest of the non-overlapping occurrences, or None."""
        return max(self.find(text), key=len, default=None)

    def at_each_start(self, text: str) -> list[tuple[int, str]]:
        """For every position where a term starts, the longest term starting there (overlaps kept)."""
        if self._starts is None:
            return []
        return [(m.start(1), m.group(1)) for m in self._starts(text)]


def _trie(terms: Iterable[str]) -> str:
    """One regular expression for many literals, shaped as their trie so each position costs a few steps.

    A term that continues is tried before the term that stops, so the match at a position is the longest
    term there. Terms beginning or ending with an ASCII letter or digit need a non-word character (or the
    edge) on that side.
    """
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    if not root:
        return ""
    # A character class rejects most positions in one step, before the alternation is tried branch by branch.
    first = "".join(re.escape(char) for char in sorted(root))
    return f"(?=[{first}])" + _branch(root, "", top=True)


def _branch(node: dict[str, Any], last: str, *, top: bool = False) -> str:
    options = []
    for char in sorted(k for k in node if k):
        guard = "(?<![a-z0-9])" if top and _is_word(char) else ""
        options.append(guard + re.escape(char) + _branch(node[char], char))
    if "" in node:
        options.append("(?![a-z0-9])" if _is_word(last) else "")
    if len(options) == 1:
        return options[0]
    return "(?:" + "|".join(options) + ")"


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The vocabulary and its matchers. Build it with :func:`load_lexicon`; it never changes afterwards.

    ``vocabulary`` maps a kind to a language to its terms as written; ``overrides`` maps the normalized
    terms a site profile added to their kind, which beats the built-in precedence.
    """

    vocabulary: Mapping[str, Mapping[str, tuple[str, ...]]]
    reasons: Mapping[str, tuple[str, ...]]
    default_reason: str
    status: Mapping[str, tuple[str, ...]]
    placeholders: tuple[str, ...]
    search_terms: tuple[str, ...]
    icon_hints: tuple[str, ...]
    overrides: Mapping[str, str] = field(default_factory=dict)
    flow_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "fields.order" → its words
    _index: _Index = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self))

    def flow(self, kind: str) -> re.Pattern[str]:
        """The refund flow's words of ``kind`` (``fields.reason``, ``pages.error`` …, see lexicon.yaml
        ``flow``) as one case-insensitive pattern, terms in file order (the first that matches at a
        place wins); a KeyError names an unknown kind.

        >>> lex = load_lexicon()
        >>> bool(lex.flow("fields.reason").search("退款原因")), lex.flow("fields.order_number").search("Order  No.").group(0)
        (True, 'Order  No')
        """
        return self._index.flow[kind]

    def terms(self, kind: str) -> tuple[str, ...]:
        """Every term of a kind as written, all languages, in file order.

        >>> load_lexicon().terms("appeal")[:3]
        ('申诉', '我要申诉', '提交申诉')
        """
        return tuple(t for terms in self.vocabulary[kind].values() for t in terms)

    def classify(self, label: str) -> LabelMatch:
        """What a control's label names.

        Rules, in order: the whole label is a term (``whole=True``); a decoy anywhere, or an entry word
        in a status badge (ends in 中/成功/失败/关闭/完成, contains 已 or 待处理), makes a decoy; a
        composite ``a/b`` keeps its best part; otherwise the longest terms win where they overlap, then
        the best kind among what is left. Other labels longer than :data:`LONG_LABEL` only match as
        substrings.

        >>> lex = load_lexicon()
        >>> lex.classify("申请退款")
        LabelMatch(kind='exact', term='申请退款', tier='exact', whole=True)
        >>> lex.classify("申请退款中").kind, lex.classify("已退款").kind, lex.classify("退款说明").kind
        ('decoy', 'decoy', 'decoy')
        >>> lex.classify("退款 ／ 售後")
        LabelMatch(kind='exact', term='退款/售后', tier='exact', whole=True)
        >>> lex.classify("售后维权中心")
        LabelMatch(kind='vague', term='售后维权', tier='vague', whole=False)
        >>> lex.classify("取消")
        LabelMatch(kind=None, term=None, tier=None, whole=False)
        """
        return self._index.classify(normalize(label))

    def classify_best(self, names: Iterable[str | None]) -> LabelMatch:
        """The best match among a control's names (visible text, aria-label, title, alt).

        >>> load_lexicon().classify_best(["客服", "联系平台客服", None])
        LabelMatch(kind='vague', term='联系平台客服', tier='vague', whole=True)
        >>> load_lexicon().classify_best(["", "申请售后"]).tier
        'synonym'
        """
        matches = [self.classify(name) for name in names if name]
        return min(matches, key=_rank, default=NO_MATCH)

    def classify_icon(self, fragments: str) -> LabelMatch:
        """Last resort for a control with no name: its class names and image file name, capped at vague.

        >>> load_lexicon().classify_icon("iconfont icon-kefu3 /static/images/x.png")
        LabelMatch(kind='vague', term='kefu', tier='vague', whole=False)
        >>> load_lexicon().classify_icon("icon-search")
        LabelMatch(kind=None, term=None, tier=None, whole=False)
        """
        found = self._index.icons.search(fragments.lower())
        if found is None:
            return NO_MATCH
        hint = self.icon_hints[int(str(found.lastgroup)[1:])]  # groups are named h0, h1, … in hint order
        return LabelMatch("vague", hint, "vague", False)

    def scent(self, label: str) -> float:
        """How promising a control is for best-first exploration, in [0, 1]; danger is 0.

        >>> lex = load_lexicon()
        >>> [lex.scent(x) for x in ("申请退款", "售后", "我的订单", "联系客服", "申诉", "退款进度", "首页", "退出登录")]
        [1.0, 0.85, 0.6, 0.55, 0.5, 0.25, 0.1, 0.0]
        """
        if self.danger(label) is not None:
            return 0.0
        return SCENT.get(self.classify(label).kind or "", OTHER_SCENT)

    def danger(self, label: str) -> str | None:
        """The never-activate term the label contains (substring, after normalize), else None.

        >>> lex = load_lexicon()
        >>> lex.danger("删除订单"), lex.danger("退出登錄"), lex.danger("Sign Out")
        ('删除订单', '退出登录', 'sign out')
        >>> lex.danger("申请退单"), lex.danger("提交申请"), lex.danger("待付款")
        (None, None, None)
        """
        index = self._index
        # not_danger terms are in the same pattern, so 待付款 is found whole and its 付款 never alone.
        term = next((t for t in index.danger.find(normalize(label)) if t in index.danger_terms), None)
        return None if term is None else index.display.get(term, term)

    def is_final_submit(self, label: str) -> bool:
        """Whether the whole label is the final submit of an application (提交申请, 确认提交, Submit).

        >>> load_lexicon().is_final_submit("提交申请"), load_lexicon().is_final_submit("提交申请记录")
        (True, False)
        """
        return normalize(label) in self._index.final_submit

    def is_pagination(self, label: str) -> bool:
        """Whether the whole label pages or scrolls a calendar (下一页, ›, 加载更多, 下个月, Next).

        >>> load_lexicon().is_pagination("下一頁 ›"), load_lexicon().is_pagination("»"), load_lexicon().is_pagination("下单")
        (True, True, False)
        """
        return normalize(label) in self._index.pagination

    def is_answer(self, label: str) -> bool:
        """Whether the whole label is a dialog's "yes" (确定, 确认, 是, OK): what it does is the question's.

        >>> load_lexicon().is_answer("确定"), load_lexicon().is_answer("OK"), load_lexicon().is_answer("取消")
        (True, True, False)
        """
        return normalize(label) in self._index.answer

    def is_appeal(self, label: str) -> bool:
        """Whether the label asks the platform to step in (申诉, 申请平台介入).

        >>> load_lexicon().is_appeal("我要申诉"), load_lexicon().is_appeal("申诉进度")
        (True, False)
        """
        return self.classify(label).kind == "appeal"

    def is_purchase(self, label: str) -> bool:
        """Whether the label buys something (立即购买, 加入购物车, Buy now); 购买记录 is navigation.

        >>> load_lexicon().is_purchase("立即购买"), load_lexicon().is_purchase("购买记录")
        (True, False)
        """
        return self.classify(label).kind == "purchase"

    def form_score(self, texts: Iterable[str]) -> int:
        """How many distinct refund-form terms the texts contain (field labels, placeholders, buttons).

        >>> load_lexicon().form_score(["退款原因：", "请选择", "上传凭证", "退款原因", "提交订单"])
        3
        """
        index = self._index
        found = {term for text in texts for term in index.form.find(normalize(text))}
        return len(found & index.form_terms)

    def confirmation(self, text: str) -> str | None:
        """The confirmation phrase in a page's text, if the application went through.

        >>> load_lexicon().confirmation("您的退单申请已提交，请耐心等待")
        '退单申请已提交'
        """
        return self._longest(self._index.confirmation, text)

    def ineligible(self, text: str) -> str | None:
        """The phrase saying the order cannot be refunded.

        >>> load_lexicon().ineligible("该订单卡密已使用，不支持退单")
        '卡密已使用'
        """
        return self._longest(self._index.ineligible, text)

    def blocker(self, text: str) -> str | None:
        """The phrase that stops a self-service flow (captcha, contact-only, app-only, login wall).

        >>> load_lexicon().blocker("如需退款请联系客服处理")
        '请联系客服处理'
        """
        return self._longest(self._index.blocker, text)

    def interstitial(self, text: str) -> str | None:
        """The phrase of a retention dialog, survey or coupon offer between entry and form.

        >>> load_lexicon().interstitial("您确定要退款吗？送您一张优惠券补偿")
        '优惠券补偿'
        """
        return self._longest(self._index.interstitial, text)

    def _longest(self, terms: _Terms, text: str) -> str | None:
        best = terms.longest(normalize(text))
        return None if best is None else self._index.display.get(best, best)

    def best_reason(self, options: Sequence[str], wanted: str | None = None) -> int | None:
        """Index of the option to pick for a refund reason; placeholders (请选择) are never picked.

        Order: the option equal to ``wanted``; one containing it or contained in it; one of the same
        reason group; one of the default group (商品未到账, what card-shop buyers mostly have); else None.

        >>> lex = load_lexicon()
        >>> opts = ["请选择", "商品错误", "卡密无效", "商品未到账", "其他"]
        >>> lex.best_reason(opts, "发错货"), lex.best_reason(opts, None), lex.best_reason(opts, "其他")
        (1, 3, 4)
        """
        index = self._index
        norm = [normalize(o) for o in options]
        usable = [i for i, text in enumerate(norm) if not index.is_placeholder(text)]
        if wanted:
            want = normalize(wanted)
            for matches in (lambda t: t == want, lambda t: len(t) >= 2 and (t in want or want in t)):
                hit = next((i for i in usable if matches(norm[i])), None)
                if hit is not None:
                    return hit
            group = index.reason_group(want)
            hit = next((i for i in usable if group and index.reason_group(norm[i]) == group), None)
            if hit is not None:
                return hit
        return next((i for i in usable if index.reason_group(norm[i]) == self.default_reason), None)

    def is_placeholder(self, text: str) -> bool:
        """Whether a select option is a prompt, not a choice (请选择…, --).

        >>> load_lexicon().is_placeholder("请选择退单原因"), load_lexicon().is_placeholder("商品未到账")
        (True, False)
        """
        return self._index.is_placeholder(normalize(text))

    def extend(self, ext: LexiconExtension) -> Lexicon:
        """A new Lexicon with a profile's extra labels; they win over the built-in kind of the same term.

        Danger only ever grows: a profile cannot make a built-in danger word safe.

        >>> lex = load_lexicon().extend(LexiconExtension(exact=["售后维权"], danger=["一键清仓"]))
        >>> lex.classify("售后维权").tier, lex.danger("一键清仓")
        ('exact', '一键清仓')
        """
        vocabulary = {kind: dict(langs) for kind, langs in self.vocabulary.items()}
        overrides = dict(self.overrides)
        for kind in _EXTENDABLE:
            added = tuple(getattr(ext, kind))
            if not added:
                continue
            vocabulary[kind][PROFILE] = vocabulary[kind].get(PROFILE, ()) + added
            if kind in KINDS:
                overrides.update((normalize(term), kind) for term in added)
        return dataclasses.replace(self, vocabulary=vocabulary, overrides=overrides)


class _Index:
    """The compiled side of a Lexicon: normalized term sets, kinds, patterns and a classify cache."""

    def __init__(self, lex: Lexicon) -> None:
        norm = {kind: {normalize(t) for t in lex.terms(kind)} for kind in _TERM_KINDS}
        self.display: dict[str, str] = {}
        for kind in _TERM_KINDS:  # zh-Hans is listed first, so its spelling is what reports show
            for term in lex.terms(kind):
                self.display.setdefault(normalize(term), term)
        self.kind_of: dict[str, str] = {}
        for kind in reversed(_PRECEDENCE):
            self.kind_of.update(dict.fromkeys(norm[kind], kind))
        self.kind_of.update(lex.overrides)
        self.labels = _Terms(self.kind_of)
        self.danger_terms = frozenset(norm["danger"])
        self.danger = _Terms(norm["danger"] | norm["not_danger"])
        self.form_terms = frozenset(norm["form"])
        self.form = _Terms(norm["form"] | norm["danger"])  # 提交订单 must not count as the form's 提交
        self.confirmation = _Terms(norm["confirmation"])
        self.flow = {kind: _words_pattern(words) for kind, words in lex.flow_words.items()}
        self.ineligible = _Terms(norm["ineligible"])
        self.blocker = _Terms(norm["blocker"])
        self.interstitial = _Terms(norm["interstitial"])
        self.final_submit = frozenset(norm["final_submit"])
        self.pagination = frozenset(norm["pagination"])
        self.answer = frozenset(norm["answer"])
        self.reason_of = {normalize(t): group for group, terms in lex.reasons.items() for t in terms}
        self.reasons = _Terms(self.reason_of)
        self.placeholders = tuple(normalize(p) for p in lex.placeholders)
        status = lex.status
        self.status = re.compile(
            "(?:" + "|".join(map(re.escape, status["suffix"])) + ")$"
            + "|" + "|".join(map(re.escape, status["contains"]))
            + "|(?<![a-z0-9])(?:" + "|".join(map(re.escape, status["en_suffix"])) + ")$"
        )
        self.icons = re.compile("|".join(
            f"(?P<h{i}>{_icon_pattern(hint)})" for i, hint in enumerate(lex.icon_hints)
        ))
        self.classify = lru_cache(maxsize=16384)(self._classify)

    def _classify(self, text: str) -> LabelMatch:
        if not text:
            return NO_MATCH
        if text in self.kind_of:  # a listed term is never "a sentence", however long (English runs long)
            return self._match(text, whole=True)
        short = len(text) <= LONG_LABEL
        found = self._select(text)
        if not found:
            return NO_MATCH
        decoys = [term for term in found if self.kind_of[term] == "decoy"]
        if decoys:
            return self._match(max(decoys, key=len), whole=False)
        if short and self._is_status(text, found):
            return LabelMatch("decoy", text, None, False)
        parts = [p for p in text.split("/") if p] if short else []
        if len(parts) > 1:
            matches = [self._classify_part(part) for part in parts]
            best = min(matches, key=_rank)
            return dataclasses.replace(best, whole=all(m.whole for m in matches)) if best.kind else NO_MATCH
        return self._match(min(found, key=lambda t: _rank(self._match(t, whole=False))), whole=False)

    def _is_status(self, text: str, found: list[str]) -> bool:
        """An entry or appeal word in a status badge (申请退款中, 已申请售后, 退款申请待商家处理).

        Navigation words are left out of the test: 已完成 is an order tab, and 已完成 申请退款 is no status.
        """
        if not any(self.kind_of[term] in _STATUS_PRONE for term in found):
            return False
        for term in found:
            if self.kind_of[term] == "navigation":
                text = text.replace(term, "")
        return self.status.search(text) is not None

    def _classify_part(self, text: str) -> LabelMatch:
        if text in self.kind_of:
            return self._match(text, whole=True)
        found = self._select(text)
        return min((self._match(t, whole=False) for t in found), key=_rank, default=NO_MATCH)

    def _select(self, text: str) -> list[str]:
        """The terms in a label where the longest wins among overlapping ones (售后维权 over 售后)."""
        candidates = self.labels.at_each_start(text)
        if len(candidates) <= 1:
            return [term for _, term in candidates]
        candidates.sort(key=lambda c: (-len(c[1]), _RANK[self.kind_of[c[1]]], c[0]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for start, term in candidates:
            end = start + len(term)
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
                chosen.append(term)
        return chosen

    def _match(self, term: str, *, whole: bool) -> LabelMatch:
        kind = self.kind_of[term]
        return LabelMatch(kind, self.display.get(term, term), kind if kind in ENTRY_TIERS else None, whole)

    def reason_group(self, text: str) -> str | None:
        best = self.reasons.longest(text)
        return None if best is None else self.reason_of[best]

    def is_placeholder(self, text: str) -> bool:
        core = text.strip("-—_=*. ")
        return not core or core.startswith(self.placeholders)


def _icon_pattern(hint: str) -> str:
    body = "[-_ ]?".join(re.escape(part) for part in hint.lower().split("-"))
    return f"(?<![a-z]){body}(?![a-z])" if len(hint) <= 2 else body


@cache
def _builtin() -> Lexicon:
    text = resources.files(__package__).joinpath("lexicon.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster, same result
    return lexicon_from_data(yaml.load(text, Loader=loader))


def load_lexicon(extension: LexiconExtension | None = None) -> Lexicon:
    """The built-in lexicon (read and compiled once per process), extended by a profile's labels if given.

    >>> load_lexicon() is load_lexicon()
    True
    """
    base = _builtin()
    if extension is None or not any(getattr(extension, kind) for kind in _EXTENDABLE):
        return base
    return base.extend(extension)


def lexicon_from_data(data: Any) -> Lexicon:
    """Validate parsed ``lexicon.yaml`` data and build a Lexicon; a ValueError names the bad key."""
    if not isinstance(data, dict):
        raise ValueError("lexicon: expected a mapping at the top level")
    known = {*_TERM_KINDS, "status", "reasons", "placeholders", "search_terms", "icon_hints", "flow"}
    for key in data:
        if key not in known:
            raise ValueError(f"lexicon: {key}: unknown key (allowed: {', '.join(sorted(known))})")
    vocabulary = {}
    for kind in _TERM_KINDS:
        langs = data.get(kind) or {}
        if not isinstance(langs, dict):
            raise ValueError(f"lexicon: {kind}: expected a mapping of language to terms")
        for lang in langs:
            if lang not in LANGUAGES:
                raise ValueError(f"lexicon: {kind}.{lang}: unknown language (allowed: {', '.join(LANGUAGES)})")
        vocabulary[kind] = {lang: _strings(langs[lang], f"{kind}.{lang}") for lang in LANGUAGES if lang in langs}
    status = data.get("status") or {}
    flow = data.get("flow") or {}
    if not isinstance(flow, dict) or set(flow) - {"fields", "pages"}:
        raise ValueError("lexicon: flow: expected a mapping with fields and pages")
    flow_words = {f"{part}.{kind}": _strings(terms, f"flow.{part}.{kind}")
                  for part in ("fields", "pages") for kind, terms in (flow.get(part) or {}).items()}
    reasons = data.get("reasons") or {}
    groups = reasons.get("groups") or {}
    default = reasons.get("default")
    if default not in groups:
        raise ValueError(f"lexicon: reasons.default: {default!r} is not one of reasons.groups")
    return Lexicon(
        vocabulary=vocabulary,
        reasons={group: _strings(terms, f"reasons.groups.{group}") for group, terms in groups.items()},
        default_reason=str(default),
        status={key: _strings(status.get(key), f"status.{key}") for key in ("suffix", "contains", "en_suffix")},
        placeholders=_strings(data.get("placeholders"), "placeholders"),
        search_terms=_strings(data.get("search_terms"), "search_terms"),
        icon_hints=_strings(data.get("icon_hints"), "icon_hints"),
        flow_words=flow_words,
    )


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Words as one case-insensitive alternation, in their order; a space stands for any run of spaces.

    >>> print(_words_pattern(["order no", "订单"]).pattern)
    order\\s*no|订单
    """
    return re.compile("|".join(re.escape(w).replace(r"\ ", r"\s*") for w in words), re.I)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"lexicon: {where}: expected a non-empty list of strings")
    for item in value:
        if not isinstance(item, str) or not normalize(item):
            raise ValueError(f"lexicon: {where}: {item!r} is not a usable term")
    return tuple(value)
