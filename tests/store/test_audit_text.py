"""The audit trail said in the interface language: every action, field and value the audited
writes record, in the history screens, the changes export and `dondoc history`."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from store import agencies, assignments, audit, clock, documents, export, followup, roles
from store.assignments import AssignmentInput, DeadlineInput
from store.documents import DocumentInput, LinkInput
from store.i18n import CATALOGUE, set_lang, t
from store.models import Agency, Assignment, AuditEvent, Document, DocumentLink

TODAY = date(2026, 12, 2)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _every_audited_write(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """One of each audited write, each field given a value (and changed, where it can be)."""
    clock.set_today(TODAY)
    province = agencies.add(db, "Ủy ban nhân dân tỉnh", short_name="UBND")
    agencies.add(db, "Thi hành án dân sự tỉnh", short_name="THADS", aliases=["Cục THADS"], parent_id=province)
    agencies.add(db, "Sở Tư pháp")
    old = documents.add(db, DocumentInput(doc_type="CT", number="09-CT/TU", issuer="Tỉnh ủy",
                                          subject="Chỉ thị cũ", issued=date(2021, 9, 13)))
    fields = dict(doc_type="CV", number="2687-CV/TU", issuer="Tỉnh ủy", place="Hải Dương",
                  issued=date(2025, 8, 25), subject="V/v thi hành án", signer="Phạm Hùng Thái",
                  signer_title="Phó Chủ tịch", recipients=["Sở Tư pháp", "Cục THADS"], incoming_number="384",
                  incoming_date=date(2025, 8, 28), partial=True, source="fixtures/000_450dd1b3bcf8b1df.txt")
    doc = documents.add(db, DocumentInput(**fields))  # type: ignore[arg-type]
    documents.update(db, doc, DocumentInput(
        doc_type="KH", number="2688-KH/TU", issuer="Ban Thường vụ Tỉnh ủy", place="Tây Ninh",
        issued=date(2026, 1, 5), subject="Kế hoạch thi hành án", signer="Nguyễn Văn A", signer_title="Bí thư",
        recipients=["Sở Tư pháp"], incoming_number="12", incoming_date=date(2026, 1, 7), status="superseded",
        partial=False, source="import/van-ban.csv",
    ), expected_version=1)
    documents.add_link(db, doc, LinkInput(relation="implements", target_id=old))
    documents.add_link(db, doc, LinkInput(relation="cites", reference="Chỉ thị số 05/CT-TTg", ref_type="CT",
                                          ref_number="05/CT-TTg", ref_date=date(2017, 2, 6),
                                          ref_issuer="Thủ tướng Chính phủ"))
    one_off = assignments.add(db, AssignmentInput(
        document_id=doc, title="Báo cáo chuyên đề", ref="1", body="Tổng hợp kết quả", lead=["THADS"],
        support=["Sở Tư pháp"], deadlines=[DeadlineInput(due=date(2026, 11, 20))], follower="Lan",
    ))
    quarterly = assignments.add(db, AssignmentInput(document_id=doc, title="Báo cáo quý", lead=["Sở Tư pháp"],
                                                    deadlines=[DeadlineInput(phrase="Định kỳ hằng quý")]))
    assignments.update(db, one_off, AssignmentInput(
        document_id=doc, title="Báo cáo chuyên đề năm", ref="2", body="Tổng hợp đủ", lead=["Sở Tư pháp"],
        support=["THADS"], deadlines=[DeadlineInput(due=date(2026, 11, 25))], follower="Hoa",
        work_status="done", done_on=date(2026, 11, 30),
    ), expected_version=1)
    assignments.set_status(db, one_off, "in_progress")
    assignments.add_note(db, quarterly, "Đã nhắc lần 2")
    deadline = assignments.get(db, one_off).deadlines[0].id
    followup.extend(db, deadline, date(2027, 1, 31), "Chờ số liệu", document_ref="15/UBND")
    rule = assignments.get(db, quarterly).deadlines[0].id
    followup.act_on_occurrence(db, rule, "2026-Q3", "reported", note="Báo cáo số 7")
    followup.act_on_occurrence(db, rule, "2026-Q4", "waived", note="Không phát sinh")
    followup.act_on_occurrence(db, rule, "2027-Q1", "noted")
    roles.set_role(db, "khach", "editor")
    roles.remove_role(db, "khach")
    roles.set_unknown_policy(db, "từ chối")
    return {"doc": doc, "old": old, "one_off": one_off}


def _events(db) -> list[Any]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        refs = audit.refs_in(session, events)
        return [audit.to_row(ev, refs) for ev in events]


def _recorded_keys(events: list[Any]) -> set[str]:
    return {k for ev in events for data in (ev.before or {}, ev.after or {}) for k in data}


def test_the_writes_cover_every_audited_column(db) -> None:  # type: ignore[no-untyped-def]
    """The battery below records every content column of the audited tables (so a column
    added later without a label fails the test after it)."""
    _every_audited_write(db)
    events = _events(db)
    columns = {c.key for model in (Document, Assignment, Agency, DocumentLink) for c in model.__table__.columns}
    assert columns - audit._SKIP <= _recorded_keys(events)
    assert {"create", "update", "note", "link", "role", "extend", *followup.OCCURRENCE_STATES} <= {
        ev.action for ev in events}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_recorded_field_and_action_is_worded(db, lang: str) -> None:  # type: ignore[no-untyped-def]
    from tui.commands.concurrency import history_rows

    set_lang(lang)
    _every_audited_write(db)
    events = _events(db)
    for key in _recorded_keys(events) - audit.HIDDEN:
        assert f"field.{key}" in CATALOGUE, key
    for ev in events:
        assert f"action.{ev.action}" in CATALOGUE, ev.action
    codes = {"not_started", "in_progress", "done", "paused", "superseded", "active", "implements", "cites",
             "editor", "refuse", "manual", "CV", "KH", "2026-Q3", "2026-Q4", "2027-Q1"}
    labels = {t(f"field.{k}") for k in _recorded_keys(events) - audit.HIDDEN}
    for ev in events:
        for label, _before, _after in audit.changes(ev):
            assert label in labels and label not in _recorded_keys(events), label
    rows = history_rows(events)
    texts = [export.change_text(ev, lang) for ev in events]
    # No code, no field key (in English the plain ones are words too: "Date done", "Progress note").
    raw = {w for w in codes | _recorded_keys(events) if lang == "vi" or not w.isalpha() or w.isupper()}
    for text in [*texts, *("|".join(r[2:]) for r in rows)]:
        assert not _ISO.search(text), text
        assert not set(re.split(r"[\s:;|,→()]+", text)) & raw, text
    # What the clerk should read, in Vietnamese.
    if lang == "vi":
        everything = "\n".join(texts)
        assert "Hạn đang áp dụng: 25/11/2026 → 31/01/2027" in everything
        assert "Văn bản: 15/UBND" in everything and "Lý do gia hạn: Chờ số liệu" in everything
        assert "Tình trạng: Hoàn thành → Đang thực hiện" in everything
        assert "Ngày hoàn thành: 30/11/2026 → (trống)" in everything
        assert "Văn bản liên kết: 09-CT/TU" in everything and "Quan hệ: Thực hiện" in everything
        assert "Nguồn: Tệp mẫu 000_450dd1b3bcf8b1df.txt → Nhập từ tệp van-ban.csv" in everything
        assert "Kỳ báo cáo: Quý III/2026" in everything
        assert "Cơ quan cấp trên: Ủy ban nhân dân tỉnh" in everything
        assert "Quyền: cập nhật → (trống)" in everything
        assert ["gia hạn", "Hạn đang áp dụng", "25/11/2026", "31/01/2027"] in [r[2:] for r in rows]


def test_history_screen_text_is_worded(db) -> None:  # type: ignore[no-untyped-def]
    from screens.base import history_content

    ids = _every_audited_write(db)
    history = assignments.get(db, ids["one_off"]).history
    shown = history_content(history).plain
    assert "gia hạn — Văn bản: 15/UBND, Hạn đang áp dụng: 25/11/2026 → 31/01/2027, Lý do gia hạn: Chờ" in shown
    assert "sửa — Ngày hoàn thành: 30/11/2026 → —, Tình trạng: Hoàn thành → Đang thực hiện" in shown
    assert not _ISO.search(shown) and "tui.action" not in shown and "work_status" not in shown


def test_document_source_in_words() -> None:
    assert audit.source_text("manual") == "Nhập tay"
    assert audit.source_text("fixtures/000_450dd1b3bcf8b1df.txt") == "Tệp mẫu 000_450dd1b3bcf8b1df.txt"
    assert audit.source_text("import/van-ban.csv", "en") == "Imported from van-ban.csv"
    assert audit.source_text("intake") == "Trích từ văn bản dán vào"
