"""Decimal helpers: reading numbers as people write them and rounding half-up."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
WAN = Decimal(10000)  # 万: amounts in 万元 are stored in 元
CENT = Decimal("0.01")

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals, as the published tables show scores and rates."""
    return value.quantize(CENT, ROUND_HALF_UP)  # positional: half the cost of rounding=


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


@lru_cache(maxsize=32768)
def _parse_text(text: str) -> Decimal | None:
    s = text.strip().replace("，", ",").replace("．", ".").replace(" ", "")
    if not s or not _NUMBER.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def parse_decimal(text: object) -> Decimal | None:
    """A plain number as written in a cell ("1,907,000.00", " 7.00 ", 12.5), else None."""
    if type(text) is str:  # the common case first: cells are text
        return _parse_text(text)
    if isinstance(text, bool):
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        # Spreadsheet floats: go through repr so 0.1 stays 0.1.
        return Decimal(repr(text))
    if not isinstance(text, str):
        return None
    return _parse_text(text)


def fmt(value: Decimal | None, places: int = 2) -> str:
    """Two decimals the way the documents print them; '—' for nothing."""
    if value is None:
        return "—"
    if places == 2:
        return f"{value.quantize(CENT, ROUND_HALF_UP):f}"
    return f"{quantize(value, places):f}"


def fmt_plain(value: Decimal) -> str:
    """A number without trailing zeros: 21, 17.76, 0.5."""
    text = format(value.normalize(), "f")
    return text


def fmt_pct(fraction: Decimal | None) -> str:
    """A fraction as a percentage, half-up to two decimals: 0.123456 → '12.35%'; '—' for nothing."""
    return "—" if fraction is None else f"{fmt(fraction * HUNDRED)}%"
