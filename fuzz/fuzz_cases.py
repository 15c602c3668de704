"""Fuzz whole cases: generated self-evaluation tables and evaluation cases (tests/hostile_cases.py:
huge, negative, NaN-like numbers, formula-like and long texts) through read → score → review →
strict JSON → xlsx. A crash is any exception or a JSON output that is not strict JSON.

    python fuzz/fuzz_cases.py [--count 100000] [--seed 9] [--crashes fuzz/crashes-cases.txt]

Prints the inputs tried, the time and the crashes by place (each written to the crashes file with
its input and traceback). Exit status 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile_cases import hostile_case
from test_fuzz_cases import run_pipeline


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--crashes", type=Path, default=Path("fuzz/crashes-cases.txt"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    places: Counter[str] = Counter()
    reports: list[str] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.count):
            suffix, text = hostile_case(rng)
            try:
                run_pipeline(Path(folder), suffix, text)
            except Exception as exc:  # every exception is a finding
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                place = f"{type(exc).__name__} at {frame.filename}:{frame.lineno}"
                places[place] += 1
                if places[place] <= 3:
                    reports.append(f"## {place}\n{text}\n{traceback.format_exc()}")
            if (n + 1) % 5000 == 0:
                print(f"{n + 1} tried, {sum(places.values())} crashed", flush=True)
    seconds = time.perf_counter() - start
    print(
        f"{args.count} cases tried in {seconds:.0f} s; {sum(places.values())} crashed "
        f"at {len(places)} places"
    )
    for place, count in places.most_common():
        print(f"  {count:6d}  {place}")
    if reports:
        args.crashes.write_text("\n\n".join(reports), encoding="utf-8")
        print(f"crashes written to {args.crashes}")
    return 1 if places else 0


if __name__ == "__main__":
    sys.exit(main())
