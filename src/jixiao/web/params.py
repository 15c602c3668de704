"""What the routes' signatures share: the signed-in context, a budget year, media types."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from jixiao.service.context import Context
from jixiao.web.auth import context

Ctx = Annotated[Context, Depends(context)]
# a budget year: anything else is refused as a bad request (422) before it reaches a query,
# never a 500 from the driver (an id out of range is simply not found: the service says 404)
Year = Annotated[int, Query(ge=1900, le=2200)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
