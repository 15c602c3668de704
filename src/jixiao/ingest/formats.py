"""The `format:` ids of jixiao's plain-text files, in one place for every reader to ask."""

from __future__ import annotations

SELFEVAL = "jixiao-selfeval/1"  # self-evaluation tables (docs/case-format.md)
EVALUATION = "jixiao-evaluation/1"  # evaluation cases (docs/evaluation-format.md)
MONITOR = "jixiao-monitor/1"  # monitoring cases (docs/monitoring.md)
