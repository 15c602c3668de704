"""The 运行监控 page and its JSON twin (web/pages/monitoring.py, web/monitoring.py) on the demo
district, SQLite and PostgreSQL: monitoring cases uploaded (or the bundled example) are analysed
as `jixiao monitor --json` analyses them — the page's and the API's numbers are the command's;
a bad, hostile or too large file is said with its location in Chinese (422) and nothing is
stored; names in a case are text; the form needs the CSRF token; a visitor is sent away."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from demo_world import EXAMPLES, csrf_of, page_client
from jixiao.cli import cli
from jixiao.core import limits
from jixiao.store.db import Store
from jixiao.store.schema import Document

MONITOR = EXAMPLES / "monitor"
MONTHLY = MONITOR / "区文化广电旅游体育局-2024.yaml"
QUARTERLY = MONITOR / "某街道办事处-2024-季度.yaml"
ROLES = ("finance", "department", "unit", "unit2", "evaluator", "admin")
LABELS = {"red": "红", "yellow": "黄", "green": "绿", "high": "远超", "unknown": "不监控"}
WAN = Decimal(10000)


def _cli(*args: str) -> dict[str, Any]:
    """What `jixiao monitor --json` prints for the same files."""
    run = CliRunner().invoke(cli, ["monitor", "--json", *args])
    found: dict[str, Any] = json.loads(run.output)
    return found


def _upload(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("file", (p.name, p.read_bytes(), "application/x-yaml")) for p in paths]


def _post(client: Any, files: Any = None, **data: str) -> Any:
    token = csrf_of(client.get("/monitoring").text)
    return client.post(
        "/monitoring", data={"csrf": token, **data}, files=files, follow_redirects=False
    )


def _api(client: Any, files: Any = None, **data: str) -> Any:
    token = client.get("/api/me").json()["csrf"]
    return client.post("/api/monitoring", data=data, files=files, headers={"X-CSRF-Token": token})


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def _project_rows(page: str) -> dict[str, list[str]]:
    """Each project's row of the page: its name → the cells after it, as text."""
    rows = re.findall(r'<tr class="row_\w+"><th scope="row">(.*?)</th>(.*?)</tr>', page, re.S)
    return {
        _text(name): [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)]
        for name, rest in rows
    }


def _money(value: float, unit: str) -> str:
    amount = Decimal(str(value)) / (WAN if unit == "万元" else 1)
    return f"{amount:.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{Decimal(str(value)):.2f}%"


def _without_files(document: dict[str, Any]) -> dict[str, Any]:
    """The command's document with each location's folder left out (the page names a file
    as it was uploaded)."""
    for p in document["problems"]:
        p["where"] = re.sub(r"^[^ ]*/", "", p["where"])
    return document


def _same_as_the_command(page: str, command: dict[str, Any], units: dict[str, str]) -> None:
    rows = _project_rows(page)
    assert len(rows) == sum(len(d["projects"]) for d in command["departments"])
    for d in command["departments"]:
        unit = units[d["name"]]
        card = f"{_money(d['budget'], unit)}</span>"
        assert f'预算（{unit}）</span><span class="n">{card}' in page, d["name"]
        assert f'<span class="n">{_pct(d["rate"])}</span>' in page
        for p in d["projects"]:
            cells = rows[p["name"]]
            deviation = Decimal(str(p["rate"])) - Decimal(str(p["expected"]))
            score = "—" if p["quarterly_score"] is None else f"{p['quarterly_score']:.2f} / 6.00"
            assert cells == [
                p["code"] or "—",
                _money(p["budget"], unit),
                _money(p["executed"], unit),
                _pct(p["rate"]),
                _pct(p["expected"]),
                f"{deviation:+.2f}" if deviation else "0.00",
                _pct(p["progress"]),
                LABELS[p["status"]],
                _pct(p["forecast"]),
                score,
            ], p["name"]
            for i in p["indicators"]:
                shown = f"<td>{html.escape(i['name'])}</td><td>{html.escape(i['target'])}</td>"
                assert shown in page, i["name"]
                after = page.split(shown, 1)[1]
                assert f'<td class="num">{_pct(i["progress"])}</td>' in after.split("</tr>")[0]
                assert f">{LABELS[i['status']]}</span>" in after.split("</tr>")[0]


