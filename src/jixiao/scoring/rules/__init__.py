"""Rule kinds: a registry of pure scoring functions, each declaring its parameters and facts."""

from jixiao.scoring.rules import budget, formula, judgements, parts, ratios, target, thresholds
from jixiao.scoring.rules.base import (
    COMMON_FACTS,
    Param,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    capped,
    get,
    kinds,
    register,
)

del (
    budget,
    formula,
    judgements,
    parts,
    ratios,
    target,
    thresholds,
)  # imported to register the built-in kinds

__all__ = [
    "COMMON_FACTS",
    "Param",
    "RuleContext",
    "RuleError",
    "RuleKind",
    "RuleResult",
    "capped",
    "get",
    "kinds",
    "register",
]
