"""Follow-up actions on deadlines (store.followup): extend a one-off deadline (gia hạn, `l` on
an assignment) and record a recurring report as reported (`r`) or waived (`w`) on the agenda.

The dialogs write through the store before they close (screens.dialogs.SubmitDialog): a
refusal is said in the dialog, with what was typed kept, and nothing changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from screens.dialogs import ConfirmDialog, DialogField, DocumentValues, FieldsDialog
from screens.guard import needs_editor
from store.dates import format_date, parse_date
from store.errors import StoreError
from store.i18n import t



def extendable(deadlines: Any) -> list[Any]:
    """One-off deadlines with a date (recurring reports are acted on period by period)."""
    return [d for d in deadlines if d.kind != "recurring" and d.due is not None]


def deadline_label(d: Any) -> str:
    """"trước ngày 30/6/2026 — gốc 30/06/2026, áp dụng 15/07/2026"."""
    name = d.phrase or format_date(d.due)
    return t("tui.extend.option", name=name, due=format_date(d.due), in_force=format_date(d.due_in_force))


def document_reference(text: str, given: DocumentValues | None = None) -> tuple[str | None, int | None]:
    """(reference as written, document id) of the allowing document field: a document of the
    register (a suggestion taken, `given`) or a reference as written."""
    ref, document_id = (given or DocumentValues()).named(text)
    return (ref or None), document_id


class ExtendDeadline:
    """`l` on an assignment: extend one of its one-off deadlines.

    The screen provides `detail` (the AssignmentDetail shown), `after_write()` and a
    `#deadlines` PagedTable (its current row is offered first).
    """

    @needs_editor
    def action_extend(self) -> None:
        screen: Any = self
        if screen.detail is None:
            return
        choices = extendable(screen.detail.deadlines)
        if not choices:
            screen.dondoc.say(t("tui.extend.none"), severity="warning")
            return
        current = None
        table = screen.query("#deadlines")
        if table:
            row = table.first().current_row
            current = row if row is not None and row in choices else None
        first = current or choices[0]
        by_id = {str(d.id): d for d in choices}
        fields: list[DialogField] = []
        message = ""
        if len(choices) > 1:
            fields.append(DialogField("deadline", t("tui.extend.which"), str(first.id),
                                      options=[(deadline_label(d), str(d.id)) for d in choices]))
        else:
            message = deadline_label(first)
        fields += [
            DialogField("new_due", t("tui.extend.new_due"), hint=t("tui.form.date_hint")),
            DialogField("reason", t("tui.extend.reason")),
            DialogField("document", t("tui.extend.document"), hint=t("tui.hint.document"),
                        complete=self._document_completions),
        ]

        def check(values: dict[str, str]) -> dict[str, str]:
            errors: dict[str, str] = {}
            d = by_id.get(values.get("deadline") or str(first.id), first)
            raw = values.get("new_due", "")
            if not raw.strip():
                errors["new_due"] = t("tui.form.required")
            else:
                try:
                    new_due = parse_date(raw)
                except StoreError as exc:
                    errors["new_due"] = exc.message()
                else:
                    if d.due_in_force is not None and new_due <= d.due_in_force:
                        errors["new_due"] = t("tui.extend.not_later", date=format_date(d.due_in_force))
            if not values.get("reason", "").strip():
                errors["reason"] = t("tui.form.required")
            return errors

        def save(values: dict[str, str]) -> date:
            from store import followup

            d = by_id.get(values.get("deadline") or str(first.id), first)
            ref, doc_id = document_reference(values.get("document", ""), self._extend_documents)
            new_due = parse_date(values["new_due"])
            followup.extend(screen.dondoc.database(), d.id, new_due, values["reason"].strip(),
                            document_ref=ref, document_id=doc_id)
            return new_due

        screen.app.push_screen(
            FieldsDialog(t("tui.extend.title", id=screen.detail.row.id), fields, message=message,
                         validate=check, save=save, store_fields={"due": "new_due"}),
            lambda new_due: self._extended(new_due) if new_due is not None else None,
        )

    def _document_completions(self, text: str) -> list[tuple[str, str]]:
        from store import documents
        from store.documents import DocumentQuery

        screen: Any = self
        rows = documents.list_documents(screen.dondoc.database(), DocumentQuery(search=text), limit=6)
        return [(f"{r.label} — {r.subject}", self._extend_documents.value(r.id, r.label, numbered=bool(r.number)))
                for r in rows]

    @property
    def _extend_documents(self) -> DocumentValues:
        """The permitting-document values this screen's dialog offered (`document_reference`)."""
        given = self.__dict__.get("_given_documents")
        if given is None:
            given = self.__dict__["_given_documents"] = DocumentValues()
        return given

    def _extended(self, new_due: date) -> None:
        screen: Any = self
        screen.dondoc.say(t("tui.extend.saved", date=format_date(new_due)))
        screen.after_write()


class OccurrenceActions:
    """`r` reported and `w` waived on the agenda item under the cursor.

    A merged item may cover several deadlines of one assignment falling due the same day
    (`AgendaItem.parts`): each recurring part is acted on. The screen provides
    `_current_item()`, `action_done()` and `after_write()`.
    """

    @needs_editor
    def action_reported(self) -> None:
        self._act("reported")

    @needs_editor
    def action_waived(self) -> None:
        self._act("waived")

    def _act(self, status: str) -> None:
        screen: Any = self
        item = screen._current_item()
        if item is None:
            return
        parts = item.parts or ((item.deadline_id, item.period_key),)
        periodic = [(did, key) for did, key in parts if key]
        name = f"{item.ref} {item.title}".strip() if item.ref else item.title
        if not periodic:
            if status == "reported":
                screen.app.push_screen(
                    ConfirmDialog(t("tui.occurrence.one_off_title"), t("tui.occurrence.one_off", title=name)),
                    lambda yes: screen.action_done() if yes else None,
                )
            else:
                screen.dondoc.say(t("tui.occurrence.waive_one_off"), severity="warning")
            return
        period = item.period or format_date(item.due)
        message = t("tui.occurrence.message", title=name, due=format_date(item.due))

        def check(values: dict[str, str]) -> dict[str, str]:
            if status == "waived" and not values.get("note", "").strip():
                return {"note": t("tui.form.required")}
            return {}

        def save(values: dict[str, str]) -> str:
            from store import followup

            note = values["note"].strip()
            db = screen.dondoc.database()
            for n, (deadline_id, key) in enumerate(periodic):
                try:
                    followup.act_on_occurrence(db, deadline_id, key, status, note=note or None,
                                               acted_on=screen.dondoc.today)
                except StoreError:
                    if n:  # the parts before were recorded (acting again on them is harmless)
                        screen.app.call_from_thread(screen.after_write)
                    raise
            return t(f"tui.occurrence.{status}_saved", period=period, id=item.assignment_id)

        screen.app.push_screen(
            FieldsDialog(
                t(f"tui.occurrence.{status}_title", period=period),
                [DialogField("note", t(f"tui.occurrence.{status}_note"))],
                message=message, validate=check, save=save,
            ),
            lambda said: self._recorded(said) if said is not None else None,
        )

    def _recorded(self, message: str) -> None:
        screen: Any = self
        screen.dondoc.say(message)
        screen.after_write()