def test_every_role_sees_the_commands_numbers_for_its_upload(store: Store) -> None:
    command = _cli(str(MONTHLY))
    for who in ROLES:
        client = page_client(store, who)
        answer = _post(client, _upload(MONTHLY))
        assert answer.status_code == 200, (who, answer.text[:500])
        _same_as_the_command(answer.text, command, {"某区文化广电旅游体育局": "万元"})
        # lagging first: the red project before the yellow one before the green ones
        names = list(_project_rows(answer.text))
        assert names[:2] == ["全民健身设施更新改造", "非物质文化遗产保护传承"]
        assert '<span class="status status_red">红 1</span>' in answer.text
        assert "2 个落后，排在前面" in answer.text
        assert (
            '<svg class="chart"' in answer.text
            and "<title>全民健身设施更新改造：21.22%（红）</title>" in answer.text
        )


def test_the_api_answers_the_commands_document(store: Store) -> None:
    client = page_client(store, "unit")
    answer = _api(client, _upload(MONTHLY, QUARTERLY), as_of="2024-06-30")
    assert answer.status_code == 200, answer.text
    got = answer.json()
    command = _without_files(_cli(str(MONTHLY), str(QUARTERLY), "--as-of", "2024-06-30"))
    assert got["as_of"] == "2024-06-30" and got["example"] is False
    assert got["files"] == [MONTHLY.name, QUARTERLY.name]
    assert got["problems"] == command["problems"]
    extra = {"file", "counts", "behind"}
    for shown, wanted in zip(got["departments"], command["departments"], strict=True):
        assert shown["as_of"] == "2024-06-30"
        assert {k: v for k, v in shown.items() if k not in extra | {"projects"}} == {
            k: v for k, v in wanted.items() if k != "projects"
        }
        for p, q in zip(shown["projects"], wanted["projects"], strict=True):
            deviation = p.pop("deviation")
            assert p == q
            assert Decimal(str(deviation)) == Decimal(str(q["rate"])) - Decimal(str(q["expected"]))
        counts = {
            s: sum(p["status"] == s for p in wanted["projects"]) for s in ("red", "yellow", "green")
        }
        assert shown["counts"] == counts and shown["behind"] == counts["red"] + counts["yellow"]
    assert got["departments"][0]["file"] == MONTHLY.name


def test_the_example_is_the_bundled_cases(store: Store) -> None:
    client = page_client(store, "department")
    command = _cli(str(MONITOR))
    page = _post(client, example="1")
    assert page.status_code == 200 and "分析结果（示例）" in page.text
    _same_as_the_command(
        page.text, command, {"某区文化广电旅游体育局": "万元", "某区某街道办事处": "元"}
    )
    assert "各部门汇总" in page.text  # two departments: their own roll-up and chart
    twin = _api(client, example="true").json()
    assert twin["example"] is True
    assert [d["name"] for d in twin["departments"]] == [d["name"] for d in command["departments"]]
    # another 截至日期 for the example too, kept in the form
    earlier = _post(client, example="1", as_of="2024-03-31")
    assert earlier.status_code == 200 and 'value="2024-03-31"' in earlier.text
    first = _cli(str(MONITOR), "--as-of", "2024-03-31")
    _same_as_the_command(
        earlier.text, first, {"某区文化广电旅游体育局": "万元", "某区某街道办事处": "元"}
    )


def _refused(answer: Any) -> str:
    assert answer.status_code == 422, answer.text[:300]
    box = re.search(
        r'<div class="error-box" role="alert" id="monitoring-error">(.*?)</div>', answer.text, re.S
    )
    assert box, answer.text[:500]
    assert 'aria-describedby="file-hint monitoring-error"' in answer.text or (
        'aria-describedby="as-of-hint monitoring-error"' in answer.text
    )
    assert "分析结果" not in answer.text and "Traceback" not in answer.text
    return re.sub(r"\s+", " ", _text(box.group(1)))


def _documents(store: Store) -> int:
    from sqlalchemy import func, select

    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(Document)) or 0


