"""The library's public face. The CLI and the web app call these and nothing deeper.

May import: every stage below it — `jixiao.core`, `jixiao.batch`, `jixiao.ingest`,
`jixiao.validate`, `jixiao.scoring`, `jixiao.review`, `jixiao.export`, `jixiao.report`,
`jixiao.monitor` — never the command line above it.

Two layers. The values first — `read(data, name)`, `score(case)`, `review(results, …)`,
`render_report(result, fmt)`, `render_xlsx(results)` — take and return values and bytes, so an
upload and a download go through the same functions as a file; no path in their signatures.
Then the files, a convenience layer on top: `score_paths`, `review_paths`, `write_report`,
`convert`, `expand_paths`… read the bytes (or walk folders), call the values, and write what
they rendered through `export.output`'s safe writer.

No process-wide state (a threaded server calls it):
limits are per context (`using_limits`), an edited policy file is read again, and the command
line, not this module, tunes the garbage collector for its batches (cli/collector.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao import batch
from jixiao.batch import default_jobs, runs_pooled
from jixiao.core.limits import Limits
from jixiao.core.limits import using as using_limits
from jixiao.core.model import Case
from jixiao.core.problems import Location, Problem, Severity, has_errors
from jixiao.core.results import Result

if TYPE_CHECKING:
    from jixiao.core.framework import Framework
    from jixiao.export.case import to_json, to_yaml
    from jixiao.export.evaluation import evaluation_to_yaml
    from jixiao.export.output import recording as recording_writes
    from jixiao.export.score_json import (
        EncodedFile,
        encode_file,
        finding_json,
        problem_json,
        result_json,
        write_score_json,
    )
    from jixiao.export.xlsx_listing import Column as ListingColumn
    from jixiao.export.xlsx_listing import Kind as ListingKind
    from jixiao.export.xlsx_listing import Sheet as ListingSheet
    from jixiao.ingest.limits import load_limits
    from jixiao.ingest.registry import read_path
    from jixiao.monitor import DepartmentProgress, MonitorRun, ProjectProgress, Status, monitor_json
    from jixiao.monitor.fields import UNITS as MONEY_UNITS
    from jixiao.review.codes import code_title
    from jixiao.review.finding import ReviewConfigError, RuleSettings
    from jixiao.review.finding import load_config as load_review_config
    from jixiao.review.rules.history import Suggestion, suggest_target
    from jixiao.review.run import Reviewed
    from jixiao.scoring.policy import Policy, PolicyError, builtin_policies, load_policy
    from jixiao.scoring.rules import RuleKind
    from jixiao.scoring.rules.base import ParamType

# What a command does not need is imported when first asked for: `jixiao --help` and scoring
# one file start without the review rules, the monitor, the writers and their libraries.
_ON_FIRST_USE = {
    "Policy": "jixiao.scoring.policy",
    "PolicyError": "jixiao.scoring.policy",
    "load_policy": "jixiao.scoring.policy",
    "builtin_policies": "jixiao.scoring.policy",
    "read_path": "jixiao.ingest.registry",
    "MonitorRun": "jixiao.monitor",
    "DepartmentProgress": "jixiao.monitor",
    "ProjectProgress": "jixiao.monitor",
    "Status": "jixiao.monitor",
    "monitor_json": "jixiao.monitor",
    "MONEY_UNITS": "jixiao.monitor.fields",
    "EncodedFile": "jixiao.export.score_json",
    "encode_file": "jixiao.export.score_json",
    "write_score_json": "jixiao.export.score_json",
    "ReviewConfigError": "jixiao.review.finding",
    "Reviewed": "jixiao.review.run",
    "code_title": "jixiao.review.codes",
    "finding_json": "jixiao.export.score_json",
    "result_json": "jixiao.export.score_json",
    "load_limits": "jixiao.ingest.limits",
    "load_review_config": "jixiao.review.finding",
    "RuleSettings": "jixiao.review.finding",
    "problem_json": "jixiao.export.score_json",
    "recording_writes": "jixiao.export.output",
    "to_json": "jixiao.export.case",
    "to_yaml": "jixiao.export.case",
    "evaluation_to_yaml": "jixiao.export.evaluation",
    "ParamType": "jixiao.scoring.rules.base",
    "ListingColumn": "jixiao.export.xlsx_listing",
    "ListingKind": "jixiao.export.xlsx_listing",
    "ListingSheet": "jixiao.export.xlsx_listing",
    "Suggestion": "jixiao.review.rules.history",
    "suggest_target": "jixiao.review.rules.history",
}
_RENAMED = {
    "recording_writes": "recording",
    "MONEY_UNITS": "UNITS",
    "load_review_config": "load_config",
    "ListingColumn": "Column",
    "ListingKind": "Kind",
    "ListingSheet": "Sheet",
}


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'jixiao.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value
    return value


__all__ = [
    "MONEY_UNITS",
    "Case",
    "DepartmentProgress",
    "EncodedFile",
    "FileScore",
    "Limits",
    "ListingColumn",
    "ListingKind",
    "ListingSheet",
    "Location",
    "MonitorRun",
    "ParamType",
    "Policy",
    "PolicyError",
    "Problem",
    "ProjectProgress",
    "Result",
    "Review",
    "ReviewConfigError",
    "ReviewRun",
    "Reviewed",
    "RuleSettings",
    "ScoreRun",
    "Severity",
    "Status",
    "Suggestion",
    "builtin_policies",
    "check_framework",
    "check_review_output",
    "code_title",
    "convert",
    "default_jobs",
    "encode_file",
    "evaluation_to_yaml",
    "expand_paths",
    "finding_json",
    "has_errors",
    "load_limits",
    "load_policy",
    "load_review_config",
    "monitor_json",
    "monitor_paths",
    "problem_json",
    "read",
    "read_path",
    "readable_suffixes",
    "recording_writes",
    "render_listing_xlsx",
    "render_report",
    "render_xlsx",
    "report_outputs",
    "result_json",
    "review",
    "review_paths",
    "rule_kinds",
    "runs_pooled",
    "score",
    "score_case",
    "score_cases",
    "score_each",
    "score_each_json",
    "score_file",
    "score_paths",
    "suggest_target",
    "to_json",
    "to_yaml",
    "using_limits",
    "write_report",
    "write_review",
    "write_score_json",
]


# ---- values: content in, values and content out --------------------------------------------
# What the CLI and the web app share: no path is read or written below this line until the
# file layer (a report to PDF passes through a temporary folder of its own).


def rule_kinds() -> dict[str, RuleKind]:
    from jixiao.scoring import rules

    return rules.kinds()


def readable_suffixes() -> tuple[str, ...]:
    """The file suffixes jixiao reads cases from (".docx", ".xlsx", ".yaml" …), sorted."""
    from jixiao.ingest.registry import readable_suffixes as registered

    return registered()


def read(data: bytes, name: str) -> tuple[list[Case], list[Problem]]:
    """Every case in one file's content (self-evaluation tables, evaluation cases) and what
    could not be read: an upload as it arrives. `name` (the file's name or path) chooses the
    reader by its suffix and names the file in every problem's location."""
    from jixiao.ingest.registry import read_bytes

    return read_bytes(data, name)


def score(case: Case, policy: Policy | None = None) -> Result:
    """A self-evaluation table by its policy, an evaluation case by its framework."""
    from jixiao.scoring.engine import score as score_any

    return score_any(case, policy)


score_case = score  # the name the commands and the tests have long used


def score_cases(cases: Iterable[Case], policy: Policy | None = None) -> list[Result]:
    return [score(c, policy) for c in cases]


@dataclass(frozen=True, slots=True)
class Review:
    """The review of one file's (one upload's) results: the review rules' findings, errors
    first, and the problems of reading and scoring it that a reviewer is shown."""

    findings: tuple[Reviewed, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> bool:
        return any(r.finding.severity is Severity.ERROR for r in self.findings) or has_errors(
            self.problems
        )


def review(
    results: Sequence[Result],
    read_problems: Iterable[Problem] = (),
    config: dict[str, RuleSettings] | None = None,
) -> Review:
    """Review the results of one file, already scored, with the problems of reading it (some
    rules look at a table's reading problems): the rules as `config` sets them
    (`load_review_config`), or as defaults.yaml does. Checks across tables compare the tables
    of this one file."""
    import jixiao.review.rules  # noqa: F401  (registered in a worker started by spawn too)
    from jixiao.review.finding import load_config as load_review_config
    from jixiao.review.run import order, review_results

    settings = load_review_config() if config is None else config
    read_problems = list(read_problems)
    findings = review_results(list(results), settings)
    problems = [*read_problems, *(p for result in results for p in result.problems)]
    # reported as findings instead: excel-artefact and direction-guessed (the direction-guess
    # rule) always; unit-guessed is the policy's declared reading of a bare 1 (score marks it,
    # a review does not hold it against the table); weight-total where the table has a
    # weight-sum finding (not when only the weights counted, after 不适用 rows, fall short)
    summed = {_table_key(r.table) for r in findings if r.finding.code == "weight-sum"}
    kept = [
        p
        for p in problems
        if p.code not in ("excel-artefact", "direction-guessed", "unit-guessed")
        and not (p.code == "weight-total" and _table_key(p.where) in summed)
    ]
    return Review(tuple(sorted(findings, key=order)), tuple(kept))


def _table_key(where: Location) -> tuple[str, str | None, int | None]:
    return where.file, where.sheet, where.line


REPORT_FORMATS = ("docx", "pdf")


def render_report(
    result: Result | Sequence[Result],
    fmt: str = "docx",
    preset: str = "official",
    template: bytes | None = None,
) -> tuple[bytes, list[Problem]]:
    """The report as the content of a `fmt` file (one of REPORT_FORMATS), and its problems:
    an evaluation report for an evaluation case's result, a short self-evaluation report for
    a file's scored tables (one or several). `template` is a restyled Word template's content.
    No content, and the problem why, when a PDF cannot be made here (no LibreOffice)."""
    from jixiao.report.write import render_evaluation_report, render_selfeval_report

    if isinstance(result, Result) and result.case.evaluation:
        return render_evaluation_report(result, fmt, preset, template)
    tables = [result] if isinstance(result, Result) else list(result)
    return render_selfeval_report(tables, fmt, preset, template)


def render_xlsx(results: Iterable[Result]) -> bytes:
    """Scored tables as the content of the standard self-evaluation .xlsx, a sheet each."""
    from jixiao.export.xlsx_selfeval import results_xlsx

    return results_xlsx(list(results))


def render_listing_xlsx(sheets: Iterable[ListingSheet], title: str) -> bytes:
    """Listings (a service's rows, typed by their columns) as the content of a printable
    .xlsx, a sheet each: numbers as numbers, text never a formula."""
    from jixiao.export.xlsx_listing import listing_xlsx

    return listing_xlsx(list(sheets), title)


UNSCORED = {  # stage -> (problem code, why the table is not scored)
    "target": (
        "target-table",
        "是绩效目标表（没有实际完成值），不评分；可用 jixiao review 审核目标",
    ),
    "completion": (
        "completion-table",
        "是绩效目标完成情况表（没有分值），不评分；可用 jixiao review 审核目标与完成值",
    ),
}


def _unscored(table: Case) -> Problem:
    code, why = UNSCORED[table.kind]
    return Problem(code, Severity.INFO, table.where, f"「{table.project.name}」{why}")


# ---- files: convenience wrappers over the values above ---------------------------------------
# Paths in, files out, for the command line: each reads the bytes (or walks a folder), calls
# the functions above and writes what they rendered through export.output's safe writer.


def check_framework(
    ref: str, base_dir: Path | None = None
) -> tuple[Framework | None, list[Problem]]:
    """Load a framework (file path or built-in id) and check it; problems are located."""
    from jixiao.ingest.framework import read_framework
    from jixiao.validate.framework import check_framework as check_framework_values

    framework, problems = read_framework(ref, base_dir)
    if framework is None:
        return None, problems
    return framework, problems + check_framework_values(framework)


def expand_paths(
    paths: Iterable[Path], skip: Iterable[Path] = ()
) -> tuple[list[Path], list[Problem]]:
    """Files as given, and the readable files inside directories (sorted, recursive), less
    those in `skip` (outputs about to be written there)."""
    from jixiao.ingest.registry import readable_suffixes

    files: list[Path] = []
    problems: list[Problem] = []
    suffixes = set(readable_suffixes())
    skipped = {p.resolve() for p in skip}
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not p.name.startswith(("~$", "."))
                and p.resolve() not in skipped
            )
            if not found:
                problems.append(
                    Problem(
                        "empty-directory",
                        Severity.WARNING,
                        Location(str(path)),
                        "目录中没有可读取的文件",
                    )
                )
            files.extend(found)
        else:
            files.append(path)
    return files, problems


@dataclass(frozen=True, slots=True)
class ScoreRun:
    results: tuple[Result, ...]
    problems: tuple[Problem, ...]

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)


