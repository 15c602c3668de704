"""The rule-kind reference (docs/rules.md), written from the registry itself.

Each kind's parameters, facts and worked example come from its registration, and the
example's result is computed by the real engine, so the reference cannot drift from the
code; a test compares docs/rules.md with `render_reference()`.
"""

from __future__ import annotations

from decimal import Decimal

import yaml

from jixiao.core.numbers import fmt, round2
from jixiao.scoring.policy import load_policy
from jixiao.scoring.rules.base import RuleContext, RuleKind, capped, kinds

HEADER = """# 规则类型（rules）

框架中每个末级指标都有一条规则：`rule: {kind: 类型, 参数…}`。规则是纯函数：读框架给的**参数**和案例给的
**事实**（`facts` 下以该指标为键的映射），算出原始得分和理由；引擎再把得分限制在 [0, 权重] 内、
四舍五入保留两位小数，并写成一句扣分说明。事实中的 `note` 是评价组对该指标的分析文字，报告中照录。

数值事实可以写成数字或带单位的文字（`61.91万元`、`99.68%`、`365次`）；比率写成 `99.6%` 或小数 `0.996`。
条件（分档、满分标准、区间）用与年度指标值相同的写法：`≥98%`、`<5%`、`5%-10%`、`≤100%`。

本页由 `jixiao.scoring.rules.reference` 从规则注册表生成，示例结果由引擎实际计算。
"""


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=90).rstrip()


def _section(kind: RuleKind) -> str:
    lines = [f"## `{kind.name}` — {kind.title}", "", kind.doc, ""]
    lines += ["| 参数 | 类型 | 必填 | 说明 |", "| --- | --- | --- | --- |"]
    lines += [
        f"| `{p.name}` | {p.type} | {'是' if p.required else '否'} | {p.doc} |" for p in kind.params
    ] or ["| （无） | | | |"]
    lines += ["", "| 事实 | 类型 | 必填 | 说明 |", "| --- | --- | --- | --- |"]
    lines += [
        f"| `{f.name}` | {f.type} | {'是' if f.required else '否'} | {f.doc} |" for f in kind.facts
    ]
    example = kind.example
    if example:
        weight = Decimal(str(example["weight"]))
        rule = dict(example["rule"])
        params = {k: v for k, v in rule.items() if k != "kind"}
        result = kind.apply(RuleContext(weight, params, example["facts"], load_policy()))
        score = round2(capped(result.score, weight))
        lines += [
            "",
            "**示例**（权重 " + fmt(weight) + " 分）",
            "",
            "框架：",
            "",
            "```yaml",
            _yaml({"weight": example["weight"], "rule": rule}),
            "```",
            "",
            "案例事实：",
            "",
            "```yaml",
            _yaml(example["facts"]),
            "```",
            "",
            f"结果：{result.reason}，**得 {fmt(score)} 分**"
            + (f"（扣 {fmt(weight - score)} 分）" if score < weight else "")
            + "。",
        ]
    return "\n".join(lines)


def render_reference() -> str:
    sections = [_section(k) for k in sorted(kinds().values(), key=lambda k: k.name)]
    return HEADER + "\n" + "\n\n".join(sections) + "\n"
