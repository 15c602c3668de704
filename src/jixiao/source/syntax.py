"""PyYAML's and json's syntax errors as Chinese sentences a clerk can act on: the parsers
speak English ("mapping values are not allowed here"), the user reads Chinese."""

from __future__ import annotations

# (what the parser's message starts with, what to tell the user); first match wins
YAML_REASONS = (
    (
        "mapping values are not allowed",
        "这里不能写“键: 值”（常见原因：冒号后少了空格，或缩进不对）",
    ),
    ("could not find expected ':'", "缺少冒号“:”（或上一行的引号没有配对）"),
    ("found character '\\t'", "含有制表符：YAML 只能用空格缩进"),
    ("found a tab character", "含有制表符：YAML 只能用空格缩进"),
    ("found character", "这里有一个不能出现在开头的字符（如 @、`、%）；含特殊字符的文字请加引号"),
    ("expected ',' or ']'", "列表 [ … ] 没有正确结束（缺少逗号或右方括号）"),
    ("expected ',' or '}'", "映射 { … } 没有正确结束（缺少逗号或右花括号）"),
    ("expected the node content", "这里缺少内容（括号或引号没有配对？）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有配对）"),
    ("found unknown escape character", "双引号内有不认识的转义（\\ 后面的字符）；改用单引号"),
    ("found undefined alias", "引用了没有定义的别名（*名称）"),
    ("found duplicate anchor", "锚点（&名称）重名"),
    ("expected alphabetic or numeric character", "锚点或别名（& *）的名称写法不对"),
    ("expected <block end>", "缩进不一致"),
    ("expected <document start>", "缩进不一致，或一行的开头多了内容"),
    ("expected a comment or a line break", "这一行的值后面多了内容（含空格或冒号的文字请加引号）"),
    ("could not determine a constructor", "不认识的标签（!!…）；出于安全，jixiao 不读取这类标签"),
)
YAML_FALLBACK = "YAML 语法错误（常见原因：缩进不一致、冒号后缺空格、括号或引号没有配对）"

JSON_REASONS = (
    ("Expecting value", "这里缺少一个值"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Expecting property name", "键应为双引号括起的文字（或多了一个逗号）"),
    ("Unterminated string", "字符串的双引号没有配对"),
    ("Invalid control character", "字符串中有换行或控制字符"),
    ("Invalid \\escape", "字符串中有不认识的转义（\\ 后面的字符）"),
    ("Invalid \\uXXXX escape", "字符串中的 \\u 转义写法不对"),
    ("Extra data", "一个 JSON 值之后还有多余的内容"),
)
JSON_FALLBACK = "JSON 语法错误"


def reason(message: str, reasons: tuple[tuple[str, str], ...], fallback: str) -> str:
    return next((chinese for start, chinese in reasons if message.startswith(start)), fallback)


def yaml_reason(problem: str, column: int | None) -> str:
    where = f"（第 {column} 列附近）" if column else ""
    return f"不是有效的 YAML：{reason(problem, YAML_REASONS, YAML_FALLBACK)}{where}"


def json_reason(message: str, column: int | None) -> str:
    where = f"（第 {column} 列附近）" if column else ""
    return f"不是有效的 JSON：{reason(message, JSON_REASONS, JSON_FALLBACK)}{where}"
