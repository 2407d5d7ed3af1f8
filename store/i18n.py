"""The one catalogue of interface strings (Vietnamese first, English second).

`t("key", **params)` formats a string in the current language. The language is Vietnamese
unless `set_lang("en")` was called or the environment asks for English (LANG=en_*).
Areas add their keys to `CATALOGUE` in their own section below.
"""

from __future__ import annotations

import os

_lang: str | None = None


def detect_lang() -> str:
    """Vietnamese by default; English when LC_ALL/LC_MESSAGES/LANG says English."""
    for var in ("DONDOC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "vi"
    return "vi"


def set_lang(lang: str | None) -> None:
    """Set the interface language (`vi` or `en`); None goes back to detection."""
    global _lang
    if lang is not None and lang not in ("vi", "en"):
        raise ValueError(lang)
    _lang = lang


def get_lang() -> str:
    return _lang or detect_lang()


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """The catalogue string for `key` in the current language, formatted with params."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry[0] if (lang or get_lang()) == "vi" else entry[1]
    return text.format(**params) if params else text


CATALOGUE: dict[str, tuple[str, str]] = {
    # --- store errors -----------------------------------------------------------------
    "err.date_invalid": (
        "Ngày không hợp lệ: «{value}». Dùng dạng 25/8/2021, 2021-08-25 hoặc ngày 25 tháng 8 năm 2021.",
        "Invalid date: «{value}». Use 25/8/2021, 2021-08-25 or ngày 25 tháng 8 năm 2021.",
    ),
    "err.date_impossible": (
        "Ngày không tồn tại: «{value}».",
        "No such date: «{value}».",
    ),
    "err.duplicate_document": (
        "Đã có văn bản số {number} của {issuer} năm {year} (mã {id}); không lưu bản trùng.",
        "Document {number} of {issuer} ({year}) already exists (id {id}); the duplicate was not saved.",
    ),
    "err.unknown_agency": (
        "Không có cơ quan «{name}» trong danh mục. Thêm cơ quan trước hoặc chọn tên có sẵn.",
        "Unknown agency «{name}». Add it first or pick a known name.",
    ),
    "err.lead_required": (
        "Nhiệm vụ cần ít nhất một cơ quan chủ trì.",
        "An assignment needs at least one lead agency.",
    ),
    "err.required": ("Chưa nhập {label}.", "{label} is required."),
    "err.unknown_doc_type": (
        "Loại văn bản không hợp lệ: «{value}». Dùng một trong: {choices}.",
        "Unknown document type «{value}». Use one of: {choices}.",
    ),
    "err.not_found": ("Không tìm thấy {entity} mã {id}.", "No {entity} with id {id}."),
    "err.db_unreadable": (
        "Không mở được cơ sở dữ liệu {path}: {reason}",
        "Cannot open database {path}: {reason}",
    ),
    "err.db_not_database": (
        "Tệp {path} không phải cơ sở dữ liệu dondoc (hoặc đã hỏng).",
        "{path} is not a dondoc database (or it is damaged).",
    ),
    "err.db_busy": (
        "Cơ sở dữ liệu đang bận (người khác đang ghi). Dữ liệu của bạn chưa được lưu; hãy thử lại.",
        "The database is busy (someone else is writing). Nothing was saved; please try again.",
    ),
    "err.db_newer": (
        "Cơ sở dữ liệu {path} được tạo bởi phiên bản dondoc mới hơn (lược đồ {revision}). "
        "Hãy cập nhật dondoc; dữ liệu không bị thay đổi.",
        "Database {path} was made by a newer dondoc (schema {revision}). "
        "Upgrade dondoc; nothing was changed.",
    ),
    "err.db_missing_dir": (
        "Thư mục {path} không tồn tại.",
        "Directory {path} does not exist.",
    ),
    "err.conflict": (
        "{entity} mã {id} vừa được người khác sửa; hãy xem lại trước khi lưu.",
        "{entity} {id} was changed by someone else; review before saving.",
    ),
    "err.invalid_status": (
        "Trạng thái không hợp lệ: «{value}». Dùng một trong: {choices}.",
        "Invalid status «{value}». Use one of: {choices}.",
    ),
    "msg.backup_made": ("Đã sao lưu trước khi nâng cấp: {path}", "Backup before upgrade: {path}"),
    # --- entities -----------------------------------------------------------------------
    "entity.document": ("văn bản", "document"),
    "entity.assignment": ("nhiệm vụ", "assignment"),
    "entity.agency": ("cơ quan", "agency"),
    "entity.deadline": ("thời hạn", "deadline"),
    "entity.note": ("ghi chú", "note"),
    # --- fields -------------------------------------------------------------------------
    "field.doc_type": ("Loại văn bản", "Type"),
    "field.number": ("Số ký hiệu", "Number"),
    "field.issuer": ("Cơ quan ban hành", "Issuer"),
    "field.place": ("Nơi ban hành", "Place"),
    "field.issued": ("Ngày ban hành", "Date"),
    "field.subject": ("Trích yếu", "Subject"),
    "field.signer": ("Người ký", "Signer"),
    "field.signer_title": ("Chức vụ", "Signer title"),
    "field.recipients": ("Nơi nhận", "Recipients"),
    "field.incoming_number": ("Số đến", "Incoming number"),
    "field.incoming_date": ("Ngày đến", "Incoming date"),
    "field.status": ("Tình trạng", "Status"),
    "field.ref": ("Mục", "Section"),
    "field.title": ("Nhiệm vụ", "Assignment"),
    "field.body": ("Nội dung", "Body"),
    "field.lead": ("Cơ quan chủ trì", "Lead agency"),
    "field.support": ("Cơ quan phối hợp", "Supporting agencies"),
    "field.due": ("Hạn", "Due"),
    "field.days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "field.last_note": ("Ghi chú gần nhất", "Latest note"),
    "field.document": ("Văn bản", "Document"),
    "field.follower": ("Người theo dõi", "Followed by"),
    "field.open_count": ("Nhiệm vụ mở", "Open"),
    "field.name": ("Tên cơ quan", "Agency"),
    "field.short_name": ("Tên viết tắt", "Short name"),
    "field.id": ("Mã", "ID"),
    "field.text": ("Nội dung ghi chú", "Note text"),
    "field.name_": ("Tên", "Name"),
    "field.deadlines": ("Thời hạn", "Deadlines"),
    "field.work_status": ("Tình trạng", "Status"),
    "field.links": ("Liên kết", "Links"),
    "docstatus.active": ("Còn hiệu lực", "Active"),
    "docstatus.superseded": ("Bị thay thế", "Superseded"),
    "relation.implements": ("Thực hiện", "Implements"),
    "relation.implements.rev": ("Được thực hiện bởi", "Implemented by"),
    "relation.replaces": ("Thay thế", "Replaces"),
    "relation.replaces.rev": ("Bị thay thế bởi", "Replaced by"),
    "relation.cites": ("Trích dẫn", "Cites"),
    "relation.cites.rev": ("Được trích dẫn bởi", "Cited by"),
    "relation.copy_of": ("Bản sao của", "Copy of"),
    "relation.copy_of.rev": ("Có bản sao", "Copies"),
    "workstatus.not_started": ("Chưa thực hiện", "Not started"),
    "workstatus.in_progress": ("Đang thực hiện", "In progress"),
    "workstatus.done": ("Hoàn thành", "Done"),
    "workstatus.paused": ("Tạm dừng", "Paused"),
    "workstatus.cancelled": ("Hủy", "Cancelled"),
    # --- derived status (one definition: store.deadlines.status_of) ----------------------
    "status.not_started": ("Chưa thực hiện", "Not started"),
    "status.in_progress": ("Đang thực hiện trong hạn", "In progress, on time"),
    "status.due_soon": ("Sắp đến hạn", "Due soon"),
    "status.overdue": ("Quá hạn", "Overdue"),
    "status.done_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "status.done_late": ("Hoàn thành quá hạn", "Done late"),
    "status.paused": ("Tạm dừng", "Paused"),
    "status.cancelled": ("Hủy", "Cancelled"),
    # --- agenda -----------------------------------------------------------------------------
    "agenda.when": ("Còn / quá", "Left / late"),
    "agenda.period": ("Kỳ báo cáo", "Period"),
    # --- command line -------------------------------------------------------------------------
    "cli.description": (
        "dondoc: theo dõi, đôn đốc thực hiện văn bản chỉ đạo. Không có lệnh: mở giao diện.",
        "dondoc: follow up directives, assignments and deadlines. No command: open the app.",
    ),
    "cli.commands": ("lệnh", "commands"),
    "cli.opt.db": ("tệp cơ sở dữ liệu (mặc định: DONDOC_DB hoặc thư mục dữ liệu người dùng)",
                   "database file (default: DONDOC_DB or the user data directory)"),
    "cli.opt.lang": ("ngôn ngữ giao diện", "interface language"),
    "cli.opt.search": ("tìm (không cần dấu)", "search (diacritics ignored)"),
    "cli.opt.agency": ("lọc theo cơ quan", "filter by agency"),
    "cli.opt.status": ("lọc theo tình trạng", "filter by status"),
    "cli.opt.type": ("lọc theo loại văn bản", "filter by document type"),
    "cli.opt.overdue": ("chỉ việc quá hạn", "overdue only"),
    "cli.opt.due_within": ("đến hạn trong N ngày", "due within N days"),
    "cli.demo.help": ("mở giao diện trên cơ sở dữ liệu mẫu mới (từ fixtures/)",
                      "open the app on a fresh demo database (from fixtures/)"),
    "cli.init_demo.help": ("tạo cơ sở dữ liệu mẫu từ fixtures/ (không mở giao diện)",
                           "build the demo database from fixtures/ (no UI)"),
    "cli.init_demo.done": ("Đã tạo {path}: {count} văn bản.", "Built {path}: {count} documents."),
    "cli.list.help": ("liệt kê văn bản, nhiệm vụ hoặc thời hạn", "list documents, assignments or deadlines"),
    "cli.add.help": ("thêm văn bản, nhiệm vụ hoặc cơ quan", "add a document, assignment or agency"),
    "cli.add.document": ("thêm văn bản", "add a document"),
    "cli.add.assignment": ("thêm nhiệm vụ", "add an assignment"),
    "cli.add.agency": ("thêm cơ quan", "add an agency"),
    "cli.add.deadline_phrase": ("thời hạn bằng lời, vd. «định kỳ hằng quý»",
                                "deadline in words, e.g. «định kỳ hằng quý»"),
    "cli.add.created": ("Đã thêm {entity} mã {id}.", "Added {entity} {id}."),
    "cli.init.help": ("tạo hoặc nâng cấp cơ sở dữ liệu", "create or upgrade the database"),
    "cli.init.done": ("Cơ sở dữ liệu {path} ở lược đồ {revision}.", "Database {path} is at schema {revision}."),
    "cli.check.help": ("kiểm tra toàn vẹn cơ sở dữ liệu", "check the database's integrity"),
    "cli.check.ok": ("Cơ sở dữ liệu toàn vẹn.", "The database is sound."),
    "cli.check.bad": ("Cơ sở dữ liệu có lỗi:", "The database has problems:"),
    "cli.backup.help": ("sao lưu nhất quán trong khi người khác vẫn ghi",
                        "make a consistent copy while others keep writing"),
    "cli.backup.done": ("Đã sao lưu vào {path} (đã kiểm tra toàn vẹn).", "Backed up to {path} (integrity checked)."),
}
