"""Rule kinds: a registry of pure scoring functions, each declaring its parameters and facts."""

from jixiao.scoring.rules import formula, judgements, parts, ratios, target, thresholds
from jixiao.scoring.rules.base import (
    Param,
    RuleContext,
    RuleError,
    RuleKind,
    RuleResult,
    get,
    kinds,
    register,
)

del (
    formula,
    judgements,
    parts,
    ratios,
    target,
    thresholds,
)  # imported to register the built-in kinds

__all__ = [
    "Param",
    "RuleContext",
    "RuleError",
    "RuleKind",
    "RuleResult",
    "get",
    "kinds",
    "register",
]
