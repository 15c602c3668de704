"""Synthetic 项目支出绩效自评表 in the seed-003 layout (tab-separated PDF-extracted text).

Deterministic: the same ``seed`` gives the same text. Numbers are drawn at random so
that most target and actual cells are distinct strings and the target-text cache in
``jixiao.targets.parse.parse_cell`` cannot make a benchmark trivial.

    synthetic_text(n, seed)   -> one text, tables separated by a blank line
    synthetic_specs(n, seed)  -> the tables one by one, with what each should contain
    synthetic_tables(n, seed) -> the tables read back through the real pipeline
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.core.model import Case

COLUMNS = 9  # 年度绩效指标 · 一级 · 二级 · 三级 · 指标值 · 完成值 · 分值 · 得分 · 偏差原因
CENT = Decimal("0.01")

UNITS = (
    "深圳市罗湖区政务服务数据管理局(本级)",
    "深圳市罗湖区教育局(本级)",
    "深圳市罗湖区卫生健康局(本级)",
    "深圳市罗湖区文化广电旅游体育局",
    "深圳市罗湖区城市管理和综合执法局",
    "深圳市罗湖区民政局(本级)",
    "深圳市罗湖区司法局",
    "深圳市罗湖区人力资源局",
    "深圳市罗湖区东门街道办事处",
    "深圳市罗湖区桂园街道办事处",
)
TOPICS = (
    "党政事务",
    "干部健康管理",
    "平台运营及项目管理",
    "行政服务大厅运行",
    "辅助性人力资源经费",
    "综合管理事务",
    "政务热线智能化建设",
    "社区文化活动",
    "公共法律服务",
    "档案数字化",
    "垃圾分类宣传",
    "校园安全保障",
    "基层医疗设备购置",
    "老年人助餐服务",
    "网络安全运维",
    "全民健身赛事",
    "数据中心租赁",
    "市容环境提升",
)
SUFFIXES = ("", "专项经费", "运维", "(一期)", "(二期)", "服务采购", "工作经费")
GOALS = (
    "深入推进{topic}工作,做好日常管理与服务保障,为{who}提供形式多样的服务,"
    "推动相关工作常态化制度化。",
    "通过开展{topic}项目,进一步加强{who}关心关爱,提升服务水平和群众满意度。",
    "<p>紧紧围绕年度工作要点,统筹推进{topic},确保各项任务按期完成,提升{who}的获得感和满意度。</p>",
    "1. 开展{topic}日常运营工作。 2. 做好宣传推广和互动服务。 3. 完成年度考核任务。",
)
ACHIEVED = (
    "全年完成{topic}相关工作,开展活动{n}次,服务{who}{m}人次,满意度达{p}%。",
    "本年度及时开展{topic}项目,完成率达100%,有效增强{who}的归属感。",
    "<p>{topic}工作按计划推进,全年处理事项{m}件,各项指标均达标。</p>",
)
WHO = ("党员干部", "辖区居民", "企业群众", "干部职工", "服务对象", "学生家长", "社区群众")

COUNT_NAMES = (
    ("参与党建活动人数", "人次"),
    ("订阅(购置)学习刊物", "批次"),
    ("开展活动次数", "次"),
    ("推文发布数", "条"),
    ("处理工单数量", "件"),
    ("培训人数", "人"),
    ("印制宣传海报", "张"),
    ("发放宣传手册", "份"),
    ("采购设备数量", "台"),
    ("覆盖社区数量", "个"),
    ("举办讲座场次", "场"),
    ("编印刊物期数", "期"),
    ("处理合同个数", "个"),
    ("服务企业数量", "家"),
    ("巡查检查次数", "次"),
    ("维护系统数量", "套"),
    ("出具法律意见书", "篇"),
    ("走访慰问户数", "户"),
)
BIG_NAMES = ("叫号数量", "阅读量", "网站访问量", "服务人次", "热线接听量")
RATE_NAMES = (
    "项目验收合格率",
    "工资发放准确率",
    "活动参与率",
    "技术论证通过率",
    "工单审核通过率",
    "设备完好率",
    "档案整理规范率",
    "系统正常运行率",
    "信息更新准确率",
)
LOW_RATE_NAMES = ("差错率", "投诉率", "信息质量整改率", "系统故障率", "返工率")
QUAL_NAMES = (
    "党建活动模式创新情况",
    "服务质量",
    "档案管理工作规范化",
    "创文工作检查情况",
    "业务办理水平",
)
TIME_NAMES = (
    "于第四季度结束前完成相关工作",
    "按年签订合同,一次性付款。",
    "项目完成时间",
    "资金支付时间",
    "设备交付时间",
)
LIMIT_NAMES = ("工单办结时限", "问题响应时限", "审批办结时限", "故障修复时限")
TIMELY_RATE_NAMES = ("项目完成及时率", "工资发放及时率", "资金支付及时性", "工单按时办结率")
COST_NAMES = ("项目成本", "干部健康管理经费", "设备采购成本", "运维服务费", "活动经费")
SOCIAL_NAMES = (
    "提高企业群众办事效率",
    "党建素养及知识提升员工比例",
    "宣传知晓率",
    "增强干部关心关爱",
    "加强规范治理、控制法律风险",
    "文明氛围",
    "群众获得感",
    "政务热线诉求工单办结率",
)
ECON_NAMES = ("节约行政成本", "带动经济收益", "减少企业办事成本")
ECO_NAMES = ("垃圾分类准确率", "节能减排成效", "绿化覆盖率")
SUSTAIN_NAMES = ("设备使用年限", "长效机制建设", "服务持续运行")
SAT_NAMES = (
    "满意度",
    "公众满意度",
    "群众满意率",
    "服务对象满意度",
    "各科室满意度",
    "辅助性人员的满意程度",
    "创文区考部门绩效指标得分",
)
REASONS = (
    "偏差原因:受客观因素影响,部分工作未能按计划推进。 改进措施:下一步提高绩效目标精确性。",
    "原因:指标被冻结,无法支付款项。",
    "偏差原因:业务已实行全流程网办,现场办理数量减少。 改进措施:结合实际准确填写指标值。",
    "因采购流程延长,部分支出未能在年内完成,已申请结转至下年度支付。",
)
NA_FORMS = (
    ("无", "无", "无"),
    ("无", "无", "不适用"),
    ("", "", "不适用"),
    ("无", "无", "无"),
)
LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标", "其他满意度指标"),
}
LEVEL1_WEIGHTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


@dataclass(frozen=True, slots=True)
class Indicator:
    l2: str
    name: str
    target: str
    actual: str
    share: Decimal  # share of the weight the unit claims (its published score)
    applicable: bool = True

    @property
    def under(self) -> bool:
        return self.applicable and self.share < 1


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One generated table and what reading it should find."""

    text: str
    code: str
    name: str
    indicators: int  # indicator rows written
    applicable: int  # rows that carry weight
    under: int  # rows deliberately under-achieved
    weight_total: Decimal  # indicator weights (90)


