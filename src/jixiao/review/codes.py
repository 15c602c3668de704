"""Every code a reviewer reads, with its Chinese title: a review rule carries its own title
(`ReviewRule.title`); the reading and scoring problems (docs/problems.md) are titled here."""

from __future__ import annotations

import jixiao.review.rules  # noqa: F401  (the built-in rules carry their titles)
from jixiao.review.finding import review_rules

PROBLEM_TITLES: dict[str, str] = {
    "file-not-found": "文件不存在",
    "unsupported-file": "不支持的文件类型",
    "unreadable-file": "文件打不开",
    "empty-directory": "目录中没有可读文件",
    "no-table": "没有找到自评表",
    "no-indicators": "没有读到指标行",
    "header-incomplete": "指标表头不全",
    "case-invalid": "案例格式不对",
    "bad-number": "应为数字",
    "missing-funds": "缺少资金使用情况",
    "funds-unit-unknown": "金额单位未写明",
    "column-shift": "单元格错列",
    "missing-budget": "缺少全年预算数",
    "missing-executed": "缺少全年执行数",
    "missing-weight": "指标没有分值",
    "negative-amount": "金额或分值为负",
    "weight-total": "分值合计不等于满分",
    "missing-actual": "缺少实际完成值",
    "missing-target": "缺少年度指标值",
    "unreadable-target": "年度指标值无法识别",
    "unreadable-actual": "实际完成值无法识别",
    "cannot-judge": "目标与实际无法比较",
    "no-evidence": "没有完成情况依据",
    "target-in-name": "目标写在指标名称里",
    "direction-guessed": "方向靠推定",
    "unit-guessed": "单位靠推断",
    "policy-weights": "分值与口径原则不同",
    "unit-mismatch": "单位不一致",
    "unknown-unit": "不认识的单位",
    "compound-mismatch": "一格多值项数不同",
    "weight-on-not-applicable": "不适用的指标填了分值",
    "excel-artefact": "表格残留",
    "unsupported-output": "不支持的输出格式",
    "cannot-write": "无法写出",
    "output-is-input": "输出会覆盖输入",
    "nothing-read": "没有读到任何文件",
    "limit-exceeded": "超出限额",
    "os-error": "系统拒绝读写",
    "policy-invalid": "评分口径无效",
    "review-config-invalid": "审核配置无效",
    "out-of-memory": "内存不足",
    "too-deep": "嵌套太深",
    "internal-error": "jixiao 内部出错",
    "limits-invalid": "限额配置有误",
    "empty-file": "文件是空的",
    "framework-not-found": "找不到评价框架",
    "framework-invalid": "评价框架写法有误",
    "weight-sum": "权重不相加",
    "grade-bands": "等级划分有误",
    "unknown-rule": "规则类型不存在",
    "rule-param": "规则参数有误",
    "rule-input": "评分事实缺少或不合要求",
    "unknown-indicator": "对应不到指标",
    "source-disagreement": "原文自相矛盾",
    "pdf-unavailable": "无法生成 PDF",
    "report-many-cases": "一个文件有多个评价案例",
    "report-section-missing": "报告缺少一节",
    "report-section-derived": "报告一节按数据写出",
    "other-format": "不是自评表或评价案例",
    "monitor-invalid": "监控案例写法有误",
    "monitor-no-case": "没有监控案例",
    "monitor-missing-budget": "监控项目缺少预算数",
    "monitor-bad-amount": "金额写法不对",
    "monitor-no-figures": "没有执行数",
    "monitor-bad-month": "月份或季度不对",
    "monitor-decreasing": "累计执行数减少",
    "monitor-overspend": "累计执行数超预算",
    "monitor-as-of": "截至日期不对",
    "monitor-stale": "执行数未更新",
    "monitor-bad-threshold": "监控阈值写法不对",
    "monitor-target-unreadable": "目标无法监控",
    "monitor-target-qualitative": "定性或时限目标",
    "monitor-missing-actual": "未填报期中实际值",
    "monitor-bad-actual": "期中实际值无法识别",
    "monitor-unit-mismatch": "期中实际值单位不一致",
    "monitor-indicator-period": "指标进度按案例截至月份",
    "target-table": "绩效目标表，不评分",
    "completion-table": "绩效目标完成情况表，不评分",
    "framework-table": "评价指标体系表，不按自评表读",
    "nothing-to-report": "没有可出报告的表",
}


def code_title(code: str) -> str:
    """The Chinese title of a finding or problem code; the code itself when it has none."""
    rule = review_rules().get(code)
    return rule.title if rule is not None else PROBLEM_TITLES.get(code, code)


def titled(code: str) -> str:
    """「得分与规则不符（score-mismatch）」: the title a reader reads, the code to look it up."""
    title = code_title(code)
    return code if title == code else f"{title}（{code}）"
