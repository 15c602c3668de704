"""Every problem code jixiao reports while reading, scoring, reporting and monitoring, in one
registry: its Chinese title, the severities it comes with, what it means and what to do.
docs/problems.md is written from it (`render_reference`), tests check that every code the
code base reports is here, and review shows the titles. Review findings carry their own codes
and titles in their rules (`jixiao.review.finding.ReviewRule`).
"""

from __future__ import annotations

from typing import NamedTuple

from jixiao.core.problems import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: notice (提示)


class Code(NamedTuple):
    code: str
    title: str  # what a reviewer reads: 「金额单位未写明」
    severities: tuple[Severity, ...]  # the levels it is reported at
    meaning: str  # the documented meaning (Markdown)
    remedy: str = ""  # what to do (Markdown)


class Section(NamedTuple):
    heading: str  # "" for the first, headed by the page's own title
    codes: tuple[Code, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "",
        (
            Code("file-not-found", "文件不存在", (E,), "文件不存在", "检查路径"),
            Code(
                "unsupported-file",
                "不支持的文件类型",
                (E,),
                "不支持的文件类型",
                "另存为 .xlsx / .txt / .yaml / .json",
            ),
            Code(
                "unreadable-file",
                "文件打不开",
                (E,),
                "文件打不开：不是有效的 xlsx（损坏、加密、其实是 HTML）、工作簿的压缩数据损坏或校验和（CRC）不符、部件解压后比记录的大小更大（伪造的压缩包）、XML 部件含 DTD（实体定义）或格式错误（写明是哪个部件）、不是文本、YAML/JSON 语法错误（给出行号）、YAML 别名引用包含它自己的节点（递归别名）、JSON 中的 NaN/Infinity",
                "用 Excel/WPS 打开后另存为 .xlsx；按行号修改 YAML",
            ),
            Code("empty-directory", "目录中没有可读文件", (W,), "目录里没有可读取的文件"),
            Code(
                "no-table",
                "没有找到自评表",
                (E,),
                "文件里没有找到项目支出绩效自评表（没有“一级指标/三级指标/年度指标值”表头）",
                "确认是自评表",
            ),
            Code("no-indicators", "没有读到指标行", (E,), "有标题或表头，但没有读到任何指标行"),
            Code(
                "header-incomplete",
                "指标表头不全",
                (E,),
                "指标表头缺少年度指标值、实际完成值或分值列",
                "补全表头",
            ),
            Code(
                "case-invalid",
                "案例格式不对",
                (E,),
                "案例文件（YAML/JSON）不符合格式：缺少必填项、类型不对、多了不认识的字段、数字读不出（`1.2.3`、`.nan`、`.inf`、`1e999999`，写明错在哪里）",
                "见 [case-format.md](case-format.md)",
            ),
            Code(
                "bad-number",
                "应为数字",
                (
                    E,
                    W,
                ),
                "应为数字的单元格不是数字（分值、预算金额为错误；表内得分为警告）",
                "改为数字",
            ),
            Code(
                "missing-funds",
                "缺少资金使用情况",
                (E,),
                "没有找到“资金使用情况”（年初预算数、全年预算数、全年执行数）",
            ),
            Code(
                "funds-unit-unknown",
                "金额单位未写明",
                (W,),
                "资金使用情况没有写明金额单位：表头（项目资金（万元）、年度预算数(元)）、块标签（预算执行情况（万元））和表上方（单位：万元）都没有；金额按元读取，执行率不受影响",
                "在表头注明单位",
            ),
            Code("missing-budget", "缺少全年预算数", (E,), "全年预算数为空或为 0，执行率无法计算"),
            Code("missing-executed", "缺少全年执行数", (E,), "全年执行数为空"),
            Code(
                "negative-amount",
                "金额或分值为负",
                (E,),
                "年初预算数、全年预算数、全年执行数或分值为负数（指出是哪一格）；预算执行率或该指标记 0 分，不会出现负分",
                "改为正确的金额或分值",
            ),
            Code(
                "weight-total",
                "分值合计不等于满分",
                (W,),
                "各项分值（含预算执行率）合计不等于满分 100（口径 `full_marks`）；等级按得分率（总分 ÷ 分值合计）评定，输出中写明",
                "核对分值",
            ),
            Code("missing-weight", "指标没有分值", (E,), "指标没有分值，无法计分", "填写分值"),
            Code(
                "missing-actual",
                "缺少实际完成值",
                (E,),
                "有年度指标值，但实际完成值写着“无”",
                "填写实际完成值",
            ),
            Code(
                "no-evidence",
                "没有完成情况依据",
                (W,),
                "实际完成值空着（安徽、湖北等地“是否”类指标常连年度指标值一起空着，只填分值和得分），没有完成情况的依据；按评分口径 `unjudged` 处理（默认沿用表内得分）。空白不是“不适用”",
                "填写实际完成情况；不适用的写“无”或“不适用”",
            ),
            Code(
                "target-in-name",
                "目标写在指标名称里",
                (N,),
                "年度指标值空着，目标写在指标名称末尾（`年度资金支付完成率100%`），按名称中的目标评判",
                "把目标移到年度指标值",
            ),
            Code(
                "policy-weights",
                "分值与口径原则不同",
                (N,),
                "评分口径载明了一级指标的分值原则（如财预〔2021〕101号：成本 20、产出 40、效益 20、满意度 10、执行率 10），表内分值与之不同；按表内分值计分",
                "核对分值设置是否有特殊情况",
            ),
            Code(
                "unit-guessed",
                "单位靠推断",
                (N,),
                "年度指标值（或实际完成值）写了不带单位的 1 或小数，另一项是百分数：按百分数理解（1 即 100%，口径 `bare_fraction_as_percent`）",
                "写明 %",
            ),
            Code(
                "direction-guessed",
                "方向靠推定",
                (N,),
                "年度指标值没写比较符，指标名称、所在层级和口径都没表明方向，推定越高越好（≥）评判；`jixiao review` 中为 `direction-guess` 发现",
                "补写 ≥ 或 ≤",
            ),
            Code(
                "missing-target",
                "缺少年度指标值",
                (W,),
                "有实际完成值，但年度指标值为空或为“无”；仅按实际完成值判定",
                "补充目标",
            ),
            Code(
                "unreadable-target",
                "年度指标值无法识别",
                (W,),
                "年度指标值无法识别（如“见附件”），或其中的数值超出可读取的范围（如 `1E999999万`，见 [target-language.md](target-language.md)）；仅按实际完成值判定",
                "写成可衡量的目标",
            ),
            Code(
                "unreadable-actual",
                "实际完成值无法识别",
                (W,),
                "实际完成值无法识别，或其中的数值超出可读取的范围，或数量、金额、时长写成了负数；该指标无法自动判定",
            ),
            Code(
                "cannot-judge",
                "目标与实际无法比较",
                (W,),
                "目标与实际类型不同，无法比较（如定性目标配数量实际）；按评分口径 `unjudged` 处理",
            ),
            Code(
                "unit-mismatch",
                "单位不一致",
                (
                    W,
                    N,
                ),
                "目标与实际的单位无法比较（如万元与人），或量词不同但仍按数值比较（提示）",
                "统一单位",
            ),
            Code(
                "unknown-unit",
                "不认识的单位",
                (W,),
                "不认识的单位且两边单位不同，无法比较",
                "统一单位",
            ),
            Code(
                "compound-mismatch",
                "一格多值项数不同",
                (W,),
                "一格多值时目标与实际的项数不同，按顺序逐项比较",
            ),
            Code(
                "weight-on-not-applicable",
                "不适用的指标填了分值",
                (W,),
                "“无/不适用”的指标填了分值，按 0 计",
            ),
            Code(
                "excel-artefact",
                "表格残留",
                (W,),
                "表内残留 `#####`、`#DIV/0!` 等，表内数值缺失",
                "调宽列、修正公式后重新导出",
            ),
            Code(
                "column-shift",
                "单元格错列",
                (N,),
                "PDF 导出的文本中某行单元格与表头错开（整行左移或右移），已按错开后的位置读取；只对文本，工作簿的列以表头为准从不错开",
                "核对此行的分值和得分",
            ),
            Code(
                "empty-file",
                "文件是空的",
                (E,),
                "文件为空（0 字节）",
                "检查是否保存成功、是否拿错了文件",
            ),
            Code(
                "unsupported-output",
                "不支持的输出格式",
                (E,),
                "输出扩展名不支持：`convert` 只写 .yaml .json .xlsx .txt .tsv，`report` 只写 .docx .pdf，`review -o` 只写 .xlsx .html",
                "换扩展名",
            ),
            Code(
                "output-is-input",
                "输出会覆盖输入",
                (E,),
                "输出文件就是某个输入文件（同一路径、符号链接或硬链接）；jixiao 从不写入自己的输入，什么也不写",
                "另选输出文件名",
            ),
            Code(
                "cannot-write",
                "无法写出",
                (E,),
                "输出写不成：是已有的文件夹、上级路径是文件、文件名超过 255 字节、没有写入权限、只读位置、磁盘已满；原有文件保持不变，不留半个文件",
                "按提示换路径",
            ),
            Code(
                "limit-exceeded",
                "超出限额",
                (
                    E,
                    W,
                ),
                "文件超出限额（文件大小、解压后大小或压缩比、工作表数、行列数、单元格长度、YAML 别名与嵌套、公式计算量）：写明哪个限额、实际多少、上限多少；该文件不读（错误）。年度指标值或实际完成值长于 `text_chars` 时只读前面部分，照常评分（警告）；单元格长于 `cell_chars` 时只读前 `cell_chars` 个字符，照常评分（警告，指向该单元格）",
                "确属正常时用 `--limits` 调大，见 [limits.md](limits.md)",
            ),
            Code(
                "limits-invalid",
                "限额配置有误",
                (E,),
                "`--limits` 文件写法不对：不认识的名称、不是正数的值、文件不存在；退出码 2，什么也不读",
                "见 [limits.md](limits.md)",
            ),
            Code(
                "nothing-read",
                "没有读到任何文件",
                (E,),
                "`review -o`：一个输入文件也没读到（路径不存在、都不能读），不写出审核清单",
                "检查输入路径",
            ),
        ),
    ),
    Section(
        "评价框架与评价案例",
        (
            Code(
                "framework-not-found",
                "找不到评价框架",
                (E,),
                "找不到框架：既不是内置框架 id，也不是存在的文件",
                "`jixiao framework check` 列出内置框架",
            ),
            Code(
                "framework-invalid",
                "评价框架写法有误",
                (
                    E,
                    W,
                ),
                "框架写法有误：指标没有名称或权重、规则写法不对、patch 找不到路径、重名、id 重复、循环继承、不认识的字段（警告）",
                "按行号修改",
            ),
            Code(
                "weight-sum",
                "权重不相加",
                (E,),
                "权重不相加：一级指标合计不等于总分，或某个分支的权重不等于下级之和",
                "调整权重",
            ),
            Code(
                "grade-bands",
                "等级划分有误",
                (E,),
                "等级划分有误：最低一档下限不是 0、下限重复或超过总分",
                "补全等级",
            ),
            Code(
                "unknown-rule",
                "规则类型不存在",
                (E,),
                "末级指标的规则类型不存在",
                "`jixiao framework kinds` 列出可用类型",
            ),
            Code(
                "rule-param",
                "规则参数有误",
                (
                    E,
                    W,
                ),
                "规则参数缺少、类型不对或组合不对；多余的参数（警告）",
                "见 [rules.md](rules.md)",
            ),
            Code(
                "rule-input",
                "评分事实缺少或不合要求",
                (E,),
                "评分时某指标的事实缺少或不合要求（如分母为 0、等级不在定义中、酌情扣分未写理由）；该指标记 0 分",
                "补全案例的 `facts`",
            ),
            Code(
                "unknown-indicator",
                "对应不到指标",
                (W,),
                "案例 `facts` 中的键对应不到框架中的任何末级指标",
                "用 id、不重名的名称或完整路径",
            ),
            Code(
                "source-disagreement",
                "原文自相矛盾",
                (W,),
                "案例记录的原文自相矛盾之处（`disagreements`），评分时照实报告",
                "核实原文",
            ),
        ),
    ),
    Section(
        "报告",
        (
            Code(
                "pdf-unavailable",
                "无法生成 PDF",
                (E,),
                "没有安装 LibreOffice，或转换失败、超时；不写出 PDF",
                "安装 libreoffice-writer，或改用 `--format docx`",
            ),
            Code(
                "report-many-cases",
                "一个文件有多个评价案例",
                (E,),
                "一个文件里有多个评价案例，无法写成一份报告",
                "每个案例单独出报告",
            ),
            Code(
                "report-section-missing",
                "报告缺少一节",
                (W,),
                "案例没有写报告某一节的内容（`narrative` 中缺少该键）：报告略去该节，后面的节号顺延；该节另有由数据生成的表格时只列出表格",
                "在案例的 `narrative` 中补写",
            ),
            Code(
                "report-section-derived",
                "报告一节按数据写出",
                (N,),
                "案例没有写该节，报告按案例的数据写出（如“绩效评价工作过程”按评价单位、日期和评价框架，“存在的问题”按各指标的扣分情况）",
                "需要更详细时在 `narrative` 中补写",
            ),
        ),
    ),
    Section(
        "其他",
        (
            Code(
                "policy-invalid",
                "评分口径无效",
                (E,),
                "`score --policy` 的评分口径无效（名称不存在、YAML 写法不对）；退出码 2，什么也不读",
                "见 [scoring.md](scoring.md)",
            ),
            Code(
                "review-config-invalid",
                "审核配置无效",
                (E,),
                "`review --config` 的审核配置无效；退出码 2，什么也不读",
                "见 [review-rules.md](review-rules.md)",
            ),
            Code(
                "os-error",
                "系统拒绝读写",
                (E,),
                "系统拒绝了读写（没有权限、磁盘已满、文件超过系统允许的大小……），写明路径；退出码 1",
                "按提示处理",
            ),
            Code(
                "out-of-memory",
                "内存不足",
                (E,),
                "内存不足：输入太大或太复杂；退出码 1",
                "用 `--limits` 调小限额，或拆分文件",
            ),
            Code(
                "too-deep",
                "嵌套太深",
                (E,),
                "输入嵌套太深，超过 Python 的递归深度；退出码 1",
                "检查文件",
            ),
            Code(
                "internal-error",
                "jixiao 内部出错",
                (E,),
                "jixiao 自身出错（不是输入的问题）：打印一句道歉和错误详情文件的路径，退出码 2；有 `--json` 时标准输出仍是一个 JSON 文档",
                "把详情文件和输入文件发给维护者",
            ),
            Code(
                "other-format",
                "不是自评表或评价案例",
                (N,),
                "文件是 jixiao 的其他数据（如双监控数据），不是自评表或评价案例，跳过",
                "用对应的命令处理（`jixiao monitor`）",
            ),
        ),
    ),
    Section(
        "绩效运行监控（`jixiao monitor`）",
        (
            Code(
                "monitor-invalid",
                "监控案例写法有误",
                (
                    E,
                    W,
                ),
                "监控案例写法有误：`format` 不是 `jixiao-monitor/1`、缺少部门名称或年度、没有项目、类型不对、monthly 与 quarterly 同时填写；不认识的字段（警告，忽略）",
                "见 [monitoring.md](monitoring.md)",
            ),
            Code("monitor-no-case", "没有监控案例", (E,), "目录中没有监控案例（.yaml/.yml/.json）"),
            Code(
                "monitor-missing-budget",
                "监控项目缺少预算数",
                (E,),
                "项目缺少全年预算数，或预算数为 0（负数），执行率无法计算；该项目不纳入汇总",
                "填写 `budget`",
            ),
            Code(
                "monitor-bad-amount",
                "金额写法不对",
                (E,),
                "预算数或执行数不是金额，或执行数为负",
                "写成数字，或 `12.5万元`",
            ),
            Code(
                "monitor-no-figures",
                "没有执行数",
                (E,),
                "项目没有执行数（既无 `monthly` 也无 `quarterly`），或写法不是“期数: 金额”的映射",
            ),
            Code("monitor-bad-month", "月份或季度不对", (E,), "月份不在 1–12（季度不在 1–4）之间"),
            Code(
                "monitor-decreasing",
                "累计执行数减少",
                (E,),
                "累计执行数比上一期少",
                "核对数据；填的是当期数时加 `cumulative: false`",
            ),
            Code(
                "monitor-overspend",
                "累计执行数超预算",
                (W,),
                "累计执行数超过全年预算数（超支）",
                "核对预算调整",
            ),
            Code(
                "monitor-as-of",
                "截至日期不对",
                (E,),
                "截至日期写法不对、早于监控年度，或早于项目的第一笔执行数（该项目不纳入汇总）",
                "改截至日期",
            ),
            Code(
                "monitor-stale",
                "执行数未更新",
                (W,),
                "项目最新一期执行数早于截至日期所在月份，按最新一期计算",
                "补报执行数",
            ),
            Code(
                "monitor-bad-threshold",
                "监控阈值写法不对",
                (E,),
                "阈值写法不对：`red_below`/`green_from` 不是百分数或前者不小于后者，`far_above` 不大于 1，`score_weight` 不是正数；按默认阈值计算",
            ),
            Code(
                "monitor-target-unreadable",
                "目标无法监控",
                (E,),
                "指标的年度指标值为空或无法识别（如“见附件”），无法监控",
                "写成可衡量的目标",
            ),
            Code(
                "monitor-target-qualitative",
                "定性或时限目标",
                (N,),
                "定性或时限目标（“有所提升”“12月31日前”），期中不按数值监控",
            ),
            Code(
                "monitor-missing-actual",
                "未填报期中实际值",
                (W,),
                "指标尚未填报期中实际值",
                "填写 `actual`",
            ),
            Code("monitor-bad-actual", "期中实际值无法识别", (E,), "期中实际值无法识别为数值"),
            Code(
                "monitor-unit-mismatch",
                "期中实际值单位不一致",
                (W,),
                "期中实际值与年度指标值的单位无法比较（如“人次”与“万元”）",
                "统一单位",
            ),
            Code(
                "monitor-indicator-period",
                "指标进度按案例截至月份",
                (N,),
                "用 `--as-of` 回看时，指标的期中实际值仍是案例截至日期的数，指标进度按案例截至月份计算",
            ),
            Code(
                "target-table",
                "绩效目标表，不评分",
                (N,),
                "文件中的表是绩效目标表（只有年度指标值，没有实际完成值），`score` 不为它评分",
                "用 `jixiao review` 审核目标",
            ),
            Code(
                "completion-table",
                "绩效目标完成情况表，不评分",
                (N,),
                "文件中的表是绩效目标完成情况表（有年度指标值和实际完成值，没有分值和得分，评价报告里常见），`score` 不为它评分",
                "用 `jixiao review` 审核目标与完成值；要评分请补上分值",
            ),
            Code(
                "report-read",
                "读出评价报告的评分表",
                (N,),
                "从评价报告的评分表（附件评分表、表 3-1 得分汇总表、自评指标评分表）读出评价案例：评分表几张、框架取自哪张、末级指标几个、几个评分标准识别为规则",
            ),
            Code(
                "rule-not-understood",
                "评分标准未识别为规则",
                (N,),
                "末级指标的评分标准不是已知的写法（或读出的规则无法由公布得分和分析得出事实），该指标沿用公布得分",
                "在转换出的评价案例中为该指标写上规则和事实（见 [rules.md](rules.md)）",
            ),
            Code(
                "framework-table",
                "评价指标体系表，不按自评表读",
                (N,),
                "文件中的表是评价指标体系或得分表（一级至四级指标、权重、得分、评分标准，没有年度指标值和实际完成值，评价报告里常见），不按自评表读取",
                "评价案例按 [evaluation-format.md](evaluation-format.md) 写成 YAML 后用 `jixiao score`/`report`",
            ),
            Code(
                "nothing-to-report",
                "没有可出报告的表",
                (E,),
                "`report` 的输入里没有可评分的自评表或评价案例（例如只有绩效目标表）",
                "换成自评表或评价案例；目标表用 `jixiao review` 审核",
            ),
        ),
    ),
)

CODES: dict[str, Code] = {c.code: c for section in SECTIONS for c in section.codes}

INTRO = """# 问题代码（problems）

jixiao 读表、评分时发现的问题都带有**稳定的代码**、严重程度和位置（文件 · 工作表 · 单元格，
或文件 · 行 · 列，或案例文件中的字段与行号）。`jixiao score` 在出现「错误」级问题时退出码为 1。"""
_HEAD = "| 代码 | 级别 | 含义 | 怎么处理 |\n| --- | --- | --- | --- |"


def title(code: str) -> str:
    """The Chinese title of `code`; the code itself when it is not registered."""
    found = CODES.get(code)
    return found.title if found is not None else code


def render_reference() -> str:
    """docs/problems.md."""
    parts = [INTRO]
    for section in SECTIONS:
        if section.heading:
            parts.append(f"## {section.heading}")
        rows = [
            f"| `{c.code}` | {'/'.join(s.label for s in c.severities)} | {c.meaning} | "
            f"{c.remedy} |".replace("|  |", "| |")
            for c in section.codes
        ]
        parts.append("\n".join([_HEAD, *rows]))
    return "\n\n".join(parts) + "\n"
