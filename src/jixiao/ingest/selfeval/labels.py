"""Words that label the parts of a self-evaluation table, with their provincial variants."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from jixiao.core.memo import memo
from jixiao.targets.lexicon import DASHES

TITLE = re.compile(r"(项目支出)?绩效自评(表|价表)|项目绩效目标自评表|项目支出绩效目标自评表")
TITLE_YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[)）]")

PROJECT_LABELS: dict[str, tuple[str, ...]] = {
    "code": ("项目编码", "项目代码", "项目编号"),
    "name": ("项目名称", "部门(单位)名称", "部门名称"),  # 部门名称: 部门整体支出绩效自评表
    "year": ("绩效自评年度", "自评年度", "评价年度", "年度", "预算年度"),
    "unit": ("实施单位", "项目实施单位", "预算单位", "项目单位"),
    "department": ("主管部门", "一级预算单位", "主管单位", "项目主管部门"),
}

FUNDS_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算", "年初预算金额", "年初预算安排"),
    "annual": (
        "全年预算数",
        "全年预算",
        "调整后预算数",
        "调整后预算",
        "全年预算金额",
        "预算数",  # Hubei: 预算数（A）
    ),
    "executed": ("全年执行数", "全年执行", "实际执行数", "预算执行数", "执行数", "实际支出数"),
    "weight": ("分值", "权重"),
    "rate": ("执行率", "预算执行率"),
    "score": ("得分",),
}
FUNDS_HEADER = FUNDS_COLUMNS["initial"] + FUNDS_COLUMNS["annual"] + FUNDS_COLUMNS["executed"]
FUNDS_TOTAL = ("年度资金总额", "资金总额", "合计", "总额", "年度财政资金总额", "财政资金总额")
FUNDS_SOURCES = (
    "当年财政拨款",
    "财政拨款",
    "上年结转资金",
    "上年结转",
    "其他资金",
    "其他",
    "基本支出",  # 部门整体支出: by kind of spending
    "项目支出",
)


def funds_source(label: str) -> bool:
    """A funds source row's cleaned label: the usual ones, and the kinds of money templates
    name by level, year or account (本年财政拨款, 省级财政拨款; Sichuan's 财政资金,
    财政专户管理资金, 单位资金)."""
    return label in FUNDS_SOURCES or (label.endswith(("拨款", "资金")) and 2 < len(label) <= 12)


GOAL_LABELS = ("年度总体目标", "总体目标", "年度总体目标完成情况", "总体目标完成情况")
GOAL_EXPECTED = ("预期目标", "年度目标", "年初设定目标", "项目年度目标")
GOAL_ACHIEVED = ("实际完成情况", "全年实际完成情况", "实际完成", "年度目标完成情况")
SECTION_HEADING = re.compile(r"^\d+[.、．]")

INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "l1": ("一级指标",),
    "l2": ("二级指标",),
    "l3": ("三级指标", "指标名称", "绩效指标名称"),
    "target": (
        "年度指标值",
        "全年指标值",
        "年度目标值",
        "指标值",
        "目标值",
        "预期指标值",
        "计划值",
        "年初目标值",
        "全年目标值",
        "预期值",
    ),
    "actual": ("实际完成值", "全年实际值", "实际完成", "完成值", "实际值", "实际完成情况"),
    "weight": ("分值", "权重", "权重分", "标准分", "指标分值"),
    "score": ("得分", "自评得分", "评分", "实际得分"),
    "reason": (
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因",
        "原因分析及改进措施",
        "原因分析",
        "未完成原因分析",
    ),
    # Some provinces split the target into comparator, value and unit columns.
    "nature": ("指标性质", "指标方向", "运算符号", "指标值性质"),
    "unit": ("度量单位", "计量单位", "指标单位"),
    # columns around the indicator that are read past, never taken for another field
    "seq": ("序号", "编号"),
    "note": ("备注", "说明"),
}
NATURE_OPS = {
    "≥": "≥",
    "≧": "≥",  # Yunnan's forms
    "≦": "≤",
    "═": "",
    ">=": "≥",
    "大于等于": "≥",
    "≤": "≤",
    "<=": "≤",
    "小于等于": "≤",
    ">": ">",
    "大于": ">",
    "<": "<",
    "小于": "<",
    "=": "",
    "等于": "",
    "定性": "",
    "定量": "",
    "正向": "≥",
    "反向": "≤",
}
TOTAL_LABELS = ("总分", "合计", "总计", "总得分")

LEVEL1 = re.compile(
    r"^(产出|效益|满意度|成本|效果|影响|决策|过程|管理)(指标)?(?:[(（](\d+(?:\.\d+)?)分?[)）])?$"
)
LEVEL2_WORDS = (
    "数量",
    "质量",
    "时效",
    "成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "服务对象满意度",
    "其他满意度",
    "经济成本",
    "社会成本",
    "生态环境成本",
    "满意度",
)
LEVEL2 = re.compile(r"^(" + "|".join(LEVEL2_WORDS) + r")(指标)?(?:[(（](\d+(?:\.\d+)?)分?[)）])?$")
WEIGHT_SUFFIX = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")


_HTML = re.compile(r"</?[a-zA-Z][^<>]{0,40}>")
_CJK_GAP = re.compile(
    r"(?<=[\u4e00-\u9fff（）()“”、，。；：])\s+(?=[\u4e00-\u9fff（）()“”、，。；：])"
)
_SPACES = re.compile(r"\s+")
_LABEL_NOISE = re.compile(r"[\s*:：]")


@memo(16384)
def clean(text: str) -> str:
    """A label as written minus spaces, stars, colons and full-width forms."""
    return _LABEL_NOISE.sub("", unicodedata.normalize("NFKC", text))


def tidy(text: str) -> str:
    """Free text (names, goals) without HTML tags, with spaces inside Chinese removed."""
    if "<" not in text and _SPACES.search(text) is None:
        return text
    s = _HTML.sub(" ", text)
    s = _CJK_GAP.sub("", s)
    return _SPACES.sub(" ", s).strip()


_NOTES = re.compile(r"(?:\([^()]{0,30}\))+$")  # (A), (万元)(20分), (20分*执行率)


def bare(text: str) -> str:
    """A label without the notes in brackets after it: 得分（20分*执行率） → 得分."""
    c = clean(text)
    return _NOTES.sub("", c) if c.endswith(")") else c


def match_label(text: str, labels: tuple[str, ...], slack: int = 0) -> bool:
    """Exactly one of the labels, or (with slack) a label followed by a short suffix like "(%)",
    or a label followed by notes in brackets: 年初目标值（A）, 得分（20分*执行率）."""
    c = clean(text)
    if len(c) > 40:  # labels are short; long cells are content
        return False
    b = bare(text)
    return any(
        c == label or b == label or (slack and c.startswith(label) and len(c) <= len(label) + slack)
        for label in labels
    )


_UNIT = re.compile(r"\((万元|元)\)|单位(万元|元)|^(万元|元)$")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)分")


def declared_unit(text: str) -> str | None:
    """万元 or 元 when a cell declares the unit of amounts: 项目资金（万元）, 单位：元, 年度预算数(万元)."""
    if "元" not in text:
        return None
    m = _UNIT.search(clean(text))
    return None if m is None else next(g for g in m.groups() if g)


def declared_points(text: str) -> str | None:
    """The points a label declares: 预算执行情况（万元）（20分） → "20", 得分（20分*执行率） → "20"."""
    if "分" not in text:
        return None
    m = _POINTS.search(clean(text))
    return None if m is None else m.group(1)


def matcher(labels: tuple[str, ...], slack: int = 0) -> Callable[[str], bool]:
    """`match_label` for one set of labels, memoised on the text alone: asked of every cell
    of every row, it should not hash the labels each time."""

    @memo(16384)
    def match(text: str) -> bool:
        return match_label(text, labels, slack)

    return match


INDICATOR_PREFIX = re.compile(r"^指标\s*\d+\s*[:：.、]\s*")


def split_code(name: str) -> tuple[str, str]:
    """'440303…500-行政服务大厅运行' -> ('440303…500', '行政服务大厅运行')."""
    m = re.match(r"^(\d{8,})\s*[-—_－\s]\s*(.+)$", name)
    return (m.group(1), m.group(2)) if m else ("", name)


def is_dash(text: str) -> bool:
    cleaned = clean(text)
    return not cleaned or cleaned in DASHES
