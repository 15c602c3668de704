"""Whole-process benchmark of `jixiao score DIR --json`, as users run it, on files.

    python bench/bench_files.py [--tables N] [--repeat R] [--seed S] [--stream M]

Every figure is one `jixiao` process started from scratch (its stdout written to a file),
timed from start to exit; its peak RSS comes from os.wait4 on that one process (with worker
processes, the largest single process, not their sum).
  start-up   `jixiao --help`, and `jixiao score` of one small .txt (best of 5)
  files      N synthetic seed-003 tables (bench/synthetic.py), one file each, as .txt and
             as .xlsx (bench/xlsx_corpus.py); best of R runs; with --jobs 1 and --jobs 2 too
             when `jixiao score` has --jobs
  stream     M tables in .txt files of 100 tables each, scored once at 1/100, 1/10 and all
             of M, to show whether memory stays flat and the cost per table constant
Each run's output is checked: it must hold one scored table per generated table.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_table
from xlsx_corpus import write_corpus, write_text_corpus

TARGET_XLSX_RATIO = 2.0  # xlsx takes at most twice as long as text
TARGET_XLSX_RATE = 1500  # xlsx tables per second with --jobs 2
TARGET_STREAM_TABLES = 100_000
TARGET_STREAM_RSS_MB = 300  # peak RSS scoring TARGET_STREAM_TABLES tables
TARGET_HELP_MS = 120  # `jixiao --help`
TARGET_ONE_MS = 200  # `jixiao score one.txt --json`
STARTUP_REPEAT = 5
PER_FILE = 100  # tables per text file in the stream corpus
PARSE_LIMIT = 64 * 2**20  # outputs larger than this are counted, not parsed


def jixiao_command() -> list[str]:
    """`python -m jixiao` when the package has a __main__, else the console script."""
    if importlib.util.find_spec("jixiao.__main__") is not None:
        return [sys.executable, "-m", "jixiao"]
    script = Path(sys.executable).parent / "jixiao"
    if not script.exists():
        found = shutil.which("jixiao")
        if found is None:
            raise SystemExit("找不到 jixiao 命令（既没有 jixiao.__main__，也没有 jixiao 脚本）")
        script = Path(found)
    return [str(script)]


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the process and the workers it waited for
    rss_mb: float  # peak resident set of the process (or its largest worker)
    code: int


# A process forked from this one starts with this one's pages counted in its peak RSS (the
# kernel keeps the larger of the two at exec), and this process holds every generated table:
# each command is started by a small launcher instead, which reports the command's own usage.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
      seconds, file=sys.stderr)
"""


