"""The former home of the YAML loader, now `jixiao.source`: kept only for `review/finding.py`
(edited elsewhere); to be removed once it imports `jixiao.source.reader` and `.values`."""

from __future__ import annotations

from jixiao.source.reader import load as load
from jixiao.source.values import read_number as read_number
from jixiao.source.values import shown as shown
from jixiao.source.values import written_as_number as written_as_number
