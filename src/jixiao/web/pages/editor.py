"""在线填报 page: a project-year's 绩效目标表 (or 自评表) edited in place — rows added, moved
and deleted, 分值 summed and the review's findings shown beside their row while typing (HTMX
posts the form to `…/edit/review` as the user pauses and swaps only the findings cells and the
sum, so the cursor stays where it is), the history and the indicator library suggested; saving
stores it as the newest case version (service/editing.py). Without JavaScript every button
still works: the whole form is posted and the page shown again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from jixiao.service import editing, library, suggestions
from jixiao.service.editing import Draft, Preview
from jixiao.service.errors import ServiceError
from jixiao.web.pages.common import Page, Signed

router = APIRouter()


async def _form(page: Page) -> dict[str, list[str]]:
    """The form's fields, each a list (one entry per row); never more than a table's rows."""
    most = editing.MAX_ROWS * len(editing.FIELDS) + 16
    form = await page.request.form(max_files=0, max_fields=most)
    return {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}


def _show(
    page: Page, project_id: int, draft: Draft | None = None, status: int = 200, **more: Any
) -> Response:
    ctx = page.ctx
    found = editing.editing(ctx, project_id)
    draft = draft or found.draft
    review = editing.preview(ctx, project_id, draft)
    return page.render(
        "editor.html",
        status,
        page="projects",
        p=found.project,
        draft=draft,
        review=review,
        errors=review.edited.errors,
        history=[s for s in suggestions.suggestions(ctx, project_id) if s.suggestion.past],
        names=sorted({e.name for e in library.search(ctx, "", "", 200)}),
        level1=editing.LEVEL1,
        level2=editing.LEVEL2,
        **more,
    )


@router.get("/projects/{project_id}/edit")
def edit(page: Signed, project_id: int) -> Response:
    return _show(page, project_id)


def _draft(page: Page, project_id: int, form: Mapping[str, Sequence[str]]) -> Draft:
    kind = editing.editing(page.ctx, project_id).draft.kind
    return editing.draft_from(kind, form)


@router.post("/projects/{project_id}/edit/review")
async def review(page: Signed, project_id: int) -> Response:
    """The findings and the sum for the form as typed (HTMX swaps them in); stores nothing."""
    form = await _form(page)
    page.checked((form.get("csrf") or [""])[0])
    draft = _draft(page, project_id, form)
    found: Preview = editing.preview(page.ctx, project_id, draft)
    return page.render(
        "editor_review.html", review=found, draft=draft, errors=found.edited.errors, oob=True
    )


@router.post("/projects/{project_id}/edit")
async def save(page: Signed, project_id: int) -> Response:
    form = await _form(page)
    ctx = page.checked((form.get("csrf") or [""])[0])
    op = (form.get("op") or ["save"])[0][:32]
    draft = _draft(page, project_id, form)
    if op != "save":  # a row added, deleted or moved: the form again, nothing stored
        return _show(page, project_id, editing.change(draft, op))
    version_text = (form.get("version") or [""])[0]
    version = int(version_text) if version_text.isascii() and version_text.isdigit() else None
    try:
        stored = editing.save(ctx, project_id, draft, version)
    except ServiceError as exc:
        return _show(page, project_id, draft, exc.status, failure=exc)
    if isinstance(stored, editing.Edited):
        return _show(page, project_id, draft, 422, failure=None)
    target = f"/projects/{project_id}?done=upload"
    if page.request.headers.get("HX-Request"):  # HTMX follows with a page, not a fragment
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