def run_once(command: Sequence[str], output: Path) -> Run:
    """One process, stdout to `output`, timed and measured by os.wait4 on it alone."""
    with output.open("wb") as out:
        launched = [sys.executable, "-c", LAUNCHER, *command]
        proc = subprocess.Popen(launched, stdout=out, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()  # drained while it runs, so a full pipe never blocks it
        proc.wait()
    last = err.decode(errors="replace").strip().splitlines()[-1:] or ["2 0 0 0"]
    code_text, cpu_text, rss_text, time_text = [*last[0].split(), "0", "0", "0", "0"][:4]
    seconds = float(time_text)
    proc.returncode = code = int(code_text)
    proc.stderr.close()
    if code not in (0, 1):  # 1: error-level problems in the tables, still a full run
        text = err.decode(errors="replace").strip()[-800:]
        raise SystemExit(f"!! 运行失败（退出码 {code}）：{' '.join(command)}\n{text}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Run(seconds, float(cpu_text), int(rss_text) * scale / 2**20, code)


def best_of(repeat: int, command: Sequence[str], output: Path) -> tuple[Run, float]:
    """The fastest of `repeat` runs, and the highest peak RSS any of them reached."""
    runs = [run_once(command, output) for _ in range(repeat)]
    return min(runs, key=lambda r: r.seconds), max(r.rss_mb for r in runs)


def count_tables(output: Path) -> tuple[int, int | None]:
    """Tables in a `--json` output, and its error-level problems (None when too big to parse)."""
    if output.stat().st_size <= PARSE_LIMIT:
        data = json.loads(output.read_bytes())
        errors = sum(1 for p in data["problems"] if p["severity"] == "error")
        return len(data["tables"]), errors
    key, tail, n = b'"source":', b"", 0  # only a table carries "source"
    with output.open("rb") as f:
        while chunk := f.read(1 << 22):
            block = tail + chunk
            n += block.count(key)
            tail = block[-(len(key) - 1) :]  # a key across two chunks is counted once
    return n, None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def row(cells: Sequence[str], widths: Sequence[int], left: int = 1) -> str:
    """One line of a table: the first `left` cells left-aligned, the rest right-aligned,
    padded by display width (a Chinese character takes two columns)."""
    out = []
    for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        pad = " " * max(0, width - _width(cell))
        out.append(cell + pad if i < left else pad + cell)
    return "  " + "".join(out)


FILE_COLUMNS = ("输入", "秒", "CPU 秒", "张/秒", "扣除启动", "峰值 MB", "退出码")
FILE_WIDTHS = (16, 8, 9, 9, 10, 9, 8)
STREAM_COLUMNS = ("表数", "秒", "CPU 秒", "张/秒", "µs/张", "边际 µs/张", "峰值 MB")
STREAM_WIDTHS = (9, 9, 9, 9, 9, 12, 9)


def supports_jobs(base: Sequence[str]) -> bool:
    done = subprocess.run([*base, "score", "--help"], capture_output=True, check=False)
    return b"--jobs" in done.stdout


def verdict(ok: bool) -> str:
    return "已达到" if ok else "未达到"


def startup(base: list[str], one: Path, tmp: Path) -> float:
    """Prints the start-up lines; the seconds `jixiao score` takes for one small file."""
    print(f"启动（各 {STARTUP_REPEAT} 次取最快）：")
    seconds = 0.0
    for label, args, target in (
        ("jixiao --help", ["--help"], TARGET_HELP_MS),
        (f"jixiao score {one.name} --json", ["score", str(one), "--json"], TARGET_ONE_MS),
    ):
        run, rss = best_of(STARTUP_REPEAT, [*base, *args], tmp / "startup.out")
        ms, seconds = run.seconds * 1000, run.seconds
        print(
            f"  {label:<32}{ms:>8.0f} ms  峰值内存 {rss:>5.0f} MB  "
            f"目标 ≤{target} ms：{verdict(ms <= target)}"
        )
    return seconds


def files(base: list[str], n: int, repeat: int, seed: int, tmp: Path) -> bool:
    start = time.perf_counter()
    txt_dir, xlsx_dir = tmp / "txt", tmp / "xlsx"
    write_text_corpus(txt_dir, n, seed)
    made_txt = time.perf_counter() - start
    write_corpus(xlsx_dir, n, seed)
    made_xlsx = time.perf_counter() - start - made_txt
    size = sum(p.stat().st_size for p in xlsx_dir.iterdir()) / 2**20
    print(
        f"生成 {n} 张表（seed={seed}）：{n} 个 .txt 用时 {made_txt:.1f} 秒，"
        f"{n} 个 .xlsx（共 {size:.1f} MB）用时 {made_xlsx:.1f} 秒"
    )
    fixed = startup(base, txt_dir / "00000.txt", tmp)

    jobs = supports_jobs(base)
    plans: list[tuple[str, Path, list[str]]] = [("文本", txt_dir, []), ("xlsx", xlsx_dir, [])]
    if jobs:
        for label, folder in (("文本", txt_dir), ("xlsx", xlsx_dir)):
            plans += [(f"{label} --jobs {j}", folder, ["--jobs", str(j)]) for j in (1, 2)]
    print()
    print(f"jixiao score 目录 --json（{n} 个文件，各 {repeat} 次取最快；峰值内存取各次最高）：")
    print("  （不带 --jobs 即 jixiao 的默认；「扣除启动」减去评分一个文件的用时）")
    print(row(FILE_COLUMNS, FILE_WIDTHS))
    rates: dict[str, float] = {}
    ok = True
    out = tmp / "score.json"
    for label, folder, extra in plans:
        run, rss = best_of(repeat, [*base, "score", str(folder), "--json", *extra], out)
        found, errors = count_tables(out)
        rates[label] = n / run.seconds
        net = f"{n / (run.seconds - fixed):,.0f}" if run.seconds > fixed else "—"
        cells = (label, f"{run.seconds:.2f}", f"{run.cpu:.2f}", f"{rates[label]:,.0f}", net)
        print(row((*cells, f"{rss:.0f}", str(run.code)), FILE_WIDTHS))
        if found != n:
            print(f"  !! 输出中有 {found} 张表，应为 {n} 张")
            ok = False
        if errors:
            print(f"  （输出中有 {errors} 个错误级问题）")
    out.unlink(missing_ok=True)

    print()
    for mode in ("", " --jobs 1", " --jobs 2") if jobs else ("",):
        ratio = rates[f"文本{mode}"] / rates[f"xlsx{mode}"]
        print(
            f"xlsx 用时为文本的 {ratio:.2f} 倍（{mode.strip() or '默认'}；目标 ≤{TARGET_XLSX_RATIO:g} 倍）："
            f"{verdict(ratio <= TARGET_XLSX_RATIO)}"
        )
    if jobs:
        for label in ("文本", "xlsx"):
            speedup = rates[f"{label} --jobs 2"] / rates[f"{label} --jobs 1"]
            print(f"{label}：--jobs 2 的速度是 --jobs 1 的 {speedup:.2f} 倍")
        rate = rates["xlsx --jobs 2"]
        print(
            f"xlsx --jobs 2：{rate:,.0f} 张/秒（目标 ≥{TARGET_XLSX_RATE:,} 张/秒）："
            f"{verdict(rate >= TARGET_XLSX_RATE)}"
        )
    else:
        print(
            "jixiao score 没有 --jobs 选项：跳过 --jobs 1 / --jobs 2 的测量；"
            f"「xlsx --jobs 2 ≥{TARGET_XLSX_RATE:,} 张/秒」未测量"
        )
    return ok


def write_stream(folder: Path, n: int, seed: int) -> list[Path]:
    """`n` tables, PER_FILE to a .txt file (blank line between tables), one table in memory
    at a time: the same tables as synthetic_specs(n, seed)."""
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    paths = []
    for k in range(math.ceil(n / PER_FILE)):
        path = folder / f"{k:05d}.txt"
        with path.open("w", encoding="utf-8") as f:
            for i in range(min(PER_FILE, n - k * PER_FILE)):
                if i:
                    f.write("\n")
                f.write(make_table(rng).text + "\n")
        paths.append(path)
    return paths


def stream(base: list[str], n: int, seed: int, tmp: Path) -> bool:
    start = time.perf_counter()
    paths = write_stream(tmp / "stream", n, seed)
    print(
        f"生成 {n:,} 张表，写入 {len(paths)} 个 .txt（每个 {PER_FILE} 张），"
        f"用时 {time.perf_counter() - start:.1f} 秒"
    )
    counts = sorted({math.ceil(len(paths) / 100), math.ceil(len(paths) / 10), len(paths)})
    print("jixiao score 目录 --json（各运行一次；「边际」为比最少一档多出的表每张的用时）：")
    print(row(STREAM_COLUMNS, STREAM_WIDTHS, left=0))
    ok = True
    peaks: list[tuple[int, float]] = []
    first: tuple[int, float] | None = None
    out = tmp / "stream.json"
    for k in counts:
        folder = tmp / f"stream-{k}"
        folder.mkdir()
        for p in paths[:k]:
            os.link(p, folder / p.name)
        tables = min(n, k * PER_FILE)
        run = run_once([*base, "score", str(folder), "--json"], out)
        found, _ = count_tables(out)
        out.unlink()
        shutil.rmtree(folder)
        if first is None:
            first, margin = (tables, run.seconds), "—"
        else:
            margin = f"{(run.seconds - first[1]) / (tables - first[0]) * 1e6:,.0f}"
        cells = (f"{tables:,}", f"{run.seconds:.2f}", f"{run.cpu:.2f}")
        cost = (f"{tables / run.seconds:,.0f}", f"{run.seconds / tables * 1e6:,.0f}", margin)
        print(row((*cells, *cost, f"{run.rss_mb:.0f}"), STREAM_WIDTHS, left=0))
        if found != tables:
            print(f"  !! 输出中有 {found} 张表，应为 {tables} 张")
            ok = False
        peaks.append((tables, run.rss_mb))
    (few, low), (most, high) = peaks[0], peaks[-1]
    if len(peaks) > 1:
        print(
            f"峰值内存：{few:,} 张 {low:.0f} MB → {most:,} 张 {high:.0f} MB（增加 {high - low:.0f} MB）"
        )
    reached = most >= TARGET_STREAM_TABLES
    note = (
        verdict(high <= TARGET_STREAM_RSS_MB)
        if reached
        else f"本次最多 {most:,} 张，未测 {TARGET_STREAM_TABLES:,} 张（make bench 时测）"
    )
    print(f"{TARGET_STREAM_TABLES:,} 张表峰值内存目标 ≤{TARGET_STREAM_RSS_MB} MB：{note}")
    return ok


def compiled() -> None:
    """Run jixiao as an installed copy runs: from bytecode. PYTHONDONTWRITEBYTECODE (set in
    some sandboxes and CI images) would otherwise make every process compile every module."""
    import compileall

    import jixiao

    compileall.compile_dir(Path(jixiao.__file__).parent, quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    print("jixiao 以编译好的字节码运行（与安装后一样）")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--tables", type=int, default=500, help="tables, one file each (500)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per input, best kept (3)")
    ap.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    ap.add_argument(
        "--stream", type=int, default=0, help="tables for the streaming run (0: skip it)"
    )
    args = ap.parse_args(argv)
    base = jixiao_command()
    print(f"命令：{' '.join(base)}")
    compiled()
    ok = True
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as name:
        tmp = Path(name)
        if args.tables > 0:
            ok = files(base, args.tables, max(1, args.repeat), args.seed, tmp)
        if args.stream > 0:
            print()
            ok = stream(base, args.stream, args.seed, tmp) and ok
    if not ok:
        print("校验未通过")
    return 0 if ok else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
    sys.exit(130)
