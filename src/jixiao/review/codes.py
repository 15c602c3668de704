"""Every code a reviewer reads, with its Chinese title: a review rule carries its own title
(`ReviewRule.title`); the reading and scoring problems are titled in `jixiao.core.codes`."""

from __future__ import annotations

import jixiao.review.rules  # noqa: F401  (the built-in rules carry their titles)
from jixiao.core import codes
from jixiao.review.finding import review_rules


def code_title(code: str) -> str:
    """The Chinese title of a finding or problem code; the code itself when it has none."""
    rule = review_rules().get(code)
    return rule.title if rule is not None else codes.title(code)


def titled(code: str) -> str:
    """「得分与规则不符（score-mismatch）」: the title a reader reads, the code to look it up."""
    title = code_title(code)
    return code if title == code else f"{title}（{code}）"
