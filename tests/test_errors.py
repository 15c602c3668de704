"""Every error path: a Chinese message naming the place, a non-zero exit, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao import api
from jixiao.cli import cli
from jixiao.core.problems import Severity

TABLE = """项目支出绩效自评表
项目编码:\t001\t项目名称:\t测试项目\t绩效自评年度:\t2024
资金使用情况
\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分
项目资金(元)\t年度资金总额\t100.00\t100.00\t90.00\t10\t90.00\t9.00
年度绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标(50分)\t数量指标\t培训场次\t{target}\t{actual}\t{weight}\t50.00\t
\t效益指标(40分)\t社会效益指标\t群众获得感\t有所提升\t100%\t40.00\t40.00\t
总分\t\t\t\t\t\t100.00\t99.00\t—
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def table(
    tmp_path: Path,
    target: str = "≥10场",
    actual: str = "12场",
    weight: str = "50.00",
    encoding: str = "utf-8",
) -> Path:
    return write(
        tmp_path, "t.txt", TABLE.format(target=target, actual=actual, weight=weight), encoding
    )


def codes(path: Path) -> dict[str, list]:
    run = api.score_paths([path])
    found: dict[str, list] = {}
    for p in run.problems:
        found.setdefault(p.code, []).append(p)
    return found


def test_a_clean_table_has_no_problem(tmp_path: Path) -> None:
    assert codes(table(tmp_path)) == {}


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    run = api.score_paths([table(tmp_path, encoding="gb18030")])
    assert [r.case.project.name for r in run.results] == ["测试项目"]


def test_missing_file(tmp_path: Path) -> None:
    found = codes(tmp_path / "没有这个文件.xlsx")
    assert "file-not-found" in found
    assert "没有这个文件.xlsx" in str(found["file-not-found"][0].where)


def test_unsupported_file_type(tmp_path: Path) -> None:
    found = codes(write(tmp_path, "a.pptx", "x"))
    assert "不支持的文件类型「.pptx」" in found["unsupported-file"][0].message


def test_binary_file_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(b"\x00\x01\x02PK\x00" * 100)
    assert "不是文本文件" in codes(path)["unreadable-file"][0].message


def test_text_without_a_table(tmp_path: Path) -> None:
    found = codes(write(tmp_path, "n.txt", "这只是一份说明。\n没有表格。\n"))
    assert "没有找到项目支出绩效自评表" in found["no-table"][0].message


def test_weight_that_is_not_a_number_is_located(tmp_path: Path) -> None:
    found = codes(table(tmp_path, weight="五十分"))
    bad = found["bad-number"][0]
    assert bad.severity is Severity.ERROR and "五十分" in bad.message
    assert "第 7 行" in str(bad.where) and "第 7 列" in str(bad.where)
    assert "missing-weight" in found


def test_unreadable_actual_is_a_warning_with_its_cell(tmp_path: Path) -> None:
    found = codes(table(tmp_path, actual="详见附件三"))
    problem = found["unreadable-actual"][0]
    assert problem.severity is Severity.WARNING and "详见附件三" in problem.message
    assert "实际完成值" in str(problem.where) and "第 7 行" in str(problem.where)


def test_unknown_unit_is_reported(tmp_path: Path) -> None:
    found = codes(table(tmp_path, target="≥10艘", actual="12吨"))
    assert "unknown-unit" in found and "单位无法比较" in found["unknown-unit"][0].message


def test_units_that_do_not_compare(tmp_path: Path) -> None:
    found = codes(table(tmp_path, target="≤5万元", actual="3人"))
    assert "unit-mismatch" in found


def test_missing_actual_is_an_error(tmp_path: Path) -> None:
    found = codes(table(tmp_path, actual="无"))
    assert found["missing-actual"][0].severity is Severity.ERROR


CASE = """project: {{name: 测试, year: 2024}}
funds:
  total: {{name: 年度资金总额, annual: 100, executed: 90}}
indicators:
  - path: [产出指标, 数量指标, 培训场次]
    target: ≥10场
    actual: 12场
{weight}
"""


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "project: {name: 测试\nindicators: [\n")
    problem = codes(path)["unreadable-file"][0]
    assert "不是有效的 YAML" in problem.message
    assert problem.where.line == 2 and "第 2 行" in str(problem.where)
    assert str(path) not in problem.message  # the location names the file, once


