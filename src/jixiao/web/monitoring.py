"""运行监控's JSON twin: monitoring cases uploaded (or the bundled example) analysed as
`jixiao monitor --json` does, from the same service call as the `/monitoring` page; nothing is
stored. The answer is `monitor_json`'s shape with what the page shows besides."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from jixiao import api
from jixiao.core.numbers import HUNDRED, round2
from jixiao.service import monitoring
from jixiao.web.files import read_upload
from jixiao.web.params import Ctx

router = APIRouter()


def uploaded(files: list[UploadFile] | None) -> list[tuple[str, bytes]]:
    """The chosen files' (name, bytes), within the service's count and the file limit; a
    browser sends an input left empty as a part without a file name: no file."""
    chosen = [f for f in files or () if f.filename]
    monitoring.checked_count(len(chosen))
    read = []
    total = 0
    for f in chosen:
        data, name = read_upload(f)
        total += len(data)
        monitoring.checked_total(total)
        read.append((name, data))
    return read


def shaped(m: monitoring.Monitoring) -> dict[str, Any]:
    """`jixiao monitor --json`'s document, each department with the file it came from and its
    counts by band, each project with its 偏差 (percentage points, two decimals)."""
    found = api.monitor_json([d.progress for d in m.departments], m.problems)
    for line, dept in zip(m.departments, found["departments"], strict=True):
        dept["file"] = line.file
        dept["counts"] = {s.value: n for s, n in line.progress.counts}
        dept["behind"] = line.behind
        for project, shown in zip(line.projects, dept["projects"], strict=True):
            shown["deviation"] = float(round2(project.deviation * HUNDRED))
    return {
        **found,
        "as_of": None if m.as_of is None else m.as_of.isoformat(),
        "files": list(m.files),
        "example": m.example,
    }


@router.post(
    "/monitoring",
    summary="运行监控：上传监控案例（可多个），对照序时进度看预算执行、年末预测与指标进度（不保存）",
)
def monitor(
    ctx: Ctx,
    file: Annotated[
        list[UploadFile] | None,
        File(description="监控案例（YAML 或 JSON，format: jixiao-monitor/1），每个文件一个部门"),
    ] = None,
    as_of: Annotated[
        str, Form(max_length=40, description="截至日期 YYYY-MM-DD；不填用各案例的 as_of")
    ] = "",
    example: Annotated[bool, Form(description="分析自带的示例（不必上传文件）")] = False,
) -> dict[str, Any]:
    chosen = monitoring.as_of_of(as_of)
    if example:
        return shaped(monitoring.example(ctx, chosen))
    return shaped(monitoring.analyse(ctx, uploaded(file), chosen))
