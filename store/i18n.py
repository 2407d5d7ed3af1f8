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
    # --- tui ------------------------------------------------------------------------------------
    "tui.view.documents": ("Văn bản", "Documents"),
    "tui.view.assignments": ("Nhiệm vụ", "Assignments"),
    "tui.view.deadlines": ("Thời hạn", "Deadlines"),
    "tui.view.agencies": ("Cơ quan", "Agencies"),
    "tui.count.documents": ("{n} văn bản", "{n} documents"),
    "tui.count.assignments": ("{n} nhiệm vụ", "{n} assignments"),
    "tui.count.deadlines": ("{n} hạn", "{n} due dates"),
    "tui.count.agencies": ("{n} cơ quan", "{n} agencies"),
    "tui.status.counting": ("Đang đếm…", "Counting…"),
    "tui.status.loading": ("Đang tải…", "Loading…"),
    "tui.status.overdue": ("⚠ {n} quá hạn", "⚠ {n} overdue"),
    "tui.status.due_week": ("◷ {n} đến hạn tuần này", "◷ {n} due this week"),
    "tui.status_short.overdue": ("Quá hạn", "Overdue"),
    "tui.status_short.due_soon": ("Sắp đến hạn", "Due soon"),
    "tui.status_short.not_started": ("Chưa làm", "Not started"),
    "tui.status_short.in_progress": ("Đang làm", "In progress"),
    "tui.status_short.done_on_time": ("Xong đúng hạn", "Done on time"),
    "tui.status_short.done_late": ("Xong, trễ hạn", "Done late"),
    "tui.status_short.paused": ("Tạm dừng", "Paused"),
    "tui.status_short.cancelled": ("Đã hủy", "Cancelled"),
    "tui.docstatus.active": ("Hiệu lực", "Active"),
    "tui.docstatus.superseded": ("✕ Bị thay thế", "✕ Superseded"),
    "tui.col.type": ("Loại", "Type"),
    "tui.col.date": ("Ngày", "Date"),
    "tui.col.open": ("Mở", "Open"),
    "tui.col.next_due": ("Hạn tới", "Next due"),
    "tui.col.late": ("Trễ", "Late"),
    "tui.col.relation": ("Quan hệ", "Relation"),
    "tui.col.aliases": ("Tên khác", "Other names"),
    "tui.col.deadline": ("Thời hạn", "Deadline"),
    "tui.col.kind": ("Loại hạn", "Kind"),
    "tui.col.due_in_force": ("Hạn áp dụng", "Due"),
    "tui.col.extensions": ("Gia hạn", "Extended"),
    "tui.kind.date": ("Ngày cụ thể", "Date"),
    "tui.kind.period_end": ("Cuối kỳ", "End of period"),
    "tui.kind.relative": ("Sau sự kiện", "Relative"),
    "tui.kind.recurring": ("Định kỳ", "Recurring"),
    "tui.kind.ad_hoc": ("Đột xuất", "Ad hoc"),
    "tui.kind.unparsed": ("Chưa hiểu", "Not understood"),
    "tui.key.view_documents": ("Văn bản", "Documents"),
    "tui.key.view_assignments": ("Nhiệm vụ", "Assignments"),
    "tui.key.view_deadlines": ("Thời hạn", "Deadlines"),
    "tui.key.view_agencies": ("Cơ quan", "Agencies"),
    "tui.key.help": ("Trợ giúp", "Help"),
    "tui.key.quit": ("Thoát", "Quit"),
    "tui.key.open": ("Mở", "Open"),
    "tui.key.search": ("Tìm", "Search"),
    "tui.key.filter": ("Lọc", "Filter"),
    "tui.key.new": ("Thêm mới", "New"),
    "tui.key.edit": ("Sửa", "Edit"),
    "tui.key.export": ("Xuất CSV", "Export CSV"),
    "tui.key.clear": ("Bỏ tìm / bỏ lọc", "Clear search / filters"),
    "tui.key.done": ("Hoàn thành", "Mark done"),
    "tui.key.note": ("Ghi tiến độ", "Add note"),
    "tui.key.open_document": ("Mở văn bản", "Open document"),
    "tui.key.new_assignment": ("Thêm nhiệm vụ", "New assignment"),
    "tui.key.history": ("Lịch sử", "History"),
    "tui.key.full_text": ("Toàn văn", "Full text"),
    "tui.key.next_section": ("Phần tiếp", "Next section"),
    "tui.key.back": ("Quay lại", "Back"),
    "tui.key.cancel": ("Hủy", "Cancel"),
    "tui.key.close": ("Đóng", "Close"),
    "tui.key.yes": ("Có", "Yes"),
    "tui.key.no": ("Không", "No"),
    "tui.key.down": ("Xuống", "Down"),
    "tui.key.up": ("Lên", "Up"),
    "tui.key.first": ("Dòng đầu", "First row"),
    "tui.key.last": ("Dòng cuối", "Last row"),
    "tui.key.group": ("Nhóm theo ngày / cơ quan", "Group by date / agency"),
    "tui.key.completion_next": ("Gợi ý tiếp", "Next suggestion"),
    "tui.key.completion_previous": ("Gợi ý trước", "Previous suggestion"),
    "tui.key.completion_accept": ("Chọn gợi ý", "Take suggestion"),
    "tui.key.completion_close": ("Đóng gợi ý", "Close suggestions"),
    "tui.search.placeholder": ("Tìm (không cần dấu) — Enter: xong, Esc: bỏ",
                               "Search (diacritics ignored) — Enter: done, Esc: clear"),
    "tui.filter.title": ("Lọc {view}", "Filter {view}"),
    "tui.filter.any": ("(tất cả)", "(any)"),
    "tui.filter.clear": ("Bỏ lọc", "Clear"),
    "tui.filter.active": ("Đang lọc: {filters}   (f: đổi, Esc: bỏ)", "Filtered: {filters}   (f: change, Esc: clear)"),
    "tui.filter.agency": ("Cơ quan", "Agency"),
    "tui.filter.role": ("Vai trò", "Role"),
    "tui.filter.due_within": ("Đến hạn trong", "Due within"),
    "tui.filter.horizon": ("Xem trước", "Look ahead"),
    "tui.filter.days": ("{n} ngày", "{n} days"),
    "tui.role.lead": ("Chủ trì", "Lead"),
    "tui.role.support": ("Phối hợp", "Support"),
    "tui.dialog.yes": ("Có (y)", "Yes (y)"),
    "tui.dialog.no": ("Không (n)", "No (n)"),
    "tui.dialog.ok": ("Đồng ý", "OK"),
    "tui.dialog.cancel": ("Hủy", "Cancel"),
    "tui.dialog.apply": ("Áp dụng", "Apply"),
    "tui.export.title": ("Xuất {view} ra CSV", "Export {view} to CSV"),
    "tui.export.path": ("Lưu vào tệp", "Save to file"),
    "tui.export.hint": ("Xuất toàn bộ danh sách đang xem (theo tìm kiếm và bộ lọc hiện tại); mở được bằng Excel.",
                        "Exports the whole list as shown (current search and filters); opens in Excel."),
    "tui.export.overwrite": ("Tệp {path} đã có. Ghi đè?", "{path} exists. Overwrite it?"),
    "tui.export.is_dir": ("{path} là thư mục; hãy nhập tên tệp.", "{path} is a directory; give a file name."),
    "tui.export.done": ("Đã xuất {n} dòng vào {path}", "Exported {n} rows to {path}"),
    "tui.export.file.documents": ("van-ban", "documents"),
    "tui.export.file.assignments": ("nhiem-vu", "assignments"),
    "tui.export.file.deadlines": ("thoi-han", "deadlines"),
    "tui.export.file.agencies": ("co-quan", "agencies"),
    "tui.done.title": ("Hoàn thành nhiệm vụ mã {id}", "Mark assignment {id} done"),
    "tui.done.date": ("Ngày hoàn thành", "Done on"),
    "tui.done.saved": ("Đã ghi nhận hoàn thành nhiệm vụ mã {id}.", "Assignment {id} marked done."),
    "tui.note.title": ("Ghi tiến độ nhiệm vụ mã {id}", "Progress note on assignment {id}"),
    "tui.note.label": ("Nội dung", "Note"),
    "tui.note.saved": ("Đã ghi tiến độ nhiệm vụ mã {id}.", "Note added to assignment {id}."),
    "tui.agency.new": ("Thêm cơ quan", "New agency"),
    "tui.agenda.section.overdue": ("⚠ QUÁ HẠN ({n})", "⚠ OVERDUE ({n})"),
    "tui.agenda.section.today": ("● HÔM NAY ({n})", "● TODAY ({n})"),
    "tui.agenda.section.week": ("TUẦN NÀY ({n})", "THIS WEEK ({n})"),
    "tui.agenda.section.month": ("30 NGÀY TỚI ({n})", "NEXT 30 DAYS ({n})"),
    "tui.agenda.section.later": ("SAU ĐÓ ({n})", "LATER ({n})"),
    "tui.agenda.no_lead": ("(chưa có cơ quan chủ trì)", "(no lead agency)"),
    "tui.agenda.late_count": ("⚠ {n} quá hạn", "⚠ {n} overdue"),
    "tui.agenda.grouped_time": ("Nhóm theo thời gian.", "Grouped by date."),
    "tui.agenda.grouped_agency": ("Nhóm theo cơ quan chủ trì.", "Grouped by lead agency."),
    "tui.detail.no_number": ("(không số)", "(no number)"),
    "tui.detail.partial": ("Ghi chú", "Note"),
    "tui.detail.partial_yes": ("Văn bản chưa đầy đủ", "Incomplete text"),
    "tui.detail.source": ("Nguồn", "Source"),
    "tui.detail.links": ("Liên kết ({n}) — Enter: mở văn bản liên kết",
                         "Links ({n}) — Enter: open the linked document"),
    "tui.detail.assignments": ("Nhiệm vụ ({n}) — Enter: mở, n: thêm", "Assignments ({n}) — Enter: open, n: add"),
    "tui.detail.history": ("Lịch sử ({n}) — h: hiện/ẩn", "History ({n}) — h: show/hide"),
    "tui.detail.full_text": ("Toàn văn — t: hiện/ẩn", "Full text — t: show/hide"),
    "tui.detail.deadlines": ("Thời hạn ({n})", "Deadlines ({n})"),
    "tui.detail.notes": ("Tiến độ ({n}) — a: ghi thêm", "Progress notes ({n}) — a: add"),
    "tui.detail.no_notes": ("Chưa có ghi chú tiến độ.", "No progress notes yet."),
    "tui.detail.days_overdue": ("quá hạn {n} ngày", "{n} days overdue"),
    "tui.detail.done_on": ("Ngày hoàn thành", "Done on"),
    "tui.detail.extended": ("đến {date}", "to {date}"),
    "tui.link.unresolved": ("{text} (chưa có trong cơ sở dữ liệu)", "{text} (not registered)"),
    "tui.link.not_registered": ("Văn bản «{text}» chưa có trong cơ sở dữ liệu.",
                                "Document «{text}» is not registered yet."),
    "tui.action.create": ("tạo mới", "created"),
    "tui.action.update": ("sửa", "changed"),
    "tui.action.note": ("ghi tiến độ", "note"),
    "tui.action.link": ("thêm liên kết", "link added"),
    "tui.form.new_document": ("Thêm văn bản", "New document"),
    "tui.form.edit_document": ("Sửa văn bản mã {id}", "Edit document {id}"),
    "tui.form.new_assignment": ("Thêm nhiệm vụ", "New assignment"),
    "tui.form.edit_assignment": ("Sửa nhiệm vụ mã {id}", "Edit assignment {id}"),
    "tui.form.save": ("Lưu", "Save"),
    "tui.form.keys": ("Enter: ô tiếp · ô cuối hoặc nút Lưu: lưu · Tab: nhận gợi ý · Esc: hủy",
                      "Enter: next field · last field or Save: save · Tab: take suggestion · Esc: cancel"),
    "tui.form.choose": ("(chọn)", "(choose)"),
    "tui.form.required": ("Bắt buộc nhập.", "Required."),
    "tui.form.date_hint": ("vd. 25/8/2021, 2021-08-25, ngày 25 tháng 8 năm 2021",
                           "e.g. 25/8/2021, 2021-08-25, ngày 25 tháng 8 năm 2021"),
    "tui.form.implements": ("Thực hiện văn bản", "Implements"),
    "tui.form.replaces": ("Thay thế văn bản", "Replaces"),
    "tui.form.cites": ("Trích dẫn văn bản", "Cites"),
    "tui.form.due_dates": ("Hạn (ngày)", "Due dates"),
    "tui.form.deadline_phrases": ("Thời hạn bằng lời", "Deadlines in words"),
    "tui.form.pick_document": ("Chọn văn bản trong danh sách gợi ý (gõ số ký hiệu hoặc trích yếu).",
                               "Pick a document from the suggestions (type its number or subject)."),
    "tui.form.saved_document": ("Đã lưu văn bản mã {id}.", "Document {id} saved."),
    "tui.form.saved_assignment": ("Đã lưu nhiệm vụ mã {id}.", "Assignment {id} saved."),
    "tui.form.discard_title": ("Bỏ thay đổi?", "Discard changes?"),
    "tui.form.discard_message": ("Biểu mẫu có thay đổi chưa lưu. Bỏ các thay đổi này?",
                                 "The form has unsaved changes. Discard them?"),
    "tui.form.discard_yes": ("Bỏ (y)", "Discard (y)"),
    "tui.form.discard_no": ("Sửa tiếp (n)", "Keep editing (n)"),
    "tui.hint.number": ("vd. 09-CT/TU, 353/LĐLĐ (có thể để trống)", "e.g. 09-CT/TU, 353/LĐLĐ (optional)"),
    "tui.hint.list": ("nhiều tên cách nhau bằng dấu ;", "several names separated by ;"),
    "tui.hint.numbers": ("số ký hiệu, cách nhau bằng dấu ;", "numbers separated by ;"),
    "tui.hint.document": ("gõ số ký hiệu hoặc trích yếu rồi chọn", "type a number or subject, then pick"),
    "tui.hint.ref": ("vd. 1, 4.2, II.3", "e.g. 1, 4.2, II.3"),
    "tui.hint.dates": ("vd. 15/12/2025; 31/12/2026", "e.g. 15/12/2025; 31/12/2026"),
    "tui.hint.phrases": ("vd. định kỳ hằng quý; cuối năm 2025", "e.g. định kỳ hằng quý; cuối năm 2025"),
    "tui.conflict.title": ("Người khác vừa sửa bản ghi này", "Someone else changed this record"),
    "tui.conflict.message": ("Trong lúc bạn sửa, bản ghi đã được người khác lưu. Tải bản của họ (bỏ thay đổi của bạn) hay ghi đè bằng bản của bạn?",
                             "While you were editing, someone else saved this record. Load theirs (dropping your changes) or overwrite with yours?"),
    "tui.conflict.theirs": ("Tải bản của họ", "Load theirs"),
    "tui.conflict.mine": ("Ghi đè bằng bản của tôi", "Overwrite with mine"),
    "tui.conflict.reloaded": ("Đã tải bản mới nhất; kiểm tra rồi lưu lại nếu cần.",
                              "Loaded the latest version; review and save again if needed."),
    "tui.help.title": ("Phím tắt — Esc hoặc ? để đóng", "Keys — Esc or ? to close"),
    "tui.help.this_screen": ("Màn hình này", "This screen"),
    "tui.help.section_screen": ("{name}", "{name}"),
    "tui.help.section_lists": ("Trong danh sách", "In lists"),
    "tui.help.section_everywhere": ("Mọi nơi", "Everywhere"),
    "tui.help.keys_arrows": ("↑ ↓ j k", "↑ ↓ j k"),
    "tui.help.keys_pages": ("PgUp PgDn", "PgUp PgDn"),
    "tui.help.move": ("Lên / xuống một dòng", "Up / down a row"),
    "tui.help.pages": ("Lên / xuống một trang", "Up / down a page"),
    "tui.help.palette": ("Bảng lệnh: tìm mọi lệnh theo tên", "Command palette: every command by name"),
    "tui.palette.placeholder": ("Tìm lệnh (không cần dấu)…", "Search for commands…"),
    "tui.palette.key": ("phím {key}", "key {key}"),
    "tui.cmd.theme": ("Đổi bảng màu", "Change colours"),
    "tui.cmd.theme_help": ("Chọn bảng màu dễ đọc trên màn hình của bạn", "Pick a theme that reads well on your terminal"),
    "tui.cmd.quit": ("Thoát", "Quit"),
    "tui.cmd.quit_help": ("Đóng dondoc", "Close dondoc"),
    "tui.cmd.save_help": ("Lưu biểu mẫu", "Save the form"),
    "tui.cmd.open_document_link": ("Đến danh sách liên kết", "Go to the links"),
    "tui.cmd.open_document_link_help": ("Chọn một văn bản liên kết rồi Enter để mở", "Pick a linked document, Enter opens it"),
    "tui.too_small": ("Cửa sổ quá nhỏ.\nCần ít nhất 56 cột × 15 dòng.\nPhóng to cửa sổ hoặc nhấn q để thoát.",
                      "The terminal is too small.\nAt least 56 columns × 15 rows are needed.\nEnlarge it, or press q to quit."),
    "tui.err.unexpected": ("Lỗi ngoài dự kiến: {error}", "Unexpected error: {error}"),
    "tui.err.dumb_terminal": ("Thiết bị đầu cuối không được hỗ trợ (TERM=dumb). Hãy dùng một terminal đầy đủ (xterm, tmux...) hoặc các lệnh dòng lệnh: dondoc list, dondoc add.",
                              "This terminal is not supported (TERM=dumb). Use a full terminal (xterm, tmux...) or the commands: dondoc list, dondoc add."),
    # --- multi-user ---------------------------------------------------------------------------
    "err.db_write_failed": ("Không lưu được (không có gì bị thay đổi): {reason}",
                            "Could not save (nothing was changed): {reason}"),
    "err.role_denied": (
        "Bạn ({user}) có quyền «{role_name}»; việc này cần quyền «{need_name}». "
        "Nhờ quản trị viên ({admins}) chạy: dondoc role set {user} {need}",
        "You ({user}) are «{role_name}»; this needs «{need_name}». "
        "Ask an admin ({admins}) to run: dondoc role set {user} {need}",
    ),
    "err.role_refused": (
        "Bạn ({user}) chưa được cấp quyền dùng cơ sở dữ liệu này. "
        "Nhờ quản trị viên ({admins}) chạy: dondoc role set {user} viewer (hoặc editor)",
        "You ({user}) have no access to this database. "
        "Ask an admin ({admins}) to run: dondoc role set {user} viewer (or editor)",
    ),
    "err.role_last_admin": ("{user} là quản trị viên duy nhất; hãy cấp quyền quản trị cho người khác trước.",
                            "{user} is the only admin; make someone else admin first."),
    "err.invalid_role": ("Quyền không hợp lệ: «{value}». Dùng một trong: {choices}.",
                         "Invalid role «{value}». Use one of: {choices}."),
    "err.invalid_username": ("Tên người dùng không hợp lệ: «{value}».", "Invalid user name «{value}»."),
    "field.username": ("Tên người dùng", "User name"),
    "field.done_on": ("Ngày hoàn thành", "Date done"),
    "field.entity": ("Loại bản ghi", "Record kind"),
    "field.role": ("Quyền", "Role"),
    "role.viewer": ("chỉ xem", "viewer"),
    "role.editor": ("cập nhật", "editor"),
    "role.admin": ("quản trị", "admin"),
    "role.policy.viewer": ("chỉ xem", "viewer"),
    "role.policy.refuse": ("không được vào", "refused"),
    "access.what.file": ("tệp cơ sở dữ liệu", "the database file"),
    "access.what.dir": ("thư mục", "the directory"),
    "access.no_read": (
        "Bạn ({user}) không có quyền đọc {what} {path} (chủ {owner}, nhóm {group}, quyền {mode}). "
        "Nhờ quản trị máy chủ: chgrp <nhóm dùng chung> {path} && chmod 660 {path}",
        "You ({user}) cannot read {what} {path} (owner {owner}, group {group}, mode {mode}). "
        "Ask the server admin: chgrp <shared group> {path} && chmod 660 {path}",
    ),
    "access.no_write": (
        "Bạn ({user}) không có quyền ghi {what} {path} (chủ {owner}, nhóm {group}, quyền {mode}). "
        "dondoc cần quyền ghi cả khi chỉ xem (SQLite ở chế độ WAL ghi cả khi đọc). "
        "Nhờ quản trị máy chủ: chmod 660 {path}",
        "You ({user}) cannot write {what} {path} (owner {owner}, group {group}, mode {mode}). "
        "dondoc needs write access even to read (SQLite in WAL mode writes while reading). "
        "Ask the server admin: chmod 660 {path}",
    ),
    "access.not_in_group": (
        "Bạn ({user}) không thuộc nhóm «{group}» sở hữu {what} {path} (quyền {mode}), nên không dùng chung "
        "được. Nhờ quản trị máy chủ: sudo usermod -aG {group} {user}, rồi đăng nhập (SSH) lại.",
        "You ({user}) are not in the group «{group}» that owns {what} {path} (mode {mode}). "
        "Ask the server admin: sudo usermod -aG {group} {user}, then log in (SSH) again.",
    ),
    "access.dir_no_enter": (
        "Bạn ({user}) không vào được thư mục {path}. Nhờ quản trị máy chủ cấp quyền cho nhóm dùng chung "
        "(chgrp <nhóm> {path} && chmod 2770 {path}).",
        "You ({user}) cannot enter the directory {path}. Ask the server admin to open it to the shared "
        "group (chgrp <group> {path} && chmod 2770 {path}).",
    ),
    "access.dir_not_writable": (
        "Bạn ({user}) không có quyền ghi vào thư mục {path} (chủ {owner}, nhóm {group}, quyền {mode}). "
        "SQLite (chế độ WAL) phải tạo các tệp -wal và -shm cạnh cơ sở dữ liệu, kể cả khi chỉ đọc, "
        "nên dondoc không làm việc được. {hint}",
        "You ({user}) cannot write to the directory {path} (owner {owner}, group {group}, mode {mode}). "
        "SQLite in WAL mode must create the -wal and -shm files next to the database, even to read, "
        "so dondoc cannot work. {hint}",
    ),
    "access.dir_cannot_create": (
        "Không tạo được cơ sở dữ liệu trong thư mục {path}: bạn ({user}) không có quyền ghi "
        "(chủ {owner}, nhóm {group}, quyền {mode}). {hint}",
        "Cannot create a database in {path}: you ({user}) cannot write there "
        "(owner {owner}, group {group}, mode {mode}). {hint}",
    ),
    "access.hint.join_group": ("Nhờ quản trị máy chủ: sudo usermod -aG {group} {user}, rồi đăng nhập lại.",
                               "Ask the server admin: sudo usermod -aG {group} {user}, then log in again."),
    "access.hint.dir_mode": ("Nhờ quản trị máy chủ: chgrp {group} {path} && chmod 2770 {path}",
                             "Ask the server admin: chgrp {group} {path} && chmod 2770 {path}"),
    "access.network_fs": (
        "Thư mục {path} nằm trên ổ mạng ({fstype}). SQLite không khóa đúng trên ổ mạng: nhiều người cùng ghi "
        "có thể làm hỏng dữ liệu. Hãy đặt cơ sở dữ liệu trên ổ đĩa của máy chủ và mọi người SSH vào máy đó.",
        "{path} is on a network filesystem ({fstype}). SQLite locking is not reliable there: several "
        "writers can corrupt the data. Keep the database on the server's own disk and SSH into it.",
    ),
    "access.not_a_file": ("{path} không phải là tệp.", "{path} is not a file."),
    "access.sidecar": (
        "Tệp {path} (nhật ký WAL của {db}) do {owner} tạo, nhóm {group}, quyền {mode}: bạn ({user}) không "
        "đọc/ghi được nên không mở được cơ sở dữ liệu. Nhờ quản trị máy chủ: chgrp <nhóm> {path} && "
        "chmod 660 {path} (hoặc chạy dondoc init --shared để sửa cả thư mục).",
        "{path} (the WAL file of {db}) was made by {owner}, group {group}, mode {mode}: you ({user}) "
        "cannot read/write it, so the database cannot be opened. Ask the server admin: chgrp <group> "
        "{path} && chmod 660 {path} (or run dondoc init --shared to repair the directory).",
    ),
    "access.world_readable": (
        "Tệp {path} ai trên máy chủ cũng đọc được (quyền {mode}); hồ sơ không nên để lộ: chmod o-rwx {path}",
        "Anyone on the server can read {path} (mode {mode}); records should not leak: chmod o-rwx {path}",
    ),
    "access.world_writable": ("Tệp {path} ai trên máy chủ cũng ghi được (quyền {mode}): chmod o-rwx {path}",
                              "Anyone on the server can write {path} (mode {mode}): chmod o-rwx {path}"),
    "access.dir_world_writable": (
        "Thư mục {path} ai cũng ghi được (quyền {mode}): người ngoài nhóm có thể xóa hoặc thay tệp cơ sở "
        "dữ liệu. chmod 2770 {path}",
        "Anyone can write to {path} (mode {mode}): outsiders can delete or replace the database. "
        "chmod 2770 {path}",
    ),
    "access.dir_not_setgid": (
        "Thư mục dùng chung {path} thiếu bit setgid (quyền {mode}): tệp mới (-wal, -shm, bản sao lưu) có thể "
        "mang nhóm riêng của người tạo và người khác bị khóa ngoài. chmod g+s {path}",
        "The shared directory {path} lacks the setgid bit (mode {mode}): new files (-wal, -shm, backups) "
        "may get their creator's own group and lock others out. chmod g+s {path}",
    ),
    "access.group_mismatch": ("Tệp {path} thuộc nhóm «{group}» còn thư mục thuộc nhóm «{dir_group}»: "
                              "chgrp {dir_group} {path}",
                              "{path} belongs to group «{group}» but its directory to «{dir_group}»: "
                              "chgrp {dir_group} {path}"),
    "access.no_such_group": (
        "Không có nhóm «{group}» trên máy này. Tạo nhóm trước: sudo groupadd {group}, rồi thêm từng cán bộ: "
        "sudo usermod -aG {group} TÊN",
        "No group «{group}» on this machine. Create it: sudo groupadd {group}, then add each clerk: "
        "sudo usermod -aG {group} NAME",
    ),
    "access.init_not_member": (
        "Bạn ({user}) không thuộc nhóm «{group}» nên không giao thư mục cho nhóm đó được. Chạy bằng sudo, "
        "hoặc nhờ thêm vào nhóm: sudo usermod -aG {group} {user}",
        "You ({user}) are not in the group «{group}», so you cannot give it the directory. Use sudo, or "
        "ask to be added: sudo usermod -aG {group} {user}",
    ),
    "access.init_denied": ("Không đặt được quyền cho {path}: {reason}. Chạy bằng sudo hoặc bằng tài khoản "
                           "sở hữu thư mục.",
                           "Cannot set permissions on {path}: {reason}. Use sudo or the directory's owner."),
    "action.create": ("tạo", "create"),
    "action.update": ("sửa", "update"),
    "action.note": ("ghi chú", "note"),
    "action.link": ("liên kết", "link"),
    "action.role": ("phân quyền", "role"),
    "action.delete": ("xóa", "delete"),
    "cli.warning": ("Cảnh báo: {message}", "Warning: {message}"),
    "cli.opt.expected_version": ("chỉ lưu nếu bản ghi vẫn ở phiên bản này (không ghi đè thay đổi của người khác)",
                                 "save only if the record is still at this version (never overwrite others)"),
    "cli.note.help": ("thêm ghi chú tiến độ vào nhiệm vụ", "add a progress note to an assignment"),
    "cli.note.done": ("Đã thêm ghi chú mã {note_id} vào nhiệm vụ {id}.", "Added note {note_id} to assignment {id}."),
    "cli.set.help": ("đổi tình trạng thực hiện của nhiệm vụ", "change an assignment's work status"),
    "cli.set.status": ("tình trạng: {choices} (hoặc tiếng Việt: hoàn thành, đang thực hiện...)",
                       "status: {choices} (or Vietnamese: hoàn thành, đang thực hiện...)"),
    "cli.set.done_on": ("ngày hoàn thành (mặc định hôm nay)", "date done (default today)"),
    "cli.set.done": ("Nhiệm vụ {id}: {status}.", "Assignment {id}: {status}."),
    "cli.history.help": ("xuất lịch sử thay đổi của một bản ghi (ai, khi nào, trước/sau)",
                         "export a record's history (who, when, before/after)"),
    "cli.history.entity": ("loại bản ghi: document|assignment|agency|deadline (văn bản, nhiệm vụ...)",
                           "record kind: document|assignment|agency|deadline"),
    "cli.history.empty": ("Chưa có thay đổi nào của {entity} mã {id}.", "No changes recorded for {entity} {id}."),
    "cli.history.at": ("Thời điểm", "When"),
    "cli.history.actor": ("Người thực hiện", "Who"),
    "cli.history.action": ("Thao tác", "Action"),
    "cli.history.field": ("Trường", "Field"),
    "cli.history.before": ("Trước", "Before"),
    "cli.history.after": ("Sau", "After"),
    "cli.role.help": ("xem và phân quyền người dùng (chỉ xem / cập nhật / quản trị)",
                      "list and set user roles (viewer / editor / admin)"),
    "cli.role.set_help": ("cấp quyền cho một tài khoản", "give an account a role"),
    "cli.role.list_help": ("liệt kê quyền", "list roles"),
    "cli.role.remove_help": ("thu hồi quyền của một tài khoản", "take an account's role away"),
    "cli.role.unknown_help": ("người chưa được cấp quyền: viewer (chỉ xem) hoặc refuse (không được vào)",
                              "users without a role: viewer or refuse"),
    "cli.role.done": ("{user}: {role_name}.", "{user}: {role_name}."),
    "cli.role.removed": ("Đã thu hồi quyền của {user}.", "Removed {user}'s role."),
    "cli.role.not_found": ("{user} không có quyền riêng.", "{user} has no role of their own."),
    "cli.role.no_os_user": ("máy này không có tài khoản «{user}» (quyền vẫn được lưu).",
                            "no account «{user}» on this machine (the role is stored anyway)."),
    "cli.role.unknown_line": ("Người chưa được cấp quyền: {policy}", "Users without a role: {policy}"),
    "cli.role.policy_done": ("Người chưa được cấp quyền: {policy}.", "Users without a role: {policy}."),
    "cli.role.you": ("Bạn ({user}): {role_name}", "You ({user}): {role_name}"),
    "cli.init.shared": ("tạo cơ sở dữ liệu dùng chung trong thư mục này (cần --group)",
                        "create a shared database in this directory (needs --group)"),
    "cli.init.group": ("nhóm hệ điều hành của các cán bộ dùng chung", "the OS group of the clerks who share it"),
    "cli.init.admin": ("tài khoản được làm quản trị (lặp lại được)", "an account to make admin (repeatable)"),
    "cli.init.group_needs_shared": ("--group và --admin chỉ dùng cùng --shared THƯ_MỤC.",
                                    "--group and --admin go with --shared DIR."),
    "cli.init.shared_done": (
        "Đã tạo cơ sở dữ liệu dùng chung {path} (nhóm {group}; thư mục 2770, tệp 0660). "
        "Quản trị: {admins}. Mỗi cán bộ (thuộc nhóm {group}) đặt: export DONDOC_DB={path}",
        "Shared database {path} ready (group {group}; directory 2770, files 0660). "
        "Admins: {admins}. Each clerk (in group {group}) sets: export DONDOC_DB={path}",
    ),
    "cli.check.access_ok": ("Quyền truy cập tệp: ổn.", "File access: fine."),
    "cli.check.access": ("Quyền truy cập tệp:", "File access:"),
    # --- csv export/import ---------------------------------------------------------------------
    "csv.col.validity": ("Hiệu lực", "Validity"),
    "csv.col.progress": ("Tiến độ", "Progress"),
    "csv.col.done_on": ("Ngày hoàn thành", "Done on"),
    "csv.col.received": ("Ngày nhận", "Received"),
    "csv.col.when": ("Thời điểm", "When"),
    "csv.col.actor": ("Người thực hiện", "By"),
    "csv.col.action": ("Thao tác", "Action"),
    "csv.col.record": ("Hồ sơ", "Record"),
    "csv.col.changes": ("Nội dung thay đổi (trước → sau)", "Changes (before → after)"),
    "csv.col.total": ("Tổng số nhiệm vụ", "Total"),
    "csv.col.pending": ("Chưa đến hạn / tạm dừng", "Not yet due / paused"),
    "csv.col.on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "csv.col.all_agencies": ("Tổng cộng (mỗi nhiệm vụ tính một lần)", "All agencies (each assignment once)"),
    "csv.when.overdue": ("Quá hạn {n} ngày", "{n} days overdue"),
    "csv.when.today": ("Hạn hôm nay", "Due today"),
    "csv.when.left": ("Còn {n} ngày", "{n} days left"),
    "csv.value.empty": ("(trống)", "(empty)"),
    "csv.value.yes": ("có", "yes"),
    "csv.value.no": ("không", "no"),
    "csv.action.create": ("Tạo mới", "Created"),
    "csv.action.update": ("Sửa", "Changed"),
    "csv.action.delete": ("Xóa", "Deleted"),
    "csv.action.note": ("Ghi chú tiến độ", "Progress note"),
    "csv.action.link": ("Liên kết văn bản", "Linked"),
    "csv.err.empty": ("Tệp rỗng: không có dòng nào.", "The file is empty."),
    "csv.err.unreadable": ("Không đọc được tệp {path}: {reason}", "Cannot read {path}: {reason}"),
    "csv.err.binary": (
        "Tệp không phải CSV (có vẻ là tệp nhị phân). Hãy mở bằng Excel và Lưu thành «CSV UTF-8».",
        "This is not a CSV file (it looks binary). Open it in Excel and save as «CSV UTF-8».",
    ),
    "csv.err.spreadsheet": (
        "Đây là tệp Excel (.xlsx/.xls), không phải CSV. Mở bằng Excel, chọn Lưu thành → "
        "«CSV UTF-8 (phân cách bằng dấu phẩy)» rồi nhập tệp .csv đó.",
        "This is an Excel workbook (.xlsx/.xls), not CSV. Open it in Excel, Save As → "
        "«CSV UTF-8 (Comma delimited)», and import that .csv file.",
    ),
    "csv.err.encoding_unknown": ("Không biết bảng mã «{encoding}».", "Unknown encoding «{encoding}»."),
    "csv.err.encoding_wrong": (
        "Tệp không đọc được bằng bảng mã {encoding} (lỗi ở byte {offset}).",
        "The file is not valid {encoding} (error at byte {offset}).",
    ),
    "csv.err.encoding_guess": (
        "Không nhận ra bảng mã của tệp. Hãy lưu thành «CSV UTF-8» hoặc chỉ rõ --encoding.",
        "Cannot tell the file's encoding. Save it as «CSV UTF-8» or give --encoding.",
    ),
    "csv.err.no_header": (
        "Không tìm thấy dòng tên cột quen thuộc (Số ký hiệu, Trích yếu, Cơ quan ban hành, Nhiệm vụ...). "
        "Tệp phải phân cách bằng dấu phẩy, chấm phẩy hoặc tab; dùng --map \"Tên cột=trường\" cho cột có tên khác.",
        "No row of known column headings (Number, Subject, Issuer, Assignment...). The file must be "
        "separated by commas, semicolons or tabs; use --map \"Heading=field\" for other headings.",
    ),
    "csv.err.malformed": ("Tệp CSV bị hỏng: {reason}", "Malformed CSV: {reason}"),
    "csv.err.missing_columns": (
        "Thiếu cột bắt buộc: {columns}. Các cột đã nhận ra: {found}. "
        "Dùng --map \"Tên cột=trường\" nếu cột có tên khác.",
        "Missing required column(s): {columns}. Columns recognised: {found}. "
        "Use --map \"Heading=field\" if a column has another heading.",
    ),
    "csv.err.duplicate_column": (
        "Hai cột cùng là «{field}»: «{first}» và «{second}». Bỏ một cột bằng --map \"{second}=-\".",
        "Two columns are «{field}»: «{first}» and «{second}». Drop one with --map \"{second}=-\".",
    ),
    "csv.err.map_syntax": ("Sai cú pháp --map «{value}»: dùng \"Tên cột=trường\".",
                           "Bad --map «{value}»: use \"Heading=field\"."),
    "csv.err.map_field": ("--map: không có trường «{value}». Dùng một trong: {choices} (hoặc - để bỏ qua).",
                          "--map: no field «{value}». Use one of: {choices} (or - to ignore)."),
    "csv.err.map_heading": ("--map: tệp không có cột «{value}».", "--map: the file has no column «{value}»."),
    "csv.err.no_rows": ("Tệp chỉ có dòng tên cột, không có dữ liệu.", "The file has headings but no rows."),
    "imp.row": ("Dòng {line}: {text}", "Row {line}: {text}"),
    "imp.action.create": ("tạo", "create"),
    "imp.action.skip": ("bỏ qua", "skip"),
    "imp.action.error": ("lỗi ở", "error in"),
    "imp.skip.exists": ("đã có trong cơ sở dữ liệu (mã {id}), không ghi đè",
                        "already in the database (id {id}), not overwritten"),
    "imp.err.duplicate_row": ("trùng với dòng {other}.", "duplicates row {other}."),
    "imp.err.conflict": (
        "{label} «{value}» khác với dòng {other} của cùng văn bản («{other_value}»).",
        "{label} «{value}» differs from row {other} of the same document («{other_value}»).",
    ),
    "imp.err.no_document": (
        "nhiệm vụ không thuộc văn bản nào: điền Số ký hiệu, Cơ quan ban hành... hoặc đặt dưới dòng văn bản.",
        "the assignment has no document: fill in Number, Issuer... or put it under its document's row.",
    ),
    "imp.err.doc_failed": ("bỏ qua vì văn bản ở dòng {other} có lỗi.", "skipped: the document on row {other} has errors."),
    "imp.err.unknown_value": ("{label} không hiểu được: «{value}». Dùng một trong: {choices}.",
                              "{label} not understood: «{value}». Use one of: {choices}."),
    "imp.err.ambiguous_agency": ("tên cơ quan «{name}» khớp nhiều cơ quan: {names}. Ghi tên đầy đủ.",
                                 "agency «{name}» matches several agencies: {names}. Use the full name."),
    "imp.file": (
        "Tệp {path}: bảng mã {encoding}, phân cách «{delimiter}», dòng tên cột {header}, {rows} dòng dữ liệu.",
        "File {path}: encoding {encoding}, delimiter «{delimiter}», headings on row {header}, {rows} data rows.",
    ),
    "imp.columns": ("Cột nhận ra: {columns}", "Columns: {columns}"),
    "imp.columns_ignored": ("Cột bỏ qua: {columns}", "Ignored columns: {columns}"),
    "imp.summary.dry": (
        "CHẠY THỬ, chưa ghi gì: sẽ tạo {documents} văn bản, {assignments} nhiệm vụ, {agencies} cơ quan; "
        "bỏ qua {skipped}. Thêm --apply để ghi.",
        "DRY RUN, nothing written: would create {documents} documents, {assignments} assignments, "
        "{agencies} agencies; skip {skipped}. Add --apply to write.",
    ),
    "imp.summary.applied": (
        "Đã nhập: tạo {documents} văn bản, {assignments} nhiệm vụ, {agencies} cơ quan; bỏ qua {skipped}.",
        "Imported: created {documents} documents, {assignments} assignments, {agencies} agencies; skipped {skipped}.",
    ),
    "imp.summary.refused": (
        "{errors} dòng có lỗi: KHÔNG ghi gì vào cơ sở dữ liệu. Sửa tệp rồi nhập lại.",
        "{errors} row(s) with errors: NOTHING was written. Fix the file and import again.",
    ),
    "cli.export.help": ("xuất CSV cho Excel (văn bản, nhiệm vụ, thời hạn, bộ tài liệu giao ban)",
                        "export CSV for Excel (documents, assignments, deadlines, a meeting pack)"),
    "cli.export.out": ("tệp CSV (thư mục với «meeting»)", "CSV file (a directory for «meeting»)"),
    "cli.export.plain": ("UTF-8 không BOM (cho chương trình khác, không phải Excel)",
                         "UTF-8 without BOM (for other programs, not Excel)"),
    "cli.export.since": ("ngày giao ban trước (văn bản đến và thay đổi từ ngày này)",
                         "the last meeting's date (documents received and changes since)"),
    "cli.export.as_of": ("ngày giao ban này (mặc định: hôm nay)", "this meeting's date (default: today)"),
    "cli.export.score_since": ("tính kết quả theo cơ quan từ ngày này (mặc định: toàn bộ)",
                               "count the agency scoreboard from this date (default: all)"),
    "cli.export.needs_since": ("«export meeting» cần --since NGÀY.", "«export meeting» needs --since DATE."),
    "cli.export.done": ("Đã ghi {n} dòng vào {path}.", "Wrote {n} rows to {path}."),
    "cli.export.meeting_done": ("Đã ghi bộ tài liệu giao ban vào {path}:", "Wrote the meeting pack to {path}:"),
    "cli.export.file_line": ("  {name}: {n} dòng", "  {name}: {n} rows"),
    "cli.import.help": ("nhập văn bản, nhiệm vụ từ bảng tính lưu dạng CSV (mặc định chạy thử)",
                        "import documents and assignments from a spreadsheet saved as CSV (dry run by default)"),
    "cli.import.apply": ("ghi thật (tất cả các dòng hoặc không dòng nào)", "really write (all rows or none)"),
    "cli.import.map": ("cột có tên khác: \"Tên cột=trường\" (lặp lại được; trường «-» để bỏ qua)",
                       "a column with another heading: \"Heading=field\" (repeatable; field «-» ignores it)"),
    "cli.import.encoding": ("bảng mã của tệp (mặc định: tự nhận UTF-8, Windows-1258, Windows-1252)",
                            "the file's encoding (default: detect UTF-8, Windows-1258, Windows-1252)"),
}
