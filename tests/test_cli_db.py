"""`jixiao db`: migrations, organisations, users and a folder imported for a unit, on a real
database; every refusal one Chinese line with exit code 1, never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from jixiao.cli import cli
from jixiao.service.errors import Unauthenticated
from jixiao.service.people import authenticate
from jixiao.store.db import Store
from jixiao.store.migrate import head
from jixiao.store.schema import CaseVersion, Document, Organisation, ProjectYear, Upload, User
from jixiao.workflow import Role

ROOT = Path(__file__).resolve().parents[1]
SELFEVAL = ROOT / "examples" / "selfeval"
SECRET = "很长的密码-Secret-42"


def jixiao(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """The command line as a user runs it: whatever happens, no traceback and no exception
    escaping the command (click's runner would otherwise keep it from the output)."""
    result = CliRunner().invoke(cli, list(args), input=input, env=env)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def refused(result: Result, words: str) -> None:
    """Exit 1 and one line of Chinese naming what went wrong."""
    assert result.exit_code == 1, result.output
    assert words in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("错误")]
    assert len(lines) == 1, result.output


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/j.db"


def district(url: str, unit: str = "U-LIB") -> None:
    """A finance bureau, one department, one unit and one evaluator."""
    for args in (
        ("FIN", "某区财政局", "--kind", "finance"),
        ("D-CULTURE", "某区文化局", "--kind", "department", "--parent", "FIN"),
        (unit, "某区图书馆", "--kind", "unit", "--parent", "D-CULTURE"),
        ("E-FIRM", "某会计师事务所", "--kind", "evaluator", "--parent", "FIN"),
    ):
        result = jixiao("db", "orgs", "add", *args, "--db", url)
        assert result.exit_code == 0, result.output


def count(url: str, table: type) -> int:
    store = Store.open(url)
    try:
        with store.transaction() as s:
            return s.scalar(select(func.count()).select_from(table)) or 0
    finally:
        store.close()


# --- upgrade -----------------------------------------------------------------------------


def test_upgrade_makes_the_database_then_finds_it_current(url: str, tmp_path: Path) -> None:
    first = jixiao("db", "upgrade", "--db", url)
    assert first.exit_code == 0, first.output
    assert f"数据库已从 无 升级到 {head()}" in first.output
    assert (tmp_path / "j.db").is_file()
    again = jixiao("db", "upgrade", "--db", url)
    assert again.exit_code == 0
    assert f"数据库已是最新（版本 {head()}）" in again.output


def test_upgrade_without_a_url_makes_the_default_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIXIAO_DB", raising=False)
    result = jixiao("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "jixiao-data" / "jixiao.db").is_file()
    assert "sqlite:///jixiao-data/jixiao.db" in result.output


def test_the_url_may_come_from_jixiao_db(url: str, tmp_path: Path) -> None:
    result = jixiao("db", "upgrade", env={"JIXIAO_DB": url})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "j.db").is_file()


