"""Provincial forms that once failed, each written as a workbook the way its template looks
(merged blocks, labels wrapped with Alt+Enter, units declared away from the numbers, extra
columns): every one must read and score exactly, and say so when it had to guess."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from jixiao import api
from jixiao.ingest.registry import read_path
from jixiao.ingest.selfeval import read_tables
from jixiao.ingest.text import grid_from_text

Rows = list[list[object]]


def workbook(path: Path, rows: Rows, merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评表"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value != "":
                cell = ws.cell(r, c, value)
                cell.alignment = Alignment(wrap_text=True)
    for area in merges:
        ws.merge_cells(area)
    wb.save(path)
    return path


def scored(path: Path) -> tuple[api.Result, list[str]]:
    run = api.score_paths([path])
    [result] = run.results
    assert isinstance(result, api.Result)
    return result, [p.code for p in run.problems]


INDICATORS = [
    ["", "产出指标", "数量指标", "养护里程", "≥100公里", "102公里", 30, 30, ""],
    ["", "", "质量指标", "验收合格率", "≥95%", "98%", 20, 20, ""],
    ["", "效益指标", "社会效益指标", "通行条件改善", "明显改善", "明显改善", 20, 20, ""],
    ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 10, 10, ""],
]


def hubei_rows() -> Rows:
    return [
        ["项目支出绩效自评表"],
        ["（2023年度）"],
        ["项目名称", "农村公路养护工程"],
        ["主管部门", "某县交通运输局", "", "实施单位", "某县公路事务中心"],
        [
            "预算执行情况（万元）（20分）",
            "预算数（A）",
            "执行数（B）",
            "执行率（B/A）",
            "得分（20分*执行率）",
        ],
        ["年度财政资金总额", 120, 117.36, "97.8%", 19.56],
        [
            "年度绩效目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年初目标值（A）",
            "实际完成值（B）",
            "分值",
            "得分",
            "偏差原因",
        ],
        *INDICATORS,
        ["总分", "", "", "", "", "", 100, 99.56, ""],
    ]


def test_the_hubei_20_point_form_scores_its_budget_out_of_20(tmp_path: Path) -> None:
    rows = hubei_rows()
    path = workbook(tmp_path / "湖北.xlsx", rows, ("A1:I1", "A2:I2", "A8:A11", "B8:B9"))
    result, codes = scored(path)
    assert result.budget is not None
    assert result.budget.weight == 20 and result.budget.score == Decimal("19.56")
    assert "分值 20.00 分按表内注明的「预算执行情况（万元）（20分）」" in result.budget.explanation
    assert result.total == Decimal("99.56") and result.weight_total == 100
    assert result.case.funds is not None and result.case.funds.money_unit == "万元"
    assert result.case.funds.total.annual == Decimal("1200000")
    assert "missing-funds" not in codes and "funds-unit-unknown" not in codes


def national_rows(header: list[str], unit_label: str = "项目资金（万元）") -> Rows:
    return [
        ["项目支出绩效自评表"],
        ["项目名称", "职业技能培训"],
        [unit_label, "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", 100, 100, 90, 10, "90%", 9],
        header,
        ["", "产出指标", "数量指标", "培训人数", "≥100人", "120人", 50, 50, ""],
        ["", "效益指标", "社会效益指标", "技能提升", "有所提升", "有所提升", 30, 30, ""],
        ["", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10, ""],
        ["总分", "", "", "", "", "", 100, 99, ""],
    ]


HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
]


def test_header_labels_wrapped_inside_their_cells_still_read(tmp_path: Path) -> None:
    wrapped = ["绩效\n指标", "一级\n指标", "二级\n指标", "三级\n指标", "年度\n指标值"]
    wrapped += ["实际\n完成值", "分\n值", "得\n分", "偏差原因分析\n及改进措施"]
    plain = workbook(tmp_path / "平.xlsx", national_rows([*HEADER, "偏差原因分析及改进措施"]))
    alt = workbook(tmp_path / "折行.xlsx", national_rows(wrapped))
    assert scored(alt)[0].total == scored(plain)[0].total == Decimal(99)


@pytest.mark.parametrize(
    ("unit_label", "above", "annual"),
    [
        ("项目资金（万元）", None, Decimal("1000000")),
        ("项目资金", "单位：万元", Decimal("1000000")),
        ("预算执行情况（万元）", None, Decimal("1000000")),
        ("项目资金(元)", None, Decimal("100")),
        ("项目资金", "金额单位：元", Decimal("100")),
    ],
)
def test_the_unit_of_amounts_comes_from_the_nearest_declaration(
    tmp_path: Path, unit_label: str, above: str | None, annual: Decimal
) -> None:
    rows = national_rows([*HEADER, "偏差原因"], unit_label)
    if above is not None:
        rows.insert(1, [above])
    result, codes = scored(workbook(tmp_path / "单位.xlsx", rows))
    assert result.case.funds is not None and result.case.funds.total.annual == annual
    assert "funds-unit-unknown" not in codes


def test_amounts_without_a_unit_are_flagged_not_assumed_silently(tmp_path: Path) -> None:
    result, codes = scored(workbook(tmp_path / "无单位.xlsx", national_rows(HEADER, "项目资金")))
    assert "funds-unit-unknown" in codes
    assert result.budget is not None and result.budget.score == Decimal(9)  # the rate stands


def test_extra_columns_around_the_table_are_read_past(tmp_path: Path) -> None:
    rows: Rows = [
        ["项目支出绩效自评表"],
        ["填报单位（盖章）：某区教育局"],
        ["项目名称", "校园安全保障"],
        ["单位：万元"],
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", 100, 100, 95, 10, "95%", 9.5],
        ["序号", *HEADER[1:], "偏差原因", "备注"],
        [1, "产出指标", "数量指标", "巡查次数", "≥100次", "120次", 25, 25, "无", "无"],
        [2, "", "质量指标", "整改率", "100%", "100%", 25, 25, "无", "已整改"],
        [3, "效益指标", "社会效益指标", "安全事故发生率", "≤1%", "0.5%", 30, 30, "无", "无"],
        [4, "满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "96%", 10, 10, "无", ""],
        ["总分", "", "", "", "", "", 100, 99.5, "", ""],
        ["填报人：张三", "", "联系电话：12345678"],
    ]
    result, codes = scored(workbook(tmp_path / "多列.xlsx", rows))
    assert result.total == Decimal("99.5") and "column-shift" not in codes
    names = [i.path for i in result.indicators]
    assert names[1] == ("产出指标", "质量指标", "整改率")
    assert result.case.indicators[1].deviation == "无"  # the 备注 beside it is not the reason


def test_split_value_columns_keep_the_completion_unit(tmp_path: Path) -> None:
    rows: Rows = [
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "道路维修"],
        [
            "预算执行情况(10分)",
            "年度预算数(万元)",
            "年初预算",
            "调整后预算数",
            "预算执行数",
            "预算执行率",
            "权重",
            "得分",
            "原因",
        ],
        ["", "总额", 50, 50, 40, "80%", 10, 8, ""],
        [
            "绩效指标(90分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "度量单位",
            "权重",
            "得分",
            "未完成原因分析",
        ],
        ["", "产出指标", "数量指标", "维修里程", "≥", 10, "公里", 12, "公里", 30, 30, ""],
        ["", "", "成本指标", "维修成本", "≤", 15, "万元", 148000, "元", 20, 20, ""],
        ["", "效益指标", "社会效益指标", "通行率", "≧", 100, "%", 100, "%", 30, 30, ""],
        ["", "满意度指标", "服务对象满意度指标", "满意度", "﹦", 90, "%", 95, "%", 10, 10, ""],
        ["合计", "", "", "", "", "", "", "", "", 100, 98, ""],
    ]
    result, _ = scored(workbook(tmp_path / "四川.xlsx", rows))
    by_name = {i.path[-1]: i for i in result.indicators}
    assert (by_name["维修成本"].target, by_name["维修成本"].actual) == ("≤15万元", "148000元")
    assert by_name["维修成本"].score == 20  # 14.8 万元 within 15 万元
    assert by_name["通行率"].target == "≥100%"
    assert result.total == Decimal(98)


def test_a_shifted_row_of_pdf_text_is_read_and_said_to_be_shifted() -> None:
    lines = [
        "项目支出绩效自评表",
        "项目名称\t测试",
        "项目资金(元)\t年度资金总额\t100\t100\t90\t10\t90\t9",
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "\t产出指标\t数量指标\t培训人数\t≥100人\t120人\t50\t50",
        "效益指标\t社会效益指标\t技能提升\t有所提升\t有所提升\t30\t30",  # one cell short
        "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10",
        "总分\t\t\t\t\t\t100\t99",
    ]
    text = "\n".join(lines).replace("项目资金(元)\t", "项目资金(元)\t")
    tables, problems = read_tables(grid_from_text(text, "表.txt"))
    [table] = tables
    assert [i.weight for i in table.indicators] == [50, 30, 10]
    [shift] = [p for p in problems if p.code == "column-shift"]
    assert shift.where.line == 6 and "错开 1 列" in shift.message


def test_a_workbook_row_is_never_shifted(tmp_path: Path) -> None:
    rows = national_rows([*HEADER, "偏差原因"])
    rows[6] = ["效益指标", "社会效益指标", "技能提升", "有所提升", "有所提升", 30, 30, ""]
    path = workbook(tmp_path / "错位.xlsx", rows)
    [table], problems = read_path(path)
    assert "column-shift" not in [p.code for p in problems]
    row = table.indicators[1]  # read where the header says, not guessed back into place
    assert (row.path[-1], row.target, row.actual, row.published_score) == (
        "有所提升",
        "有所提升",
        "30",
        None,
    )


def test_a_department_whole_self_evaluation_reads_as_a_table(tmp_path: Path) -> None:
    rows: Rows = [
        ["部门整体支出绩效自评表"],
        ["（2023年度）"],
        ["部门（单位）名称", "某区文化广电旅游体育局"],
        ["年度主要任务", "任务名称", "", "主要内容", "", "完成情况"],
        ["", "公共文化服务", "", "举办文化活动", "", "已完成"],
        [
            "年度部门整体支出预算执行情况（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", 3000, 3200, 3100, 10, "96.88%", 9.69],
        ["", "其中：基本支出", 1000, 1000, 1000, "—", "—", "—"],
        ["", "项目支出", 2000, 2200, 2100, "—", "—", "—"],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
        ["", "完成全年文化工作任务", "", "", "", "已完成"],
        ["年度绩效指标", *HEADER[1:], "偏差原因分析及改进措施"],
        ["", "产出指标", "数量指标", "文化活动场次", "≥100场", "120场", 50, 50, ""],
        ["", "效益指标", "社会效益指标", "群众参与度", "明显提升", "明显提升", 30, 30, ""],
        ["", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10, ""],
        ["总分", "", "", "", "", "", 100, 99.69, ""],
    ]
    result, codes = scored(workbook(tmp_path / "部门整体.xlsx", rows, ("A4:A5", "A6:A9")))
    funds = result.case.funds
    assert result.case.project.name == "某区文化广电旅游体育局"
    assert funds is not None and funds.money_unit == "万元"
    assert [s.name for s in funds.sources] == ["基本支出", "项目支出"]
    assert result.total == Decimal("99.69") and "funds-unit-unknown" not in codes


def test_a_template_note_fixing_the_weights_is_a_declaration(tmp_path: Path) -> None:
    """“一级指标分值统一设置为…” under the table: the budget weight when no 分值 cell gives
    one, and each 一级指标's declared weight (a level whose indicators add up otherwise is
    then a weight-sum finding)."""
    rows = national_rows(HEADER, "项目资金（万元）")
    rows[2] = ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"]
    rows[3] = ["", "年度资金总额", 100, 100, 90, "90%", 9]
    rows.append(
        [
            "注：一级指标分值统一设置为：产出指标50分、效益指标30分、（服务对象）满意度指标10分、"
            "预算资金执行率10分"
        ]
    )
    path = workbook(tmp_path / "注.xlsx", rows)
    result, _ = scored(path)
    assert result.budget is not None and result.budget.weight == 10
    assert "按表内注明的「注：一级指标分值统一设置为" in result.budget.explanation
    assert dict(result.case.declared_weights)[("产出指标",)] == 50
    rows[5][6] = 40  # 产出指标 now adds up to 40 against the 50 the note fixes
    found = api.review_paths([workbook(tmp_path / "少.xlsx", rows)]).findings
    assert "weight-sum" in [r.finding.code for r in found]
