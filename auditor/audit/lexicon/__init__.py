"""The refund vocabulary as data, and pure matching over it.

``lexicon.yaml`` holds the labels of real shop systems by kind (entry tiers exact / synonym / vague, decoy,
navigation, form, confirmation, appeal, purchase, danger, pagination, reasons, …) in Simplified, Traditional
Chinese and English. :func:`normalize` brings any label to one matching form; :func:`load_lexicon` returns
the compiled :class:`Lexicon`, whose methods answer what a label names and whether it is safe to touch.

>>> lex = load_lexicon()
>>> lex.classify("【申請退款】")
LabelMatch(kind='exact', term='申请退款', tier='exact', whole=True)
>>> lex.scent("我的订单") > lex.scent("退款说明"), lex.danger("确认收货")
(True, '确认收货')

No browser, no I/O after the first load: everything here is safe to call for every control of every state.
"""

from .text import normalize, to_simplified
from .vocabulary import (
    ENTRY_TIERS,
    KINDS,
    LONG_LABEL,
    NO_MATCH,
    OTHER_SCENT,
    SCENT,
    LabelMatch,
    Lexicon,
    lexicon_from_data,
    load_lexicon,
    tier_rank,
)

__all__ = [
    "ENTRY_TIERS",
    "KINDS",
    "LONG_LABEL",
    "NO_MATCH",
    "OTHER_SCENT",
    "SCENT",
    "LabelMatch",
    "Lexicon",
    "lexicon_from_data",
    "load_lexicon",
    "normalize",
    "tier_rank",
    "to_simplified",
]
