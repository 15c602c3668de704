"""`jixiao db`: the administrators' commands — migrations, organisations, users, and a
folder of a unit's files filed through the service layer, each file reported."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from jixiao import api
from jixiao.cli import collector, failure
from jixiao.cli.output import err, esc, file_progress, jobs_option, out, print_problems
from jixiao.cli.output import table as table_
from jixiao.core.numbers import fmt
from jixiao.core.problems import Problem
from jixiao.workflow import OrgKind, Role

if TYPE_CHECKING:  # the store and the service are imported by the commands that use them
    from jixiao.service.context import Context
    from jixiao.service.importing import Imported
    from jixiao.service.people import OrgInfo
    from jixiao.store.db import Store

KINDS = "、".join(f"{k.value}（{k.label}）" for k in OrgKind)
ROLES = "、".join(f"{r.value}（{r.label}）" for r in Role)
# what a refusal's `where` names, as an administrator reads it
FIELDS = {
    "year": "年度",
    "policy": "评分口径",
    "name": "项目名称",
    "unit": "单位",
    "version": "版本",
    "code": "代码",
}


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--db URL`, the same store `jixiao serve` opens (JIXIAO_DB)."""
    return click.option(
        "--db",
        "url",
        envvar="JIXIAO_DB",
        default=None,
        metavar="URL",
        help="数据库地址：sqlite:///路径.db 或 postgresql://用户:密码@主机/库名；"
        "默认为当前目录下的 jixiao-data/jixiao.db（没有时新建）。也可用环境变量 JIXIAO_DB。",
    )(command)


def fail(message: str, code: str = "") -> NoReturn:
    """One line on stderr, exit 1: what stopped the command before (or instead of) its work."""
    shown = f" [dim]({code})[/dim]" if code else ""
    err.print(f"[bold red]错误[/] {esc(message)}{shown}", soft_wrap=True)
    sys.exit(1)


