# The two commands: `make demo` and `make test`. Both set up .venv when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo fonts test lint typecheck unit bench fuzz screens clean setup

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP) fonts
	$(BIN)/python -m jixiao.demo out

# Charts and PDFs need a Chinese font. When none is found: install fonts-noto-cjk if root on
# Debian/Ubuntu, else say how; the demo runs either way (the chart code reads font files
# directly, so a font installed now is used at once).
APT_CJK := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-noto-cjk
fonts: $(STAMP)
	@if $(BIN)/python -c 'import sys; from jixiao.report.chart import find_cjk_font; sys.exit(find_cjk_font() is None)' 2>/dev/null; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "未找到中文字体，正在安装 fonts-noto-cjk（图表和 PDF 需要）……"; \
		if $(APT_CJK) >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && $(APT_CJK) >/dev/null 2>&1; }; then \
			echo "已安装 fonts-noto-cjk。"; \
		else \
			echo "未能安装 fonts-noto-cjk（软件源不可用？）：报告照常生成，但图表和 PDF 中的中文可能显示为方框。"; \
			echo "  可稍后运行 apt-get update && apt-get install fonts-noto-cjk 后重新 make demo。"; \
		fi; \
	else \
		echo "未找到中文字体：报告照常生成，但图表和 PDF 中的中文可能显示为方框。"; \
		echo "  Debian/Ubuntu：sudo apt-get install fonts-noto-cjk；其他系统：安装任一中文字体，"; \
		echo "  或设置环境变量 JIXIAO_CJK_FONT=字体文件路径（图表使用）。然后重新 make demo。"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# Figures, not pass/fail (minutes): files as users have them (xlsx next to text, --jobs,
# start-up, 100,000 tables streamed with their peak memory), then the in-process phases.
bench: $(STAMP)
	$(BIN)/python bench/bench_files.py --stream 100000
	$(BIN)/python bench/bench_selfeval.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_review.py
	$(BIN)/python bench/bench_store.py

# Every screen, per role, at 1366×768, in Debian's Chromium (tests/test_browser.py): look at them.
screens: $(STAMP)
	rm -rf out/screens
	JIXIAO_SCREENS=out/screens JIXIAO_REQUIRE_BROWSER=1 $(BIN)/pytest tests/test_browser.py tests/test_browser_cycle.py
	@echo "截图已写入 out/screens/"

# Long fuzz runs (minutes, not part of `make test`): each script prints the inputs tried and
# the crashes found, and exits non-zero on a crash.
fuzz: $(STAMP)
	$(BIN)/python fuzz/fuzz_targets.py --count 1000000
	$(BIN)/python fuzz/fuzz_cases.py --count 100000

clean:
	rm -rf $(VENV) out .mypy_cache .pytest_cache .ruff_cache
