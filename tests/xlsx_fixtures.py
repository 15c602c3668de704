"""Build realistic 项目支出绩效自评表 (project self-evaluation) workbooks for importer tests.

Not a test module: tests import it (pytest puts ``tests/`` on ``sys.path``)::

    from xlsx_fixtures import build_workbook, seed003_tables
    path = build_workbook(tmp_path / "t.xlsx", seed003_tables(), layout="shenzhen",
                          numbers="number", merge_l1_l2=False, blank_columns=(0,))

A table is a plain dict (:class:`TableSpec`, see ``tests/xlsx_layouts.py``); ``build_workbook``
writes it with a layout and any combination of :class:`Quirks`.

Research (found with the project's ``search`` tool; titles as published)
-----------------------------------------------------------------------
* National template: 财政部《项目支出绩效评价管理办法》(财预〔2020〕10号) 附件1
  "项目支出绩效自评表（  年度）". The 财政部 page itself was not in the index; the form was
  reconstructed from documents citing the 办法 (百色市财政局 百财办〔2021〕4号
  "百色市本级项目支出绩效评价管理办法"; 乌拉特中旗财政局 "乌拉特中旗旗级绩效评价管理办法") and
  from filled copies below. The brief's number 财办监〔2020〕10号 was not confirmed by what was
  found.
* "办公宿舍楼、食堂及餐厅暖通改造经费 绩效自评表(修改)" (廊坊市食品工程学校, lfsp.cn): "附件1 /
  项目支出绩效自评表 / （2019年度）", 项目资金（万元）, 年度资金总额 / 其中：当年财政拨款 /
  上年结转资金 / 其他资金, headers wrapped in the cell, template rows "指标1…", "指标2", "……" left
  in place, 执行率 written "86%".
* "附件: 项目支出绩效自评表 (2022年度)" (池州市贵池区棠溪镇人民政府, 委托业务项目): 万元,
  "年度资金总额:" with a colon, "其中:本年财政拨款", unit names prefixed by codes ("219001-…").
* "天长市水利局水旱灾害防御股项目支出绩效自评" (2023-12-05): 全年预算数(A) / 全年执行数(B) /
  执行率(B/A), frames 年度总体目标完成情况 / 年度绩效指标完成情况, "-" in the sub-rows, "指标1:"
  prefixes with "……" rows, and a footnote fixing 产出 50 / 效益 30 / 满意度 10 / 执行率 10.
* Sichuan "部门预算项目支出绩效自评表(2023年度)", 报表编号 510000_0013zp (青神县发展和改革局,
  scqs.gov.cn; 大英县司法局, dyxrmt.cn): 项目名称 "51000021R000000019951-工资性支出", 实施单位
  (盖章), 项目基本情况, 预算执行情况(10分) with 年度预算数(万元) 年初预算 调整后预算数 预算执行数
  预算执行率 权重 得分 原因 over rows 总额 / 其中:财政资金 / 财政专户管理资金 / 单位资金 / 其他资金
  (rates "100.00%", "/" in sub-rows); 绩效指标(90分) with 一级 二级 三级指标 指标性质 (= ≥ ≤)
  指标值 度量单位 完成值 权重 得分 未完成原因分析; 合计; 评价结论 / 存在问题 / 改进措施; 项目负责人
  / 财务负责人.
* A 项目支出绩效自评表 scoring note (doczj.com): "≥" targets score actual/target × weight, "≤"
  targets target/actual × weight, as in DOMAIN.md.
* Seed 003 (深圳市罗湖区政务服务数据管理局, 2023): the Shenzhen layout.

Layouts (logical columns A..; ``blank_columns`` shifts them)
-----------------------------------------------------------
* ``national``: title, "（2023年度）", 项目名称; 主管部门 | 实施单位; 项目资金（万元） | 年初预算数
  | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 over 年度资金总额 / 其中：当年财政拨款 /
  上年结转资金 / 其他资金; 年度总体目标 预期目标 | 实际完成情况; 绩效指标 | 一级指标 | 二级指标 |
  三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施; 总分. Full-width
  punctuation.
* ``shenzhen`` (seed 003): 项目编码: | 项目名称: | 绩效自评年度: on one row, 实施单位: |
  一级预算单位:, banner 资金使用情况, 项目资金(元) with 执行率(%), banner 项目目标完成情况,
  "* 实际完成情况", column A "年度绩效指标" merged over the indicators, headers
  "* 实际完成值" "* 分值" "* 得分".
* ``variant_a`` (Sichuan): 11 columns as above; the target is split into 指标性质 / 指标值 /
  度量单位 (or given as ``nature`` / ``value`` / ``measure``); 上年结转资金 has no row there.
* ``variant_b`` (Anhui): national with "附件1", (A)/(B) headers, "年度资金总额:",
  "其中：本年财政拨款", "指标N:" prefixes, a "……" row closing every 二级指标 group, "-" sub-rows
  and a footnote.

Reading notes
-------------
Formulas (``formulas=True``) are written without cached values: openpyxl with
``data_only=True`` reads None, python_calamine reads "". Real error cells (``rate_error``, or a
spec value equal to an Excel error code such as "#DIV/0!") are data_type "e": openpyxl reads the
code, python_calamine reads "". '#####' / '####' (seed 003, ``hash_scores``) are plain text.
python_calamine returns every number as float and the hidden cells of a merge as "".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from xlsx_layouts import (
    HEADER_VARIANTS,
    LAYOUTS,
    IndicatorSpec,
    Quirks,
    TableSpec,
    write_grid,
)

__all__ = [
    "HEADER_VARIANTS",
    "LAYOUTS",
    "Quirks",
    "TableSpec",
    "build_broken_workbooks",
    "build_layouts",
    "build_workbook",
    "fill_workbook",
    "make_quirks",
    "seed003_tables",
]


def make_quirks(options: Quirks | Mapping[str, Any] | None = None, **quirks: Any) -> Quirks:
    """Quirks from a Quirks, a mapping of field names, keyword overrides, or nothing."""
    base = options if isinstance(options, Quirks) else Quirks(**dict(options or {}))
    return replace(base, **quirks)


def _sheet_title(index: int, name: str) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)
    return f"{index + 1}.{clean}"[:31]


def build_workbook(
    path: str | Path,
    tables: Sequence[TableSpec],
    *,
    layout: str = "national",
    options: Quirks | Mapping[str, Any] | None = None,
    **quirks: Any,
) -> Path:
    """Write ``tables`` to ``path`` with ``layout`` (see LAYOUTS) and quirks; return the path.

    ``options`` and keyword arguments are :class:`Quirks` fields, e.g. ``stack="one_sheet"``,
    ``numbers="number"``, ``header_overrides=HEADER_VARIANTS["target_value"]``.
    """
    wb = fill_workbook(tables, LAYOUTS[layout], make_quirks(options, **quirks))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def fill_workbook(tables: Sequence[TableSpec], make: Any, q: Quirks) -> Workbook:
    """A workbook holding ``tables`` drawn by the layout function ``make`` with quirks ``q``:
    stacked on one sheet, or one sheet per table."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if q.stack == "one_sheet" or not tables:
        ws.title = q.sheet_name or "绩效自评表"
        top = 1
        for table in tables:
            top += write_grid(ws, make(table, q), top) + q.stack_gap
    else:
        for i, table in enumerate(tables):
            sheet = ws if i == 0 else wb.create_sheet()
            sheet.title = _sheet_title(i, table["project"]["name"])
            write_grid(sheet, make(table, q))
    return wb


