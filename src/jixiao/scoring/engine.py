"""Score any case: the one entry point the library, the CLI and the web app call.

An evaluation is scored leaf by leaf against its framework (`evaluate`); a table of targets
is the built-in self-evaluation framework applied to its own rows (`selfeval`): each row a
`target` leaf judged by the judge, its funds block the `budget_execution` kind. Both give
one `Result`.
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
