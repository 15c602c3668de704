"""The direction of a bare target, read from real indicator names.

The table below is data: names from the seeds (seed 003's 三级指标 and the indicator systems of
seeds 000–004), from the national 共性指标 frameworks (财预〔2020〕10号 项目支出 and 部门整体支出
评价指标体系) and names units commonly write, each with the direction a reviewer knows it has.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import api
from jixiao.core.model import Indicator
from jixiao.core.problems import Location, Problem
from jixiao.scoring.policy import load_policy
from jixiao.scoring.selfeval import score_indicator
from jixiao.targets.direction import Direction, name_direction

H, L = Direction.HIGHER, Direction.LOWER

SEEDS = [  # seed 003 三级指标 and the seeds' evaluation indicators
    ("党建活动参与率", H), ("党建相关工作及时率", H), ("党建素养及知识提升员工比例", H),
    ("项目成本", L), ("干部健康管理经费", L), ("健康管理干部级别符合率", H),
    ("健康管理干部满意", H), ("技术论证完成率", H), ("技术论证通过率", H),
    ("支出进度达标率", H), ("政务热线标签使用率", H), ("政务热线周报与月报的报送率", H),
    ("整理档案数量完成率", H), ("2023年度项目资金完成率", H), ("2023年我区政务热线诉求工单办结率", H),
    ("2023年我区政务热线知识库的信息质量整改率", H), ("合同审核完成率", H),
    ("法律咨询意见有效率", H), ("宣传知晓率", H), ("创文工作检查指标合格率", H),
    ("市局对分派至罗湖区的“12345政务服务便民热线”工单最终审核通过率", H),
    ("辅助性人员工资发放准确率", H), ("各科室满意度", H), ("服务对象满意度", H),
    ("资金到位率", H), ("预算执行率", H), ("资金使用合规性", H), ("实际完成率", H),
    ("质量达标率", H), ("完成及时性", H), ("成本节约率", H), ("项目完成及时率", H),
    ("诉求办结率", H), ("群众满意率", H), ("系统正常运行率", H), ("运维响应及时率", H),
    ("故障修复率", H), ("运维服务费用", L), ("成本控制率", L), ("预算调整率", L),
    ("叫号数量完成率", H), ("窗口服务满意度", H), ("政务服务事项网上可办率", H),
]  # fmt: skip
NATIONAL = [  # 共性指标: project and department-wide frameworks
    ("预算编制准确率", H), ("预算调整率", L), ("支出调整率", L), ("支出进度率", H),
    ("结转结余率", L), ("结转结余变动率", L), ("公用经费控制率", L), ("“三公经费”控制率", L),
    ("“三公经费”变动率", L), ("三公经费变动率", L), ("政府采购执行率", H),
    ("固定资产利用率", H), ("在职人员控制率", L), ("重点工作完成率", H),
    ("部门预算执行率", H), ("项目资金到位率", H), ("资金到位及时率", H), ("预算完成率", H),
    ("资金支付进度", H), ("绩效目标完成率", H), ("问题整改率", H), ("审计问题整改率", H),
    ("整改完成率", H), ("成本节约率", H), ("费用节约率", H), ("经费保障率", H),
    ("经费保障到位率", H), ("资金拨付及时率", H), ("资产账实相符率", H),
    ("信息公开率", H), ("政府采购预算执行率", H), ("非税收入征收率", H),
    ("财政供养人员控制率", L), ("人员经费控制率", L), ("会议费控制率", L),
    ("培训费控制率", L), ("公务接待费变动率", L), ("预决算差异率", L),
    ("资金闲置率", L), ("支出结余率", L), ("资产闲置率", L), ("国有资产保值增值率", H),
    ("项目验收合格率", H), ("工程质量合格率", H), ("工程返工率", L), ("安全事故发生率", L),
    ("质量事故发生次数", L), ("群众投诉率", L), ("有效投诉次数", L), ("投诉办结率", H),
    ("差错率", L), ("事故发生率", L), ("返工率", L), ("空置率", L), ("故障率", L),
    ("投诉率", L), ("服务对象满意度", H), ("社会公众满意度", H), ("受益群众满意度", H),
]  # fmt: skip
COMMON = [  # what units commonly write
    ("设备完好率", H), ("设备故障率", L), ("系统故障次数", L), ("系统可用率", H),
    ("网络在线率", H), ("平均响应时间", L), ("故障响应时间", L), ("问题处理时长", L),
    ("平均办理时长", L), ("群众等待时间", L), ("审批办理时限", L), ("项目建设周期", L),
    ("办件超时率", L), ("超时办结率", L), ("逾期整改率", L), ("整改逾期率", L),
    ("工单超期率", L), ("数据差错率", L), ("录入错误率", L), ("统计误差率", L),
    ("预算偏差率", L), ("操作失误次数", L), ("重复投诉率", L), ("投诉处理率", H),
    ("投诉回访率", H), ("来电接通率", H), ("诉求解决率", H), ("信访事项按期办结率", H),
    ("案件结案率", H), ("建议采纳率", H), ("成果转化率", H), ("培训覆盖率", H),
    ("政策知晓率", H), ("宣传覆盖人次", H), ("参训人员合格率", H), ("培训出勤率", H),
    ("人员到岗率", H), ("就业率", H), ("入学率", H), ("义务教育巩固率", H),
    ("苗木成活率", H), ("植树存活率", H), ("患者治愈率", H), ("家庭医生签约率", H),
    ("疫苗接种率", H), ("垃圾清运率", H), ("生活垃圾无害化处理率", H),
    ("污水处理率", H), ("危险废物处置率", H), ("资源回收率", H), ("水费收缴率", H),
    ("公租房入住率", H), ("商铺出租率", H), ("房屋空置率", L), ("设施闲置率", L),
    ("档案归档率", H), ("数据录入及时率", H), ("信息更新及时率", H), ("台账建档率", H),
    ("食品抽检合格率", H), ("产品不合格率", L), ("检测不达标率", L), ("群众不满意率", L),
    ("服务不及时率", L), ("安全隐患整改率", H), ("隐患排查覆盖率", H), ("巡查覆盖率", H),
    ("监督检查完成率", H), ("核查准确率", H), ("项目验收通过率", H), ("按时交付率", H),
    ("补贴发放准确率", H), ("补助资金兑现率", H), ("工资按时发放率", H),
    ("资金支付率", H), ("人均培训成本", L), ("单位面积造价", L), ("设备采购单价", L),
    ("办公费用", L), ("物业管理费用", L), ("差旅费开支", L), ("运维成本", L),
    ("万元产值能耗", L), ("污染物排放量", L), ("碳排放强度", L), ("能耗下降率", H),
    ("成本降低率", H), ("投诉减少率", H), ("经费压减率", H), ("节约资金额", H),
    ("违规使用资金金额", L), ("资金损失金额", L), ("数据丢失率", L), ("信息漏报率", L),
    ("火灾误报率", L), ("软件缺陷数", L), ("产品不良率", L), ("退回件率", L),
    ("孕产妇死亡率", L), ("传染病发病率", L), ("刑事犯罪率", L), ("城镇登记失业率", L),
    ("学生辍学率", L), ("疾病复发率", L), ("工程款拖欠金额", L), ("项目进度滞后率", L),
    ("工程延期率", L), ("施工延误天数", L), ("人员流失率", L), ("案件积压数", L),
    ("超标排放次数", L), ("违规违纪次数", L), ("好评率", H), ("优良率", H),
    ("活动参与人次", H), ("参加培训人数", H), ("系统上线率", H), ("系统运行稳定率", H),
    ("问题检出率", H), ("设备使用率", H), ("场馆利用率", H), ("受理及时率", H),
    ("咨询答复率", H), ("工单回复率", H), ("服务满意率", H), ("资产完整率", H),
    ("档案管理规范率", H), ("合规采购率", H), ("目标实现率", H), ("任务达成率", H),
    ("制度落实率", H), ("政策兑现及时率", H), ("救治成功率", H), ("设备恢复率", H),
]  # fmt: skip
NAMES = SEEDS + NATIONAL + COMMON


def test_the_table_is_large_enough_and_has_no_duplicates() -> None:
    assert len(NAMES) >= 150
    assert len({n for n, _ in NAMES}) == len(NAMES) - _repeated()


def _repeated() -> int:
    names = [n for n, _ in NAMES]
    return len(names) - len(set(names))


@pytest.mark.parametrize(("name", "direction"), NAMES, ids=[n for n, _ in NAMES])
def test_every_real_name_reads_its_known_direction(name: str, direction: Direction) -> None:
    found = name_direction(name)
    assert found is not None, name
    assert found[0] is direction, (name, found)


@pytest.mark.parametrize("name", ["经费保障率", "成本节约率", "费用节约率", "问题整改率"])
def test_a_higher_word_beats_the_cost_word_it_qualifies(name: str) -> None:
    assert name_direction(name) == (Direction.HIGHER, name_direction(name)[1])  # type: ignore[index]


def test_a_policy_word_wins_over_the_lexicon() -> None:
    assert name_direction("问题整改率", (), ("整改率",)) == (Direction.LOWER, "整改率")


# ---- the scorer uses it ---------------------------------------------------------------------

WHERE = Location("表.xlsx", "Sheet1", "A7")


def score(path: tuple[str, ...], target: str, actual: str) -> tuple[Decimal, str, list[Problem]]:
    row = Indicator(path, target, actual, Decimal(10), None, where=WHERE)
    problems: list[Problem] = []
    result = score_indicator(row, load_policy(), problems)
    return result.score, result.explanation, problems


def test_rectification_rate_below_target_loses_points() -> None:
    got, text, _ = score(("产出指标", "质量指标", "问题整改率"), "100%", "60%")
    assert got == Decimal("6.00")
    assert "整改" in text  # the explanation names the word that set the direction


@pytest.mark.parametrize("name", ["经费保障率", "成本节约率", "费用节约率", "资金到位率"])
def test_rates_under_a_cost_level_are_floors_when_the_name_says_so(name: str) -> None:
    got, _, _ = score(("产出指标", "成本指标", name), "100%", "80%")
    assert got == Decimal("8.00")


def test_a_cost_word_still_makes_a_ceiling() -> None:
    got, _, _ = score(("产出指标", "成本指标", "干部健康管理经费"), "41000", "45100元")
    assert got == Decimal("9.00")  # 10% over a ceiling


def test_a_guessed_direction_says_so() -> None:
    got, text, _ = score(("产出指标", "质量指标", "平台性能"), "99%", "90%")
    assert got == Decimal("9.09")
    assert "推定" in text and "≥" in text


def test_a_known_direction_is_not_called_a_guess() -> None:
    _, text, _ = score(("产出指标", "质量指标", "工程质量合格率"), "100%", "90%")
    assert "推定" not in text


# ---- review raises a guess ------------------------------------------------------------------

TABLE = """project: {name: 测试项目, year: 2024, unit: 某单位}
funds:
  total: {name: 年度资金总额, initial: 100, annual: 100, executed: 100}
