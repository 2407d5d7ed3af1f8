"""Domain vocabulary shared by every layer: document types, link relations, statuses."""

from __future__ import annotations

from enum import StrEnum

# Document types: code as used in symbols -> (Vietnamese name, English name).
DOC_TYPES: dict[str, tuple[str, str]] = {
    "CT": ("Chỉ thị", "Directive"),
    "CV": ("Công văn", "Official letter"),
    "KH": ("Kế hoạch", "Plan"),
    "NQ": ("Nghị quyết", "Resolution"),
    "KL": ("Kết luận", "Conclusion"),
    "QĐ": ("Quyết định", "Decision"),
    "TB": ("Thông báo", "Notice"),
    "BC": ("Báo cáo", "Report"),
    "HD": ("Hướng dẫn", "Guidance"),
    "QC": ("Quy chế", "Regulation"),
    "TT": ("Thông tư", "Circular"),
    "TTLT": ("Thông tư liên tịch", "Joint circular"),
    "NĐ": ("Nghị định", "Decree"),
    "L": ("Luật", "Law"),
    "BS": ("Bản sao", "Certified copy"),
    "K": ("Khác", "Other"),
}


class LinkRelation(StrEnum):
    """How one document relates to another (source -> target)."""

    IMPLEMENTS = "implements"
    REPLACES = "replaces"
    CITES = "cites"
    COPY_OF = "copy_of"


class DocumentStatus(StrEnum):
    ACTIVE = "active"
    SUPERSEDED = "superseded"


class AgencyRole(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"


class WorkStatus(StrEnum):
    """What the clerk records on an assignment; the reported status derives from it and dates."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


OPEN_WORK = (WorkStatus.NOT_STARTED.value, WorkStatus.IN_PROGRESS.value)
"""Open work: what the overdue counts, the agenda and the deadlines' open copies follow."""


# --- roles (store.roles stores them; store.quick reads them without the ORM) ----------------


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


class UnknownPolicy(StrEnum):
    """What a user with no role row gets (setting `unknown_user_role`)."""

    VIEWER = "viewer"
    REFUSE = "refuse"


_ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


def rank(role: str | None) -> int:
    """How much a role may do (-1 for none or an unknown word)."""
    return _ROLE_RANK.get(Role(role), -1) if role in _ROLE_RANK else -1


def effective_role(stored: str | None, unknown_policy: str | None) -> str | None:
    """The role a user acts with, from their stored role (if any) and the office's policy
    for users without one; None when such users are refused."""
    if stored in _ROLE_RANK:
        return stored
    return Role.VIEWER.value if unknown_policy != UnknownPolicy.REFUSE else None