@dataclass(frozen=True, slots=True)
class FileScore:
    """One file read and scored: its results, and every problem of reading and scoring it in
    the order met (a table's problems after the file's reading problems)."""

    path: Path
    results: tuple[Result, ...]
    problems: tuple[Problem, ...]


def score_file(path: Path, policy: Policy | None = None) -> FileScore:
    """Read one file and score every case in it."""
    from jixiao.ingest.registry import read_path

    cases, read_problems = read_path(path)
    results: list[Result] = []
    problems = list(read_problems)
    for case in cases:
        if not case.evaluation and not case.scored:
            problems.append(_unscored(case))
            continue
        result = score(case, policy)
        results.append(result)
        problems.extend(result.problems)
    return FileScore(path, tuple(results), tuple(problems))


def score_each(
    files: Sequence[Path], policy: Policy | None = None, jobs: int = 1
) -> Iterator[FileScore]:
    """`score_file` for every file, in order, over `jobs` processes (see `jixiao.batch`):
    what `jixiao score` streams and a batch upload shows file by file."""
    yield from batch.each(
        partial(score_file, policy=policy), files, jobs, _crashed_score, batch.file_size
    )


def score_each_json(
    files: Sequence[Path], policy: Policy | None = None, jobs: int = 1
) -> Iterator[EncodedFile]:
    """`score_each` as the parts of the `score --json` document, encoded where each file is
    scored (in the worker process, with --jobs)."""
    work = partial(_score_file_json, policy=policy)
    yield from batch.each(work, files, jobs, _crashed_json, batch.file_size)


