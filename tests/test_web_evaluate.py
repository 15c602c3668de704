"""在线评价 (web/pages/evaluate.py, web/evaluating.py, service/evaluating.py) on the demo
district, SQLite and PostgreSQL: the commissioned evaluator sees the framework's tree with each
leaf's rule and the facts to enter; the live total is what `jixiao score` gives for the same
YAML; a missing fact's rule-input problem stands beside its leaf; saving stores a new case
version the project page then shows; a stale version is refused with the typed values kept;
only the commissioned evaluator in 评价实施/意见征求 may use it; the CSRF token; text never
markup; the JSON twin agrees with the page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from demo_world import EXAMPLES, User, ctx, page_client
from jixiao.cli import cli
from jixiao.service import evaluating, reading
from jixiao.service.projects import list_projects
from jixiao.service.transitions import transition
from jixiao.store.db import Store
from jixiao.workflow import Action

EVALUATED = "公益文化艺术培训"  # U-CULTURE (unit2), at 评价实施, E-FIRM's case uploaded
CASE = EXAMPLES / "evaluation" / "公益文化艺术培训（评价案例）.yaml"


def project_id(store: Store, name: str = EVALUATED) -> int:
    return next(p.id for p in list_projects(ctx(store, "finance")) if p.name == name)


class _Form(HTMLParser):
    """The fields of the page's form `#evaluate` as a browser posts them: inputs (a checkbox
    only when ticked), textareas, a select's selected option."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.labels: dict[str, str] = {}  # field id → its label's text
        self._text: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._label: tuple[str, list[str]] | None = None
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = a.get("id") == "evaluate"
        if not self._inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._text = (a["name"], [])
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "label" and a.get("for"):
            self._label = (a["for"], [])

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text[1].append(data)
        if self._label is not None:
            self._label[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._text is not None:
            self.fields.append((self._text[0], "".join(self._text[1])))
            self._text = None
        elif tag == "select":
            self._select = None
        elif tag == "label" and self._label is not None:
            self.labels[self._label[0]] = "".join(self._label[1]).strip()
            self._label = None
        elif tag == "form":
            self._inside = False


def form_of(page: str) -> _Form:
    parsed = _Form()
    parsed.feed(page)
    return parsed


def _set(
    fields: list[tuple[str, str]], name: str, value: str, boxes: bool = False
) -> list[tuple[str, str]]:
    """The fields with `name` set to `value` (`boxes`: the ticked boxes, items of `value`)."""
    kept = [(k, v) for k, v in fields if k != name]
    if not boxes:
        return [*kept, (name, value)]
    return kept + [(name, v) for v in (value.split("、") if value else [])]


def _post(client: object, url: str, fields: list[tuple[str, str]]) -> object:
    return client.post(  # type: ignore[attr-defined]
        url,
        content=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def field_of(store: Store, py: int, leaf: str, fact: str) -> str:
    """The form's name of a leaf's fact: `v-{leaf number}-{fact number}`."""
    found = evaluating.evaluating(ctx(store, "evaluator"), py)
    for n, one in enumerate(found.leaves):
        if one.key == leaf:
            i = next(i for i, f in enumerate(one.fields) if f.name == fact)
            return f"v-{n}-{i}"
    raise AssertionError(leaf)


def leaf_number(store: Store, py: int, leaf: str) -> int:
    found = evaluating.evaluating(ctx(store, "evaluator"), py)
    return next(n for n, one in enumerate(found.leaves) if one.key == leaf)


def total_of(html: str) -> str:
    found = re.search(r'<span class="n">([\d.]+)</span><span>总分', html)
    assert found, "no total on the page"
    return found.group(1)


def jixiao_score(path: Path) -> dict[str, object]:
    answer = CliRunner().invoke(cli, ["score", str(path), "--json"])
    assert answer.exit_code in (0, 1), answer.output
    table: dict[str, object] = json.loads(answer.output)["tables"][0]
    return table


def test_the_tree_shows_each_leaf_with_its_rule_weight_and_facts(store: Store) -> None:
    py = project_id(store)
    page = page_client(store, "evaluator").get(f"/projects/{py}/evaluate")
    assert page.status_code == 200, page.text
    found = evaluating.evaluating(ctx(store, "evaluator"), py)
    html = page.text
    assert len(found.leaves) == 17
    for line in found.lines:
        shown = re.search(
            rf'<th scope="row" class="depth-{line.depth}">{re.escape(line.node.name)}</th>\s*'
            rf'<td class="num">{line.node.weight:.2f}</td>',
            html,
        )
        assert shown, line.path
    for title in ("评价要点（扣完为止）", "比率计分（封顶）", "按差距扣分", "完成比例计分"):
        assert f"<strong>{title}</strong>" in html
    assert "<strong>分级评定（层差法）</strong>" in html and "<strong>约定缺省值</strong>" in html
    form = form_of(html)
    # every field has its label; a graded rule's levels are offered, a checklist's 要点 ticked
    named = {k for k, _ in form.fields if k.startswith("v-")}
    assert named and all(k in form.labels or k.startswith("v-") for k in named)
    level = field_of(store, py, "实施效益", "level")
    assert form.labels[level] == "评定的等级（必填）"
    assert re.search(
        rf'<select id="{level}" name="{level}">\s*<option value="">请选择</option>', html
    )
    failed = field_of(store, py, "绩效目标明确性", "failed")
    assert (failed, "②") in form.fields  # as the case has it
    assert "预算执行率" in form.labels[field_of(store, py, "预算执行率", "value")]
    assert form.labels[field_of(store, py, "资金到位率", "实际到位资金")] == "实际到位资金"


def test_a_missing_fact_is_said_beside_its_leaf_and_scores_nothing(store: Store) -> None:
    py = project_id(store)
    page = page_client(store, "evaluator").get(f"/projects/{py}/evaluate").text
    n = leaf_number(store, py, "实施效益")
    cell = re.search(rf'<div id="fd-{n}">(.*?)</div>', page, re.S)
    assert cell is not None
    assert "缺少事实「level」" in cell.group(1) and 'class="finding sev-error"' in cell.group(1)
    assert f'<span id="sc-{n}">0.00</span>' in page


def test_typing_a_fact_gives_the_total_jixiao_score_gives(store: Store, tmp_path: Path) -> None:
    py = project_id(store)
    client = page_client(store, "evaluator")
    page = client.get(f"/projects/{py}/evaluate").text
    fields = form_of(page).fields
    fields = _set(fields, field_of(store, py, "实施效益", "level"), "显著")
    fields = _set(fields, field_of(store, py, "立项依据充分性", "failed"), "②、⑤", True)
    fields = _set(fields, field_of(store, py, "培训人次", "actual"), "1900人次")
    answer = _post(client, f"/projects/{py}/evaluate/review", fields)
    fragment = answer.text  # type: ignore[attr-defined]
    assert answer.status_code == 200 and "<html" not in fragment  # type: ignore[attr-defined]
    assert '<div id="total" class="cards" aria-live="polite" hx-swap-oob="true">' in fragment
    # the same facts written into the example case by hand, scored by the command line
    text = CASE.read_text(encoding="utf-8")
    text = text.replace("立项依据充分性: {failed: []}", "立项依据充分性: {failed: [②, ⑤]}")
    text = text.replace("培训人次: {actual: 1850人次,", "培训人次: {actual: 1900人次,")
    text = text.replace(
        "  成本控制率: {value: 92.17%}\n",
        "  成本控制率: {value: 92.17%}\n  实施效益: {level: 显著}\n",
    )
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    scored = jixiao_score(tmp_path / "case.yaml")
    assert total_of(fragment) == f"{scored['total']:.2f}" != total_of(page)
    assert f'<span class="n">{scored["grade"]}</span><span>等级</span>' in fragment
    n = leaf_number(store, py, "实施效益")
    assert f'<span id="sc-{n}" hx-swap-oob="true">10.00</span>' in fragment
    cell = re.search(rf'<div id="fd-{n}" hx-swap-oob="true">(.*?)</div>', fragment, re.S)
    assert cell is not None and "缺少事实" not in cell.group(1)
    assert "评定为「显著」" in cell.group(1)
    assert len(reading.uploads(ctx(store, "evaluator"), py)) == 2  # nothing stored


def test_emptying_a_fact_puts_the_rule_input_problem_beside_its_leaf(store: Store) -> None:
    py = project_id(store)
    client = page_client(store, "evaluator")
    page = client.get(f"/projects/{py}/evaluate").text
    fields = _set(form_of(page).fields, field_of(store, py, "培训人次", "actual"), "")
    fragment = _post(client, f"/projects/{py}/evaluate/review", fields).text  # type: ignore[attr-defined]
    n = leaf_number(store, py, "培训人次")
    cell = re.search(rf'<div id="fd-{n}" hx-swap-oob="true">(.*?)</div>', fragment, re.S)
    assert cell is not None and "（完成比例计分）：缺少事实「actual」" in cell.group(1)
    assert f'<span id="sc-{n}" hx-swap-oob="true">0.00</span>' in fragment


def test_saving_stores_a_version_the_project_page_shows(store: Store) -> None:
    py = project_id(store)
    client = page_client(store, "evaluator")
    page = client.get(f"/projects/{py}/evaluate").text
    fields = _set(form_of(page).fields, field_of(store, py, "实施效益", "level"), "一般")
    preview = _post(client, f"/projects/{py}/evaluate/review", fields)
    answer = _post(client, f"/projects/{py}/evaluate", fields)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert answer.headers["location"] == f"/projects/{py}?done=upload"  # type: ignore[attr-defined]
    names = [u.name for u in reading.uploads(ctx(store, "evaluator"), py)]
    assert names[-1] == "在线评价.yaml" and len(names) == 3
    newest = reading.latest(ctx(store, "evaluator"), py).result
    assert f"{newest.total:.2f}" == total_of(preview.text)  # type: ignore[attr-defined]
    assert newest.case.facts["实施效益"]["level"] == "一般"
    assert newest.case.facts["绩效目标明确性"]["evidence"]  # what the form does not type stays
    shown = client.get(f"/projects/{py}").text
    assert f'<span class="n">{newest.total:.2f}</span><span>总分' in shown
    # the stored case opens the form again with what was saved
    again = form_of(client.get(f"/projects/{py}/evaluate").text).fields
    assert (field_of(store, py, "实施效益", "level"), "一般") in again


def test_a_stale_version_is_refused_beside_the_form_with_the_typed_values(store: Store) -> None:
    py = project_id(store)
    client = page_client(store, "evaluator")
    page = client.get(f"/projects/{py}/evaluate").text
    fields = _set(form_of(page).fields, field_of(store, py, "实施效益", "level"), "显著")
    note = field_of(store, py, "实施效益", "note")
    fields = _set(fields, note, "学员参与率明显上升")
    User(store, "evaluator").post(  # someone else changes the project meanwhile
        f"/api/projects/{py}/evaluation", json={"facts": {"实施效益": {"level": "一般"}}}
    )
    answer = _post(client, f"/projects/{py}/evaluate", fields)
    text = answer.text  # type: ignore[attr-defined]
    assert answer.status_code == 409  # type: ignore[attr-defined]
    assert re.search(
        r'<p class="error" role="alert" id="save-error">该项目已被.*请刷新后重试', text
    )
    assert f'name="{note}" rows="2" maxlength="5000">学员参与率明显上升</textarea>' in text
    assert '<option value="显著" selected>' in text
    assert len(reading.uploads(ctx(store, "evaluator"), py)) == 3  # the other one's only


def test_what_is_typed_is_text_never_markup(store: Store) -> None:
    py = project_id(store)
    client = page_client(store, "evaluator")
    page = client.get(f"/projects/{py}/evaluate").text
    note = field_of(store, py, "培训人次", "note")
    fields = _set(form_of(page).fields, note, "<script>alert(1)</script>")
    fields = _set(fields, field_of(store, py, "实施效益", "level"), '"><img src=x>')
    review = _post(client, f"/projects/{py}/evaluate/review", fields).text  # type: ignore[attr-defined]
    assert "<img src=x>" not in review and "&lt;img src=x&gt;" in review  # the unknown level
    assert _post(client, f"/projects/{py}/evaluate", fields).status_code == 303  # type: ignore[attr-defined]
    text = client.get(f"/projects/{py}/evaluate").text
    assert "<script>alert(1)" not in text and "<img src=x>" not in text
    assert ">&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in text


def test_without_the_csrf_token_nothing_is_read_or_stored(store: Store) -> None:
    py = project_id(store)
    client = page_client(store, "evaluator")
    fields = _set(form_of(client.get(f"/projects/{py}/evaluate").text).fields, "csrf", "forged")
    for url in (f"/projects/{py}/evaluate", f"/projects/{py}/evaluate/review"):
        assert _post(client, url, fields).status_code == 403  # type: ignore[attr-defined]
    assert len(reading.uploads(ctx(store, "evaluator"), py)) == 2


def test_only_the_commissioned_evaluator_evaluates_and_only_on_a_case(store: Store) -> None:
    py = project_id(store)
    for who in ("unit2", "department", "finance"):
        answer = page_client(store, who).get(f"/projects/{py}/evaluate")
        assert answer.status_code == 403 and evaluating.REFUSED in answer.text, who
    assert page_client(store, "unit").get(f"/projects/{py}/evaluate").status_code == 404
    assert page_client(store, "evaluator").get("/projects/999999/evaluate").status_code == 404
    visitor = page_client(store).get(f"/projects/{py}/evaluate", follow_redirects=False)
    assert (visitor.status_code, visitor.headers["location"]) == (303, "/")
    # a project commissioned from the firm, but no evaluation case uploaded yet
    other = project_id(store, "智慧图书馆数字资源建设")
    from demo_world import ctx as context

    firm = next(i for i, name in _firms(store, other) if name == "某会计师事务所")
    transition(
        context(store, "department"),
        other,
        Action.ASSIGN_EVALUATION,
        payload={"evaluator_id": firm},
    )
    answer = page_client(store, "evaluator").get(f"/projects/{other}/evaluate")
    assert answer.status_code == 422 and "请先在项目页上传评价案例" in answer.text
    project = page_client(store, "evaluator").get(f"/projects/{other}").text
    assert "上传评价案例（含评价框架）后" in project and "/evaluate" not in project
    assert (
        f'href="/projects/{py}/evaluate">在线评价</a>'
        in page_client(store, "evaluator").get(f"/projects/{py}").text
    )
    assert "/evaluate" not in page_client(store, "unit2").get(f"/projects/{py}").text


def _firms(store: Store, py: int) -> list[tuple[int, str]]:
    from jixiao.service.transitions import evaluators

    return list(evaluators(ctx(store, "department"), py))


@pytest.mark.parametrize("route", ["page", "api"])
def test_the_json_twin_agrees_with_the_page(store: Store, route: str) -> None:
    py = project_id(store)
    api = User(store, "evaluator")
    tree = api.get(f"/api/projects/{py}/evaluation").json()
    leaves = [n for n in tree["nodes"] if n["leaf"]]
    assert len(leaves) == 17 and len(tree["nodes"]) == 17 + 4 + 11
    graded = next(n for n in leaves if n["key"] == "实施效益")
    assert graded["rule_title"] == "分级评定（层差法）"
    assert graded["fields"][0]["name"] == "level" and graded["fields"][0]["choices"][0] == "显著"
    assert graded["values"] == {"level": "", "note": ""}
    facts = {"实施效益": {"level": "显著"}}
    review = api.post(f"/api/projects/{py}/evaluation/review", json={"facts": facts}).json()
    page = page_client(store, "evaluator")
    html = page.get(f"/projects/{py}/evaluate").text
    fields = _set(form_of(html).fields, field_of(store, py, "实施效益", "level"), "显著")
    fragment = _post(page, f"/projects/{py}/evaluate/review", fields).text  # type: ignore[attr-defined]
    assert f"{review['total']:.2f}" == total_of(fragment)
    scored = {leaf["key"]: leaf for leaf in review["leaves"]}
    assert scored["实施效益"]["score"] == 10 and scored["实施效益"]["findings"] == []
    assert scored["实施效益"]["inputs"] == [{"name": "评定等级", "value": "显著"}]
    if route == "api":
        version = api.get(f"/api/projects/{py}").json()["version"]
        stored = api.post(
            f"/api/projects/{py}/evaluation", json={"facts": facts, "version": version}
        )
        assert stored.status_code == 201, stored.text
        assert stored.json()["result"]["total"] == review["total"]
        stale = api.post(
            f"/api/projects/{py}/evaluation", json={"facts": facts, "version": version}
        )
        assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    refused = User(store, "unit2").get(f"/api/projects/{py}/evaluation")
    assert refused.status_code == 403 and refused.json()["error"]["message"] == evaluating.REFUSED
