"""整改 page: the user's 整改 items (overdue ones marked), filtered by 未销号, 逾期 and unit,
and on each item the forms the service lets the user use now — the unit's progress (进展)
and evidence (佐证材料), the department's or finance bureau's 分派 and 销号 (confirmed).
The JSON twins: `GET /api/rectifications`, `PATCH /api/rectifications/{id}`,
`POST|GET /api/rectifications/{id}/evidence`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import RedirectResponse, Response

from jixiao.core.problems import Severity
from jixiao.service import evidence, rectify
from jixiao.service.errors import Invalid, NotFound, ServiceError
from jixiao.web.files import read_upload
from jixiao.web.pages.common import Page, Signed
from jixiao.workflow.items import RectificationStatus

router = APIRouter()
FORMS = ("progress", "assign", "close", "evidence")
_DONE = {
    "progress": "已保存整改进展。",
    "assign": "已保存分派。",
    "close": "已销号。",
    "evidence": "已上传佐证材料。",
}


@dataclass(frozen=True, slots=True)
class Shown:
    """The list's filters as the GET form sends them (a box ticked is any of 1, true, on)."""

    open_only: bool = False
    overdue: bool = False
    unit: str = ""

    def query(self) -> dict[str, str]:
        kept = {"open": self.open_only, "overdue": self.overdue}
        return {k: "1" for k, v in kept.items() if v} | ({"unit": self.unit} if self.unit else {})


def _ticked(text: str) -> bool:
    return text.lower() in ("1", "true", "on", "yes")


def shown(
    open: Annotated[str, Query(max_length=8)] = "",
    overdue: Annotated[str, Query(max_length=8)] = "",
    unit: Annotated[str, Query(max_length=64)] = "",
) -> Shown:
    return Shown(_ticked(open), _ticked(overdue), unit.strip())


Filters = Annotated[Shown, Depends(shown)]


@dataclass(frozen=True, slots=True)
class Failed:
    """A form refused: which item and form, the message, and what was typed (kept)."""

    item: int
    form: str
    message: str
    where: str
    status: int
    typed: dict[str, str]


def show(page: Page, filters: Shown, failed: Failed | None = None) -> Response:
    items = rectify.items(
        page.ctx,
        open_only=filters.open_only,
        overdue=filters.overdue,
        unit=filters.unit or None,
    )
    query = filters.query()
    done = page.request.query_params.get("done", "")
    return page.render(
        "rectifications.html",
        failed.status if failed else 200,
        page="rectifications",
        items=items,
        filters=filters,
        counts={
            "all": len(items),
            "open": sum(i.status.is_open for i in items),
            "overdue": sum(i.overdue for i in items),
            "done": sum(i.status is RectificationStatus.DONE for i in items),
        },
        suffix="?" + urlencode(query) if query else "",
        failed=failed,
        failed_unlisted=failed is not None and failed.item not in {i.id for i in items},
        done=_DONE.get(done, ""),
        severities={s.value: s.label for s in Severity},
        closed=RectificationStatus.CLOSED,
    )


@router.get("/rectifications")
def rectifications(page: Signed, filters: Filters) -> Response:
    return show(page, filters)


def _back(filters: Shown, done: str, item_id: int) -> RedirectResponse:
    query = urlencode({**filters.query(), "done": done})
    return RedirectResponse(f"/rectifications?{query}#item-{item_id}", status_code=303)


def _version(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", text.strip()):
        raise Invalid("缺少整改事项的版本号，请刷新页面后重试", "version")
    return int(text)


def _status(text: str) -> RectificationStatus | None:
    if not text:
        return None
    if text not in {s.value for s in RectificationStatus}:
        raise Invalid("没有这个整改状态", "status")
    return RectificationStatus(text)


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"整改期限「{text}」不是日期，请写成 2026-06-30 这样", "due") from None


def _refused(item_id: int, form: str, exc: ServiceError, typed: dict[str, str]) -> Failed:
    if isinstance(exc, NotFound):
        raise exc  # not there, or not the user's to see: one answer, the error page
    return Failed(item_id, form, exc.message, exc.where, exc.status, typed)


@router.post("/rectifications/{item_id}")
def change(
    page: Signed,
    item_id: int,
    filters: Filters,
    form: Annotated[str, Form(max_length=16)] = "",
    version: Annotated[str, Form(max_length=20)] = "",
    status: Annotated[str, Form(max_length=32)] = "",
    owner: Annotated[str, Form(max_length=1000)] = "",
    due: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=20000)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """One of the item's forms: 进展 (status and note), 分派 (owner, due date, status) or
    销号 (status closed and note, only once confirmed)."""
    ctx = page.checked(csrf)
    typed = {"status": status, "owner": owner, "due": due, "note": note}
    try:
        if form not in FORMS[:3]:
            raise Invalid("没有这个办理事项", "form")
        number = _version(version)
        chosen = RectificationStatus.CLOSED if form == "close" else _status(status)
        if chosen is RectificationStatus.CLOSED and confirm != "yes":
            raise Invalid("请勾选确认后再销号", "confirm")
        fields: dict[str, Any] = {"status": chosen}
        if form == "assign":
            fields |= {"owner": owner.strip(), "due": _date(due)}
        else:
            fields["note"] = note
        rectify.update(ctx, item_id, number, **fields)
    except ServiceError as exc:
        return show(page, filters, _refused(item_id, form, exc, typed))
    return _back(filters, form, item_id)


@router.post("/rectifications/{item_id}/evidence")
def attach(
    page: Signed,
    item_id: int,
    filters: Filters,
    file: Annotated[UploadFile | None, File()] = None,
    version: Annotated[str, Form(max_length=20)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """佐证材料: any file within the upload limit; a refused one stores nothing."""
    ctx = page.checked(csrf)
    try:
        if file is None or not file.filename:
            raise Invalid("请选择要上传的佐证材料", "file")
        number = _version(version)
        data, name = read_upload(file)
        evidence.attach(ctx, item_id, data, name, number)
    except ServiceError as exc:
        return show(page, filters, _refused(item_id, "evidence", exc, {}))
    return _back(filters, "evidence", item_id)
