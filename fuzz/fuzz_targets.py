"""Fuzz the target language: generated target and actual cells through `parse_cell`, the judge
and the number reader. A crash is any exception, a number out of range, a share outside 0..1
or a cell slower than the bound.

    python fuzz/fuzz_targets.py [--count 1000000] [--seed 9] [--crashes fuzz/crashes-targets.txt]

Prints the inputs tried, the time, the slowest cell and the crashes (each written to the
crashes file with its traceback). Exit status 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from decimal import Decimal
from pathlib import Path

from jixiao.core.numbers import in_range, parse_decimal
from jixiao.scoring.judge import judge
from jixiao.scoring.policy import load_policy
from jixiao.targets import Amount, Reading, parse_cell
from jixiao.targets.terms import Term

TERMS = Term.__args__  # type: ignore[attr-defined]
SLOW = 0.05  # CPU seconds for one cell: counted and reported
CRASH_SLOW = 0.5  # CPU seconds for one cell: a finding (room for a collection of the cache)
POLICY = load_policy("default")
PATHS = (
    ("产出指标", "数量指标", "叫号数量"),
    ("产出指标", "时效指标", "完成时间"),
    ("产出指标", "成本指标", "运维费用"),
    ("效益指标", "社会效益指标", "服务水平"),
)

OPS = [
    "",
    "≥",
    ">=",
    "＞",
    "≤",
    "<",
    "不低于",
    "不少于",
    "达到",
    "不超过",
    "突破",
    "约",
    "=",
    "力争",
]
SUFFIXES = ["", "以上", "及以上", "以下", "以内", "内", "左右", "前", "之前", "完成", "多", "余"]
MAGS = ["", "", "千", "万", "百万", "千万", "亿", "万亿"]
UNITS = ["", "", "%", "元", "万元", "人次", "个", "件", "天", "小时", "分钟", "个工作日", "年"]
UNITS += ["秒", "‰", "个百分点", "分", "平方米", "吨", "km", "GB", "艘", "xyz", "日", "月"]
CN = "零〇一二两三四五六七八九十百千万亿"
SEPARATORS = [";", "；", "\n", "<br>", "、", ",", "，", "~", "-", "至", "—", " ", "\r\n", "</p>"]
WORDS = ["有所提升", "显著", "基本满意", "部分达成", "未达成", "达成", "完成", "无", "不适用", "/"]
WORDS += [
    "#####",
    "#DIV/0!",
    "见附件",
    "每季度",
    "工作日每日审发",
    "7x24小时",
    "全天候",
    "次月10日前",
]
WORDS += ["第四季度", "上半年", "年底", "2024年12月31日前", "1-6月", "2024-10-25", "第一季度"]
FULL = str.maketrans("0123456789.%+-eE", "０１２３４５６７８９．％＋－ｅＥ")
ODD = ["\x00", "\u200b", "\ufeff", "﷽", "㍿", "\u0301", "\U0001f600", "\ud7ff", "\t", "\x85"]


def number(rng: random.Random) -> str:
    kind = rng.randrange(10)
    if kind == 0:  # huge and tiny exponents
        sign = rng.choice(["", "+", "-"])
        return f"{rng.randrange(10)}E{sign}{rng.choice([999999, 10**7, 400, 30, 15, rng.randrange(10**6)])}"
    if kind == 1:  # long digit runs
        return "9" * rng.choice([16, 29, 41, 300, 3000])
    if kind == 2:  # thousands separators
        return f"{rng.randrange(10**9):,}"
    if kind == 3:  # Chinese numerals, sometimes very long runs
        n = rng.choice([1, 2, 3, 5, 8, 24, 25, 100, 2000])
        return "".join(rng.choice(CN) for _ in range(n))
    if kind == 4:
        return f"{rng.random() * 10 ** rng.randrange(-10, 20):.{rng.randrange(8)}f}"
    if kind == 5:
        return f"百分之{''.join(rng.choice(CN) for _ in range(rng.randrange(1, 30)))}"
    return str(rng.randrange(10 ** rng.randrange(1, 8)))


def term(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(WORDS)
    text = (
        f"{rng.choice(OPS)}{number(rng)}{rng.choice(MAGS)}{rng.choice(UNITS)}{rng.choice(SUFFIXES)}"
    )
    if rng.random() < 0.1:
        text += rng.choice(["-", "~", "至"]) + number(rng) + rng.choice(UNITS)
    if rng.random() < 0.1:
        text = text.translate(FULL)
    return text


def repeated(rng: random.Random) -> str:
    """One unit repeated up to Excel's longest cell: the quadratic cases of before."""
    unit = rng.choice(
        ["2024年12月31日", "第一季度", "1-6月", "2024年底", "三十个", "1,", "1万元、", "<p>"]
    )
    unit = rng.choice([unit, term(rng) + rng.choice(SEPARATORS)])
    return (unit * (32_767 // max(1, len(unit)) + 1))[: rng.choice([2_001, 5_000, 32_767])]


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(4)
        pos = rng.randrange(len(chars) + 1)
        if op == 0:
            chars.insert(pos, rng.choice(ODD + list(CN) + SEPARATORS))
        elif op == 1 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op == 2:
            chars.insert(pos, chr(rng.randrange(0x20, 0x3000)))
        elif chars:
            chars[min(pos, len(chars) - 1)] = rng.choice("0123456789eE.+-%万亿")
    return "".join(chars)


def cell(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.002:
        return repeated(rng)
    if kind < 0.5:
        text = term(rng)
    elif kind < 0.7:
        parts = [term(rng) for _ in range(rng.randrange(2, 5))]
        text = rng.choice(SEPARATORS).join(parts)
    elif kind < 0.9:
        text = mutate(rng, term(rng))
    else:
        text = "".join(chr(rng.randrange(0x20, 0xA000)) for _ in range(rng.randrange(30)))
    return text


def check(reading: Reading, text: str) -> None:
    if reading.text != text or not reading.terms:
        raise AssertionError("reading lost its text or terms")
    for t in reading.terms:
        if not isinstance(t, TERMS):
            raise AssertionError(f"not a term: {t!r}")
        if isinstance(t, Amount):
            for q in (t.low, t.high):
                if q is not None and not (in_range(q.value) and in_range(q.base)):
                    raise AssertionError(f"number out of range: {q.value!r} {q.base!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--crashes", type=Path, default=Path("fuzz/crashes-targets.txt"))
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    crashes: list[str] = []
    slowest, slowest_text, slow = 0.0, "", 0
    previous = "≥95%"
    start = time.perf_counter()
    for i in range(args.count):
        text = cell(rng)
        try:
            began = time.process_time()  # CPU time: a shared machine may stall the process
            reading = parse_cell(text)
            took = time.process_time() - began
            if took > slowest:
                slowest, slowest_text = took, text
            if took > SLOW:
                slow += 1
            if took > CRASH_SLOW:
                raise AssertionError(f"slow: {took * 1000:.0f} ms")
            check(reading, text)
            number = parse_decimal(text)
            if number is not None and not in_range(number):
                raise AssertionError(f"parse_decimal out of range: {number!r}")
            if i % 4 == 0:  # judge against the previous cell, both ways round
                other = parse_cell(previous)
                for t, a in ((reading, other), (other, reading)):
                    j = judge(t, a, PATHS[i % len(PATHS)], POLICY)
                    if not Decimal(0) <= j.share <= 1 or not j.reason:
                        raise AssertionError(f"share {j.share!r}")
        except Exception:  # every failure is a finding
            crashes.append(f"{text[:500]!r}\n{traceback.format_exc()}")
        previous = text
        if (i + 1) % 100_000 == 0:
            elapsed = time.perf_counter() - start
            print(f"  {i + 1:,} 个输入，{elapsed:.0f} 秒，崩溃 {len(crashes)}", flush=True)
    elapsed = time.perf_counter() - start
    print(
        f"目标值模糊测试：{args.count:,} 个输入，用时 {elapsed:.1f} 秒，崩溃 {len(crashes)} 个；"
        f"最慢的一格 {slowest * 1000:.1f} ms（{len(slowest_text):,} 个字符），"
        f"超过 {SLOW * 1000:.0f} ms 的 {slow} 格"
    )
    print(f"最慢的一格：{slowest_text[:80]!r}")
    if crashes:
        args.crashes.parent.mkdir(parents=True, exist_ok=True)
        args.crashes.write_text("\n\n".join(crashes), encoding="utf-8")
        print(f"崩溃的输入已写入 {args.crashes}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
