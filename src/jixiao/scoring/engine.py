"""Score any case: the one entry point the library, the CLI and the web app call.

An evaluation is scored leaf by leaf against its framework (`evaluate`); a table of targets
row by row (`selfeval`), each row judged by the judge the `target` rule kind calls and its
funds block by the computation the `budget_execution` kind makes, so a table and the same
table written as a case on the built-in self-evaluation framework score alike. The row loop
stays its own: a table's rows have rules a framework leaf has not (a template row, a weight
missing or on a 不适用 row, the published score as fallback, cells shifted in the export).
Both give one `Result`.
"""

from __future__ import annotations

from jixiao.core.model import Case
from jixiao.core.results import Result
from jixiao.scoring.evaluate import evaluate
from jixiao.scoring.policy import Policy
from jixiao.scoring.selfeval import score_table


def score(case: Case, policy: Policy | None = None) -> Result:
    """`case` scored by `policy` (else the policy the case names)."""
    return evaluate(case, policy) if case.evaluation else score_table(case, policy)
