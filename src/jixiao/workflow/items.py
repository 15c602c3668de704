"""The small vocabularies of the cycle's side records: 整改 items and 目标调整 requests."""

from __future__ import annotations

from enum import StrEnum


class RectificationStatus(StrEnum):
    OPEN = "open"  # 待整改
    IN_PROGRESS = "in_progress"  # 整改中
    DONE = "done"  # 已整改，待确认
    CLOSED = "closed"  # 已销号

    @property
    def label(self) -> str:
        return _RECTIFICATION[self]

    @property
    def is_open(self) -> bool:
        return self is not RectificationStatus.CLOSED


_RECTIFICATION = {
    RectificationStatus.OPEN: "待整改",
    RectificationStatus.IN_PROGRESS: "整改中",
    RectificationStatus.DONE: "已整改（待确认）",
    RectificationStatus.CLOSED: "已销号",
}


class AdjustmentStatus(StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 未批准

    @property
    def label(self) -> str:
        return {"pending": "待审批", "approved": "已批准", "rejected": "未批准"}[self.value]


class JobStatus(StrEnum):
    """A long job's state: run outside the request by the queue's worker (service/jobs.py)."""

    QUEUED = "queued"  # 排队中
    RUNNING = "running"  # 进行中
    DONE = "done"  # 已完成
    FAILED = "failed"  # 失败

    @property
    def label(self) -> str:
        return {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}[
            self.value
        ]

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)
