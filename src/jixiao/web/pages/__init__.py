"""The pages people use (issue 14): one router per screen family, every page a thin view of
the service values its JSON twin in `/api` shows (web/pages/common.py has what they share)."""

from __future__ import annotations

from fastapi import APIRouter

from jixiao.web.pages import (
    dashboard,
    editor,
    evaluate,
    front,
    monitoring,
    project,
    rectify,
    upload,
)
from jixiao.web.pages.admin import router as admin_router

router = APIRouter(include_in_schema=False)
router.include_router(front.router)
router.include_router(project.router)
router.include_router(upload.router)
router.include_router(editor.router)
router.include_router(evaluate.router)
router.include_router(dashboard.router)
router.include_router(admin_router)
router.include_router(monitoring.router)
router.include_router(rectify.router)