def _safe(url: str | None) -> str:
    """The URL as it may be shown: the password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from jixiao.store.db import default_url

    try:
        return make_url(url or default_url()).render_as_string(hide_password=True)
    except ArgumentError:
        return url or ""


# The commonest reasons a database cannot be reached, said in Chinese before the driver's words
_TROUBLES = (
    ("connection refused", "连接被拒绝（数据库服务器没有启动，或地址、端口不对）"),
    ("password authentication failed", "用户名或密码不正确"),
    ("does not exist", "数据库或用户不存在"),
    ("could not translate host name", "找不到这个主机名"),
    ("timeout", "连接超时"),
    ("unable to open database file", "无法打开数据库文件（文件夹不存在或没有权限）"),
    ("database is locked", "数据库被其他程序锁住"),
)


def _database_trouble(exc: Exception) -> str:
    """A driver's failure in one line: the reason in Chinese where it is a common one, then
    the driver's own words (the server's reason is in them)."""
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    said = lines[0] if lines else type(cause).__name__
    reason = next((zh for en, zh in _TROUBLES if en in said.lower()), "")
    return f"{reason}（{said}）" if reason else said


@contextmanager
def answering(url: str | None) -> Iterator[None]:
    """Every refusal of the service and every failure of the store as one Chinese line and
    exit code 1, never a traceback."""
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.service.errors import ServiceError
    from jixiao.store import migrate
    from jixiao.store.db import StoreError

    try:
        yield
    except ServiceError as exc:
        fail(exc.message, exc.code)
    except StoreError as exc:
        fail(str(exc))
    except CommandError:  # the only Alembic command run is upgrade: a revision it does not know
        fail(
            f"数据库「{_safe(url)}」的结构版本不是这个 jixiao 所知的（本版本最新为 "
            f"{migrate.head()}）：它可能由更新版本的 jixiao 建立，请改用更新的 jixiao"
        )
    except SQLAlchemyError as exc:
        fail(f"无法打开或使用数据库「{_safe(url)}」：{_database_trouble(exc)}")
    except OSError as exc:
        code, message, _ = failure.explain(exc)
        fail(message, code)


@contextmanager
def opened(url: str | None, *, migrate: bool = True) -> Iterator[Store]:
    """The store `url` names (the default SQLite file when none), closed afterwards."""
    from jixiao.store.db import Store

    store = Store.open(url or None, migrate=migrate)
    try:
        yield store
    finally:
        store.close()


def operator(store: Store) -> Context:
    from jixiao.service.context import Context
    from jixiao.service.people import OPERATOR

    return Context(store, OPERATOR, "cli")


@click.group("db")
def db_group() -> None:
    """管理员命令：数据库升级、单位与用户、批量导入。

    \b
    示例：
      jixiao db upgrade
      jixiao db orgs add FIN 某区财政局 --kind finance
      jixiao db users add zhang --role unit --org U-LIB --name 张三
      jixiao db import 材料目录/ --unit U-LIB --db postgresql://jixiao@localhost/jixiao
    """


@db_group.command("upgrade")
@db_option
def upgrade_command(url: str | None) -> None:
    """把数据库升级到本版本的结构（没有数据库时新建）；已有数据不会丢失。

    \b
    示例：
      jixiao db upgrade
      jixiao db upgrade --db postgresql://jixiao:密码@localhost/jixiao
    """
    from jixiao.store import migrate

    with answering(url), opened(url, migrate=False) as store:
        before = migrate.current(store.engine)
        migrate.upgrade(store.engine)
        after = migrate.current(store.engine)
    if before == after:
        out.print(f"数据库已是最新（版本 {after}）")
    else:
        out.print(f"数据库已从 {before or '无'} 升级到 {after}")
    out.print(f"[dim]{esc(_safe(url))}[/dim]", soft_wrap=True)


@db_group.group("orgs")
def orgs_group() -> None:
    """单位与机构：财政局 → 主管部门 → 预算单位，以及第三方评价机构。

    \b
    示例：
      jixiao db orgs add FIN 某区财政局 --kind finance
      jixiao db orgs add D-CULTURE 某区文化广电旅游体育局 --kind department --parent FIN
      jixiao db orgs list
    """


@orgs_group.command("add")
@click.argument("code", metavar="代码")
@click.argument("name", metavar="名称")
@click.option(
    "--kind",
    required=True,
    type=click.Choice([k.value for k in OrgKind]),
    help=f"类别：{KINDS}。",
)
@click.option(
    "--parent",
    "parent",
    default=None,
    metavar="代码",
    help="上级的代码：主管部门、第三方评价机构建在财政局之下，预算单位建在主管部门之下；"
    "财政局不设上级。",
)
@db_option
def orgs_add_command(code: str, name: str, kind: str, parent: str | None, url: str | None) -> None:
    """新建一个单位或机构（代码唯一，由字母、数字、点、下划线、连字符组成）。

    \b
    示例：
      jixiao db orgs add FIN 某区财政局 --kind finance
      jixiao db orgs add U-LIB 某区图书馆 --kind unit --parent D-CULTURE
    """
    from jixiao.service.people import add_org

    with answering(url), opened(url) as store:
        made = add_org(operator(store), code, name, OrgKind(kind), parent or None)
    under = f"，上级 {esc(parent)}" if parent else ""
    out.print(f"已新建{made.kind.label}「{esc(made.name)}」（代码 {esc(made.code)}{under}）")


@orgs_group.command("list")
@db_option
def orgs_list_command(url: str | None) -> None:
    """列出所有单位与机构：代码、名称、类别、上级代码，按隶属关系排列。

    \b
    示例：
      jixiao db orgs list
    """
    with answering(url), opened(url) as store:
        orgs = _organisations(store)
    if not orgs:
        err.print("库中还没有单位或机构（用 jixiao db orgs add 新建）。")
        return
    codes = {o.id: o.code for o in orgs}
    table = table_(padding=(0, 2))
    for heading in ("代码", "名称", "类别", "上级"):
        table.add_column(heading, no_wrap=True)
    for o, depth in _tree(orgs):
        parent = codes.get(o.parent_id, "") if o.parent_id is not None else ""
        table.add_row(esc(o.code), "  " * depth + esc(o.name), o.kind.label, esc(parent))
    out.print(table)


def _organisations(store: Store) -> list[OrgInfo]:
    """Every organisation. The service has no listing of them (an administrator's read):
    read here as the rows are, through the service's own value for one."""
    from sqlalchemy import select

    from jixiao.service.people import org_info
    from jixiao.store.schema import Organisation

    with store.transaction() as s:
        return [org_info(o) for o in s.scalars(select(Organisation))]


def _tree(orgs: list[OrgInfo]) -> Iterator[tuple[OrgInfo, int]]:
    """Each organisation after its parent, with its depth: a district reads top down."""
    order = {kind: i for i, kind in enumerate(OrgKind)}
    known = {o.id for o in orgs}
    children: dict[int | None, list[OrgInfo]] = {}
    for o in orgs:
        parent = o.parent_id if o.parent_id in known else None
        children.setdefault(parent, []).append(o)
    for group in children.values():
        group.sort(key=lambda o: (order[o.kind], o.code))

    def walk(parent: int | None, depth: int) -> Iterator[tuple[OrgInfo, int]]:
        for o in children.get(parent, []):
            yield o, depth
            yield from walk(o.id, depth + 1)

    yield from walk(None, 0)


@db_group.group("users")
def users_group() -> None:
    """用户：每个用户一个角色，管理员以外的用户属于一个单位或机构。

    \b
    示例：
      jixiao db users add zhang --role unit --org U-LIB --name 张三
      echo "$密码" | jixiao db users add li --role finance --org FIN --password-stdin
    """


@users_group.command("add")
@click.argument("username", metavar="用户名")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help=f"角色：{ROLES}。",
)
@click.option(
    "--org",
    "org",
    default=None,
    metavar="代码",
    help="用户所属单位或机构的代码，类别须与角色相符；管理员不属于任何单位。",
)
@click.option(
    "--name", "display_name", default="", metavar="显示名", help="显示名（默认同用户名）。"
)
@click.option(
    "--password-stdin",
    "password_stdin",
    is_flag=True,
    help="从标准输入读取密码（第一行），供脚本使用；不给时在终端输入两次（不回显）。",
)
@db_option
def users_add_command(
    username: str,
    role: str,
    org: str | None,
    display_name: str,
    password_stdin: bool,
    url: str | None,
) -> None:
    """新建一个用户。

    密码不能写在命令行上：在终端输入两次（不回显），或用 --password-stdin 从标准输入读入；至少 8 个字符，从不显示。

    \b
    示例：
      jixiao db users add admin --role admin
      jixiao db users add zhang --role unit --org U-LIB --name 张三
      jixiao db users add li --role finance --org FIN --password-stdin < 密码.txt
    """
    from jixiao.service.people import add_user

    password = _password(password_stdin)
    with answering(url), opened(url) as store:
        made = add_user(operator(store), username, password, Role(role), org or None, display_name)
    where = f"，属于 {esc(org)}" if org else ""
    out.print(
        f"已新建用户「{esc(made.username)}」（{made.role.label}{where}，"
        f"显示名 {esc(made.display_name)}）"
    )


