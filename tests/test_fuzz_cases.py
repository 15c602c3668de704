"""End-to-end fuzz: generated case files with hostile numbers and texts go read → score →
review → JSON → xlsx without an exception, and the JSON is strict (no NaN, no Infinity)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_cases import hostile_case
from jixiao import api
from jixiao.export.score_json import score_json
from jixiao.export.xlsx_selfeval import write_results_xlsx


def run_pipeline(folder: Path, suffix: str, text: str) -> None:
    """One case through every stage; any exception is the finding."""
    path = folder / f"case{suffix}"
    path.write_text(text, encoding="utf-8")
    cases, problems = api.read_path(path)
    results = api.score_cases(cases)
    api.review_paths([path])
    document = score_json(results, problems)  # type: ignore[arg-type]
    json.dumps(document, ensure_ascii=False, allow_nan=False)
    tables = [r for r in results if not r.case.evaluation]  # scored by the caller
    if tables:
        write_results_xlsx(tables, folder / "out.xlsx")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_cases_never_crash_and_export_strict_json(tmp_path: Path, seed: int) -> None:
    suffix, text = hostile_case(random.Random(seed))
    run_pipeline(tmp_path, suffix, text)
