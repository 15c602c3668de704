"""在线评价 over the API: the JSON twin of the 评价 page (service/evaluating.py). `GET` gives the
framework's tree with each leaf's rule and the facts to enter, `POST …/review` scores and
reviews typed facts without storing them, `POST` stores them as the newest case version (the
same document the page saves)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from jixiao.service import evaluating
from jixiao.service.evaluating import Evaluating, Preview
from jixiao.web import shapes
from jixiao.web.params import Ctx

router = APIRouter()  # under routes.py's /api
Text = Annotated[str, StringConstraints(max_length=evaluating.MAX_TEXT)]
Name = Annotated[str, StringConstraints(max_length=500)]


class FactsIn(BaseModel):
    facts: dict[Name, dict[Name, Text]] = Field(
        default_factory=dict,
        max_length=2000,
        description="各末级指标（键）的事实：{事实名: 填写的文字}；列表以、分隔",
    )
    version: int | None = Field(default=None, description="读取时的版本号（乐观锁）")


def _tree_json(found: Evaluating) -> dict[str, Any]:
    nodes = []
    for line in found.lines:
        node, leaf = line.node, line.leaf
        item: dict[str, Any] = {
            "path": list(line.path),
            "weight": shapes.number(node.weight),
            "leaf": leaf is not None,
        }
        if leaf is not None:
            item |= {
                "key": leaf.key,
                "rule": leaf.kind,
                "rule_title": leaf.title,
                "params": [{"label": k, "value": v} for k, v in leaf.params],
                "explanation": node.explanation,
                "standard": node.standard,
                "benchmark": node.benchmark,
                "fields": [
                    {
                        "name": f.name,
                        "label": f.label,
                        "type": f.type.value,
                        "required": f.required,
                        "choices": list(f.choices),
                        "hint": f.hint,
                    }
                    for f in leaf.fields
                ],
                "values": dict(found.draft.get(leaf.key, {})),
            }
        nodes.append(item)
    return {
        "project": shapes.summary(found.project),
        "framework": found.case.scored_on.title,
        "nodes": nodes,
    }


def _review_json(p: Preview) -> dict[str, Any]:
    r = p.result
    return {
        "total": shapes.number(r.total),
        "weight_total": shapes.number(r.weight_total),
        "grade": r.grade,
        "leaves": [
            {
                "key": s.facts_key,
                "path": list(s.path),
                "score": shapes.number(s.score),
                "explanation": s.explanation,
                "inputs": [{"name": k, "value": v} for k, v in s.inputs],
                "findings": [shapes.finding(f) for f in p.by_leaf.get(s.facts_key, ())],
            }
            for s in r.indicators
        ],
        "nodes": [
            {
                "path": list(n.path),
                "weight": shapes.number(n.weight),
                "score": shapes.number(n.score),
            }
            for n in r.nodes
        ],
        "findings": [shapes.finding(f) for f in p.general],
    }


@router.get("/projects/{project_id}/evaluation", summary="在线评价：评价框架、各指标规则与已填事实")
def tree(ctx: Ctx, project_id: int) -> dict[str, Any]:
    return _tree_json(evaluating.evaluating(ctx, project_id))


@router.post(
    "/projects/{project_id}/evaluation/review", summary="在线评价：实时评分和审核（不保存）"
)
def review(ctx: Ctx, project_id: int, body: FactsIn) -> dict[str, Any]:
    _, found = evaluating.preview(ctx, project_id, body.facts)
    return _review_json(found)


@router.post(
    "/projects/{project_id}/evaluation", summary="在线评价：保存为最新评价案例版本", status_code=201
)
def save(ctx: Ctx, project_id: int, body: FactsIn) -> dict[str, Any]:
    return shapes.stored(evaluating.save(ctx, project_id, body.facts, body.version))
