"""One year of a project walked through its whole cycle in a real browser, every step taken on
the pages as people take them: the unit uploads seed 003's first table as xlsx and sees its
score and findings; the department returns a target table with 退回意见; the unit fixes it in
the online editor, the live review answering while typing; department and finance approve, the
finance bureau opens monitoring and self-evaluation; the unit fills the 自评表 online; the
reviews pass it to 结果应用; then the Word report and the standard xlsx are downloaded with the
browser's session and read back. Against a real `jixiao serve --demo` of its own (it changes
the store), in Debian's Chromium through Debian's chromedriver.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from demo_world import demo_server
from test_browser import browser, screen, sign_in  # noqa: F401  (the fixture and the login steps)
from xlsx_fixtures import build_workbook, seed003_tables

TARGET = "社区养老驿站运营补贴"  # the demo's target table, waiting for the department
WAIT = 30


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("cycle")) as (base, _):
        yield base


def wait(driver: Any) -> WebDriverWait:  # type: ignore[type-arg]
    """A wait that looks again when HTMX swapped the element it was reading."""
    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))


def sign_out(driver: Any) -> None:
    driver.delete_all_cookies()


def as_user(driver: Any, base: str, who: str) -> None:
    sign_out(driver)
    sign_in(driver, base, who)


def project_id(driver: Any, base: str, name: str) -> int:
    driver.get(base + "/projects")
    link = driver.find_element(By.LINK_TEXT, name)
    found = re.search(r"/projects/(\d+)$", link.get_attribute("href") or "")
    assert found, link.get_attribute("href")
    return int(found.group(1))


def stage_of(driver: Any) -> str:
    """The stage the page shows; "" while the page is being replaced (Chromium says a node
    "does not belong to the document" when the form's navigation swaps it mid-read)."""
    try:
        return str(driver.find_element(By.CSS_SELECTOR, "dd.stage").text)
    except WebDriverException as exc:
        if "does not belong to the document" not in str(exc):
            raise
        return ""


def move(driver: Any, base: str, py: int, label: str, reason: str = "") -> str:
    """Take the step `label` on the project page, confirmed; the stage it leads to."""
    driver.get(f"{base}/projects/{py}")
    summary = driver.find_element(By.XPATH, f"//details[@class='move']/summary[.='{label}']")
    summary.click()
    form = summary.find_element(By.XPATH, "./following-sibling::form")
    if reason:
        form.find_element(By.NAME, "reason").send_keys(reason)
    target = re.search(r"「(.+?)」", form.text)
    assert target, form.text
    form.find_element(By.NAME, "confirm").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver).until(lambda d: stage_of(d) == target.group(1))
    return target.group(1)


def cells(driver: Any, name: str) -> list[Any]:
    return list(driver.find_elements(By.CSS_SELECTOR, f"#editor input[name='{name}']"))


def retype(element: Any, text: str) -> None:
    element.clear()
    element.send_keys(text)