def _score_file_json(path: Path, policy: Policy | None = None) -> EncodedFile:
    from jixiao.export.score_json import encode_file

    scored = score_file(path, policy)
    return encode_file(scored.results, scored.problems)


def _crashed_json(path: Path) -> EncodedFile:
    from jixiao.export.score_json import encode_file

    return encode_file((), (_crashed(path),))


def _crashed_score(path: Path) -> FileScore:
    return FileScore(path, (), (_crashed(path),))


def _crashed(path: Path) -> Problem:
    return Problem(
        "unreadable-file",
        Severity.ERROR,
        Location(str(path)),
        "读取此文件时处理进程意外退出（文件已损坏，或是特意构造的）；其余文件不受影响。"
        "请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
    )


def score_paths(
    paths: Iterable[Path],
    policy: Policy | None = None,
    on_file: Callable[[Path], None] | None = None,
    jobs: int = 1,
) -> ScoreRun:
    files, problems = expand_paths(paths)
    results: list[Result] = []
    for scored in score_each(files, policy, jobs):
        results.extend(scored.results)
        problems.extend(scored.problems)
        if on_file is not None:
            on_file(scored.path)
    return ScoreRun(tuple(results), tuple(problems))


def report_outputs(output: Path) -> tuple[Path, ...]:
    """Every file `write_report` may write for `output`: the report itself and, for
    self-evaluation tables, the scored table beside it (its name never that of an input)."""
    from jixiao.report.write import companion_xlsx

    return output, companion_xlsx(output)


