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
}
