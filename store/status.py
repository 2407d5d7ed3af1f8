"""An assignment's status, derived from what the clerk records and the dates.

The one definition (`status_of`), kept apart from the deadline parser and calendar
(store.deadlines, which re-exports it) so that quick reads (store.quick) need no
calendar, no dateutil and no holidays. `store.assignments.status_condition` is its SQL
twin; tests keep them equal.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from store.vocab import WorkStatus

DEFAULT_SOON_DAYS = 7
"""Open work due within this many days (today included) is "due soon"."""


class Status(StrEnum):
    """The status shown for an assignment, derived from what the clerk records and the dates."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    PAUSED = "paused"
    CANCELLED = "cancelled"

    def label(self, lang: str = "vi") -> str:
        """"Quá hạn" / "Overdue" — the words of task-tracking reports."""
        return _STATUS_LABELS[self][0 if lang == "vi" else 1]


_STATUS_LABELS = {
    Status.NOT_STARTED: ("Chưa thực hiện", "Not started"),
    Status.IN_PROGRESS: ("Đang thực hiện trong hạn", "In progress, on time"),
    Status.DUE_SOON: ("Sắp đến hạn", "Due soon"),
    Status.OVERDUE: ("Quá hạn", "Overdue"),
    Status.DONE_ON_TIME: ("Hoàn thành đúng hạn", "Done on time"),
    Status.DONE_LATE: ("Hoàn thành quá hạn", "Done late"),
    Status.PAUSED: ("Tạm dừng", "Paused"),
    Status.CANCELLED: ("Hủy", "Cancelled"),
}


def status_of(
    work_status: str,
    due_in_force: date | None,
    done_on: date | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Status:
    """The one definition of an assignment's status (`status_condition` is its SQL twin).

    * paused / cancelled: as recorded, whatever the dates;
    * done: on time when done on or before the deadline in force (or no deadline, or no date
      recorded for the completion), late otherwise;
    * open (not started / in progress): overdue when the deadline in force has passed, due
      soon within `soon_days` calendar days (today included), else as recorded.

    Raises:
        ValueError: `work_status` is not a `WorkStatus` value.
    """
    ws = WorkStatus(work_status)
    if ws is WorkStatus.CANCELLED:
        return Status.CANCELLED
    if ws is WorkStatus.PAUSED:
        return Status.PAUSED
    if ws is WorkStatus.DONE:
        if due_in_force is None or done_on is None or done_on <= due_in_force:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if due_in_force is not None:
        if due_in_force < today:
            return Status.OVERDUE
        if (due_in_force - today).days <= soon_days:
            return Status.DUE_SOON
    return Status.NOT_STARTED if ws is WorkStatus.NOT_STARTED else Status.IN_PROGRESS


def derive(work_status: str, next_due: date | None, done_on: date | None, on: date,
           soon_days: int = DEFAULT_SOON_DAYS) -> tuple[str, int]:
    """(status key, days overdue) of an assignment, through `status_of`: the days overdue
    count to `on` for open work and to the completion for work done late."""
    status = status_of(work_status, next_due, done_on, on, soon_days)
    overdue = 0
    if next_due is not None:
        end = done_on if work_status == WorkStatus.DONE and done_on else on
        if work_status in (WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS, WorkStatus.DONE) and end > next_due:
            overdue = (end - next_due).days
    return str(status.value), overdue