def _password(from_stdin: bool) -> str:
    if not from_stdin:
        value: str = click.prompt(
            "密码", hide_input=True, confirmation_prompt="再输入一次密码", err=True
        )
        return value
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        fail("标准输入中没有密码（--password-stdin 读取第一行）")
    return password


@dataclass(frozen=True, slots=True)
class Filed:
    """What became of one file, as its line says it: kept small (a batch may be thousands of
    files, printed at the end), with the located problems of a refused one."""

    path: Path
    stored: bool
    text: str  # rich markup, user text escaped
    problems: tuple[Problem, ...] = ()


@db_group.command("import")
@click.argument(
    "paths", nargs=-1, required=True, metavar="路径...", type=click.Path(path_type=Path)
)
@click.option("--unit", "unit", required=True, metavar="代码", help="这些文件所属预算单位的代码。")
@jobs_option
@db_option
def import_command(paths: tuple[Path, ...], unit: str, jobs: int | None, url: str | None) -> None:
    """把文件夹里（含子文件夹）的每个文件归入一个预算单位的项目：读取、评分、审核后入库。

    每个文件按其中的项目名称和年度归入该单位的项目年度（没有时新建）；已有的项目再导入是新的案例版本。

    读不了或被拒绝的文件不入库，也不中断其余文件；最后逐个文件列出结果。有文件未入库时退出码为 1。

    \b
    示例：
      jixiao db import 图书馆材料/ --unit U-LIB
      jixiao db import 2024年自评表/ --unit U-LIB --db postgresql://jixiao@localhost/jixiao
    """
    from jixiao.service import importing
    from jixiao.service.context import Context
    from jixiao.service.people import acting_for

    with answering(url), opened(url) as store:
        ctx = Context(store, acting_for(store, unit), "cli")
        files, found = api.expand_paths(paths)
        sources = [importing.Source(path, _name(path, paths)) for path in files]
        outcomes: list[Filed] = []
        jobs = jobs or api.default_jobs()
        batch = collector.paused(api.runs_pooled(jobs, len(files)))
        try:
            with batch, file_progress(files, enabled=sys.stderr.isatty()) as advance:
                done = importing.import_files(ctx, unit, sources, jobs, importing.PER_TRANSACTION)
                for imported in done:
                    outcomes.append(_filed(imported))
                    if advance is not None:
                        advance(imported.source.path)
        except KeyboardInterrupt:  # what was stored stays stored: say which before stopping
            _report(_in_order(outcomes, files), found, len(files))
            raise
    _report(_in_order(outcomes, files), found, len(files))
    if not outcomes:
        err.print("没有找到可导入的文件。")
        sys.exit(1)
    sys.exit(0 if all(o.stored for o in outcomes) else 1)