def build_layouts(
    directory: str | Path, tables: Sequence[TableSpec], **quirks: Any
) -> dict[str, Path]:
    """One workbook per layout, named ``<layout>.xlsx``."""
    d = Path(directory)
    return {
        name: build_workbook(d / f"{name}.xlsx", tables, layout=name, **quirks) for name in LAYOUTS
    }


def build_broken_workbooks(directory: str | Path) -> dict[str, tuple[Path, str]]:
    """Files for error-path tests: name -> (path, what is wrong)."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[Path, str]] = {}

    wb = Workbook()
    wb.save(d / "empty.xlsx")
    out["empty"] = (d / "empty.xlsx", "valid workbook with one empty sheet")

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "收入支出决算总表"
    for row in (("收入支出决算总表",), ("项目", "金额"), ("一般公共预算财政拨款收入", 1523.26)):
        ws.append(row)
    wb.save(d / "no_table.xlsx")
    out["no_table"] = (d / "no_table.xlsx", "a 决算 sheet, no 项目支出绩效自评表 anywhere")

    table = seed003_tables()[0]
    table["indicators"] = []
    path = build_workbook(d / "no_indicators.xlsx", [table], layout="shenzhen")
    out["no_indicators"] = (path, "header and funds blocks, but no indicator rows")

    table = seed003_tables()[0]
    table["indicators"][0]["weight"] = None
    path = build_workbook(d / "missing_weight.xlsx", [table], layout="shenzhen")
    out["missing_weight"] = (path, "first indicator (参与党建活动人数) has an empty 分值 cell")

    table = seed003_tables()[0]
    table["indicators"][1]["target"] = "见附件"
    path = build_workbook(d / "unreadable_target.xlsx", [table], layout="shenzhen")
    out["unreadable_target"] = (path, "target of 订阅(购置)学习刊物 is '见附件'")

    html = "<html><body><table><tr><td>项目支出绩效自评表</td></tr></table></body></html>"
    (d / "html_table.xlsx").write_text(html, encoding="utf-8")
    out["not_xlsx"] = (d / "html_table.xlsx", "an HTML table saved under an .xlsx name")

    (d / "zero_bytes.xlsx").write_bytes(b"")
    out["zero_bytes"] = (d / "zero_bytes.xlsx", "an empty file")

    noise = bytes((i * 97 + 13) % 256 for i in range(4096))
    (d / "encrypted.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + noise)
    out["encrypted"] = (d / "encrypted.xlsx", "OLE2 container, as a password-protected xlsx")

    data = path.read_bytes()
    (d / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    out["truncated_zip"] = (d / "truncated.xlsx", "the first half of a valid xlsx (corrupt zip)")

    (d / "garbage.xlsx").write_bytes(noise)
    out["garbage"] = (d / "garbage.xlsx", "random bytes")
    return out


def seed003_tables() -> list[TableSpec]:
    """The seven tables of seed 003 as printed: strings only, '#####' / '####' kept.

    PDF-extraction shifts are undone (a row whose 成本指标 slid into column A is still l2 under
    产出指标); line-break spaces inside data ("辅助性人力资源 经费") are kept as printed.
    """
    return [_seed_table(raw) for raw in _SEED003]


def _seed_table(raw: tuple[str, ...]) -> TableSpec:
    head, money, unit, department, expected, achieved, *rows = raw
    code, name = head.split("|")
    initial, annual, executed, weight, rate, score, t_weight, t_score, t_reason = money.split("|")
    amounts: list[str | int | float | None] = [initial, annual, executed]
    indicators: list[IndicatorSpec] = []
    l1 = l2 = ""
    for row in rows:
        a, b, l3, target, actual, w, s, reason = row.split("|")
        l1, l2 = a or l1, b or l2
        indicators.append(
            {
                "l1": l1,
                "l2": l2,
                "l3": l3,
                "target": target,
                "actual": actual,
                "weight": w,
                "score": s,
                "reason": reason,
            }
        )
    zero: list[str | int | float | None] = ["0.00", "0.00", "0.00"]
    rows_by_key = {
        "年度资金总额": amounts,
        "当年财政拨款": list(amounts),
        "上年结转资金": zero,
        "其他资金": list(zero),
    }
    return {
        "project": {
            "code": code,
            "name": name,
            "year": 2023,
            "unit": unit,
            "department": department,
        },
        "funds": {
            "unit": "元",
            "rows": rows_by_key,
            "weight": weight,
            "rate": rate,
            "score": score,
        },
        "goal": {"expected": expected, "achieved": achieved},
        "indicators": indicators,
        "total": {"weight": t_weight, "score": t_score, "reason": t_reason},
    }


_LH = "深圳市罗湖区政务服务数据管理局(本级)"

# One tuple per table: "code|name", "initial|annual|executed|funds weight|rate|score|total
# weight|total score|total reason" (当年财政拨款 equals 年度资金总额, 上年结转资金 and 其他资金 are
# 0.00 in all seven), unit, department, expected goal, achieved goal, then one
# "l1|l2|l3|target|actual|weight|score|reason" per indicator; empty l1 / l2 repeat the row above.
_SEED003: tuple[tuple[str, ...], ...] = (
    (
        "440303210301500003219|党政事务",
        "50000.00|50000.00|3657.80|10|7.32|0.73|100.00|90.73|—",
        _LH,
        _LH,
        "1: 深入推进机关党建工作, 做好支部党员教育、管理, 优化党员活动场所建设, 为党员干部提供形"
        "式多样的学习和交流机会, 推动局政治学习教育常态化制度化; 2: 积极抓好理论学习教育, 引导党"
        "员干部提升学习的主动性、自觉性, 认真学习党建书籍, 提升政治理论水平。",
        "“三会一课”制度落实完成率达100%, 开展党建活动16次, 展现党员干部良好形象, 丰富党员政治生"
        "活内容, 有效发挥党组织作用, 党员满意度达100%。",
        "产出指标(50分)|数量指标|参与党建活动人数|≥200人次|200人次|7.00|7.00|无偏差",
        "||订阅(购置)学习刊物|≥4批次|4批次|7.00|7.00|无偏差",
        "||开展党建活动次数|≥12次|16次|7.00|7.00|无偏差",
        "|质量指标|党建活动模式创新情况|有所提升|100%|7.00|7.00|无偏差",
        "||党建活动参与率|≥90%|90%|7.00|7.00|无偏差",
        "|时效指标|党建相关工作及时率; 资金支出|100%; 100%|100%; 100%|7.00|7.00|无偏差",
        "|成本指标|项目成本|≤5万元|3657.8元|8.00|8.00|无偏差",
        "效益指标(30分)|经济效益指标|无|无|无|0|0.00|无偏差",
        "|社会效益指标|党建素养及知识提升员工比例|≥90%|100%|30.00|30.00|无偏差",
        "|生态效益指标|无|无|无|0|0.00|无偏差",
        "|可持续影响指标|无|无|无|0|0.00|无偏差",
        "满意度指标(10分)|服务对象满意度指标|满意度|≥90%|100%|10.00|10.00|无偏差",
        "|其他满意度指标|无|无|无|0|0.00|无偏差",
    ),
    (
        "440303210301500002808|干部健康管理",
        "41000.00|41000.00|39099.42|10|95.3600|9.54|100.00|####|—",
        _LH,
        _LH,
        "通过开展干部疗养项目,进一步加强干部职工关心关爱,提升人文关怀,增强干部职工的归属感,落实"
        "干部职工关心关爱制度",
        "本年度及时开展干部疗养项目,实际完成健康管理干部10人,健康管理干部级别符合率达100%,有效增"
        "强干部职工的归属感。",
        "产出指标(50分)|数量指标|健康管理干部数量|10人|10人|12.50|#####|",
        "|质量指标|健康管理干部级别符合率|100%|100%|12.50|#####|",
        "|时效指标|2023年1月-2023年12月|1年|1年|12.50|#####|",
        "|成本指标|干部健康管理经费|41000|39099.42元|12.50|#####|剩下余额无法支付一人干部健康管"
        "理经费",
        "效益指标(30分)|经济效益指标|无|无|无|0|0.00|",
        "|社会效益指标|增强干部关心关爱|有效|100%|30.00|#####|",
        "|生态效益指标|无|无|无|0|0.00|",
        "|可持续影响指标|无|无|无|0|0.00|",
        "满意度指标(10分)|服务对象满意度指标|健康管理干部满意|健康管理干部满意|100%|10.00|#####|",
        "|其他满意度指标|无|无|无|0|0.00|",
    ),
    (
        "440303210301500003483|平台运营及项目管理",
        "1907000.00|1707000.00|1655667.00|10|96.9900|9.70|100.00|99.70|—",
        _LH,
        _LH,
        "1. 开展“i罗湖”平台的政务办事、公共服务、平台运维服务等工作。 2. 开展微信公众号日常宣传"
        "运营、互动推广服务工作。 3. 开展信息化项目技术论证工作。",
        "1. 2023年“i罗湖”已接入 3770 项政务服务事项、121项公共服务、91个政务服务办事主题、258项"
        "无感申办事项, 124项“秒批”事项、5类政务公开信息。 2. 2023年“i罗湖”全年发布推文525条, 阅"
        "读量达220万人次。 3. 2023年全年开展20场信息化项目技术论证工作。",
        "产出指标 (50分)|数量指标|推文发布数|≥400条|525条|10.00|10.00|无偏差",
        "||技术论证完成率|100%|100%|10.00|10.00|无偏差",
        "|质量指标|技术论证通过率|≥90%|100%|10.00|10.00|无偏差",
        "|时效指标|项目完成及时性|≥90%|100%|10.00|10.00|无偏差",
        "|成本指标|支出进度达标率|≥95%|96.99%|10.00|10.00|无偏差",
        "效益指标 (30分)|经济效益指标|无|无|不适用|0|0.00|无偏差",
        "|社会效益指标|宣传知晓率|≥3万|220万|30.00|30.00|偏差原因: 阅读量人数具有不可预测性。202"
        "3年“i罗湖”全年发布推文525条, 阅读量达220万人次。 改进措施: 下一步提高绩效目标精确性。",
        "|生态效益指标|无|无|不适用|0|0.00|无偏差",
        "|可持续影响指标|无|无|不适用|0|0.00|无偏差",
        "满意度指标 (10分)|服务对象满意度指标|公众满意度|基本满意|97.42%|10.00|10.00|无偏差",
        "|其他满意度指标|无|无|不适用|0|0.00|无偏差",
    ),
    (
        "440303221551547100500|行政服务大厅运行",
        "14103000.00|14103000.00|13085288.70|10|92.7800|9.28|100.00|98.16|—",
        _LH,
        _LH,
        "<p>紧紧围绕“湾区枢纽,万象罗湖”的战略定位,多措并举打造政务服务“五个一”,持续深化“放管服”"
        "改革,进一步提升我区线上线下一体化政务服务能力总体服务质量和水平,统筹全区各层级大厅一体"
        "化建设工作,进一步优化营商环境,提升群众的幸福感和满意度。</p>",
        "<p>定期召开区政务服务系统工作座谈会,研讨服务工作难点。全年叫号数量17.76万,聚焦基层服务"
        "难点,构建区中心业务骨干“一对一”定点联系基层政务服务场所制度,制定9个大厅管理系列制度,完"
        "成10个街道及81个社区的驻点交流工作,重点就“全市域通办”“五个靠前”惠企政务服务前移“服务港"
        "人港企”等重点工作进行业务指导,优化街道、社区业务办理水平,形成覆盖“反馈-响应-解决”全流程"
        "的高效处置机制,强化重点改革举措落地成效,提高企业群众办事效率。</p>",
        "产出指标(50分)|数量指标|叫号数量|全年突破21万|17.76万|6.00|5.07|偏差原因:因食品经营许可"
        "证、特种设备等业务已实行全流程网办,导致现场办理和叫号数量减少。 改进措施:往后年度编制绩"
        "效目标时结合全流程网办准确填写绩效指标值。",
        "||辅助性人员工资发放批次|12批次|12批次|6.00|6.00|",
        "||制定大厅管理系列制度|≥5|9个|6.00|6.00|",
        "|质量指标|项目验收合格率|100%|100%|6.00|6.00|",
        "||辅助性人员工资发放准确率|100%|100%|6.00|6.00|",
        "|时效指标|2023年度项目资金完成率|98%|100%|6.00|6.00|",
        "||项目完成及时率|100%|100%|6.00|6.00|",
        "|成本指标|支出进度达标率|≥95%|92.78%|8.00|7.81|因2023年省、市多次组织大范围网络安全演练"
        ",为确保系统开发中涉及个人敏感数据安全,在演练期间乙方关闭系统并停止研发和服务,导致罗湖区"
        "政务服务数据管理局政务服务数据赋能应用运营服务项目未能按既定计划完工,未达到初验时间节点"
        ",从而未按计划安排支出本项目初验款92.4万元,并已申请该笔款项结转至2024年支付。",
        "效益指标(30分)|经济效益指标|||不适用|0|0.00|",
        "|社会效益指标|提高企业群众办事效率|有所提升|100%|30.00|30.00|",
        "|生态效益指标|||不适用|0|0.00|",
        "|可持续影响指标|||不适用|0|0.00|",
        "满意度指标(10分)|服务对象满意度指标|群众满意率|99%以上|99.98%|10.00|10.00|好差评管理系"
        "统中显示满意度调查超过99%",
        "|其他满意度指标|||不适用|0|0.00|",
    ),
    (
        "440303241553147100000|辅助性人力资源 经费",
        "0.00|680000.00|652492.88|10|95.9500|9.60|100.00|99.60|—",
        "深圳市罗湖区政务服务数据管理局 (本级)",
        _LH,
        "《关于调整政务服务数据管理局辅助性人员规模批复》",
        "每月按时发放工资,辅助性人员工资发放准确率达100%,有效增强辅助性人员的关心关爱。",
        "产出指标 (50分)|数量指标|辅助性人员工资 发放批次|12批次|12批次|12.50|12.50|",
        "|质量指标|辅助性人员工资 发放准确率|1|100%|12.50|12.50|",
        "|时效指标|辅助性人员工资 发放及时率|1|100%|12.50|12.50|",
        "|成本指标|支出进度达标率|≥95%|95.95%|12.50|12.50|",
        "效益指标 (30分)|经济效益指标|无|无|无|0|0|",
        "|社会效益指标|增强辅助性人员 的关心关爱|有效|100%|30.00|30.00|",
        "|生态效益指标|无|无|无|0|0|",
        "|可持续影响指标|无|无|无|0|0|",
        "满意度指标 (10分)|服务对象满意度 指标|辅助性人员的满 意程度|≥95%|99%|10.00|10.00|",
        "|其他满意度指标|无|无|无|0|0|",
    ),
    (
        "440303221551547700000|综合管理事务",
        "180000.00|363000.00|332627.50|10|91.6300|9.16|100|99.09|—",
        _LH,
        _LH,
        "1、通过开展文明城市创建工作及委托第三方专业机构规范内部事务管理,有效提升文明城市创建水"
        "平及内部风险防范能力; 2、用于落实创文工作指标,推进各创文点位上公益广告、景观小品、宣传"
        "手册等印刷品和陈列设施规范化、统一化、美观化等; 3、确保合同签订合法合规,提升规范化管理,"
        "有效规避法律风险; 4、实现档案管理工作规范化、制度化; 5、用于一些项目的支出",
        "1、印制创文公益广告158张、创文宣传手册167份,印制行业规范72份,落实全覆盖检查。在市、区交"
        "叉检查中各项指标均100%达标。 2、处理合同83个,完成法律咨询及处理其他法律事务,加强规范治"
        "理、控制法律风险。 3、在2023年度全国文明城市创建指标考核中得满分100分,无扣分情况。",
        "产出指标 (50分)|数量指标|印制创文公益广告数量;印制创文宣传手册;印制行业规范|≥100张; ≥50"
        "份; ≥10份|158张; 167份; 72份|6.00|6.00|一、原因分析:因2022年度全国文明城市创建国检安排"
        "在2023年4月进行,期间时间跨度超16个月,且在2022年11月市文明办下发新的创建指标要求,导致我"
        "局涉及的47个运营商营业厅及区政务服务中心均需更换公益广告。 二、改进举措:2023—2024年度全"
        "国文明城市创建工作指标要求已作精简,故不会出现超年度目标过多的情况。",
        "||处理合同个数;法律咨询及处理其他法律事|≥70个; 100%|83个; 100%|6.00|6.00|",
        "||整理档案数量完成率|100%|100%|6.00|6.00|",
        "|质量指标|创文工作检查指标合格率|有所提升|100%|6.00|6.00|",
        "||合同审核完成率;法律咨询意见有效率|100%; 100%|100%; 100%|6.00|6.00|",
        "||档案整理工作规范性|100%|100%|6.00|6.00|",
        "|时效指标|于第四季度结束前完成相关工作|从第一季度开始陆续开展,预计第四季度完成|第四季度"
        "|6.00|6.00|",
        "||按年签订法律顾问合同,一次性付款。|第四季度前完成|第三季度|6.00|6.00|",
        "|成本指标|支出进度达标率|≥95%|91.63%|2.00|1.93|原因:指标被冻结,无法支付款项。",
        "效益指标 (30分)|经济效益指标|无|无|无|0.00|0.00|",
        "|社会效益指标|加强规范治理、控制法律风险|有所提升|100%|10.00|10.00|",
        "||档案管理工作规范化|有所提升|100%|10.00|10.00|",
        "||文明氛围|有所提升|100%|10.00|10.00|",
        "|生态效益指标|无|无|无|0.00|0.00|",
        "|可持续影响指标|无|无|无|0.00|0.00|",
        "满意度指标 (10分)|服务对象满意度指标|创文区考部门绩效指标得分|≥95分|100分|4.00|4.00|",
        "||各科室满意度|≥95%|99%|3.00|3.00|",
        "||各科室满意度|≥98%|99%|3.00|3.00|",
        "|其他满意度指标|||无|0|0.00|",
    ),
    (
        "440303210301500003345|政务热线智能化建设",
        "800000.00|800000.00|799434.94|10|99.9300|9.99|100.00|99.99|—",
        _LH,
        _LH,
        "<p>1政务热线工单运营支撑服务经费:通过专业化的热线运营管理,确保分派至罗湖区的12345政务服"
        "务便民热线工单在市局规定期限内按时处置办结,顺利完成市、区两级系统的闭环流转,确保年底的"
        "绩效考核达标。</p> <p>2知识库建设:通过专业化知识库运营管理,以达到市级审核95%以上的通过"
        "率为运维目标,完成市12345政务服务便民热线知识库的信息日常更新与维护、培训等,确保年底的绩"
        "效考核达标。</p> <p>3政务热线数据分析应用:结合罗湖区民生诉求事项实际情况,通过专人细化政"
        "务热线数据,分类增加标签、更新标签;汇总罗湖区热线诉求疑难事件报罗湖区统一诉求事件权责清"
        "单维护专班;深入挖掘热线民生诉求,详细的撰写形成周报、月报,为政府决策提供支撑。</p>",
        "<p>政务热线工单运营支撑服务:2023年市考罗湖区绩效考核中“民生诉求办理效能”未扣分,保质保量"
        "按时办结工单。</p> <p>知识库建设:根据市局要求在“@深圳一民意速办”系统上共计维护管理罗湖"
        "区知识库1258条;上线审批:470条、下线审批:123条,新增:248条,修改:222条,下线123条。截至2023"
        "年12月31日,录入各职能单位信息共1945条资料,均在规定时限内完成。2023年全市罗湖区绩效考核"
        "中“知识库信息质量”未扣分。</p> <p>政务热线数据分析应用:分级分类多维度完成打标工单140436"
        "件工单标签,细化数据统计分析,对民生诉求深入挖掘,详细的撰写形成51篇周报、12篇月报,为政府"
        "决策提供支撑。</p>",
        "产出指标(50分)|数量指标|办结分派至罗湖区的“12345政务服务便民热线”工单|≥40000件工单|1259"
        "30件工单|5.00|5.00|完成值高原因:深圳市推动民生诉求综合服务改革,全面拓宽民意受理渠道,大"
        "力宣传提高群众知晓率,因此工单数量大幅上涨。改进措施:2024年将结合2023年办结工单数据调增"
        "年度指标值。",
        "||知识库运维及管理更新量|≥1500条信息|1945条信息|5.00|5.00|完成值高原因:依据每年发布各类"
        "政策,实时调整更新知识信息,各类知识点存在批量增加或删减及修改的情况,信息数量不可控。改进"
        "措施:2024年将结合2023年数据调设年度指标值。",
        "||政务热线标签管理;深入撰写政务热线周报与月报;区热线管理部门召开关于梳理讨论罗湖区政务"
        "热线诉求疑难事件的会议|≥40000件工单标签; ≥50篇; ≥4场|140436件工单标签; 63篇; 10场|5.00|"
        "5.00|完成值高原因:深圳市推动民生诉求综合服务改革,全面拓宽民意受理渠道,大力宣传提高群众"
        "知晓率,工单数量大幅上涨,涉及的标签、事件分析报告、疑难事件会议等业务相应增加。改进措施:"
        "2024年将结合2023年数据调设年度指标值。",
        "|质量指标|市局对分派至罗湖区的“12345政务服务便民热线”工单最终审核通过率|≥98%|100%|5.00|"
        "5.00|无偏差,正常范围内",
        "||2023年完成知识库运维管理|≥98%|99.79%|5.00|5.00|无偏差,正常范围内",
        "||政务热线标签使用率;政务热线周报与月报的报送率;定期汇总罗湖区政务热线诉求疑难事件清单|"
        "≥98%; ≥98%; ≥1版|98%; 100%; 1版|5.00|5.00|无偏差,正常范围内",
        "|时效指标|2023年保质保量按时完成热线工单处置|在规定时限内要求完成|100%|5.00|5.00|无偏差"
        ",正常范围内",
        "||2023年完成知识库运维管理|在规定时限内要求完成|100%|5.00|5.00|无偏差,正常范围内",
        "||2023年完成标签更新、撰写形成周报与月报、罗湖区政务热线诉求疑难事件清单的更新|在规定时"
        "限内要求完成|100%|5.00|5.00|无偏差,正常范围内",
        "|成本指标|支出进度完成情况|≥95%|99.93%|5.00|5.00|",
        "效益指标(30分)|经济效益指标|无|无|无|0|无|无",
        "|社会效益指标|2023年我区政务热线诉求工单办结率|≥95%|99.99%|15.00|15.00|无偏差,正常范围内",
        "||2023年我区政务热线知识库的信息质量整改率|≤5%|0.2%|15.00|15.00|无偏差,正常范围内",
        "|生态效益指标|无|无|无|0|0|无",
        "满意度指标(10分)|服务对象满意度指标|区政务热线管理部门对知识库维护运营的满意度|≥90%|95%"
        "|2.00|2.00|无偏差,正常范围内",
        "||区政务热线管理部门对政务热线数据分析的满意度|≥90%|98%|6.00|6.00|无偏差,正常范围内",
        "||区政务热线管理部门对政务服务热线运营管理的满意度|≥90%|95%|2.00|2.00|无偏差,正常范围内",
        "|其他满意度指标|无|无|无|0|0|无",
    ),
)