indicators:
  - {path: [产出指标, 数量指标, 培训场次], target: ≥10场, actual: 12场, weight: 40}
  - {path: [产出指标, 质量指标, 平台性能], target: 99%, actual: 99%, weight: 20}
  - {path: [产出指标, 质量指标, 工程质量合格率], target: 100%, actual: 100%, weight: 20}
  - {path: [效益指标, 社会效益指标, 服务对象满意度], target: ≥90%, actual: 95%, weight: 10}
"""


def test_review_raises_a_direction_that_is_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "表.yaml"
    path.write_text(TABLE, encoding="utf-8")
    found = [r.finding for r in api.review_paths([path]).findings]
    guesses = [f for f in found if f.code == "direction-guess"]
    assert [g.message for g in guesses] and all("平台性能" in g.message for g in guesses)
    assert len(guesses) == 1
    assert "≥" in guesses[0].suggestion and "≤" in guesses[0].suggestion


def test_no_word_points_both_ways() -> None:
    from jixiao.targets import lexicon as lx

    assert not set(lx.HIGHER_BETTER) & set(lx.LOWER_BETTER)
    assert len(set(lx.HIGHER_BETTER)) == len(lx.HIGHER_BETTER)
    assert len(set(lx.LOWER_BETTER)) == len(lx.LOWER_BETTER)