def _in_order(outcomes: list[Filed], files: list[Path]) -> list[Filed]:
    """Reported in the order of the files (a file read again in a later round came later)."""
    at = {path: i for i, path in enumerate(files)}
    return sorted(outcomes, key=lambda o: at.get(o.path, len(at)))


def _report(outcomes: list[Filed], found: list[Problem], total: int) -> None:
    """One line per file, each refused one's problems under it, then the count."""
    for o in outcomes:
        out.print(o.text, soft_wrap=True)
        print_problems(o.problems)
    print_problems(found)
    if not outcomes:
        return
    stored = sum(1 for o in outcomes if o.stored)
    done = (
        f"共 {total} 个文件"
        if len(outcomes) == total
        else f"共 {total} 个文件，已处理 {len(outcomes)} 个"
    )
    out.print(f"\n{done}：{stored} 个已入库，{len(outcomes) - stored} 个未入库。")


def _name(path: Path, given: tuple[Path, ...]) -> str:
    """The name a file is filed under: its path inside the folder given (`子目录/表.xlsx`)."""
    for root in given:
        if root.is_dir() and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.name


def _filed(imported: Imported) -> Filed:
    """One file's outcome as its line says it: whatever went wrong with it is its outcome,
    never the end of the batch."""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.service.errors import ServiceError

    path, name, exc = imported.source.path, imported.source.name, imported.error
    if exc is None:
        return Filed(path, True, _stored_line(imported))
    if isinstance(exc, ServiceError):
        message = exc.message.removeprefix(f"{name}：")  # the line names the file already
        where = FIELDS.get(exc.where, exc.where)
        if where and where != name and where not in message:
            message = f"{message}（{where}）"
        code = exc.problems[0].code if exc.code == "too-large" and exc.problems else exc.code
        return _refused(path, message, code, exc.problems)
    if isinstance(exc, SQLAlchemyError):
        return _refused(path, f"数据库出错：{_database_trouble(exc)}")
    code, message, _ = failure.explain(exc)  # the system refusing it, or jixiao's own error
    return _refused(path, message, code)


def _refused(path: Path, message: str, code: str = "", problems: Sequence[Problem] = ()) -> Filed:
    shown = f" [dim]({code})[/dim]" if code else ""
    text = f"[bold red]未入库[/] {esc(path)}：{esc(message)}{shown}"
    return Filed(path, False, text, tuple(problems))


def _stored_line(imported: Imported) -> str:
    """The project-year as listed (its name, year and stage now) and the score just made."""
    i = imported
    review = f"，发现问题 {i.found} 条（错误 {i.errors} 条）" if i.found else ""
    return (
        f"[green]已入库[/] {esc(i.source.path)}：{esc(i.project or '（未命名项目）')} {i.year}年度 · "
        f"{i.stage} · 第 {i.case_version} 版 · 总分 {fmt(i.total)} / {fmt(i.weight_total)} "
        f"等级 {esc(i.grade)}{review}"
    )
