"""Decimal helpers: reading numbers as people write them and rounding half-up."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jixiao.core.memo import memo

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
WAN = Decimal(10000)  # 万: amounts in 万元 are stored in 元
CENT = Decimal("0.01")

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")

# The numbers jixiao reads: finite, less than 10^15 in size (a thousand 万亿元) and, unless
# zero, at least 10^-8, with at most 28 significant digits (the Decimal precision). Inside
# this range the ratio of any two of them, as a percentage rounded to two places, is exact
# under the default context; a number outside it is refused where it is read, so nothing
# downstream meets an infinity, a NaN or an exponent that overflows.
LARGEST_EXPONENT = 14  # adjusted exponent: |x| < 10^15
SMALLEST_EXPONENT = -8  # |x| >= 10^-8 unless x is 0
DIGITS = 28
_ZERO_EXPONENT = 28  # 0E-999999 is 0 too, but its exponent alone would overflow a product


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals, as the published tables show scores and rates."""
    return value.quantize(CENT, ROUND_HALF_UP)  # positional: half the cost of rounding=


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def in_range(value: Decimal) -> bool:
    """Whether `value` is a number jixiao reads (see LARGEST_EXPONENT): finite, not too large,
    not too small unless zero, not too many digits."""
    if not value.is_finite():
        return False
    exponent = value.adjusted()
    if not value:
        return -_ZERO_EXPONENT <= exponent <= _ZERO_EXPONENT
    if not SMALLEST_EXPONENT <= exponent <= LARGEST_EXPONENT:
        return False
    return len(value.as_tuple().digits) <= DIGITS


def _bounded(value: Decimal) -> Decimal | None:
    if in_range(value):
        return value
    if value.is_finite() and (not value or value.adjusted() < SMALLEST_EXPONENT):
        return ZERO  # 5.55E-17, what a spreadsheet leaves of 0.1 + 0.2 − 0.3: nothing
    return None


@memo(16384)
def _parse_text(text: str) -> Decimal | None:
    s = text.strip().replace("，", ",").replace("．", ".").replace(" ", "")
    if not s or len(s) > 64 or not _NUMBER.match(s):  # 64: longer than any number in range
        return None
    try:
        return _bounded(Decimal(s.replace(",", "")))
    except InvalidOperation:
        return None


def parse_decimal(text: object) -> Decimal | None:
    """A plain number as written in a cell ("1,907,000.00", " 7.00 ", 12.5), else None.

    Only numbers in range (`in_range`) come out: NaN, infinities, 1E+400 and 40-digit
    numbers are None; a nonzero number under 10^-8 (a float residue) is 0."""
    if type(text) is str:  # the common case first: cells are text
        return _parse_text(text)
    if isinstance(text, bool):
        return None
    if isinstance(text, Decimal):
        return _bounded(text)
    if isinstance(text, int):
        return _bounded(Decimal(text)) if -(10**20) < text < 10**20 else None
    if isinstance(text, float):
        # Spreadsheet floats: go through repr so 0.1 stays 0.1.
        return _bounded(Decimal(repr(text)))
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


def in_unit(value: Decimal | None, unit: str) -> Decimal | None:
    """An amount stored in 元, shown in the unit it was written in (元 or 万元)."""
    if value is None:
        return None
    return value / WAN if unit == "万元" else value
