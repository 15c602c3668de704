"""Target kind: judge a free-text actual against a free-text target, as a self-evaluation does."""

from __future__ import annotations

from jixiao.core.numbers import ONE
from jixiao.core.results import Outcome
from jixiao.scoring.judge import judge
from jixiao.scoring.rules.base import (
    Param,
    ParamType,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    register,
)
from jixiao.targets import parse_cell


def _target(ctx: RuleContext) -> RuleResult:
    target = ctx.facts.get("target", ctx.param("target"))
    if target is None:
        raise RuleError("缺少年度指标值：规则参数 target 或事实「target」")
    actual = ctx.fact("actual")
    path = ctx.path or ("", str(ctx.param("category") or ""), "")
    j = judge(parse_cell(str(target)), parse_cell(str(actual)), path, ctx.policy, ctx.year)
    if j.outcome is Outcome.UNJUDGED:
        raise RuleError(j.reason)
    how = f"，按 {j.formula.replace('分值', str(ctx.weight), 1)} 计" if j.formula else ""
    return RuleResult(
        ctx.weight * min(j.share, ONE),
        f"{j.reason}{how}",
        j.inputs,
        "" if j.outcome is Outcome.MET else j.reason,
    )


register(
    RuleKind(
        name="target",
        title="目标对比",
        params=(
            Param(
                "target",
                ParamType.TEXT,
                "年度指标值，如“≥95%”；也可写在事实 target 中",
                required=False,
            ),
            Param(
                "category",
                ParamType.TEXT,
                "指标类别，如“成本指标”“时效指标”：决定裸数的方向",
                required=False,
            ),
        ),
        facts=(
            Param("actual", ParamType.TEXT, "实际完成值，如“96.4%”"),
            Param("target", ParamType.TEXT, "年度指标值（覆盖规则参数）", required=False),
        ),
        apply=_target,
        doc="与自评表相同的判定：达到目标满分；“≥”未达到按比例；“≤”超出按评分口径扣分；定性按实际判定。",
        example={
            "rule": {"kind": "target", "target": "≥95%"},
            "weight": 10,
            "facts": {"actual": "92.78%"},
        },
    )
)