def test_one_project_year_through_the_whole_cycle(
    server: str,
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    b = browser
    # 1. the unit uploads a table: read, scored, reviewed; its score and findings shown
    table = seed003_tables()[0]
    book = tmp_path / "党政事务自评表.xlsx"
    build_workbook(book, [table])
    as_user(b, server, "unit")
    b.get(server + "/upload")
    b.find_element(By.ID, "files").send_keys(str(book))
    b.find_element(By.CSS_SELECTOR, "form.dropzone button").click()
    wait(b).until(EC.url_contains("/jobs/"))
    wait(b).until(lambda d: "已入库" in d.find_element(By.ID, "job").text)
    row = b.find_element(By.CSS_SELECTOR, "#job tbody tr")
    screen(b, "10-上传任务-unit")
    assert "党政事务自评表.xlsx" in row.text and "第 1 版" in row.text
    assert re.search(r"\d+\.\d{2}", row.text), row.text  # the computed total
    row.find_element(By.TAG_NAME, "a").click()  # to the project
    wait(b).until(EC.presence_of_element_located((By.CSS_SELECTOR, "dd.stage")))
    assert "单位自评" in stage_of(b) or "自评" in stage_of(b)

    # 2. the department returns the target table with its 退回意见
    as_user(b, server, "department")
    py = project_id(b, server, TARGET)
    reached = move(b, server, py, "退回单位修改", reason="效益指标不可衡量，请细化")
    assert "效益指标不可衡量" in b.find_element(By.TAG_NAME, "main").text  # 流转记录

    # 3. the unit edits it online: a weight that is no number is said beside its cell while
    #    typing, then fixed; the weights summed live; saved as a new version
    as_user(b, server, "unit")
    b.get(f"{server}/projects/{py}/edit")
    weights = cells(b, "weight")
    assert weights, "no rows in the editor"
    first = weights[0].get_attribute("value")
    retype(weights[0], "十分")
    wait(b).until(lambda d: "不小于 0 的数字" in d.page_source)
    screen(b, "11-在线填报-目标表-unit")
    assert b.switch_to.active_element == cells(b, "weight")[0]  # the cursor stayed
    retype(cells(b, "weight")[0], first or "10")
    wait(b).until(lambda d: "不小于 0 的数字" not in d.page_source)
    total = sum(float(w.get_attribute("value") or 0) for w in cells(b, "weight"))
    shown = b.find_element(By.ID, "weights").text
    assert float(shown) == pytest.approx(total), (shown, total)
    version = b.find_element(By.CSS_SELECTOR, "#editor input[name='version']").get_attribute(
        "value"
    )
    b.find_element(By.CSS_SELECTOR, "#editor button[value='save']").click()
    wait(b).until(EC.url_contains(f"/projects/{py}?done="))
    assert b.find_element(By.XPATH, "//dt[.='版本']/following-sibling::dd").text != version
    assert stage_of(b) == reached

    # 4. submitted, approved by the department and the finance bureau, monitored, self-evaluated
    move(b, server, py, "提交主管部门审核")
    as_user(b, server, "department")
    move(b, server, py, "审核通过，报财政审核")
    as_user(b, server, "finance")
    move(b, server, py, "批复绩效目标")
    move(b, server, py, "开始运行监控")
    move(b, server, py, "开始单位自评")

    # 5. the unit fills the 自评表 online: the actuals as planned, the money, then submits
    as_user(b, server, "unit")
    b.get(f"{server}/projects/{py}/edit")
    assert "项目支出绩效自评表" in b.find_element(By.TAG_NAME, "h1").text
    for target, actual in zip(cells(b, "target"), cells(b, "actual"), strict=True):
        retype(actual, re.sub(r"^[≥≤>＞<＜=＝]+", "", target.get_attribute("value") or ""))
    for key, amount in (("initial", "500000"), ("annual", "500000"), ("executed", "480000")):
        retype(b.find_element(By.ID, f"m-{key}"), amount)
    wait(b).until(
        lambda d: all(
            s.text.strip() not in ("", "—") for s in d.find_elements(By.CSS_SELECTOR, "[id^='s-']")
        )
    )
    screen(b, "12-在线填报-自评表-unit")
    b.find_element(By.CSS_SELECTOR, "#editor button[value='save']").click()
    wait(b).until(EC.url_contains(f"/projects/{py}?done="))
    move(b, server, py, "提交主管部门审核")
    as_user(b, server, "department")
    move(b, server, py, "审核通过，报财政复核")
    as_user(b, server, "finance")
    assert move(b, server, py, "复核通过，进入结果应用") == "结果应用"

    # 6. the scored table is on the page; the report and the xlsx download and say the same
    screen(b, "13-项目-结果应用-finance")
    score = b.find_element(
        By.XPATH, "//span[starts-with(., '总分')]/preceding-sibling::span[@class='n']"
    ).text
    assert re.fullmatch(r"\d+(\.\d{1,2})?", score), score
    cookies = {c["name"]: c["value"] for c in b.get_cookies()}
    with httpx.Client(base_url=server, cookies=cookies, timeout=60) as http:
        docx = http.get(f"/api/projects/{py}/report.docx")
        xlsx = http.get(f"/api/projects/{py}/table.xlsx")
    assert docx.status_code == 200 and xlsx.status_code == 200
    from docx import Document
    from openpyxl import load_workbook

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    tables = "\n".join(
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    )
    assert TARGET in text and score in text + tables
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert any(TARGET in str(v) for r in rows for v in r)
    # the budget row's figures, and each indicator's score under the 得分 heading: with the
    # execution score (the sheet's own formula, min(执行/预算, 1) × 分值) they make the total
    money = next(r for r in rows if "年度资金总额" in r)
    annual, executed, points = (money[money.index("年度资金总额") + k] for k in (2, 3, 4))
    assert (annual, executed) == (500000, 480000)
    head = next(n for n, r in enumerate(rows) if "偏差原因分析及改进措施" in r)
    column = rows[head].index("得分")
    scored = [r[column] for r in rows[head + 1 :] if "总分" not in r and r[column] is not None]
    budget = round(min(executed / annual, 1) * points, 2)
    assert round(sum(scored) + budget, 2) == float(score), (scored, budget, score)
