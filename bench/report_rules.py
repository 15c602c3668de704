"""How many 评分标准 of the hand-made seed cases read as rules, and how many facts come back.

    python bench/report_rules.py [--names] [--json] [seed.yaml …]

For each evaluation case (examples/seeds/*.yaml by default): its leaves, how many of their
standards `ingest.report.standards.recognise` reads as a rule, how many of those are of the
kind the person chose, the leaves not read (with why, under --names), and for the rules read
how many facts `ingest.report.facts.derive_facts` derives (from the published score and the
case's analysis notes) that give back the published score.

Figures on the four seed cases (88 leaves): before the wording forms of issue 15 part 2,
60 read, 58 of the person's kind, 53 reproduce; now 88 read, 84 of the person's kind
(the others are told apart in tests/test_read_report_standards.py `KNOWN_DIFFERENT`), 81
reproduce (the 7 others: which points or part lost the points is not said, said so).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from jixiao import api
from jixiao.core.framework import Node, RuleSpec
from jixiao.core.model import Case
from jixiao.ingest.report.facts import derive_facts
from jixiao.ingest.report.standards import recognise
from jixiao.scoring.evaluate import evaluate

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def figures(path: Path) -> dict[str, Any]:
    """The counts for one evaluation case file."""
    [case], _ = api.read(path.read_bytes(), str(path))
    leaves = case.scored_on.leaves()
    read: dict[str, dict[str, Any]] = {}
    missed: list[tuple[str, str]] = []
    same_kind = 0
    for _, node in leaves:
        found = recognise(node.standard, node.weight, name=node.name, benchmark=node.benchmark)
        if found.rule is None:
            missed.append((node.name, found.why))
            continue
        read[node.name] = found.rule
        same_kind += node.rule is not None and node.rule.kind == found.rule["kind"]
    reproduced = _reproduced(case, read)
    return {
        "seed": path.name,
        "leaves": len(leaves),
        "understood": len(read),
        "same_kind": same_kind,
        "facts_reproduce": reproduced,
        "not_understood": [{"name": n, "why": w} for n, w in missed],
    }


def _reproduced(case: Case, read: dict[str, dict[str, Any]]) -> int:
    """How many leaves read score their published score on the facts derived for them."""
    facts: dict[str, Any] = {}
    unique = {node.name for _, node in case.scored_on.leaves()}

    def swap(node: Node) -> Node:
        if node.children:
            return dataclasses.replace(node, children=tuple(swap(c) for c in node.children))
        rule = read.get(node.name)
        if rule is None:
            return node
        note = str((case.facts.get(node.name) or {}).get("note") or "")
        published = case.published_scores.get(node.name)
        derived = derive_facts(rule, node.weight, published, note, node.name)
        if derived.facts:
            facts[node.name] = derived.facts
        params = {k: v for k, v in rule.items() if k != "kind"}
        return dataclasses.replace(node, rule=RuleSpec(str(rule["kind"]), params))

    framework = case.scored_on
    swapped = dataclasses.replace(framework, nodes=tuple(swap(n) for n in framework.nodes))
    result = evaluate(dataclasses.replace(case, framework=swapped, facts=facts))
    return sum(
        1
        for s in result.indicators
        if s.path[-1] in facts and s.path[-1] in unique and s.score == s.published_score
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--names", action="store_true", help="list the leaves not read, with why")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    paths = args.paths or sorted(SEEDS.glob("*.yaml"))
    rows = [figures(p) for p in paths]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{'案例':<10}{'末级指标':>8}{'识别为规则':>10}{'同类型':>8}{'事实复现得分':>12}")
    for row in rows:
        print(
            f"{row['seed']:<10}{row['leaves']:>8}{row['understood']:>10}"
            f"{row['same_kind']:>8}{row['facts_reproduce']:>12}"
        )
        for miss in row["not_understood"]:
            print(f"    未识别：{miss['name']}" + (f" —— {miss['why']}" if args.names else ""))
    total = {
        k: sum(r[k] for r in rows) for k in ("leaves", "understood", "same_kind", "facts_reproduce")
    }
    print(
        f"{'合计':<10}{total['leaves']:>8}{total['understood']:>10}"
        f"{total['same_kind']:>8}{total['facts_reproduce']:>12}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
