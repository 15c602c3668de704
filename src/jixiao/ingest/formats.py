"""The `format:` ids of jixiao's plain-text files, in one place for every reader to ask."""

from __future__ import annotations

SELFEVAL = "jixiao-selfeval/1"  # self-evaluation tables (docs/case-format.md)
EVALUATION = "jixiao-evaluation/1"  # evaluation cases (docs/evaluation-format.md)
MONITOR = "jixiao-monitor/1"  # monitoring cases (docs/monitoring.md)
# The mark of a review list jixiao wrote (the xlsx's document subject, the page's generator):
# readers skip such a file, and `review -o` may replace it inside the folder it reviews.
REVIEW_LIST = "jixiao-review-list/1"