def test_yaml_schema_error_names_the_field_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", CASE.format(weight=""))
    problem = codes(path)["case-invalid"][0]
    assert problem.message == "缺少必填项「weight」"
    assert "第 5 行" in str(problem.where) and "indicators[0]" in str(problem.where)


def test_yaml_unknown_field(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", CASE.format(weight="    weight: 10\n    colour: red"))
    problem = codes(path)["case-invalid"][0]
    assert "colour" in problem.message
    assert "第 9 行" in str(problem.where) and "indicators[0].colour" in str(problem.where)


def test_yaml_error_in_a_nested_mapping_names_its_key_line(tmp_path: Path) -> None:
    text = CASE.format(weight="    weight: 10").replace("funds:\n  total:", "funds:\n  totl:")
    problem = codes(write(tmp_path, "c.yaml", text))["case-invalid"][0]
    assert problem.message == "缺少必填项「total」"
    assert str(problem.where).endswith("第 2 行 · funds")  # the `funds:` key, not the line below


def test_yaml_value_that_is_not_a_date_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # 2024-13-45 looks like a YAML date but is none: it stays text, the schema judges it
    text = CASE.format(weight="    weight: 10\n    colour: 2024-13-45")
    problem = codes(write(tmp_path, "c.yaml", text))["case-invalid"][0]
    assert "colour" in problem.message


def test_infinite_weight_names_its_line(tmp_path: Path) -> None:
    problem = codes(write(tmp_path, "c.yaml", CASE.format(weight="    weight: .inf")))
    found = problem["case-invalid"][0]  # the field, not the whole file (issue 9)
    assert "不是有限的数字" in found.message and "第 8 行" in str(found.where)


def test_evaluation_case_with_an_impossible_date_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", "format: jixiao-evaluation/1\ndate: 2024-13-45\n")
    assert codes(path)["case-invalid"]


def test_json_syntax_error(tmp_path: Path) -> None:
    problem = codes(write(tmp_path, "c.json", '{"project": '))["unreadable-file"][0]
    assert "不是有效的 JSON" in problem.message


def test_score_exits_1_on_errors_and_0_on_warnings(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["score", str(table(tmp_path, actual="详见附件三"))])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["score", str(tmp_path / "none.txt")])
    assert bad.exit_code == 1
    assert "不存在" in bad.output
    assert "Traceback" not in bad.output


def test_score_json_reports_problems_with_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "none.txt"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["tables"] == [] and data["problems"][0]["code"] == "file-not-found"


def test_convert_never_overwrites_on_a_failed_read(tmp_path: Path) -> None:
    target = tmp_path / "keep.yaml"
    target.write_text("原有内容", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "none.txt"), "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "原有内容"
    assert "已写入" not in result.output


def test_convert_to_a_directory_does_not_claim_a_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(table(tmp_path)), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "不支持输出为「无扩展名」" in result.output and "已写入" not in result.output


def test_convert_to_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["convert", str(table(tmp_path)), "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 1 and "不支持输出为「.pdf」" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到评分口径"),
        ("name: x\n", "缺少「budget」"),
        ("[1, 2", "不是有效的 YAML"),
    ],
)
def test_bad_policy_is_a_clear_message(tmp_path: Path, content: str | None, message: str) -> None:
    policy = "不存在的口径"
    if content is not None:
        path = tmp_path / "p.yaml"
        path.write_text(content, encoding="utf-8")
        policy = str(path)
    result = CliRunner().invoke(cli, ["score", str(table(tmp_path)), "--policy", policy])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_negative_weight_is_an_error_not_a_negative_score(tmp_path: Path) -> None:
    run = api.score_paths([table(tmp_path, weight="-5")])
    assert any(p.code == "negative-amount" and "负数" in p.message for p in run.problems)
    assert all(i.score >= 0 for r in run.results for i in r.indicators)
