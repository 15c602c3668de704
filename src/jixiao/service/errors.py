"""What the service refuses, with the HTTP status the web layer answers with."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.core.problems import Problem

# Every code an error answer carries, with its meaning (docs/api.md lists them).
ERRORS = {
    "invalid": "请求或文件内容不符合要求",
    "unreadable": "文件无法读取，或其中没有自评表、目标表或评价案例",
    "several-cases": "一个文件中有多张表，一次只能上传一个项目的一份",
    "wrong-year": "文件的年度与项目年度不符",
    "too-large": "文件超过大小限额",
    "unauthenticated": "未登录，或用户名、密码不正确",
    "forbidden": "无权进行此操作",
    "not-found": "对象不存在，或无权查看",
    "conflict": "对象已被他人修改，或与已有内容冲突",
    "too-many-attempts": "尝试次数过多，请稍后再试",
    "csrf": "缺少或错误的 CSRF 令牌",
    "internal": "服务器内部错误（已记录，请联系管理员）",
}


class ServiceError(Exception):
    """A refusal: `code` for programs, `message` in Chinese for people, `where` the field or
    location it is about, `problems` the located problems of a file that could not be read."""

    status = 400
    code = "invalid"

    def __init__(
        self, message: str, where: str = "", problems: Sequence[Problem] = (), code: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.problems = tuple(problems)
        if code:
            self.code = code
        assert self.code in ERRORS, self.code

    def __reduce__(self) -> tuple[object, ...]:  # sent back from a worker process whole
        return (type(self), (self.message, self.where, self.problems, self.code))


class Invalid(ServiceError):
    status = 422
    code = "invalid"


class Unauthenticated(ServiceError):
    status = 401
    code = "unauthenticated"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not-found"


class Conflict(ServiceError):
    """Someone else changed the object since it was read (optimistic locking)."""

    status = 409
    code = "conflict"


class TooMany(ServiceError):
    status = 429
    code = "too-many-attempts"
