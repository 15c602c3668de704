"""Generators of case documents with hostile numbers and texts: self-evaluation tables
(docs/case-format.md) and evaluation cases (docs/evaluation-format.md), as YAML or JSON text,
from a `random.Random`, so hypothesis (tests) and the long fuzz run (fuzz/) share them."""

from __future__ import annotations

import json
import random

NUMBERS = (
    "10",
    "0",
    "-0",
    "-5",
    "1e999999",
    "1E-999999",
    "1.0e+999999",
    "1.0E-999999",
    ".nan",
    ".inf",
    "-.inf",
    "'NaN'",
    "'Infinity'",
    "'-Infinity'",
    "'1.2.3'",
    "99999999999999999999999",
    "0.000000001",
    "1e18",
    "'1,907,000.00'",
    "'#####'",
    "''",
    "null",
    "true",
    "'五十'",
    "0x1F",
    "12.5",
    "100.00",
    "'1E999999万'",
    "-1e400",
    "3.4028235e+38",
    "'  7.00 '",
    "[1, 2]",
    "{a: 1}",
)
TEXTS = (
    "≥2000人次",
    "1850人次",
    "100%",
    "≤5%",
    "第四季度前完成",
    "有所提升",
    "",
    '=HYPERLINK("x")',
    "+cmd",
    "@SUM(A1)",
    "1E999999万",
    "九" * 40,
    "2024年12月31日前",
    "-5万元",
    "NaN%",
    "∞",
    "\t\r",
    "'",
    '"',
    "a" * 300,
    "0.5倍",
    "1e18亿元",
    "是",
    "否",
    "达成",
    "<script>",
)


_RATE = [0.25]  # the share of hostile numbers, chosen per document by hostile_case
READABLE = ("10", "0", "5", "12.5", "100.00", "'1,907,000.00'", "20", "3.33", "")


def _number(rng: random.Random) -> str:
    """Mostly numbers a table can hold (so most cases get past reading), else hostile ones."""
    roll = rng.random()
    if roll >= _RATE[0]:
        return rng.choice(READABLE)
    if roll < _RATE[0] / 3:
        return str(rng.choice((rng.randint(-(10**16), 10**16), rng.uniform(-1e6, 1e6))))
    return rng.choice(NUMBERS)


def _text(rng: random.Random) -> str:
    if rng.random() < _RATE[0] / 2:
        return rng.choice(NUMBERS)  # a YAML number or flow value where text belongs
    return json.dumps(rng.choice(TEXTS), ensure_ascii=False)


def selfeval_yaml(rng: random.Random) -> str:
    rows = []
    for i in range(rng.randint(1, 4)):
        level = rng.choice(("产出指标", "效益指标", "满意度指标", "成本指标"))
        rows.append(
            f"  - path: [{level}, 二级{i % 3}, 指标{i}]\n"
            f"    target: {_text(rng)}\n    actual: {_text(rng)}\n    weight: {_number(rng)}\n"
            + (f"    published_score: {_number(rng)}\n" if rng.random() < 0.5 else "")
            + (f"    deviation: {_text(rng)}\n" if rng.random() < 0.3 else "")
        )
    funds = ""
    if rng.random() < 0.8:
        funds = (
            f"funds:\n  unit: {rng.choice(('元', '万元'))}\n"
            + (f"  weight: {_number(rng)}\n" if rng.random() < 0.3 else "")
            + f"  total: {{name: 年度资金总额, initial: {_number(rng)}, annual: {_number(rng)},"
            f" executed: {_number(rng)}}}\n"
            + f"  published: {{rate: {_number(rng)}, score: {_number(rng)}}}\n"
        )
    published = f"published: {{total: {_number(rng)}, weight_total: {_number(rng)}}}\n"
    return (
        "format: jixiao-selfeval/1\n"
        f"project: {{name: {_text(rng)}, year: {rng.choice(('2024',) * 8 + ('99999999999999999999', '-1'))}}}\n"
        + funds
        + "indicators:\n"
        + "".join(rows)
        + (published if rng.random() < 0.5 else "")
    )


def evaluation_yaml(rng: random.Random) -> str:
    nodes = "".join(
        f"    - {{name: 指标{i}, weight: {_number(rng)}"
        + (f", rule: {{kind: ratio_target, plan: {_text(rng)}}}" if rng.random() < 0.4 else "")
        + "}\n"
        for i in range(rng.randint(1, 4))
    )
    facts = "".join(
        f"  指标{i}: {{actual: {_text(rng)}, value: {_text(rng)}}}\n"
        for i in range(rng.randint(0, 4))
    )
    return (
        "format: jixiao-evaluation/1\ntitle: 评价报告\nproject: {name: 项目}\n"
        f"framework:\n  id: f\n  total: {_number(rng)}\n  indicators:\n{nodes}"
        f"  grades: [{{min: {_number(rng)}, label: 优}}, {{min: 0, label: 差}}]\n"
        f"funds:\n  lines:\n    - {{name: 年初预算, value: {_number(rng)}}}\n"
        f"targets:\n  - {{path: [产出指标, 数量, 人次], target: {_text(rng)}, actual: {_text(rng)}}}\n"
        + ("facts:\n" + facts if facts else "facts: {}\n")
        + f"published: {{total: {_number(rng)}, scores: {{指标0: {_number(rng)}}}}}\n"
    )


def selfeval_json(rng: random.Random) -> str:
    """A JSON table with the literals JSON lacks (NaN, Infinity) and huge exponents."""
    weight = rng.choice(
        ("10", "NaN", "Infinity", "-Infinity", "1e999999", "1E-999999", "-3", "1" * 40)
    )
    return (
        '{"project": {"name": "x"}, "indicators": [{"path": ["产出指标", "数量", "人次"],'
        f' "target": "≥10人次", "actual": "12人次", "weight": {weight}}}]}}'
    )


def hostile_case(rng: random.Random) -> tuple[str, str]:
    """(file suffix, text) of one generated case."""
    _RATE[0] = rng.choice((0.0, 0.02, 0.1, 0.3, 0.6))
    kind = rng.random()
    if kind < 0.55:
        return ".yaml", selfeval_yaml(rng)
    if kind < 0.9:
        return ".yaml", evaluation_yaml(rng)
    return ".json", selfeval_json(rng)