def test_a_file_that_is_not_yaml_is_said_where(store: Store) -> None:
    client = page_client(store, "unit")
    before = _documents(store)
    said = _refused(
        _post(
            client,
            [
                (
                    "file",
                    (
                        "坏文件.yaml",
                        b"format: jixiao-monitor/1\nprojects: [a, b\n",
                        "application/x-yaml",
                    ),
                )
            ],
            as_of="2024-09-30",
        )
    )
    assert "坏文件.yaml · 第 3 行：不是有效的 YAML" in said
    assert "刚才选择的文件：坏文件.yaml" in said
    twin = _api(client, [("file", ("坏文件.yaml", b"projects: [a, b\n", "application/x-yaml"))])
    error = twin.json()["error"]
    assert (
        twin.status_code == 422 and error["code"] == "invalid" and error["where"] == "坏文件.yaml"
    )
    assert error["message"].startswith("坏文件.yaml · 第 2 行：不是有效的 YAML")
    assert error["problems"][0]["code"] == "unreadable-file"
    assert _documents(store) == before


def test_a_workbook_binary_or_another_format_is_said_where(store: Store) -> None:
    client = page_client(store, "finance")
    files = [
        ("file", ("监控表.xlsx", b"PK\x03\x04 not really a workbook", "application/octet-stream")),
        ("file", ("乱码.yaml", bytes(range(256)) * 4, "application/x-yaml")),
        (
            "file",
            (
                "自评表.yaml",
                (EXAMPLES / "seeds").glob("*.yaml").__next__().read_bytes(),
                "application/x-yaml",
            ),
        ),
    ]
    said = _refused(_post(client, files))
    assert (
        "监控表.xlsx：运行监控读取 YAML 或 JSON 格式的监控案例" in said
        and "不能直接读取 .xlsx" in said
    )
    assert "乱码.yaml：" in said
    assert "自评表.yaml" in said and "format 应为 jixiao-monitor/1" in said


def test_a_case_with_wrong_figures_names_the_line(store: Store) -> None:
    case = MONTHLY.read_text(encoding="utf-8").replace("budget: 1250", "budget: 一千万", 1)
    assert "一千万" in case
    said = _refused(
        _post(
            page_client(store, "unit"),
            [("file", ("错误金额.yaml", case.encode(), "application/x-yaml"))],
        )
    )
    assert re.search(r"错误金额\.yaml · 第 \d+ 行 · projects\[\d\]\.budget：", said), said