def _report_refusal(source: Path, output: Path, fmt: str | None) -> Problem | None:
    """Why the report cannot be written to `output`, before anything is read."""
    from jixiao.export.output import output_problem, refusal

    suffix = output.suffix.lower().lstrip(".")
    if suffix not in REPORT_FORMATS or (fmt is not None and fmt != suffix):
        wanted = f"「.{fmt}」" if fmt is not None else "「.docx」或「.pdf」"
        return output_problem(
            output,
            f"报告只能写成 .docx 或 .pdf，输出文件的扩展名应为{wanted}，"
            f"不是「{output.suffix or '无扩展名'}」",
            "unsupported-output",
        )
    for path in report_outputs(output):
        problem = refusal(path, [source])
        if problem is not None:
            return problem
    return None


def write_report(
    source: Path,
    output: Path,
    fmt: str | None = None,
    preset: str = "official",
    template: Path | None = None,
) -> list[Problem]:
    """The Word (or PDF) report for a case file: an evaluation report for an evaluation case,
    a short self-evaluation report plus the scored xlsx table for self-evaluation tables.
    `fmt` is one of REPORT_FORMATS and agrees with the output's suffix."""
    from jixiao.ingest.registry import read_path

    refused = _report_refusal(source, output, fmt)
    if refused is not None:
        return [refused]
    cases, problems = read_path(source)
    if has_errors(problems) and not cases:
        return problems
    results = score_cases(cases)
    for result in results:
        problems.extend(result.problems)
    return problems + report_results(results, source, output, fmt, preset, template)


