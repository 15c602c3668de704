"""在线评价 page: the commissioned evaluator's framework tree — weights, each leaf's rule, 评分标准
and the facts to enter — with the live total, grade, subtotals, scores, 扣分说明 and findings
beside their leaf (HTMX posts the form to `…/evaluate/review` as the user pauses and swaps only
those cells: the cursor stays); saving stores the case as its newest version
(service/evaluating.py). Without JavaScript, saving still works and shows the project page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from jixiao.service import evaluating
from jixiao.service.errors import ServiceError
from jixiao.service.evaluating import Draft, Evaluating
from jixiao.web.pages.common import Page, Signed

router = APIRouter()
MAX_FIELDS = 5000  # a framework's leaves × their facts, and the form's own fields


async def _form(page: Page) -> dict[str, list[str]]:
    form = await page.request.form(max_files=0, max_fields=MAX_FIELDS)
    return {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}


def _values(page: Page, found: Evaluating, draft: Draft, **more: Any) -> dict[str, Any]:
    _, review = evaluating.preview(page.ctx, found.project.id, draft)
    numbers: dict[str, int] = {leaf.key: n for n, leaf in enumerate(found.leaves)}
    return {
        "p": found.project,
        "found": found,
        "draft": draft,
        "review": review,
        "numbers": numbers,
        "items": evaluating.items,
        **more,
    }


def _typed(found: Evaluating, form: dict[str, list[str]]) -> Draft:
    """The stored facts, with what the form typed in their place."""
    typed = evaluating.draft_from(found, form)
    return {k: {**found.draft.get(k, {}), **typed.get(k, {})} for k in found.draft}


@router.get("/projects/{project_id}/evaluate")
def evaluate(page: Signed, project_id: int) -> Response:
    found = evaluating.evaluating(page.ctx, project_id)
    values = _values(page, found, found.draft)
    return page.render("evaluate.html", page="projects", **values)


@router.post("/projects/{project_id}/evaluate/review")
async def review(page: Signed, project_id: int) -> Response:
    """The total, grade, subtotals and each leaf's score and findings for the form as typed
    (HTMX swaps them in out of band); stores nothing."""
    form = await _form(page)
    page.checked((form.get("csrf") or [""])[0])
    found = evaluating.evaluating(page.ctx, project_id)
    values = _values(page, found, _typed(found, form), oob=True)
    return page.render("evaluate_review.html", **values)


@router.post("/projects/{project_id}/evaluate")
async def save(page: Signed, project_id: int) -> Response:
    form = await _form(page)
    ctx = page.checked((form.get("csrf") or [""])[0])
    found = evaluating.evaluating(ctx, project_id)
    draft = _typed(found, form)
    text = (form.get("version") or [""])[0]
    version = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
    try:
        evaluating.save(ctx, project_id, draft, version)
    except ServiceError as exc:
        values = _values(page, found, draft, failure=exc)
        return page.render("evaluate.html", exc.status, page="projects", **values)
    target = f"/projects/{project_id}?done=upload"
    if page.request.headers.get("HX-Request"):  # HTMX follows with a page, not a fragment
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
