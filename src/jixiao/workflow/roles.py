"""Who acts in the yearly cycle: the roles, the kinds of organisation, and the signed-in actor.

Pure values: the store builds an `Actor` from its rows; nothing here reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user does in the cycle. Values are stored in the database: never rename them."""

    ADMIN = "admin"  # users and organisations, never project content
    FINANCE = "finance"  # all project-years of its district
    DEPARTMENT = "department"  # the project-years of its units
    UNIT = "unit"  # its own project-years
    EVALUATOR = "evaluator"  # the evaluations assigned to its organisation

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def org_kind(self) -> OrgKind | None:
        """The kind of organisation a user of this role belongs to (None: the administrator)."""
        return None if self is Role.ADMIN else OrgKind(self.value)


_ROLE_LABELS = {
    Role.ADMIN: "管理员",
    Role.FINANCE: "财政局",
    Role.DEPARTMENT: "主管部门",
    Role.UNIT: "预算单位",
    Role.EVALUATOR: "第三方评价机构",
}


class OrgKind(StrEnum):
    """An organisation of a district: a finance bureau (the district's root) over departments
    over units; evaluators are firms the district commissions. Stored: never rename."""

    FINANCE = "finance"
    DEPARTMENT = "department"
    UNIT = "unit"
    EVALUATOR = "evaluator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[Role(self.value)]

    @property
    def role(self) -> Role:
        """The role of the users who work for such an organisation."""
        return Role(self.value)


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user as authorization sees them.

    `org_id` is the user's own organisation (the unit, the department, the finance bureau or
    the evaluator firm; None for the administrator). `district_id` is the finance bureau that
    organisation sits under; a finance user's own organisation is its district.
    """

    user_id: int
    username: str
    role: Role
    org_id: int | None
    district_id: int | None
