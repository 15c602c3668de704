"""The standard self-evaluation layout shared by the xlsx and text writers."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Case

FUNDS_HEADER = ("", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分")
INDICATOR_HEADER = (
    "年度绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
)  # fmt: skip


def level_label(t: Case, key: tuple[str, ...]) -> str:
    """A level-1 or level-2 name with its declared weight: '产出指标(50分)'."""
    weight = t.declared_weights.get(key)
    name = key[-1] if key else ""
    return f"{name}({weight.normalize():f}分)" if weight is not None else name


def plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")
