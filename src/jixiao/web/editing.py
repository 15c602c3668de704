"""在线填报 over the API: the JSON twin of the editor page (service/editing.py). `GET` gives
the table the user may fill now, `POST …/review` reads, scores and reviews a draft without
storing it, `POST` stores it as the newest case version (the same document the page saves)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jixiao.service import editing
from jixiao.service.editing import Draft, Preview, Row
from jixiao.service.errors import Invalid
from jixiao.web import shapes
from jixiao.web.params import Ctx

router = APIRouter(prefix="/api")
_TEXT = Field(default="", max_length=2000)


class RowIn(BaseModel):
    level1: str = _TEXT
    level2: str = _TEXT
    name: str = _TEXT
    target: str = _TEXT
    weight: str = Field(default="", max_length=64)
    actual: str = _TEXT
    score: str = Field(default="", max_length=64)
    deviation: str = _TEXT


class DraftIn(BaseModel):
    rows: list[RowIn] = Field(max_length=editing.MAX_ROWS)
    initial: str = Field(default="", max_length=64, description="年初预算数（元，自评表）")
    annual: str = Field(default="", max_length=64, description="全年预算数（元，自评表）")
    executed: str = Field(default="", max_length=64, description="全年执行数（元，自评表）")
    version: int | None = Field(default=None, description="读取时的版本号（乐观锁）")


def _draft(ctx: Ctx, project_id: int, body: DraftIn) -> Draft:
    kind = editing.editing(ctx, project_id).draft.kind
    rows = tuple(Row(**r.model_dump()) for r in body.rows)
    return Draft(kind, rows or (Row(),), (body.initial, body.annual, body.executed))


def _draft_json(d: Draft) -> dict[str, Any]:
    return {
        "kind": d.kind.value,
        "rows": [{f: getattr(r, f) for f in editing.FIELDS} for r in d.rows],
        **dict(zip(editing.MONEY, d.money, strict=True)),
    }


def _review_json(p: Preview) -> dict[str, Any]:
    sheet = p.sheet
    scored = sheet is not None and sheet.scored
    return {
        "errors": [
            {"row": row, "field": field, "message": message}
            for (row, field), message in sorted(p.edited.errors.items())
        ],
        "weights": shapes.number(p.weights),
        "total": shapes.number(sheet.result.total) if scored and sheet else None,
        "grade": sheet.result.grade if scored and sheet else None,
        "rows": [
            {
                "row": n,
                "score": shapes.number(p.scores[n].score) if n in p.scores else None,
                "explanation": p.scores[n].explanation if n in p.scores else "",
                "findings": [shapes.finding(f) for f in found],
            }
            for n, found in sorted(p.by_row.items())
        ],
        "findings": [shapes.finding(f) for f in sheet.general] if sheet else [],
    }


@router.get("/projects/{project_id}/editor", summary="在线填报：当前可填报的表（目标表或自评表）")
def draft(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return _draft_json(editing.editing(ctx, project_id).draft)


@router.post("/projects/{project_id}/editor/review", summary="在线填报：实时审核（不保存）")
def review(ctx: Ctx, project_id: int, body: DraftIn) -> dict[str, Any]:
    return _review_json(editing.preview(ctx, project_id, _draft(ctx, project_id, body)))


@router.post("/projects/{project_id}/editor", summary="在线填报：保存为最新版本", status_code=201)
def save(ctx: Ctx, project_id: int, body: DraftIn) -> dict[str, Any]:
    done = editing.save(ctx, project_id, _draft(ctx, project_id, body), body.version)
    if isinstance(done, editing.Edited):
        (row, field), message = min(done.errors.items())
        raise Invalid(message, f"rows.{row}.{field}" if row >= 0 else field)
    return shapes.stored(done)
