"""The pages in a real browser: Debian's Chromium driven by selenium through Debian's
chromedriver (never a downloaded browser), against a real `jixiao serve --demo`. Every role
signs in through the form, sees its 工作台 and 项目列表, filters the list (HTMX swaps it);
no request leaves 127.0.0.1 and the console shows no error (a CSP violation is one). With
JIXIAO_SCREENS=folder (`make screens`) every screen is saved there as PNG, at 1366×768.

Skipped when Chromium or chromedriver is missing, unless JIXIAO_REQUIRE_BROWSER is set (as
.ci/run sets it, having installed them): then it fails.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from demo_world import demo_server
from jixiao.service.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ROLES = ("finance", "department", "unit", "unit2", "evaluator", "admin")

if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    if os.environ.get("JIXIAO_REQUIRE_BROWSER"):
        raise RuntimeError(f"JIXIAO_REQUIRE_BROWSER is set but {CHROMIUM} or {DRIVER} is missing")
    pytest.skip("Chromium and chromedriver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("serve")) as (base, _):
        yield base


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def waiting(driver: Any) -> Any:
    """A wait that looks again when HTMX swapped the element between finding and reading it."""
    return WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,))


def screen(driver: Any, name: str) -> None:
    folder = os.environ.get("JIXIAO_SCREENS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def requests_of(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def sign_in(driver: Any, base: str, who: str) -> None:
    driver.get(base + "/")
    driver.find_element(By.ID, "username").send_keys(who)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    waiting(driver).until(EC.url_to_be(base + "/home"))


@pytest.mark.parametrize("who", ROLES)
def test_each_role_signs_in_and_uses_its_screens(server: str, browser: Any, who: str) -> None:
    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "登录"
    screen(browser, "01-登录")
    sign_in(browser, server, who)
    assert "工作台" in browser.find_element(By.TAG_NAME, "h1").text
    assert "待我办理" in browser.page_source
    screen(browser, f"02-工作台-{who}")
    browser.find_element(By.LINK_TEXT, "项目列表").click()
    waiting(browser).until(EC.url_contains("/projects"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#listing tbody tr")
    screen(browser, f"03-项目列表-{who}")
    if who == "admin":
        assert "没有符合条件的项目" in rows[0].text
        return
    if who == "evaluator":  # the demo's one project commissioned from its firm
        assert [r.text.split()[:4] for r in rows] == [
            ["2024", "公益文化艺术培训", "某区文化馆", "评价实施"]
        ]
        return
    assert len(rows) >= 1
    Select(browser.find_element(By.ID, "stage")).select_by_value("results")  # HTMX swaps
    waiting(browser).until(EC.url_contains("stage=results"))
    waiting(browser).until(
        lambda d: all(
            "结果应用" in r.text or "没有符合" in r.text
            for r in d.find_elements(By.CSS_SELECTOR, "#listing tbody tr")
        )
    )
    screen(browser, f"04-项目列表-结果应用-{who}")
    network = [u for u in requests_of(browser) if u.startswith(("http:", "https:", "ws:", "wss:"))]
    leaving = [u for u in network if not u.startswith(server + "/")]  # chrome:// is the browser's
    assert leaving == [], f"requests leaving 127.0.0.1: {leaving}"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors


def test_a_wrong_password_is_said_beside_the_form(server: str, browser: Any) -> None:
    browser.get(server + "/")
    browser.find_element(By.ID, "username").send_keys("unit")
    browser.find_element(By.ID, "password").send_keys("wrong-password")
    browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    error = waiting(browser).until(EC.presence_of_element_located((By.ID, "login-error")))
    assert error.text == "用户名或密码不正确"
    assert browser.find_element(By.ID, "username").get_attribute("value") == "unit"
    screen(browser, "01-登录-密码错误")


def test_monitoring_analyses_the_example_and_says_a_bad_file(
    server: str, browser: Any, tmp_path: Path
) -> None:
    """运行监控: the example analysed (the page opens at the result, every status a word), a
    file that is not YAML said beside the form with its line; no console error but the 422."""
    sign_in(browser, server, "department")
    browser.find_element(By.LINK_TEXT, "运行监控").click()
    waiting(browser).until(EC.url_contains("/monitoring"))
    screen(browser, "20-运行监控")
    browser.find_element(By.CSS_SELECTOR, "button[name='example']").click()
    result = waiting(browser).until(EC.presence_of_element_located((By.ID, "result-h")))
    assert result.text == "分析结果（示例）"
    badges = {e.text for e in browser.find_elements(By.CSS_SELECTOR, "table.monitor .status")}
    assert {"红", "黄", "绿", "远超"} <= badges
    assert browser.execute_script("return window.scrollY") > 0  # at the result, not the form
    screen(browser, "20-运行监控-示例")
    bad = tmp_path / "坏文件.yaml"
    bad.write_text("not: [a\n", encoding="utf-8")
    browser.find_element(By.ID, "file").send_keys(str(bad))
    browser.find_element(By.CSS_SELECTOR, ".actions button:not([name])").click()
    said = waiting(browser).until(EC.presence_of_element_located((By.ID, "monitoring-error")))
    assert "坏文件.yaml · 第 2 行：不是有效的 YAML" in said.text
    screen(browser, "20-运行监控-文件有误")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert [e for e in errors if "status of 422" not in e["message"]] == [], errors


def test_the_administrator_manages_users_orgs_and_reads_the_audit_log(
    server: str, browser: Any
) -> None:
    """管理: the menu's last item for the administrator; its three tabs; a refused new user
    said beside its field and at the top, what was typed kept, the password not."""
    sign_in(browser, server, "admin")
    browser.find_element(By.LINK_TEXT, "管理").click()
    waiting(browser).until(EC.url_to_be(server + "/admin"))
    assert "unit2" in browser.find_element(By.CSS_SELECTOR, "table.admin-users").text
    screen(browser, "30-管理-用户")
    browser.find_element(By.ID, "new-username").send_keys("li")
    browser.find_element(By.ID, "new-password").send_keys("short-pw")
    Select(browser.find_element(By.ID, "new-role")).select_by_value("department")
    Select(browser.find_element(By.ID, "new-org")).select_by_value("U-LIBRARY")
    browser.find_element(By.CSS_SELECTOR, "form.new button").click()
    said = waiting(browser).until(EC.presence_of_element_located((By.ID, "new-org-e")))
    assert said.text == "主管部门的用户应属于一个主管部门"
    assert browser.find_element(By.ID, "new-username").get_attribute("value") == "li"
    assert browser.find_element(By.ID, "new-password").get_attribute("value") == ""
    screen(browser, "30-管理-新建用户有误")
    browser.find_element(By.LINK_TEXT, "单位与部门").click()
    waiting(browser).until(EC.url_to_be(server + "/admin/orgs"))
    assert "某区图书馆" in browser.find_element(By.CSS_SELECTOR, "table.admin-orgs").text
    screen(browser, "30-管理-单位与部门")
    browser.find_element(By.LINK_TEXT, "操作记录").click()
    waiting(browser).until(EC.url_to_be(server + "/admin/audit"))
    assert "（项目内容，不显示）" in browser.find_element(By.CSS_SELECTOR, "table.audit").text
    screen(browser, "30-管理-操作记录")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert [e for e in errors if "status of 422" not in e["message"]] == [], errors


def test_the_evaluator_enters_facts_and_sees_the_total_change(server: str, browser: Any) -> None:
    """在线评价: the evaluator opens it from the project at 评价实施, picks the level the case
    lacks and types a fact; the total, the leaf's score and its cell change while the cursor
    stays in the field typed into; the missing fact's error is gone from beside its leaf."""
    sign_in(browser, server, "evaluator")
    browser.find_element(By.LINK_TEXT, "项目列表").click()
    browser.find_element(By.LINK_TEXT, "公益文化艺术培训").click()
    browser.find_element(By.LINK_TEXT, "在线评价").click()
    waiting(browser).until(EC.url_contains("/evaluate"))
    total = browser.find_element(By.CSS_SELECTOR, "#total .n").text
    assert total == "84.53"
    screen(browser, "40-在线评价")
    level = browser.find_element(By.XPATH, "//tr[th='实施效益']//select")
    cell = browser.find_element(By.XPATH, "//tr[th='实施效益']//div[starts-with(@id, 'fd-')]")
    assert "缺少事实「level」" in cell.text
    Select(level).select_by_value("显著")
    waiting(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "#total .n").text == "94.53")
    row = "//tr[th='实施效益']"
    assert browser.find_element(By.XPATH, f"{row}//span[starts-with(@id, 'sc-')]").text == "10.00"
    assert (
        "缺少事实"
        not in browser.find_element(By.XPATH, f"{row}//div[starts-with(@id, 'fd-')]").text
    )
    actual = browser.find_element(By.XPATH, "//tr[th='培训人次']//input[@inputmode or not(@type)]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", actual)
    actual.clear()
    actual.send_keys("2000人次")
    waiting(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "#total .n").text == "95.28")
    assert browser.switch_to.active_element.get_attribute("id") == actual.get_attribute("id")
    screen(browser, "40-在线评价-填写中")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors


SCREENS = (  # who, path, the page's heading, the screen's name
    ("finance", "/dashboard", "看板", "50-看板-finance"),
    ("department", "/dashboard", "看板", "50-看板-department"),
    ("finance", "/rectifications", "整改", "60-整改-finance"),
    ("unit", "/rectifications", "整改", "60-整改-unit"),
    ("unit", "/upload", "上传", "10-上传-unit"),
)


@pytest.mark.parametrize(("who", "path", "heading", "name"), SCREENS)
def test_the_other_screens_open_from_the_menu(
    server: str, browser: Any, who: str, path: str, heading: str, name: str
) -> None:
    sign_in(browser, server, who)
    browser.find_element(By.CSS_SELECTOR, f"nav a[href='{path}']").click()
    waiting(browser).until(EC.url_contains(path))
    assert heading in browser.find_element(By.TAG_NAME, "h1").text
    screen(browser, name)
    if path == "/dashboard":  # the charts are drawn: SVG with their data tables
        assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    network = [u for u in requests_of(browser) if u.startswith(("http:", "https:"))]
    assert [u for u in network if not u.startswith(server + "/")] == []
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
