"""The built-in review rules, registered the way a third party would register its own."""

import jixiao.review.rules.arithmetic
import jixiao.review.rules.consistency
import jixiao.review.rules.history
import jixiao.review.rules.money
import jixiao.review.rules.names
import jixiao.review.rules.prose
import jixiao.review.rules.report
import jixiao.review.rules.targets  # noqa: F401