def report_results(
    results: Sequence[Result],
    source: Path,
    output: Path,
    fmt: str | None = None,
    preset: str = "official",
    template: Path | None = None,
) -> list[Problem]:
    """The report for one source's results, already scored (by write_report or score_paths);
    the problems of choosing and writing it."""
    from jixiao.export.output import OutputError

    refused = _report_refusal(source, output, fmt)
    if refused is not None:
        return [refused]
    try:
        return _report_results(
            results, source, output, fmt or output.suffix.lower()[1:], preset, template
        )
    except OutputError as exc:
        return [exc.problem]


def _report_results(
    results: Sequence[Result],
    source: Path,
    output: Path,
    fmt: str,
    preset: str,
    template: Path | None,
) -> list[Problem]:
    from jixiao.report.write import write_evaluation_report, write_selfeval_report

    evaluations = [r for r in results if r.case.evaluation]
    tables = [r for r in results if not r.case.evaluation and r.case.scored]
    problems = [_unscored(r.case) for r in results if not r.case.evaluation and not r.case.scored]
    if not evaluations and not tables:
        problems.append(
            Problem(
                "nothing-to-report",
                Severity.ERROR,
                Location(str(source)),
                "文件中没有可出报告的自评表或评价案例",
            )
        )
        return problems
    if len(evaluations) > 1 or (evaluations and tables):
        problems.append(
            Problem(
                "report-many-cases",
                Severity.ERROR,
                Location(str(source)),
                "一个报告只能对应一个评价案例；请分别为每个案例出报告",
            )
        )
        return problems
    if evaluations:
        return problems + write_evaluation_report(evaluations[0], output, fmt, preset, template)
    return problems + write_selfeval_report(tables, output, fmt, preset, template)


@dataclass(frozen=True, slots=True)
class ReviewRun:
    findings: tuple[Reviewed, ...]
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]
    unreadable: tuple[Path, ...]  # files that could not be read at all
    roots: tuple[Path, ...] = ()  # the paths given: locations are shown relative to them

    @property
    def failed(self) -> bool:
        return any(r.finding.severity is Severity.ERROR for r in self.findings) or has_errors(
            self.problems
        )

    def place(self, where: Location) -> Location:
        """`where` as the review list shows it: its file named from the folder reviewed."""
        from jixiao.review.run import relative_place

        return relative_place(where, self.roots)

    def tables(self) -> list[list[Reviewed]]:
        """The findings table by table, in reading order (a file may hold several tables)."""
        from jixiao.review.run import by_table

        return by_table(self.findings, self.files)

    def placed_problems(self) -> list[Problem]:
        """The reading and scoring problems with their files named as the findings name them."""
        return [replace(p, where=self.place(p.where)) for p in self.problems]


@dataclass(frozen=True, slots=True)
class FileReview:
    """One file read, scored and reviewed (`review`): what a worker process sends back."""

    path: Path
    findings: tuple[Reviewed, ...]
    problems: tuple[Problem, ...]
    unreadable: bool  # nothing could be read from it


def review_file(
    path: Path, settings: dict[str, RuleSettings], policy: Policy | None = None
) -> FileReview:
    """Read, score and review one file."""
    from jixiao.ingest.registry import read_path

    cases, read_problems = read_path(path)
    reviewed = review(score_cases(cases, policy), read_problems, settings)
    unreadable = not cases and has_errors(read_problems)
    return FileReview(path, reviewed.findings, reviewed.problems, unreadable)


def _crashed_review(path: Path) -> FileReview:
    return FileReview(path, (), (_crashed(path),), True)


def review_paths(
    paths: Iterable[Path],
    config: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
    skip: Iterable[Path] = (),
    jobs: int = 1,
    policy: Policy | None = None,
) -> ReviewRun:
    """Review every table and case in the files: findings from the review rules.
    Files in `skip` (the review list about to be written) are not read from the folders."""
    from jixiao.review.finding import load_config as load_review_config
    from jixiao.review.run import order

    settings = load_review_config(config)
    given = tuple(paths)
    files, problems = expand_paths(given, skip)
    findings: list[Reviewed] = []
    unreadable: list[Path] = []
    work = partial(review_file, settings=settings, policy=policy)
    for reviewed in batch.each(work, files, jobs, _crashed_review, batch.file_size):
        problems.extend(reviewed.problems)
        findings.extend(reviewed.findings)
        if reviewed.unreadable:
            unreadable.append(reviewed.path)
        if on_file is not None:
            on_file(reviewed.path)
    return ReviewRun(
        tuple(sorted(findings, key=order)), tuple(problems), tuple(files), tuple(unreadable), given
    )


