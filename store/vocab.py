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