@pytest.mark.parametrize(
    "command",
    [
        ("upgrade",),
        ("orgs", "list"),
        ("orgs", "add", "FIN", "财政局", "--kind", "finance"),
        ("users", "add", "zhang", "--role", "admin", "--password-stdin"),
        ("import", str(SELFEVAL), "--unit", "U-LIB"),
    ],
)
@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("nosuch://x", "不支持的数据库：nosuch"),
        ("不是地址", "数据库地址无法识别"),
        (f"postgresql://nobody:{SECRET}@127.0.0.1:1/x", "无法打开或使用数据库"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line(
    command: tuple[str, ...], bad: str, words: str
) -> None:
    result = jixiao("db", *command, "--db", bad, input=f"{SECRET}\n")
    refused(result, words)
    assert SECRET not in result.output  # neither the password in the URL nor the one typed


def test_a_database_made_by_a_newer_jixiao_is_refused(url: str, tmp_path: Path) -> None:
    import sqlite3

    assert jixiao("db", "upgrade", "--db", url).exit_code == 0
    with sqlite3.connect(tmp_path / "j.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    for command in (("upgrade",), ("orgs", "list")):
        refused(jixiao("db", *command, "--db", url), "结构版本不是这个 jixiao 所知的")


# --- organisations ---------------------------------------------------------------------


def test_organisations_are_added_and_listed_as_a_tree(url: str) -> None:
    result = jixiao("db", "orgs", "add", "FIN", "某区财政局", "--kind", "finance", "--db", url)
    assert result.exit_code == 0
    assert "已新建财政局「某区财政局」（代码 FIN）" in result.output
    for args in (
        ("D-CULTURE", "某区文化局", "--kind", "department", "--parent", "FIN"),
        ("U-LIB", "某区图书馆", "--kind", "unit", "--parent", "D-CULTURE"),
        ("E-FIRM", "某会计师事务所", "--kind", "evaluator", "--parent", "FIN"),
        ("D-CIVIL", "某区民政局", "--kind", "department", "--parent", "FIN"),
    ):
        assert jixiao("db", "orgs", "add", *args, "--db", url).exit_code == 0
    listed = jixiao("db", "orgs", "list", "--db", url)
    assert listed.exit_code == 0
    rows = [line.split() for line in listed.output.splitlines()[1:] if line.strip()]
    assert listed.output.split()[:4] == ["代码", "名称", "类别", "上级"]
    assert rows == [
        ["FIN", "某区财政局", "财政局"],
        ["D-CIVIL", "某区民政局", "主管部门", "FIN"],
        ["D-CULTURE", "某区文化局", "主管部门", "FIN"],
        ["U-LIB", "某区图书馆", "预算单位", "D-CULTURE"],
        ["E-FIRM", "某会计师事务所", "第三方评价机构", "FIN"],
    ]


def test_an_empty_store_lists_no_organisations(url: str) -> None:
    result = jixiao("db", "orgs", "list", "--db", url)
    assert result.exit_code == 0
    assert "库中还没有单位或机构" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("X", "某单位", "--kind", "unit", "--parent", "NOPE"), "没有代码为「NOPE」的单位或机构"),
        (("FIN", "又一个财政局", "--kind", "finance"), "代码「FIN」已被使用"),
        (("U-2", "某单位", "--kind", "unit", "--parent", "FIN"), "预算单位应建在主管部门之下"),
        (("D-2", "某部门", "--kind", "department"), "主管部门应建在财政局之下"),
        (("F-2", "某财政局", "--kind", "finance", "--parent", "FIN"), "财政局应建在顶层"),
        (("有 空格", "某单位", "--kind", "finance"), "代码只能由字母"),
        (("F-3", "  ", "--kind", "finance"), "名称不能为空"),
    ],
)
def test_an_organisation_refused_says_why(url: str, args: tuple[str, ...], words: str) -> None:
    made = jixiao("db", "orgs", "add", "FIN", "某区财政局", "--kind", "finance", "--db", url)
    assert made.exit_code == 0
    refused(jixiao("db", "orgs", "add", *args, "--db", url), words)
    assert count(url, Organisation) == 1


def test_a_kind_not_known_is_a_usage_error(url: str) -> None:
    result = jixiao("db", "orgs", "add", "X", "某", "--kind", "school", "--db", url)
    assert result.exit_code == 2
    assert "不是可选值" in result.output


# --- users -------------------------------------------------------------------------------


def stored_user(url: str, username: str) -> User | None:
    store = Store.open(url)
    try:
        with store.transaction() as s:
            return s.scalar(select(User).where(User.username == username))
    finally:
        store.close()


def signs_in(url: str, username: str, password: str) -> Role | None:
    store = Store.open(url)
    try:
        return authenticate(store, username, password).role
    except Unauthenticated:
        return None
    finally:
        store.close()


