"""The 上传 page and the job page (web/pages/upload.py) on the demo district, SQLite and
PostgreSQL: a unit drops several files, the job imports them outside the request, and the job
page shows each file's fate (stored with score and grade, or refused with its located
problems); the page polls while the job runs and stops when it ends; only units batch-import;
the form needs the CSRF token; a job is its owner's only; names are text."""

from __future__ import annotations

import re

from demo_world import EXAMPLES, csrf_of, page_client
from jixiao.service import jobs
from jixiao.store.db import Store

GOOD = EXAMPLES / "selfeval" / "智慧图书馆数字资源建设.txt"


def _files() -> list[tuple[str, tuple[str, bytes, str]]]:
    text = GOOD.read_text(encoding="utf-8")
    renamed = text.replace("智慧图书馆数字资源建设", "古籍数字化保护")
    return [
        ("files", ("<script>古籍</script>.txt", renamed.encode("utf-8"), "text/plain")),
        ("files", ("坏文件.yaml", b"not: [a, table", "application/x-yaml")),
    ]


def _submit(store: Store, who: str, **kw: object) -> tuple[object, list[int]]:
    client = page_client(store, who)
    queued: list[int] = []
    client.app.state.enqueue = queued.append  # type: ignore[attr-defined]
    form = client.get("/upload").text
    token = csrf_of(form) if 'name="csrf"' in form else ""
    answer = client.post(
        "/upload",
        data={"csrf": kw.get("csrf", token)},
        files=kw.get("files", _files()),  # type: ignore[arg-type]
        follow_redirects=False,
    )
    return (client, answer), queued


def test_a_unit_uploads_several_files_and_sees_each_fate(store: Store) -> None:
    (client, answer), queued = _submit(store, "unit")
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    job_url = answer.headers["location"]  # type: ignore[attr-defined]
    assert re.fullmatch(r"/jobs/\d+", job_url) and len(queued) == 1
    waiting = client.get(job_url).text  # type: ignore[attr-defined]
    assert "排队中" in waiting or "等待" in waiting
    assert 'hx-trigger="every 1s"' in waiting  # polled while it runs
    jobs.run(store, queued[0])
    done = client.get(job_url).text  # type: ignore[attr-defined]
    assert 'hx-trigger="every 1s"' not in done  # no more polling once it ended
    assert "共 2 个文件：1 个已入库，1 个未入库" in done
    assert "已入库（第 1 版）" in done and ">古籍数字化保护</a>" in done
    assert "&lt;script&gt;古籍&lt;/script&gt;.txt" in done and "<script>古籍" not in done
    assert "未入库" in done and "坏文件.yaml：不是有效的 YAML" in done and "第 15 列" in done
    listed = client.get("/upload").text  # type: ignore[attr-defined]
    assert f'href="{job_url}"' in listed  # among my recent jobs
    twin = client.get("/api/jobs").json()["items"]  # type: ignore[attr-defined]
    assert [j["id"] for j in twin] == queued


def test_the_form_needs_the_csrf_token(store: Store) -> None:
    (_, answer), queued = _submit(store, "unit", csrf="forged")
    assert answer.status_code == 403 and not queued  # type: ignore[attr-defined]


def test_only_a_unit_batch_imports(store: Store) -> None:
    for who in ("finance", "department", "evaluator", "admin"):
        client = page_client(store, who)
        page = client.get("/upload").text
        assert "批量上传由预算单位办理" in page and 'name="files"' not in page
        (_, answer), queued = _submit(store, who)
        assert answer.status_code == 422 and not queued, who  # type: ignore[attr-defined]
        assert "批量上传由预算单位办理" in answer.text  # type: ignore[attr-defined]


def test_no_file_chosen_is_said_beside_the_form(store: Store) -> None:
    """What a browser sends for a file input left empty: a part with an empty file name."""
    client = page_client(store, "unit")
    queued: list[int] = []
    client.app.state.enqueue = queued.append  # type: ignore[attr-defined]
    token = csrf_of(client.get("/upload").text)
    body = (
        '--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
        f"{token}\r\n"
        '--b\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n"
    )
    answer = client.post(
        "/upload",
        content=body.encode(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert answer.status_code == 422 and not queued
    assert "没有上传文件" in answer.text


def test_a_job_is_its_owners_only(store: Store) -> None:
    (_, answer), _ = _submit(store, "unit")
    job_url = answer.headers["location"]  # type: ignore[attr-defined]
    for who in ("unit2", "department", "finance"):
        other = page_client(store, who)
        got = other.get(job_url)
        missing = other.get("/jobs/999999")
        assert got.status_code == 404 and got.text == missing.text, who


def test_the_pdf_button_makes_a_job_for_the_project(store: Store) -> None:
    client = page_client(store, "finance")
    queued: list[int] = []
    client.app.state.enqueue = queued.append  # type: ignore[attr-defined]
    listing = client.get("/api/projects").json()["items"]
    scored = next(p for p in listing if p["grade"] not in (None, "—"))
    page = client.get(f"/projects/{scored['id']}").text
    answer = client.post(
        f"/projects/{scored['id']}/pdf", data={"csrf": csrf_of(page)}, follow_redirects=False
    )
    assert answer.status_code == 303 and len(queued) == 1
    assert "评价报告 PDF" in client.get(answer.headers["location"]).text


def test_more_files_than_a_job_takes_are_refused_in_chinese_by_page_and_api(store: Store) -> None:
    """Past Starlette's own default of 1,000 files a form, up to the job's limit: one more
    than jobs.MAX_FILES is refused with jixiao's message, not the framework's 400."""
    many = [("files", (f"表{i}.txt", b"x", "text/plain")) for i in range(jobs.MAX_FILES + 1)]
    (client, answer), queued = _submit(store, "unit", files=many)
    assert answer.status_code == 422, answer.text[:300]  # type: ignore[attr-defined]
    assert f"一次最多导入 {jobs.MAX_FILES} 个文件" in answer.text  # type: ignore[attr-defined]
    me = client.get("/api/me").json()  # type: ignore[attr-defined]
    api = client.post(  # type: ignore[attr-defined]
        "/api/imports",
        data={"unit": "U-LIBRARY"},
        files=many,
        headers={"X-CSRF-Token": me["csrf"]},
    )
    assert api.status_code == 422, api.text[:300]
    assert f"一次最多导入 {jobs.MAX_FILES} 个文件" in api.json()["error"]["message"]
    assert queued == []


def _as_word(text: str) -> bytes:
    """The example table typed into a Word document: one table, a row per line."""
    import io

    import docx

    lines = [line.split("\t") for line in text.splitlines() if line.strip()]
    width = max(map(len, lines))
    document = docx.Document()
    table = document.add_table(rows=len(lines), cols=width)
    for r, cells in enumerate(lines):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_pickers_offer_word_and_pdf_and_a_word_table_is_filed(store: Store) -> None:
    client = page_client(store, "unit")
    form = client.get("/upload").text
    [accepted] = re.findall(r'id="files"[^>]* accept="([^"]+)"', form)
    assert {".docx", ".pdf", ".xlsx", ".txt", ".yaml"} <= set(accepted.split(","))
    word = _as_word(GOOD.read_text(encoding="utf-8").replace("智慧图书馆数字资源建设", "古籍修复"))
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    (client, answer), queued = _submit(store, "unit", files=[("files", ("古籍.docx", word, kind))])
    assert answer.status_code == 303, answer.text  # type: ignore[attr-defined]
    jobs.run(store, queued[0])
    done = client.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "共 1 个文件：1 个已入库" in done and ">古籍修复</a>" in done