def test_hostile_and_too_large_files_are_refused_in_chinese(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = page_client(store, "department")
    aliases = "a: &a [x, x]\n" + "".join(f"k{i}: *a\n" for i in range(300))
    said = _refused(
        _post(client, [("file", ("别名.yaml", aliases.encode(), "application/x-yaml"))])
    )
    assert "别名.yaml" in said and "别名" in said and "200" in said
    deep = "a: " + "[" * 200 + "]" * 200 + "\n"
    said = _refused(_post(client, [("file", ("深.yaml", deep.encode(), "application/x-yaml"))]))
    assert "深.yaml" in said and "嵌套太深" in said
    monkeypatch.setattr(limits, "current", lambda: limits.Limits(file_bytes=100))
    big = _post(client, _upload(MONTHLY))
    said = _refused(big)
    assert f"{MONTHLY.name} 超过单个文件的大小上限 100 字节" in said
    twin = _api(client, _upload(MONTHLY)).json()["error"]
    assert twin["code"] == "too-large" and "100 字节" in twin["message"]
    small = [("file", (f"{i}.yaml", b"a: 1\n" * 8, "application/x-yaml")) for i in range(4)]
    said = _refused(_post(client, small))
    assert "一次上传的监控文件合计超过 100 字节" in said


def test_no_file_too_many_or_a_bad_date_are_said_beside_the_field(store: Store) -> None:
    client = page_client(store, "unit")
    # what a browser sends for a file input left empty: a part with an empty file name
    token = csrf_of(client.get("/monitoring").text)
    parts = {"csrf": token, "as_of": "2024-09-30"}
    body = "".join(
        f'--b\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in parts.items()
    ) + (
        '--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n"
    )
    empty = client.post(
        "/monitoring",
        content=body.encode(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert "请选择至少一个监控文件" in _refused(empty) and 'value="2024-09-30"' in empty.text
    many = [("file", (f"{i}.yaml", b"a: 1\n", "application/x-yaml")) for i in range(51)]
    assert "一次最多分析 50 个监控文件（收到 51 个）" in _refused(_post(client, many))
    bad = _post(client, _upload(MONTHLY), as_of="2024-13-45")
    assert "截至日期「2024-13-45」不是日期（写成 2024-09-30）" in _refused(bad)
    assert 'value="2024-13-45"' in bad.text and 'id="as_of"' in bad.text
    assert re.search(r'id="as_of"[^>]*aria-invalid="true"', bad.text)
    before = _post(client, _upload(MONTHLY), as_of="2023-06-30")
    assert "截至日期 2023-06-30 早于监控年度 2024 年" in _refused(before)
    twin = _api(client, _upload(MONTHLY), as_of="昨天").json()["error"]
    assert twin["where"] == "as_of" and "不是日期" in twin["message"]


def test_names_in_a_case_are_text(store: Store) -> None:
    case = MONTHLY.read_text(encoding="utf-8")
    case = case.replace("全民健身设施更新改造", "<script>alert(1)</script>").replace(
        "department: 某区文化广电旅游体育局", 'department: "<img src=x onerror=alert(2)>"'
    )
    client = page_client(store, "unit2")
    answer = _post(client, [("file", ("<b>监控</b>.yaml", case.encode(), "application/x-yaml"))])
    assert answer.status_code == 200, answer.text[:300]
    page = answer.text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>监控" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "&lt;b&gt;监控&lt;/b&gt;.yaml" in page
    assert "<script" not in page.split("</head>", 1)[1]  # none in the body, the chart's SVG too


def test_the_form_needs_the_csrf_token_and_a_session(store: Store) -> None:
    client = page_client(store, "unit")
    forged = client.post(
        "/monitoring",
        data={"csrf": "forged", "example": "1"},
        files=_upload(MONTHLY),
        follow_redirects=False,
    )
    assert forged.status_code == 403 and "分析结果" not in forged.text
    token = csrf_of(client.get("/monitoring").text)
    elsewhere = client.post(
        "/monitoring",
        data={"csrf": token, "example": "1"},
        headers={"Origin": "https://elsewhere.example"},
        follow_redirects=False,
    )
    assert elsewhere.status_code == 403 and "请从本站的页面提交" in elsewhere.text
    no_header = client.post("/api/monitoring", data={"example": "true"})
    assert no_header.status_code == 403 and no_header.json()["error"]["code"] == "csrf"
    visitor = page_client(store)
    for answer in (
        visitor.get("/monitoring", follow_redirects=False),
        visitor.post("/monitoring", data={"example": "1"}, follow_redirects=False),
    ):
        assert (answer.status_code, answer.headers["location"]) == (303, "/")
    assert visitor.post("/api/monitoring", data={"example": "true"}).status_code == 401


def test_the_form_is_labelled_and_offers_the_example(store: Store) -> None:
    page = page_client(store, "evaluator").get("/monitoring").text
    assert (
        '<label for="file">' in page and '<input id="file" name="file" type="file" multiple' in page
    )
    assert '<label for="as_of">' in page and 'type="date"' in page
    assert 'name="example" value="1" formnovalidate' in page and "分析示例" in page
    assert 'aria-current="page">运行监控' in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf"' in page


def test_without_the_examples_folder_the_example_is_said_missing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed package run outside the source tree has no examples/monitor/."""
    from jixiao.service import monitoring

    monkeypatch.setattr(monitoring, "_EXAMPLE", Path("nowhere") / "monitor")
    client = page_client(store, "unit")
    answer = _post(client, example="1", as_of="2024-09-30")
    assert answer.status_code == 404 and 'value="2024-09-30"' in answer.text
    assert "找不到示例文件夹 examples/monitor/" in answer.text and "分析结果" not in answer.text
    twin = _api(client, example="true")
    assert twin.status_code == 404 and twin.json()["error"]["code"] == "not-found"