def test_a_user_added_with_the_password_on_stdin_can_sign_in(url: str) -> None:
    district(url)
    result = jixiao(
        "db", "users", "add", "zhang", "--role", "unit", "--org", "U-LIB", "--name", "张三",
        "--password-stdin", "--db", url, input=f"{SECRET}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "已新建用户「zhang」（预算单位，属于 U-LIB，显示名 张三）" in result.output
    assert SECRET not in result.output
    user = stored_user(url, "zhang")
    assert user is not None and user.display_name == "张三"
    assert SECRET not in user.password_hash
    assert signs_in(url, "zhang", SECRET) is Role.UNIT
    assert signs_in(url, "zhang", SECRET + "\n") is None  # the line's end is not the password


def test_the_password_is_typed_twice_and_never_echoed(url: str) -> None:
    district(url)
    typed = f"{SECRET}\n另一个密码-xyz\n{SECRET}\n{SECRET}\n"  # a mismatch first: asked again
    result = jixiao("db", "users", "add", "admin", "--role", "admin", "--db", url, input=typed)
    assert result.exit_code == 0, result.output
    assert "两次输入不一致" in result.output
    assert "再输入一次密码" in result.output
    assert SECRET not in result.output
    assert signs_in(url, "admin", SECRET) is Role.ADMIN


def test_the_password_is_no_option(url: str) -> None:
    result = jixiao("db", "users", "add", "zhang", "--role", "admin", "--password", SECRET)
    assert result.exit_code == 2
    assert stored_user(url, "zhang") is None


@pytest.mark.parametrize(
    ("args", "typed", "words"),
    [
        (("li", "--role", "unit", "--org", "U-LIB"), "short\n", "密码至少 8 个字符"),
        (("li", "--role", "unit", "--org", "U-LIB"), "\n", "标准输入中没有密码"),
        (("li", "--role", "unit", "--org", "U-LIB"), "", "标准输入中没有密码"),
        (("zhang", "--role", "unit", "--org", "U-LIB"), f"{SECRET}\n", "用户名「zhang」已被使用"),
        (("li", "--role", "unit", "--org", "FIN"), f"{SECRET}\n", "预算单位的用户应属于一个预算单位"),
        (("li", "--role", "unit"), f"{SECRET}\n", "预算单位的用户应属于一个预算单位"),
        (("li", "--role", "admin", "--org", "FIN"), f"{SECRET}\n", "管理员不属于任何单位"),
        (("li", "--role", "finance", "--org", "NOPE"), f"{SECRET}\n", "没有代码为「NOPE」"),
        (("李 四", "--role", "admin"), f"{SECRET}\n", "用户名只能由字母"),
    ],
)  # fmt: skip
def test_a_user_refused_says_why(url: str, args: tuple[str, ...], typed: str, words: str) -> None:
    district(url)
    made = jixiao(
        "db", "users", "add", "zhang", "--role", "unit", "--org", "U-LIB", "--password-stdin",
        "--db", url, input=f"{SECRET}\n",
    )  # fmt: skip
    assert made.exit_code == 0
    result = jixiao("db", "users", "add", *args, "--password-stdin", "--db", url, input=typed)
    refused(result, words)
    assert count(url, User) == 1


# --- import ------------------------------------------------------------------------------


def imported(output: str) -> dict[str, str]:
    """file name → the line reporting it (已入库 … or 未入库 …)."""
    lines = {}
    for line in output.splitlines():
        if found := re.match(r"(已入库|未入库) ([^\s：]+)：", line):
            lines[Path(found.group(2)).name] = line
    return lines


def test_a_folder_of_a_unit_is_stored_and_stored_again(db_url: str) -> None:
    district(db_url)
    first = jixiao("db", "import", str(SELFEVAL), "--unit", "U-LIB", "--db", db_url)
    assert first.exit_code == 0, first.output
    lines = imported(first.output)
    assert sorted(lines) == sorted(p.name for p in SELFEVAL.iterdir())
    assert all(line.startswith("已入库") for line in lines.values())
    library = lines["智慧图书馆数字资源建设.txt"]
    assert (
        "智慧图书馆数字资源建设 2024年度 · 单位自评 · 第 1 版 · 总分 88.11 / 100.00 等级 良"
        in library
    )
    assert "共 3 个文件：3 个已入库，0 个未入库。" in first.output
    assert count(db_url, ProjectYear) == 3

    again = jixiao("db", "import", str(SELFEVAL), "--unit", "U-LIB", "--db", db_url)
    assert again.exit_code == 0, again.output
    assert all("第 2 版" in line for line in imported(again.output).values())
    assert count(db_url, ProjectYear) == 3  # the same project-years, a new case version each
    assert count(db_url, CaseVersion) == 6
    assert count(db_url, Document) == 3  # the same bytes, stored once


def test_a_bad_file_never_stops_the_batch(db_url: str, tmp_path: Path) -> None:
    district(db_url)
    folder = tmp_path / "材料"
    shutil.copytree(SELFEVAL, folder / "子目录")
    (folder / "坏.xlsx").write_bytes(bytes(range(256)) * 8)  # garbage, named a workbook
    (folder / "空.txt").write_bytes(b"")
    shutil.copy(ROOT / "examples" / "seeds" / "004.yaml", folder / "评价.yaml")
    result = jixiao("db", "import", str(folder), "--unit", "U-LIB", "--db", db_url)
    assert result.exit_code == 1
    lines = imported(result.output)
    assert len(lines) == 6
    for good in SELFEVAL.iterdir():
        assert lines[good.name].startswith(f"已入库 {folder / '子目录' / good.name}：")
    assert lines["坏.xlsx"].startswith(f"未入库 {folder / '坏.xlsx'}：不是有效的 Excel 工作簿")
    assert lines["坏.xlsx"].endswith("(unreadable)")
    assert lines["空.txt"].startswith(f"未入库 {folder / '空.txt'}：文件为空")
    assert "评价案例，须由受委托的评价机构在评价阶段上传" in lines["评价.yaml"]
    # the located problems under it, as the other commands print them
    assert re.search(
        r"^错误 坏\.xlsx：不是有效的 Excel 工作簿.*\(unreadable-file\)$", result.output, re.M
    )
    assert "共 6 个文件：3 个已入库，3 个未入库。" in result.output
    assert count(db_url, Upload) == 3
    assert count(db_url, Document) == 3  # nothing of the refused files


def test_a_file_is_filed_under_its_path_inside_the_folder(url: str, tmp_path: Path) -> None:
    district(url)
    shutil.copytree(SELFEVAL, tmp_path / "材料" / "2024")
    result = jixiao("db", "import", str(tmp_path / "材料"), "--unit", "U-LIB", "--db", url)
    assert result.exit_code == 0, result.output
    store = Store.open(url)
    with store.transaction() as s:
        names = set(s.scalars(select(Upload.original_name)))
    store.close()
    assert names == {f"2024/{p.name}" for p in SELFEVAL.iterdir()}


def test_a_file_over_the_size_limit_is_refused_unread(url: str, tmp_path: Path) -> None:
    district(url)
    limits = tmp_path / "限额.yaml"
    limits.write_text("limits:\n  file_bytes: 4000\n", encoding="utf-8")
    result = jixiao(
        "--limits", str(limits), "db", "import", str(SELFEVAL), "--unit", "U-LIB", "--db", url
    )
    assert result.exit_code == 1
    sizes = {p.name: p.stat().st_size for p in SELFEVAL.iterdir()}
    assert any(size > 4000 for size in sizes.values()) and any(s <= 4000 for s in sizes.values())
    for name, line in imported(result.output).items():
        if sizes[name] > 4000:
            assert "未入库" in line and "文件太大：超出限额「单个文件的大小（字节）」" in line
        else:
            assert line.startswith("已入库")


def test_the_given_path_that_does_not_exist_is_reported(url: str, tmp_path: Path) -> None:
    district(url)
    result = jixiao("db", "import", str(tmp_path / "没有"), "--unit", "U-LIB", "--db", url)
    assert result.exit_code == 1
    assert "未入库" in result.output and "文件或文件夹不存在" in result.output


def test_an_empty_folder_imports_nothing_and_says_so(url: str, tmp_path: Path) -> None:
    district(url)
    (tmp_path / "空").mkdir()
    result = jixiao("db", "import", str(tmp_path / "空"), "--unit", "U-LIB", "--db", url)
    assert result.exit_code == 1
    assert "没有找到可导入的文件" in result.output
    assert "目录中没有可读取的文件" in result.output


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        ("D-CULTURE", "「某区文化局」是主管部门，导入须指定一个预算单位"),
        ("FIN", "「某区财政局」是财政局，导入须指定一个预算单位"),
        ("E-FIRM", "是第三方评价机构，导入须指定一个预算单位"),
        ("NOPE", "没有代码为「NOPE」的单位或机构"),
    ],
)
def test_an_import_for_what_is_no_unit_stores_nothing(db_url: str, unit: str, words: str) -> None:
    district(db_url)
    result = jixiao("db", "import", str(SELFEVAL), "--unit", unit, "--db", db_url)
    refused(result, words)
    assert "已入库" not in result.output and "未入库" not in result.output
    assert count(db_url, Upload) == 0