REVIEW_SUFFIXES = (".xlsx", ".html")


def check_review_output(output: Path, paths: Iterable[Path] = ()) -> Problem | None:
    """Why the review list cannot be written to `output`: checked before reviewing, so that a
    long review never ends in a refusal."""
    from jixiao.export.output import output_problem, refusal
    from jixiao.ingest.own import is_review_list

    if output.suffix.lower() not in REVIEW_SUFFIXES:
        return output_problem(
            output,
            f"审核清单只能写成 .xlsx 或 .html，不支持「{output.suffix or '无扩展名'}」",
            "unsupported-output",
        )
    paths = list(paths)
    named = [p for p in paths if not p.is_dir()]
    refused = refusal(output, named)
    if refused is not None or not output.is_file() or is_review_list(output):
        return refused  # a list jixiao wrote inside a folder reviewed is replaced, not read
    found, _ = expand_paths([p for p in paths if p.is_dir()])
    return refusal(output, found)  # a table inside a folder reviewed is an input too


def write_review(run: ReviewRun, output: Path) -> list[Problem]:
    """The review as a workbook (.xlsx) or a page (.html); nothing when nothing was read."""
    from jixiao.export.output import OutputError, output_problem, write_atomically
    from jixiao.export.review import write_review_html, write_review_xlsx

    refused = check_review_output(output, run.files)
    if refused is not None:
        return [refused]
    if len(run.unreadable) == len(run.files):
        return [
            output_problem(
                output, "没有读到任何文件，不写出审核清单；请检查输入路径", "nothing-read"
            )
        ]
    writer = write_review_xlsx if output.suffix.lower() == ".xlsx" else write_review_html
    try:
        write_atomically(output, lambda tmp: writer(run, tmp))
    except OutputError as exc:
        return [exc.problem]
    return []


def convert(source: Path, target: Path) -> list[Problem]:
    """Read every table in `source` and write them to `target` (format from its suffix).
    Nothing is read when `target` cannot be written; nothing is written when nothing was read."""
    from jixiao.export.output import OutputError, output_problem, refusal
    from jixiao.export.registry import (
        writable_suffixes,
        write_results,
        write_tables,
        writes_results,
    )
    from jixiao.ingest.registry import read_path

    if target.suffix.lower() not in writable_suffixes():
        known = "、".join(writable_suffixes())
        return [
            output_problem(
                target,
                f"不支持输出为「{target.suffix or '无扩展名'}」（支持：{known}）",
                "unsupported-output",
            )
        ]
    refused = refusal(target, [source])
    if refused is not None:
        return [refused]
    cases, problems = read_path(source)
    tables = [c for c in cases if not c.evaluation]
    evaluations = [c for c in cases if c.evaluation]
    as_case = target.suffix.lower() in (".yaml", ".yml", ".json")
    if evaluations and (tables or len(evaluations) > 1 or not as_case):
        problems.append(
            Problem(
                "unsupported-output",
                Severity.ERROR,
                Location(str(source)),
                "评价案例只能单独转换为 YAML 或 JSON 案例文件；"
                "评分用 jixiao score，出报告用 jixiao report",
            )
        )
        evaluations = []
    if has_errors(problems) and not tables and not evaluations:
        return problems
    try:
        if evaluations:  # one evaluation case, written back as its case file
            from jixiao.export.evaluation import (
                draft_remarks,
                evaluation_to_json,
                evaluation_to_yaml,
            )
            from jixiao.export.output import write_content

            [case] = evaluations
            text = evaluation_to_json(case) if target.suffix.lower() == ".json" else None
            remarks = draft_remarks(case, source.name, problems)
            write_content(target, (text or evaluation_to_yaml(case, remarks)).encode("utf-8"))
        elif writes_results(target):  # the scored table: scored here, writers never score
            from jixiao.scoring.selfeval import score_table

            write_results([score_table(t) for t in tables], target)
        else:
            write_tables(tables, target)
    except OutputError as exc:
        problems.append(exc.problem)
    return problems


def monitor_paths(paths: Iterable[Path], as_of: date | None = None) -> MonitorRun:
    """绩效运行监控 of monitoring cases (files or directories) at `as_of`; problems are located."""
    from jixiao.monitor import monitor_paths as _monitor_paths

    return _monitor_paths(paths, as_of)
