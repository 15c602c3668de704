"""The review-rule reference (docs/review-rules.md), written from the registry itself."""

from __future__ import annotations

from jixiao.review.finding import load_config, review_rules

HEADER = """# 审核规则（review rules）

`jixiao review` 像资深审核人员一样审读绩效目标表、自评表和评价案例。每条发现有稳定的代码、级别
（错误 / 警告 / 提示）、位置（文件 · 工作表 · 单元格，或文件 · 行，或案例字段）、一句问题说明和一条
具体的修改建议，以及与位置无关的指纹 `fingerprint`（代码 + 项目与指标的稳定标识 + 栏目）。`--json` 输出
`{"findings": [{"code", "severity", "where", "message", "suggestion", "fingerprint"}], "problems": [...]}`；`-o 清单.xlsx` 按单位、按问题分表，`-o 清单.html` 生成一页清单。

级别和阈值可以配置：写一个 YAML，只列要改的规则，用 `--config` 传入：

```yaml
rules:
  target-too-low: {ratio: 5}          # 实际是目标 5 倍以上才提示
  long-name: {max_chars: 30}
  points-lost: {enabled: false}       # 不列评价扣分事项
  vague-target: {severity: error}
```

本页由 `jixiao.review.reference` 从审核规则注册表和默认配置生成。
"""


def render_review_reference() -> str:
    settings = load_config()
    sections = []
    for code, rule in sorted(review_rules().items()):
        config = settings[code]
        params = "，".join(f"`{k}` = {v}" for k, v in config.params.items()) or "无"
        lines = [
            f"## `{code}` — {rule.title}",
            "",
            rule.doc,
            "",
            f"- 默认级别：{config.severity.label}",
            f"- 阈值：{params}",
        ]
        for bad, finds in rule.examples:
            lines += [f"- 例：{bad} → {finds}"]
        sections.append("\n".join(lines))
    return HEADER + "\n" + "\n\n".join(sections) + "\n"