def test_an_import_into_a_store_without_the_unit_is_refused(url: str) -> None:
    refused(jixiao("db", "import", str(SELFEVAL), "--unit", "U-LIB", "--db", url), "没有代码为")


# --- the commands as documented, and started only when used ----------------------------


def commands(group: click.Group) -> Iterator[click.Command]:
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from commands(command)
        else:
            yield command


def test_every_option_of_every_db_command_is_documented() -> None:
    from jixiao.cli.db import db_group

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    found = list(commands(db_group))
    assert {c.name for c in found} == {"upgrade", "add", "list", "import"}
    for command in found:
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(o in text for o in param.opts), (command.name, param.opts)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    for heading in ("db upgrade", "db orgs add", "db orgs list", "db users add", "db import"):
        assert any(f"`jixiao {heading} " in line for line in headings), heading


def test_the_other_commands_do_not_start_the_store() -> None:
    probe = (
        "import json, sys\n"
        "sys.argv = ['jixiao', '--help']\n"
        "from jixiao.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    for prefix in ("sqlalchemy", "alembic", "argon2", "jixiao.store", "jixiao.service"):
        assert not [m for m in modules if m == prefix or m.startswith(prefix + ".")], prefix


def test_an_interrupted_import_says_what_it_stored(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.service import importing

    district(url)
    real = importing._commit
    calls: list[str] = []

    def once_then_ctrl_c(*args: object, **kwargs: object) -> list[importing.Imported]:
        calls.append("called")
        if len(calls) > 1:  # Ctrl-C while the second transaction is being written
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "PER_TRANSACTION", 1)
    monkeypatch.setattr(importing, "_commit", once_then_ctrl_c)
    result = jixiao("db", "import", str(SELFEVAL), "--unit", "U-LIB", "--db", url)
    assert result.exit_code == 1
    assert [line.split()[0] for line in imported(result.output).values()] == ["已入库"]
    assert "共 3 个文件，已处理 1 个：1 个已入库，0 个未入库。" in result.output
    assert "已中断。" in result.output
    assert count(url, Upload) == 1
