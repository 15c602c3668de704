"""Self-evaluation tables back to the case format (YAML or JSON); reading it gives them back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.codec import json_number
from jixiao.core.model import Case, FundLine
from jixiao.core.numbers import in_unit
from jixiao.ingest.formats import SELFEVAL as FORMAT


class _Flow(list[str]):
    """A short list written on one line: path: [产出指标, 数量指标, 参与党建活动人数]."""


def _num(value: Decimal | None, text: str = "") -> Any:
    if value is None:
        return text or None
    return value


def table_to_mapping(t: Case) -> dict[str, Any]:
    data: dict[str, Any] = {
        "project": {
            "code": t.project.code,
            "name": t.project.name,
            "year": t.project.year,
            "unit": t.project.unit,
            "department": t.project.department,
        }
    }
    if t.funds is not None:
        f = t.funds

        def line(fl: FundLine) -> dict[str, Any]:
            amounts = {
                k: in_unit(getattr(fl, k), f.money_unit) for k in ("initial", "annual", "executed")
            }
            return {"name": fl.name, **amounts}

        data["funds"] = {
            "unit": f.money_unit,
            "weight": f.weight,
            "total": line(f.total),
            "sources": [line(s) for s in f.sources],
            "published": {
                "rate": f.published_rate,
                "score": _num(f.published_score, f.published_text),
            },
        }
    data["goal"] = {"expected": t.goal_expected, "achieved": t.goal_achieved}
    data["indicators"] = [
        {
            "path": _Flow(r.path),
            "target": r.target,
            "actual": r.actual,
            "weight": r.weight,
            "published_score": _num(r.published_score, r.published_text),
            "deviation": r.deviation,
        }
        for r in t.indicators
    ]
    if t.declared_weights:
        data["level_weights"] = [
            {"path": _Flow(p), "weight": w} for p, w in t.declared_weights.items()
        ]
    data["published"] = {
        "total": _num(t.published_total, t.published_total_text),
        "weight_total": t.published_weight_total,
    }
    if t.policy != "default":
        data["policy"] = t.policy
    if not t.scored:
        data["stage"] = str(t.kind)
    return data


def document(tables: list[Case]) -> dict[str, Any]:
    return {"format": FORMAT, "tables": [table_to_mapping(t) for t in tables]}


class _Dumper(yaml.SafeDumper):
    """Plain YAML a person edits: a value used twice is written twice, never as an anchor
    and aliases (one edit to `&id001` would change every place that shares it)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    return dumper.represent_scalar(
        "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text
    )


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(str, _str)


def to_yaml(tables: list[Case]) -> str:
    header = "# jixiao 自评表案例（格式说明见 docs/case-format.md）\n"
    body = yaml.dump(
        document(tables), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return header + body


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(type(value).__name__)


def to_json(data: object) -> str:
    """Strict JSON (never NaN or Infinity), Chinese kept as it is, indented for people."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)


def write_yaml(tables: list[Case], path: Path) -> None:
    path.write_text(to_yaml(tables), encoding="utf-8")


def write_json(tables: list[Case], path: Path) -> None:
    path.write_text(to_json(document(tables)) + "\n", encoding="utf-8")
