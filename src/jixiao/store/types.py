"""Column types: money and scores as exact decimals, times in UTC, closed vocabularies.

`Money` is a Decimal of 分 precision. PostgreSQL keeps it as NUMERIC(20, 2); SQLite, whose
NUMERIC affinity would turn 3.10 into the float 3.1, as an INTEGER count of 分, so sums and
orderings in SQL stay exact. Amounts are stored rounded half-up to 分, as the documents show
them; the exact figures as read stay in the case version (the codec's JSON). A float, NaN,
an infinity or a number outside what jixiao reads is refused at the bind, never stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Dialect, Numeric, String
from sqlalchemy.types import TypeDecorator, TypeEngine

from jixiao.core.numbers import in_range, round2

_CENTS = Decimal(100)


class Money(TypeDecorator[Decimal]):
    """An exact amount or score at 分 precision (NUMERIC in PostgreSQL, 分 in SQLite)."""

    impl = BigInteger
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(20, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if type(value) is not Decimal or not in_range(value):
            raise ValueError(f"金额或分数必须是有限的精确小数，收到 {value!r}")
        value = round2(value)
        return int(value * _CENTS) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / _CENTS).quantize(Decimal("0.01"))
        return round2(Decimal(value))


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC (SQLite keeps no zone: read back as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("时间必须带时区")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Vocabulary(TypeDecorator[Any]):
    """A closed vocabulary (a StrEnum) stored as its value, read back as the member."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else self.enum(value)


def now() -> datetime:
    """The current time, aware, in UTC: the only clock the store reads."""
    return datetime.now(UTC)


def cents(bind: Any, *columns: str) -> list[CheckConstraint]:
    """On SQLite, a check that each money column holds an integer of 分 (or nothing): raw SQL
    cannot slip a float in. PostgreSQL's NUMERIC needs none. `bind` is a connection (in a
    migration) or None (the schema: the check is then made on SQLite only)."""
    if bind is not None and bind.dialect.name != "sqlite":
        return []
    checks = [
        CheckConstraint(f"typeof({column}) IN ('integer', 'null')", name=f"{column}_cents")
        for column in columns
    ]
    return checks if bind is not None else [c.ddl_if(dialect="sqlite") for c in checks]
