"""Numbers as YAML and JSON sources write them: exact Decimals, or the text as written
(`NotANumber`) when not finite or out of `core.numbers.in_range`; and values quoted short.

A YAML float is an exact Decimal; a number that is not finite or not in range (.nan, .inf,
1.0e+999999, 1.0e-999999, an int of 5,000 digits) stays the text it was written as, marked
`NotANumber`, so text fields keep it and `read_number` says what is wrong.
"""

from __future__ import annotations

import reprlib
from decimal import Decimal

import yaml

from jixiao.core.numbers import in_range, parse_decimal

FLOAT = "tag:yaml.org,2002:float"
INT = "tag:yaml.org,2002:int"


class NotANumber(str):
    """A value written as a number that cannot be read as one (.nan, .inf, 1e999999): the text as
    written, for text fields; number fields refuse it with `read_number`'s reason."""


def read_number(value: object) -> tuple[Decimal | None, str | None]:
    """(number, None) for a readable number; (None, None) for a blank; (None, why) otherwise,
    why being a Chinese reason naming the value (cut short)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"应为数字，不是「{shown(value)}」"
    if isinstance(value, NotANumber):
        return None, _why(str(value))
    if isinstance(value, float):  # from a spreadsheet or json/yaml elsewhere: through repr
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return (value, None) if in_range(value) else (None, _why(str(value)))
    if isinstance(value, int):
        if abs(value) < 10**30 and in_range(Decimal(value)):
            return Decimal(value), None
        return None, _why(str(value) if value.bit_length() < 3000 else "")
    if not isinstance(value, str):
        return None, f"应为数字，不是「{shown(value)}」"
    number = parse_decimal(value)
    if number is not None:
        return number, None
    written = _as_decimal(value)
    if written is None:
        return None, f"「{shown(value)}」不是数字"
    if in_range(written):
        return None, f"「{shown(value)}」不是数字（请写成不带指数的数字，如 1500000）"
    return None, _why(value)


def _as_decimal(text: str) -> Decimal | None:
    """What Decimal makes of the text (1e999999, Infinity), which jixiao does not read as is."""
    try:
        return Decimal(text.strip().replace(",", "").replace("，", "")[:100])
    except ArithmeticError:
        return None


def written_as_number(value: object) -> bool:
    """Whether `value` was meant as a number: any number, or text Decimal reads (Infinity, 1e9)."""
    if isinstance(value, NotANumber | int | float | Decimal) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and _as_decimal(value) is not None


def _why(text: str) -> str:
    lowered = text.strip().lower().lstrip("+-")
    if lowered in (".nan", "nan"):
        return f"「{shown(text)}」不是数字（NaN）"
    if lowered in (".inf", "inf", "infinity"):
        return f"「{shown(text)}」不是有限的数字"
    return (
        f"「{shown(text) or '（数字太长）'}」超出可读的范围"
        "（绝对值应小于 10¹⁵，非零时不小于 10⁻⁸，有效数字不超过 28 位）"
    )


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = 4
_SHORT.maxlevel = 2


def shown(value: object, width: int = 40) -> str:
    """A value as a message quotes it: never more than `width` characters, whatever its size."""
    text = value if isinstance(value, str) else _SHORT.repr(value)
    text = text[: width + 1]  # a slice first: a long text is never copied whole
    return text if len(text) <= width else text[: width - 1] + "…"


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def number(text: str, tag: str) -> object:
    """A YAML/JSON number (`tag` INT or FLOAT) as int or Decimal when in range, else
    `NotANumber(text)`."""
    clean = text.replace("_", "")
    try:
        if tag == INT:
            if len(clean) > 30:  # int() of thousands of digits is refused by Python itself
                return NotANumber(text)
            value: int | Decimal = int(_CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(INT, text)))
            return value if in_range(Decimal(value)) else NotANumber(text)
        decimal = Decimal(clean)
    except (ArithmeticError, ValueError):
        return NotANumber(text)
    return decimal if in_range(decimal) else NotANumber(text)
