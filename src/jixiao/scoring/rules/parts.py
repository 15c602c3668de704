"""Parts kind: an indicator scored in parts, each part its own rule (分项计分).

Seed 001's 公用经费控制率 is two tiers of 3 points (三公 and 日常公用经费); its 政府采购执行情况
is a ratio of 1 point plus a checklist point. The score is the sum of the parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jixiao.core.numbers import ZERO, parse_decimal
from jixiao.scoring.rules.base import (
    Param,
    ParamType,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    capped,
    get,
    num,
    number,
    register,
)


def _parts(ctx: RuleContext) -> RuleResult:
    parts = ctx.param("parts")
    if not isinstance(parts, list | tuple) or not parts:
        raise RuleError("参数 parts 应为分项列表：[{name, weight, rule: {kind, …}}]")
    total = ZERO
    reasons: list[str] = []
    lost: list[str] = []
    inputs: list[tuple[str, str]] = []
    for part in parts:
        if not isinstance(part, Mapping) or not isinstance(part.get("rule"), Mapping):
            raise RuleError("每个分项应写成 {name: 名称, weight: 分值, rule: {kind: …}}")
        name = str(part.get("name", ""))
        weight = number(part.get("weight"), f"{name}.weight")
        spec = dict(part["rule"])
        kind = get(str(spec.pop("kind", "")))
        if kind is None:
            raise RuleError(f"分项「{name}」的规则类型「{part['rule'].get('kind')}」不存在")
        facts = ctx.facts.get(name)
        if not isinstance(facts, Mapping):
            raise RuleError(f"缺少分项「{name}」的事实（写在事实「{name}」下）")
        r = kind.apply(RuleContext(weight, spec, facts, ctx.policy, ctx.year))
        score = capped(r.score, weight)
        total += score
        reasons.append(f"{name}（{num(weight)} 分）：{r.reason}，得 {num(score)} 分")
        if r.lost_because and score < weight:
            lost.append(f"{name}：{r.lost_because}")
        inputs.extend((f"{name}·{k}", v) for k, v in r.inputs)
    return RuleResult(total, "；".join(reasons), tuple(inputs), "；".join(lost))


def _check_parts(params: Mapping[str, Any]) -> list[str]:
    parts = params.get("parts")
    if not isinstance(parts, list | tuple) or not parts:
        return ["parts 应为非空的分项列表"]
    errors = []
    for i, part in enumerate(parts, start=1):
        if not isinstance(part, Mapping) or not isinstance(part.get("rule"), Mapping):
            errors.append(f"第 {i} 个分项应写成 {{name, weight, rule: {{kind: …}}}}")
            continue
        name = part.get("name") or f"第 {i} 个分项"
        if parse_decimal(part.get("weight")) is None:
            errors.append(f"分项「{name}」缺少分值 weight")
        spec = dict(part["rule"])
        kind = get(str(spec.pop("kind", "")))
        if kind is None:
            errors.append(f"分项「{name}」的规则类型「{part['rule'].get('kind')}」不存在")
        elif kind.check is not None:
            errors += [f"分项「{name}」：{e}" for e in kind.check(spec)]
    return errors


register(
    RuleKind(
        name="parts",
        check=_check_parts,
        title="分项计分",
        params=(
            Param(
                "parts",
                ParamType.LIST,
                "分项：[{name: 名称, weight: 分值, rule: {kind: …, 参数…}}]",
            ),
        ),
        facts=(
            Param("<分项名称>", ParamType.MAPPING, "每个分项的事实，写在以分项名称为键的映射下"),
        ),
        apply=_parts,
        doc="一个指标分成几部分各自按规则计分，得分为各部分之和（各部分先封顶、保底）。",
        example={
            "rule": {
                "kind": "parts",
                "parts": [
                    {
                        "name": "“三公”经费控制率",
                        "weight": 3,
                        "rule": {
                            "kind": "tiers",
                            "tiers": [
                                {"when": "<90%", "score": 3},
                                {"when": "90%-100%", "score": 2},
                                {"when": ">100%", "score": 0},
                            ],
                        },
                    },
                    {
                        "name": "日常公用经费控制率",
                        "weight": 3,
                        "rule": {
                            "kind": "tiers",
                            "tiers": [
                                {"when": "<90%", "score": 3},
                                {"when": "90%-100%", "score": 2},
                                {"when": ">100%", "score": 0},
                            ],
                        },
                    },
                ],
            },
            "weight": 6,
            "facts": {
                "“三公”经费控制率": {"value": "33.49%"},
                "日常公用经费控制率": {"value": "99.69%"},
            },
        },
    )
)