def _d(x: float | Decimal, q: Decimal = CENT) -> Decimal:
    return Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP)


def _num(x: Decimal) -> str:
    """12.50 -> '12.5', 200.00 -> '200'."""
    s = f"{x:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def under(self) -> bool:
        return self.r.random() < 0.14

    def pct(self, lo: float, hi: float) -> Decimal:
        return _d(self.r.uniform(lo, hi))

    # ---- one indicator of each kind: (name, target, actual, share) -------------------
    def count(self) -> Indicator:
        r = self.r
        name, unit = r.choice(COUNT_NAMES)
        n = r.choice((r.randint(2, 30), r.randint(30, 600), r.randint(600, 90000)))
        if self.under():
            m = r.randint(max(1, n // 3), max(1, n - 1))
            share = _d(Decimal(m) / Decimal(n), Decimal("0.0001"))
        else:
            m = n if r.random() < 0.35 else r.randint(n, n + max(3, n // 2))
            share = Decimal(1)
        form = r.randrange(7)
        if form == 0:
            target = f"≥{n}{unit}"
        elif form == 1:
            target = f"{n}{unit}"
        elif form == 2:
            target = f"不少于{n}{unit}"
        elif form == 3:
            target = f"{n}{unit}以上"
        elif form == 4:
            target = f"≥{n}"
        elif form == 5 and n <= 10:
            target = f"不少于{'零一二三四五六七八九十'[n]}{unit}"
        else:
            target = f"≥{n:,}{unit}" if n >= 1000 else f"≥{n}{unit}"
        return Indicator("数量指标", name, target, f"{m}{unit}", share)

    def big(self) -> Indicator:
        r = self.r
        name = r.choice(BIG_NAMES)
        n = r.randint(3, 60)
        if self.under():
            m = _d(r.uniform(n * 0.5, n * 0.98))
            share = _d(m / n, Decimal("0.0001"))
        else:
            m = _d(r.uniform(n, n * 3))
            share = Decimal(1)
        target = r.choice((f"全年突破{n}万", f"≥{n}万", f"≥{n}万人次"))
        unit = "万人次" if target.endswith("人次") else "万"
        return Indicator("数量指标", name, target, f"{_num(m)}{unit}", share)

    def compound(self, l2: str) -> Indicator:
        r = self.r
        if l2 == "质量指标":
            names = r.sample(RATE_NAMES, r.randint(2, 3))
            ps = [r.choice((95, 98, 100)) for _ in names]
            targets = [f"≥{p}%" if p < 100 else "100%" for p in ps]
            actuals = [f"{_num(self.pct(p, 100))}%" if p < 100 else "100%" for p in ps]
            if r.random() < 0.4:
                n = r.randint(1, 4)
                names.append("定期汇总疑难事件清单")
                targets.append(f"≥{n}版")
                actuals.append(f"{r.randint(n, n + 3)}版")
            sep = r.choice(("; ", ";"))
            return Indicator(l2, ";".join(names), sep.join(targets), sep.join(actuals), Decimal(1))
        parts = r.sample(COUNT_NAMES, r.randint(2, 3))
        names, targets, actuals = [], [], []
        under = False
        for name, unit in parts:
            n = r.randint(3, 500)
            m = r.randint(n, n * 2)
            if not under and self.under():
                m, under = r.randint(max(1, n // 2), n - 1), True
            names.append(name)
            targets.append(f"≥{n}{unit}")
            actuals.append(f"{m}{unit}")
        if r.random() < 0.4:
            names.append("法律咨询及处理其他法律事务完成率")
            targets.append("100%")
            actuals.append("100%")
        sep = r.choice(("; ", ";"))
        share = Decimal("0.8") if under else Decimal(1)
        return Indicator(l2, ";".join(names), sep.join(targets), sep.join(actuals), share)

    def rate(self, l2: str, names: tuple[str, ...] = RATE_NAMES) -> Indicator:
        r = self.r
        name = r.choice(names)
        p = r.choice((80, 85, 90, 95, 98, 100, r.randint(80, 99)))
        form = r.randrange(5)
        if p == 100 or form == 0:
            return Indicator(l2, name, "100%", "100%", Decimal(1))
        if self.under():
            a = self.pct(p * 0.7, p - 0.01)
            share = _d(a / p, Decimal("0.0001"))
        else:
            a = Decimal(100) if r.random() < 0.3 else self.pct(p, 100)
            share = Decimal(1)
        target = (f"≥{p}%", f"{p}%以上", f"不低于{p}%", f"{p}%")[form - 1]
        return Indicator(l2, name, target, f"{_num(a)}%", share)

    def low_rate(self, l2: str) -> Indicator:
        r = self.r
        p = r.randint(1, 10)
        over = self.under()
        a = self.pct(p + 0.1, p * 1.5) if over else self.pct(0, p)
        target = r.choice((f"≤{p}%", f"{p}%以下", f"低于{p}%"))
        share = Decimal("0.8") if over else Decimal(1)
        return Indicator(l2, r.choice(LOW_RATE_NAMES), target, f"{_num(a)}%", share)

    def qualitative(self, l2: str, names: tuple[str, ...]) -> Indicator:
        r = self.r
        target = r.choice(("有所提升", "有效", "明显提升", "有所改善", "显著提高", "合格"))
        words = ("有所提升", "有所改善") if target.startswith("有所") else ("已完成", "合格")
        actual = r.choice(("100%", "100%", f"{_num(self.pct(95, 100))}%", *words))
        return Indicator(l2, r.choice(names), target, actual, Decimal(1))

    def timely(self) -> Indicator:
        r = self.r
        year = r.choice((2022, 2023, 2024))
        form = r.randrange(7)
        name = r.choice(TIME_NAMES)
        if form == 0:
            q = r.randint(2, 4)
            done = r.randint(1, q) if not self.under() else min(4, q + 1)
            cn = "一二三四"
            return Indicator(
                "时效指标",
                name,
                f"第{cn[q - 1]}季度前完成",
                f"第{cn[done - 1]}季度",
                Decimal(1 if done <= q else 0),
            )
        if form == 1:
            m, d = r.randint(6, 12), r.randint(1, 28)
            late = self.under()
            m2 = m + 1 if late and m < 12 else r.randint(1, m)
            d2 = r.randint(1, 28) if m2 != m else r.randint(1, d)
            return Indicator(
                "时效指标",
                name,
                f"{year}年{m}月{d}日前完成",
                f"{year}年{m2}月{d2}日",
                Decimal(0 if late and m < 12 else 1),
            )
        if form == 2:
            m = r.randint(3, 12)
            m2, d2 = r.randint(1, m), r.randint(1, 28)
            return Indicator("时效指标", name, f"{m}月底前", f"{m2}月{d2}日", Decimal(1))
        name = r.choice(LIMIT_NAMES if form in (3, 4) else TIMELY_RATE_NAMES)
        if form == 3:
            n = r.randint(2, 30)
            k = r.randint(1, n) if not self.under() else n + r.randint(1, 5)
            return Indicator(
                "时效指标", name, f"{n}个工作日内", f"{k}个工作日", Decimal(0 if k > n else 1)
            )
        if form == 4:
            n = r.randint(1, 60)
            k = r.randint(1, n)
            return Indicator("时效指标", name, f"≤{n}天", f"{k}天", Decimal(1))
        if form == 5:
            return Indicator("时效指标", name, "在规定时限内要求完成", "100%", Decimal(1))
        return self.rate("时效指标", TIMELY_RATE_NAMES)

    def cost(self, rate: Decimal) -> Indicator:
        r = self.r
        form = r.randrange(5)
        name = r.choice(COST_NAMES)
        if form == 0:
            name = r.choice(("支出进度达标率", "支出进度完成情况"))
            need = r.choice((90, 95))
            share = Decimal(1) if rate >= need else _d(rate / need, Decimal("0.0001"))
            return Indicator("成本指标", name, f"≥{need}%", f"{_num(rate)}%", share)
        wan = r.randint(1, 800)
        over = self.under()
        spent = _d(
            r.uniform(wan * 10000 * (1.01 if over else 0.3), wan * 10000 * (1.2 if over else 1))
        )
        share = Decimal("0.8") if over else Decimal(1)
        if form == 1:
            return Indicator("成本指标", name, f"≤{wan}万元", f"{_num(spent)}元", share)
        if form == 2:
            return Indicator("成本指标", name, f"≤{wan * 10000}元", f"{_num(spent)}元", share)
        if form == 3:
            return Indicator(
                "成本指标", name, f"控制在{wan}万元以内", f"{_num(_d(spent / 10000))}万元", share
            )
        return Indicator("成本指标", name, f"{wan}万元", f"{_num(_d(spent / 10000))}万元", share)

    def satisfaction(self, l2: str) -> Indicator:
        r = self.r
        name = r.choice(SAT_NAMES)
        if name.endswith("得分"):
            s = r.randint(80, 98)
            got = r.randint(s, 100) if not self.under() else r.randint(s - 15, s - 1)
            share = Decimal(1) if got >= s else _d(Decimal(got) / s, Decimal("0.0001"))
            return Indicator(l2, name, f"≥{s}分", f"{got}分", share)
        p = r.choice((85, 90, 95, 98, r.randint(80, 97)))
        form = r.randrange(5)
        if form >= 3:  # a word target ("基本满意") met by a survey result
            target = ("基本满意", "满意")[form - 3]
            return Indicator(l2, name, target, f"{_num(self.pct(90, 100))}%", Decimal(1))
        a = self.pct(p, 100) if not self.under() else self.pct(p - 12, p - 0.01)
        share = Decimal(1) if a >= p else _d(a / p, Decimal("0.0001"))
        target = (f"≥{p}%", f"{p}%以上", f"不低于{p}%")[form]
        return Indicator(l2, name, target, f"{_num(a)}%", share)

    def social(self) -> Indicator:
        r = self.r
        form = r.randrange(4)
        if form == 0:
            n = r.randint(1, 20)
            m = _d(r.uniform(n, n * 80))
            return Indicator("社会效益指标", "宣传知晓率", f"≥{n}万", f"{_num(m)}万", Decimal(1))
        if form == 1:
            return self.rate("社会效益指标")
        return self.qualitative("社会效益指标", SOCIAL_NAMES)

    def economic(self) -> Indicator:
        r = self.r
        wan = r.randint(1, 300)
        got = _d(r.uniform(wan, wan * 2))
        return Indicator(
            "经济效益指标", r.choice(ECON_NAMES), f"≥{wan}万元", f"{_num(got)}万元", Decimal(1)
        )

    def ecological(self) -> Indicator:
        r = self.r
        p = r.randint(60, 95)
        return Indicator(
            "生态效益指标", r.choice(ECO_NAMES), f"≥{p}%", f"{_num(self.pct(p, 100))}%", Decimal(1)
        )

    def sustainable(self) -> Indicator:
        r = self.r
        if r.random() < 0.5:
            n = r.randint(2, 10)
            return Indicator(
                "可持续影响指标",
                r.choice(SUSTAIN_NAMES),
                f"≥{n}年",
                f"{r.randint(n, n + 5)}年",
                Decimal(1),
            )
        return self.qualitative("可持续影响指标", SUSTAIN_NAMES)

    def not_applicable(self, l2: str) -> Indicator:
        name, target, actual = self.r.choice(NA_FORMS)
        return Indicator(l2, name, target, actual, Decimal(0), applicable=False)


def _rows_for(g: _Gen, l2: str, n: int, rate: Decimal) -> list[Indicator]:
    r = g.r
    makers: dict[str, Callable[[], Indicator]] = {
        "数量指标": lambda: r.choices(
            (g.count, g.big, lambda: g.compound("数量指标"), lambda: g.rate("数量指标")),
            (6, 1, 1, 1),
        )[0](),
        "质量指标": lambda: r.choices(
            (
                lambda: g.rate("质量指标"),
                lambda: g.qualitative("质量指标", QUAL_NAMES),
                lambda: g.low_rate("质量指标"),
                lambda: g.compound("质量指标"),
            ),
            (5, 2, 1, 1),
        )[0](),
        "时效指标": g.timely,
        "成本指标": lambda: g.cost(rate),
        "经济效益指标": g.economic,
        "社会效益指标": g.social,
        "生态效益指标": g.ecological,
        "可持续影响指标": g.sustainable,
        "服务对象满意度指标": lambda: g.satisfaction("服务对象满意度指标"),
        "其他满意度指标": lambda: g.satisfaction("其他满意度指标"),
    }
    return [makers[l2]() for _ in range(n)]


def _plan(g: _Gen, rate: Decimal) -> list[tuple[str, list[Indicator]]]:
    """Level-1 blocks with their rows: 10–20 rows, every level-1 block with weight."""
    r = g.r
    counts = {
        "数量指标": r.randint(1, 4),
        "质量指标": r.randint(1, 3),
        "时效指标": r.randint(1, 2),
        "成本指标": r.randint(1, 2),
        "经济效益指标": r.choices((0, 1), (4, 1))[0],
        "社会效益指标": r.randint(1, 3),
        "生态效益指标": r.choices((0, 1), (6, 1))[0],
        "可持续影响指标": r.choices((0, 1), (3, 1))[0],
        "服务对象满意度指标": r.randint(1, 3),
        "其他满意度指标": r.choices((0, 1), (6, 1))[0],
    }
    target_rows = r.randint(10, 20)
    shrinkable = ("数量指标", "质量指标", "社会效益指标", "服务对象满意度指标", "时效指标")
    while sum(max(c, 1) for c in counts.values()) > target_rows:
        k = r.choice([k for k in shrinkable if counts[k] > 1] or ["数量指标"])
        if counts[k] <= 1:
            break
        counts[k] -= 1
    blocks = []
    for l1, l2s in LEVEL2.items():
        rows: list[Indicator] = []
        for l2 in l2s:
            if counts[l2] == 0:
                rows.append(g.not_applicable(l2))
            else:
                rows.extend(_rows_for(g, l2, counts[l2], rate))
        blocks.append((l1, rows))
    return blocks


def _split(r: random.Random, total: int, k: int) -> list[Decimal]:
    """`total` points over k rows in steps of 0.5, each at least 1; often equal."""
    if k == 1:
        return [Decimal(total)]
    if r.random() < 0.45 and (total * 100) % k == 0:
        return [Decimal(total * 100 // k) / 100] * k
    units = total * 2
    parts = [2] * k
    for _ in range(units - 2 * k):
        parts[r.randrange(k)] += 1
    return [Decimal(p) / 2 for p in parts]


def _published(ind: Indicator, weight: Decimal) -> Decimal:
    return _d(weight * min(ind.share, Decimal(1)))


def _line(*cells: str) -> str:
    out = list(cells) + [""] * (COLUMNS - len(cells))
    return "\t".join(out)


def _money(x: Decimal) -> str:
    return f"{x:.2f}"


def make_table(r: random.Random) -> Synthetic:
    g = _Gen(r)
    code = "4403" + "".join(str(r.randrange(10)) for _ in range(17))
    topic = r.choice(TOPICS)
    name = topic + r.choice(SUFFIXES)
    year = r.choice((2022, 2023, 2024))
    unit = r.choice(UNITS)
    who = r.choice(WHO)

    annual = _d(
        r.choice((r.uniform(2e4, 2e5), r.uniform(2e5, 3e6), r.uniform(3e6, 3e7))), Decimal(1)
    )
    initial = (
        annual if r.random() < 0.6 else _d(annual * Decimal(str(r.uniform(0.5, 1.3))), Decimal(1))
    )
    if r.random() < 0.05:
        initial = Decimal(0)
    ratio = r.choice((r.uniform(0.9, 1.0), r.uniform(0.9, 1.0), r.uniform(0.5, 0.9), 1.0))
    executed = _d(annual * Decimal(str(ratio)))
    rate = _d(executed / annual * 100)
    budget_score = _d(executed / annual * 10)
    carried = Decimal(0) if r.random() < 0.8 else _d(annual * Decimal(str(r.uniform(0.05, 0.3))))
    carried_exec = _d(carried * Decimal(str(ratio)))

    lines = [_line("项目支出绩效自评表")]
    if r.random() < 0.3:
        lines.append("")
    lines += [
        _line("项目编码:", code, "项目名称:", name, "绩效自评年度:", str(year)),
        _line("实施单位:", unit, "一级预算单位:", unit),
        _line("资金使用情况"),
        _line("", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"),
        _line(
            "项目资金(元)",
            "年度资金总额",
            _money(initial),
            _money(annual),
            _money(executed),
            "10",
            r.choice((f"{rate:.4f}", f"{rate:.2f}")),
            f"{budget_score:.2f}",
        ),
        _line(
            "",
            "其中:当年财政拨款",
            _money(initial - carried if initial else initial),
            _money(annual - carried),
            _money(executed - carried_exec),
            "—",
            "—",
            "—",
        ),
        _line(
            "",
            "上年结转资金",
            _money(carried),
            _money(carried),
            _money(carried_exec),
            "—",
            "—",
            "—",
        ),
        _line("", "其他资金", "0.00", "0.00", "0.00", "—", "—", "—"),
        _line("项目目标完成情况"),
        _line("年度总体目标", "预期目标", "", "", "", "* 实际完成情况"),
        _line(
            "",
            r.choice(GOALS).format(topic=topic, who=who),
            "",
            "",
            "",
            r.choice(ACHIEVED).format(
                topic=topic,
                who=who,
                n=r.randint(3, 60),
                m=r.randint(50, 90000),
                p=_num(g.pct(90, 100)),
            ),
        ),
        "\t".join(
            (
                "年度绩效指标",
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "* 实际完成值",
                "* 分值",
                "* 得分",
                "偏差原因分析及改进措施",
            )
        ),
    ]

    blocks = _plan(g, rate)
    total = budget_score
    written = applicable = under = 0
    artefacts = r.random() < 0.03  # "#####": a column too narrow when the PDF was printed
    for l1, rows in blocks:
        active = [i for i in rows if i.applicable]
        weights = iter(_split(r, LEVEL1_WEIGHTS[l1], len(active)))
        spaced = r.random() < 0.25
        label = f"{l1} ({LEVEL1_WEIGHTS[l1]}分)" if spaced else f"{l1}({LEVEL1_WEIGHTS[l1]}分)"
        prev_l2 = None
        for pos, ind in enumerate(rows):
            weight = next(weights) if ind.applicable else Decimal(0)
            score = _published(ind, weight) if ind.applicable else Decimal(0)
            total += score
            written += 1
            applicable += ind.applicable
            under += ind.under
            if ind.applicable:
                reason = r.choice(REASONS) if ind.under else r.choice(("无偏差", "", ""))
                w_text = f"{weight:.2f}"
                s_text = "#####" if artefacts else f"{score:.2f}"
            else:
                reason = r.choice(("无偏差", ""))
                w_text = r.choice(("0", "0.00"))
                s_text = r.choice(("0.00", "0", "0.00"))
            tail = (ind.target, ind.actual, w_text, s_text, reason)
            new_l2 = ind.l2 != prev_l2
            prev_l2 = ind.l2
            if pos == 0:
                lead = ("" if r.random() < 0.9 else None, label, ind.l2)
            elif new_l2:
                lead = ("", "" if r.random() < 0.88 else None, ind.l2)  # PDF drops a cell
            else:
                lead = ("", "", "")
            cells = [c for c in lead if c is not None]
            lines.append("\t".join([*cells, ind.name, *tail]))
    total_text = "####" if artefacts else f"{total:.2f}"
    lines.append(_line("总分", "", "", "", "", "", "100.00", total_text, "—"))
    return Synthetic(
        text="\n".join(lines),
        code=code,
        name=name,
        indicators=written,
        applicable=applicable,
        under=under,
        weight_total=Decimal(90),
    )


def synthetic_specs(n_tables: int, seed: int = 0) -> list[Synthetic]:
    rng = random.Random(seed)
    return [make_table(rng) for _ in range(n_tables)]


def synthetic_text(n_tables: int, seed: int = 0) -> str:
    """`n_tables` tables in the seed-003 layout, separated by a blank line."""
    return "\n\n".join(s.text for s in synthetic_specs(n_tables, seed)) + "\n"


def synthetic_tables(n_tables: int, seed: int = 0) -> list[Case]:
    """The generated tables read back through `grid_from_text` and `read_tables`."""
    from jixiao.ingest.selfeval import read_tables
    from jixiao.ingest.text import grid_from_text

    tables, _ = read_tables(grid_from_text(synthetic_text(n_tables, seed), "synthetic.txt"))
    return tables


if __name__ == "__main__":
    import sys

    print(synthetic_text(int(sys.argv[1]) if len(sys.argv) > 1 else 1))
