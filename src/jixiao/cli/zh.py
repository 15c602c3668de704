"""Click's own words (usage errors, help headings, `Aborted!`) in Chinese.

Click passes every message through `gettext`; jixiao's users read Chinese whatever their
locale says, so the catalog below stands in for click's `_` and `ngettext`. A test lists
every message in the installed click and fails on one missing here.
"""

from __future__ import annotations

import importlib

import click

MESSAGES = {
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "选项（{choices}）",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    # usage errors ({name} in the file messages is click's English type name: left out)
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行「{command} {option}」查看帮助。",
    "Missing command.": "缺少子命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such option {name!r}.": "没有选项「{name}」。",
    "No such command {name!r}.": "没有命令「{name}」。",
    "Invalid value for {param_hint}: {message}": "{param_hint}的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Could not open file {filename!r}: {message}": "无法打开文件「{filename}」：{message}",
    "Value must be an iterable.": "应为一组值。",
    "unknown error": "未知错误",
    "Invalid start character for option ({option})": "选项的开头字符不对（{option}）",
    "Option {name!r} does not take a value.": "选项「{name}」不带值。",
    "Argument {name!r} takes {nargs} values.": "参数「{name}」需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "「{value}」不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "「{value}」不是是/否值，可用：{states}"
    ),
    "{value!r} is not a valid UUID.": "「{value}」不是有效的 UUID。",
    "{name} {filename!r} is a file.": "「{filename}」是文件。",
    "{name} {filename!r} is a directory.": "「{filename}」是文件夹。",
    "{name} {filename!r} is not readable.": "「{filename}」不可读。",
    "{name} {filename!r} is not writable.": "「{filename}」不可写。",
    "{name} {filename!r} is not executable.": "「{filename}」不可执行。",
    "{name} {filename!r} does not exist.": "「{filename}」不存在。",
    # prompts and the terminal
    "Aborted!": "已中断。",
    "Do you want to continue?": "继续吗？",
    "Confirm the action without prompting.": "不询问，直接执行。",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    # messages for the programmer who wrote a command, not for its user; kept readable
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "提示：命令「{name}」已弃用。{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "提示：{param_type}「{name}」已弃用。{extra_message}"
    ),
    "Could not determine name for option with declarations {decls!r}": (
        "无法确定选项名称：{decls}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": "未定义选项却给了名称（{name}）。",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "参数只能有一个声明，得到 {length} 个：{decls}。"
    ),
    "Name '{name}' defined twice": "名称「{name}」定义了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "是/否选项「{decl}」的真假不能用同一个开关。"
    ),
    "Unknown color {colour!r}": "未知颜色「{colour}」",
    "Unknown standard stream '{name}'": "未知标准流「{name}」",
    "Windows error: {error}": "Windows 错误：{error}",
    "Couldn't detect Bash version, shell completion is not supported.": (
        "无法识别 Bash 版本，不支持命令补全。"
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Bash 4.4 以前的版本不支持命令补全。"
    ),
    "d": "d",  # a format character in the progress bar, not a word
}

PLURALS = {  # (singular, plural) -> (Chinese for one, Chinese for many)
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "多余的参数（{args}）",
        "多余的参数（{args}）",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "需要 {nargs} 个值，只给了 1 个。",
        "需要 {nargs} 个值，给了 {len} 个。",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "选项「{name}」后面要写一个值。",
        "选项「{name}」后面要写 {nargs} 个值。",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "是不是想用 {possibility}？",
        "（是不是想用其中之一：{possibilities}？）",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "「{value}」不是可选值 {choice}。",
        "「{value}」不是可选值，可选：{choices}。",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): ("「{value}」不符合格式 {format}。", "「{value}」不符合格式 {formats}。"),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "需要 {len_type} 个值，只给了 {len_value} 个。",
        "需要 {len_type} 个值，给了 {len_value} 个。",
    ),
}

# Click's parameter types by name, as the Chinese word shown in messages and metavars.
TYPE_WORDS = {
    "text": "文本",
    "integer": "整数",
    "float": "数字",
    "boolean": "是/否",
    "path": "路径",
    "file": "文件",
    "directory": "文件夹",
    "filename": "文件名",
    "datetime": "日期",
    "uuid": "UUID",
    "integer range": "整数",
    "float range": "数字",
}

MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
    "click.shell_completion",
)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get((singular, plural))
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def _option_hint(self: click.Parameter, ctx: click.Context | None) -> str:
    return "/".join(f"「{name}」" for name in (self.opts or [self.human_readable_name]))


def _argument_hint(self: click.Argument, ctx: click.Context | None) -> str:
    return f"「{self.make_metavar(ctx) if ctx is not None else self.human_readable_name}」"


def _missing_message(self: click.MissingParameter) -> str:
    """“缺少参数「路径...」。” rather than click's English punctuation around Chinese words."""
    if self.param_hint is not None:
        hint = self.param_hint if isinstance(self.param_hint, str) else "/".join(self.param_hint)
    else:
        hint = self.param.get_error_hint(self.ctx) if self.param is not None else ""
    kind = self.param_type or (self.param.param_type_name if self.param is not None else "")
    missing = {"argument": "缺少参数", "option": "缺少选项"}.get(kind, "缺少参数")
    extra = f"：{self.message}" if self.message else ""
    return f"{missing}{hint}{extra}。"


def _write_heading(self: click.HelpFormatter, heading: str) -> None:
    self.write(f"{'':>{self.current_indent}}{heading}：\n")


def install() -> None:
    """Click's messages in Chinese for this process: its catalog, and the places that
    build a message from English punctuation rather than from the catalog."""
    click.formatting.HelpFormatter.write_heading = _write_heading  # type: ignore[method-assign]
    click.core.Parameter.get_error_hint = _option_hint  # type: ignore[method-assign]
    click.core.Argument.get_error_hint = _argument_hint  # type: ignore[method-assign]
    click.exceptions.MissingParameter.format_message = _missing_message  # type: ignore[method-assign]
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a module an older or newer click does not have
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def localize(command: click.Command) -> None:
    """Chinese metavars for a command tree: `[选项]`, `命令 [参数]...`, `路径...`, `文本`."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            localize(sub)
    for param in command.params:
        if param.metavar is not None or isinstance(param.type, click.Choice):
            continue
        if isinstance(param, click.Option) and param.is_flag:
            continue
        word = TYPE_WORDS.get(param.type.name, param.type.name)
        if isinstance(param, click.Argument) and not param.required:
            word = f"[{word}]"
        param.metavar = word + ("..." if param.nargs != 1 else "")
