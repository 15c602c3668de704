"""Reading the fields of a policy mapping: numbers, shares, choices, bands and grades, each
refused with a Chinese message naming its key (a `PolicyError`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from jixiao.core.framework import GradeBand
from jixiao.source.values import read_number

E = TypeVar("E", bound=StrEnum)


class PolicyError(ValueError):
    """A policy file that cannot be used; the message is in Chinese and names the key."""


@dataclass(frozen=True, slots=True)
class ShareBand:
    """A band of a rate scored by a fixed share of the weight: `minimum` in percent (the band
    holds rates from it up to the next band's minimum), `label` the document's words for it."""

    minimum: Decimal
    share: Decimal
    label: str = ""


def number(data: Mapping[str, Any], key: str, where: str) -> Decimal:
    try:
        value = data[key]
    except KeyError:
        raise PolicyError(f"评分口径缺少「{where}{key}」") from None
    found, why = read_number(value)
    if found is None:
        raise PolicyError(f"评分口径「{where}{key}」应为数字：{why or '为空'}") from None
    if found < 0:
        raise PolicyError(f"评分口径「{where}{key}」不能为负数，实际为 {found}")
    return found


def section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise PolicyError(f"评分口径缺少「{key}」部分或格式不对")
    return value


def choice(value: object, allowed: type[E], key: str) -> E:
    if not isinstance(value, str) or value not in allowed._value2member_map_:
        names = " / ".join(member.value for member in allowed)
        raise PolicyError(f"评分口径「{key}」只能是 {names}，实际为「{value}」")
    return allowed(value)


def share(data: Mapping[str, Any], key: str, where: str) -> Decimal:
    """A share of the weight: a number from 0 to 1."""
    value = number(data, key, where)
    if value > 1:
        raise PolicyError(f"评分口径「{where}{key}」是分值的比例，应在 0 到 1 之间，实际为 {value}")
    return value


def share_bands(items: object, key: str) -> tuple[ShareBand, ...]:
    """`[{min: 90, share: 1, label: …}, …]`, highest minimum first; at least one band."""
    where = f"{key}."
    if not isinstance(items, list) or not items:
        raise PolicyError(f"评分口径缺少「{key}」分档（每档写 min 与 share）")
    bands = []
    for i, band in enumerate(items):
        if not isinstance(band, Mapping):
            raise PolicyError(f"评分口径「{key}」第 {i + 1} 项格式不对")
        label = band.get("label")
        bands.append(
            ShareBand(number(band, "min", where), share(band, "share", where), str(label or ""))
        )
    minimums = [b.minimum for b in bands]
    if len(set(minimums)) != len(minimums):
        raise PolicyError(f"评分口径「{key}」有两档的 min 相同")
    return tuple(sorted(bands, key=lambda b: b.minimum, reverse=True))


def expected_weights(data: Mapping[str, Any]) -> tuple[tuple[tuple[str, Decimal], ...], ...]:
    items = data.get("expected_weights") or []
    if not isinstance(items, list):
        raise PolicyError("评分口径「expected_weights」应为列表，每项是一组一级指标分值")
    alternatives = []
    for i, alternative in enumerate(items):
        if not isinstance(alternative, Mapping) or not alternative:
            raise PolicyError(f"评分口径「expected_weights」第 {i + 1} 项格式不对")
        where = f"expected_weights 第 {i + 1} 项的 "
        alternatives.append(tuple((str(k), number(alternative, k, where)) for k in alternative))
    return tuple(alternatives)


CONSEQUENCE_LIMIT = 500  # characters: a sentence of the rulebook, not a document


def grade_bands(items: object) -> list[GradeBand]:
    """`[{min: 90, label: 优, consequence: …}, …]`: at least one band, labels distinct; the
    optional `consequence` is what the grade means in 结果应用 (one line of text)."""
    if items is not None and not isinstance(items, list):
        raise PolicyError("评分口径「grades」应为列表，每项写 min 与 label")
    grades = []
    for i, band in enumerate(items or []):
        if not isinstance(band, Mapping) or "label" not in band:
            raise PolicyError(f"评分口径「grades」第 {i + 1} 项格式不对")
        consequence = band.get("consequence")
        if consequence is None:
            consequence = ""
        if not isinstance(consequence, str):
            raise PolicyError(
                f"评分口径「grades」第 {i + 1} 项的 consequence 应为一段文字（结果应用的处理方式）"
            )
        consequence = consequence.strip()
        if len(consequence) > CONSEQUENCE_LIMIT:
            raise PolicyError(
                f"评分口径「grades」第 {i + 1} 项的 consequence 过长"
                f"（最多 {CONSEQUENCE_LIMIT} 字，实际 {len(consequence)} 字）"
            )
        grades.append(GradeBand(number(band, "min", "grades."), str(band["label"]), consequence))
    if not grades:
        raise PolicyError("评分口径缺少「grades」等级划分")
    labels = [g.label for g in grades]
    if len(set(labels)) != len(labels):
        raise PolicyError("评分口径「grades」有两档的 label 相同")
    return grades
