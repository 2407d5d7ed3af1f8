"""A realistic synthetic database at national scale, built fast (`dondoc gen`, the benchmark).

What it holds: agencies of every province (party committees, people's committees, justice
departments, civil-judgment-enforcement offices, courts, procuracies...) and the centre;
documents in party style (`09-CT/TU`, `2687-CV/TU`) and state style (`05/CT-UBND`,
`1234/STP-VP`) with Vietnamese subjects, signers, recipients and incoming numbers; links
(implements, cites, replaces, copy of); assignments with lead and supporting agencies;
one-off deadlines ("trước ngày 15/12/2025", "cuối năm 2025") and reporting cadences ("Định
kỳ hằng quý", "Sáu tháng 01 lần") with the occurrences already reported; progress notes;
a realistic spread of statuses and dates around `today`; and the audit rows of all of it.

How it is fast: rows are plain tuples written with `executemany` in big batches, inside ONE
write transaction on the store's own engine (so the file has exactly the schema, pragmas and
migrations of `store.db.Database`). Text is composed from pools of phrases whose folded
forms (`store.text.fold`) are computed once, so `search_text` costs a join, not a fold.
The full-text index is filled either by the insert triggers or (default, faster: see
`FTS_MODES`) by dropping those triggers for the load and rebuilding each FTS table once.

Deterministic: the same seed, sizes and `today` give the same rows.

Derived columns follow the store's own rules: `next_due` is the earliest deadline in force
(a one-off date, or the first not-acted-on occurrence of a cadence from the day tracking
started, via `store.deadlines.occurrences`), `due_key` its non-null sort key.
"""

from __future__ import annotations

import bisect
import functools
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from store.assignments import lead_columns
from store.db import Database
from store.errors import ValidationError
from store.search import SEARCHABLE
from store.text import fold, number_key
from store.vocab import DOC_TYPES

GEN_TODAY = date(2026, 11, 23)
"""The default `today` the data is spread around (fixed, so a seed always gives one file)."""

FAR_FUTURE = date(9999, 12, 31)
BATCH_DOCUMENTS = 5000
"""Documents (with their assignments and everything below them) written per batch."""
FTS_MODES = ("rebuild", "triggers")
"""`rebuild`: drop the FTS insert triggers, load, rebuild each FTS table once, put the triggers
back (measured at 100k/500k: 54 s against 88 s with the triggers); `triggers`: let the
triggers index every row as it is inserted."""

Progress = Callable[[str, int], None]

# --- pools ------------------------------------------------------------------------------------

PROVINCES = (
    "Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh", "Lai Châu",
    "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang", "Long An",
    "Bình Thuận", "Hải Dương", "Bình Dương", "Bà Rịa - Vũng Tàu", "Kiên Giang", "Bến Tre",
    "Trà Vinh", "Sóc Trăng", "Bạc Liêu", "Hậu Giang", "Tiền Giang", "Bình Phước", "Đắk Nông",
    "Kon Tum", "Phú Yên", "Bình Định", "Quảng Nam", "Quảng Bình", "Hà Nam", "Nam Định",
    "Thái Bình", "Vĩnh Phúc", "Bắc Giang", "Bắc Kạn", "Hà Giang", "Yên Bái", "Hòa Bình",
    "Ninh Thuận",
)

# (name pattern, short name pattern or None); {p} is the province.
PROVINCE_AGENCIES = (
    ("Ban Thường vụ Tỉnh ủy {p}", "BTV Tỉnh ủy {p}"),
    ("Tỉnh ủy {p}", "TU {p}"),
    ("Ban Nội chính Tỉnh ủy {p}", "BNC Tỉnh ủy {p}"),
    ("Ban Tuyên giáo Tỉnh ủy {p}", None),
    ("Ban Dân vận Tỉnh ủy {p}", None),
    ("Ủy ban nhân dân tỉnh {p}", "UBND tỉnh {p}"),
    ("Sở Tư pháp tỉnh {p}", "STP {p}"),
    ("Cục Thi hành án dân sự tỉnh {p}", "Cục THADS tỉnh {p}"),
    ("Tòa án nhân dân tỉnh {p}", "TAND tỉnh {p}"),
    ("Viện Kiểm sát nhân dân tỉnh {p}", "VKSND tỉnh {p}"),
    ("Công an tỉnh {p}", "CA tỉnh {p}"),
    ("Mặt trận Tổ quốc Việt Nam tỉnh {p}", "MTTQ tỉnh {p}"),
    ("Sở Tài nguyên và Môi trường tỉnh {p}", "Sở TN&MT {p}"),
    ("Liên đoàn Lao động tỉnh {p}", "LĐLĐ tỉnh {p}"),
)
CENTRAL_AGENCIES = (
    ("Bộ Chính trị", None), ("Ban Bí thư Trung ương Đảng", None), ("Thủ tướng Chính phủ", "TTg"),
    ("Bộ Tư pháp", "BTP"), ("Bộ Công an", "BCA"), ("Bộ Tài chính", "BTC"),
    ("Tòa án nhân dân tối cao", "TANDTC"), ("Viện Kiểm sát nhân dân tối cao", "VKSNDTC"),
    ("Tổng cục Thi hành án dân sự", "TCTHADS"), ("Ban Nội chính Trung ương", "BNCTW"),
)

# Issuers: (agency pattern index or central name, style, organ code, document types).
# Party style "NN-CT/TU", state style "NN/CT-UBND"; letters of a department "NN/STP-VP".
PROVINCE_ISSUERS = (
    (0, "party", "TU", ("CT", "KL", "NQ", "CV", "TB")),
    (1, "party", "TU", ("CV", "KH", "TB")),
    (2, "party", "BNCTU", ("CV", "KH", "BC", "HD")),
    (5, "state", "UBND", ("CT", "KH", "QĐ", "CV")),
    (6, "dept", "STP", ("CV", "KH", "BC")),
    (7, "dept", "CTHADS", ("CV", "KH", "BC", "QĐ")),
)
CENTRAL_ISSUERS = (
    ("Bộ Chính trị", "party", "TW", ("KL", "NQ", "CT")),
    ("Ban Bí thư Trung ương Đảng", "party", "TW", ("CT", "KL", "QĐ")),
    ("Thủ tướng Chính phủ", "state", "TTg", ("CT", "QĐ")),
    ("Bộ Tư pháp", "state", "BTP", ("CT", "TT", "CV", "KH")),
    ("Tổng cục Thi hành án dân sự", "dept", "TCTHADS", ("CV", "HD", "KH")),
)

SUBJECT_HEADS = ("về", "V/v", "Về việc", "về việc")
SUBJECT_ACTIONS = (
    "tăng cường sự lãnh đạo của cấp ủy đảng đối với", "triển khai thực hiện",
    "quán triệt và triển khai thực hiện", "đẩy mạnh", "nâng cao chất lượng, hiệu quả",
    "sơ kết 5 năm thực hiện", "tổng kết", "kiểm tra, giám sát", "tổ chức thực hiện",
    "chấn chỉnh, nâng cao trách nhiệm trong", "tháo gỡ khó khăn, vướng mắc trong",
    "đôn đốc thực hiện", "phối hợp liên ngành trong",
)
SUBJECT_TOPICS = (
    "công tác thi hành án dân sự, thi hành án hành chính",
    "công tác thi hành án dân sự",
    "công tác thu hồi tài sản bị thất thoát, chiếm đoạt trong các vụ án hình sự về tham nhũng, kinh tế",
    "công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    "Chiến lược cải cách tư pháp",
    "công tác phòng, chống tham nhũng, tiêu cực",
    "công tác kiểm sát thi hành án dân sự",
    "công tác phổ biến, giáo dục pháp luật",
    "công tác bồi thường của Nhà nước",
    "công tác quản lý, xử lý vật chứng",
    "việc giải quyết các vụ việc phức tạp, kéo dài",
    "công tác hòa giải ở cơ sở",
    "công tác xây dựng và thi hành pháp luật",
    "chỉ tiêu thi hành xong về việc và về tiền",
)
SUBJECT_TAILS = (
    "ở địa phương", "trên địa bàn tỉnh", "trong tình hình mới", "giai đoạn 2021 - 2025",
    "năm {y}", "6 tháng đầu năm {y}", "", "", "",
)

TASK_VERBS = (
    "Tổ chức phổ biến, triển khai đầy đủ", "Tăng cường công tác giám sát", "Chỉ đạo thực hiện nghiêm",
    "Xây dựng kế hoạch thực hiện", "Kiểm tra, đôn đốc việc thực hiện", "Tham mưu Ban Thường vụ về",
    "Phối hợp chặt chẽ trong", "Rà soát, phân loại", "Tập trung giải quyết dứt điểm",
    "Báo cáo kết quả thực hiện", "Đẩy mạnh ứng dụng công nghệ thông tin trong",
    "Củng cố, kiện toàn tổ chức bộ máy", "Tuyên truyền, vận động nhân dân chấp hành",
    "Xác minh, truy tìm, ngăn chặn việc tẩu tán tài sản trong",
)
TASK_OBJECTS = (
    "công tác thi hành án dân sự", "thi hành án hành chính", "các vụ việc có điều kiện thi hành",
    "các vụ việc tồn đọng, phức tạp, kéo dài", "quy chế phối hợp liên ngành",
    "công tác thu hồi tài sản trong các vụ án tham nhũng, kinh tế", "đơn thư khiếu nại, tố cáo",
    "các bản án, quyết định tuyên không rõ ràng, khó thi hành", "việc chuyển giao bản án, quyết định",
    "công tác kiểm sát việc xác minh điều kiện thi hành án", "công tác cưỡng chế thi hành án",
    "kho vật chứng", "việc bán đấu giá tài sản", "hoạt động của Ban Chỉ đạo thi hành án dân sự",
)
TASK_DETAILS = (
    "nhằm kịp thời phát hiện, kiến nghị chấn chỉnh, xử lý các sai phạm.",
    "bảo đảm các bản án, quyết định của Tòa án có hiệu lực pháp luật được thi hành nghiêm chỉnh.",
    "phấn đấu đạt trên 81,5% về việc và trên 40,1% về tiền.",
    "góp phần nâng cao nhận thức, trách nhiệm của cán bộ, đảng viên và nhân dân.",
    "định kỳ báo cáo kết quả về Ban Thường vụ Tỉnh ủy.",
    "không để xảy ra điểm nóng, gây bức xúc trong Nhân dân.",
    "kịp thời tháo gỡ những khó khăn, vướng mắc.",
    "bảo đảm cưỡng chế thi hành án an toàn, hiệu quả.",
)
NOTE_TEXTS = (
    "Đã có văn bản đôn đốc lần {n}.", "Cơ quan chủ trì đã báo cáo kết quả {p}.",
    "Đang tổng hợp số liệu, dự kiến gửi báo cáo trong tuần.", "Đã làm việc trực tiếp với đơn vị.",
    "Xin gia hạn do chưa đủ số liệu.", "Đã giao ban, thống nhất phương án xử lý.",
    "Đạt {x}% về việc, {z}% về tiền.", "Chưa nhận được báo cáo, cần nhắc lại.",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLES = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Đức", "Quốc", "Ngọc", "Hùng", "Thị Bích", "Công", "Xuân")
GIVEN = ("Thái", "Châu", "Hải", "Lan", "Dũng", "Hương", "Sơn", "Tuấn", "Thủy", "Long", "Hà", "Phúc", "Trung", "Anh", "Đông")
SIGNER_TITLES = (
    "TM. BAN THƯỜNG VỤ / PHÓ BÍ THƯ", "TM. BAN THƯỜNG VỤ / BÍ THƯ", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "GIÁM ĐỐC", "CỤC TRƯỞNG", "KT. BỘ TRƯỞNG / THỨ TRƯỞNG",
)
CLERKS = ("vanthu", "ntlan", "tvhai", "lmchau", "pqdung")

# Deadlines: (weight, kind, cadences, phrase). One-off phrases get their date written in.
RECURRING = (
    (("quarterly",), "Định kỳ hằng quý"),
    (("semiannual",), "Sáu tháng 01 lần"),
    (("semiannual", "annual"), "định kỳ 6 tháng, hằng năm"),
    (("annual",), "báo cáo hằng năm"),
    (("quarterly", "semiannual", "annual"), "định kỳ quý, 6 tháng, năm và đột xuất"),
)


_fold = functools.lru_cache(maxsize=4096)(fold)
"""`fold` for strings drawn from small pools (names, places, tails): computed once each."""


def _number_fold(number: str) -> str:
    """fold/number_key of a generated number ("02-QĐ/TU"): ASCII but for Đ, no spaces."""
    return number.lower().replace("đ", "d")


def _unique_fold(items: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(s, fold(s)) for s in items]


@dataclass(frozen=True)
class GenStats:
    """What `generate` wrote and how long it took (seconds)."""

    documents: int
    assignments: int
    agencies: int
    links: int
    deadlines: int
    occurrences: int
    notes: int
    audit_events: int
    seconds: float
    fts: str
    phases: dict[str, float]
    """Seconds spent inserting, building indexes, rebuilding FTS, committing (the rest is Python)."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Rows:
    """Rows of one batch, per table, as tuples in column order."""

    def __init__(self) -> None:
        self.document: list[tuple[Any, ...]] = []
        self.link: list[tuple[Any, ...]] = []
        self.assignment: list[tuple[Any, ...]] = []
        self.agency_link: list[tuple[Any, ...]] = []
        self.deadline: list[tuple[Any, ...]] = []
        self.occurrence: list[tuple[Any, ...]] = []
        self.note: list[tuple[Any, ...]] = []
        self.audit: list[tuple[Any, ...]] = []


_LOADED = ("agency", "document", "documentlink", "assignment", "assignment_agency", "deadline",
           "occurrence", "note", "audit_event")

_SQL = {
    "agency": "INSERT INTO agency (id, name, short_name, aliases, parent_id, search_text, version) "
              "VALUES (?, ?, ?, ?, NULL, ?, 1)",
    "document": "INSERT INTO document (id, doc_type, number, number_key, issuer, issuer_key, place, "
                "issued, year, sort_date, subject, signer, signer_title, recipients, incoming_number, "
                "incoming_date, status, partial, full_text, source, search_text, created_at, updated_at, "
                "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, 'gen', ?, ?, ?, 1)",
    "link": "INSERT INTO documentlink (source_id, relation, target_id, reference, ref_type, ref_number, "
            "ref_number_key, ref_date, ref_issuer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "assignment": "INSERT INTO assignment (id, document_id, position, ref, title, body, work_status, "
                  "done_on, follower, next_due, due_key, search_text, created_at, updated_at, version, "
                  "lead_agency_id, co_lead_agency_id, lead_count) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "agency_link": "INSERT INTO assignment_agency (assignment_id, agency_id, role, position) "
                   "VALUES (?, ?, ?, ?)",
    "deadline": "INSERT INTO deadline (id, assignment_id, phrase, kind, due, spec, version) "
                "VALUES (?, ?, ?, ?, ?, ?, 1)",
    "occurrence": "INSERT INTO occurrence (deadline_id, period, due, status, acted_on, note, version) "
                  "VALUES (?, ?, ?, 'reported', ?, NULL, 1)",
    "note": "INSERT INTO note (assignment_id, author, created_at, text) VALUES (?, ?, ?, ?)",
    "audit": "INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after) "
             "VALUES (?, ?, ?, ?, ?, NULL, ?)",
}


def _ts(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores DateTime on SQLite."""
    return moment.isoformat(" ", "microseconds")


_q = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]
"""A JSON string literal, as json.dumps writes it (the C encoder, no dict walk)."""


def _qn(value: str | None) -> str:
    return "null" if value is None else _q(value)


class _FastRandom(random.Random):
    """`random.Random` with cheaper choice/randint/randrange (one `random()` call each).

    Still deterministic for a seed; the standard ones are exact but several times slower,
    and the generator calls them millions of times.
    """

    def choice(self, seq: Any) -> Any:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, n: int) -> int:  # type: ignore[override]
        return int(self.random() * n)


class _Generator:
    def __init__(self, rng: _FastRandom, today: date) -> None:
        from store import deadlines as dl
        from store.calendar import WorkCalendar

        self.rng = rng
        self.today = today
        self.cal = WorkCalendar([], [])
        self.dl = dl
        self.actions = _unique_fold(SUBJECT_ACTIONS)
        self.topics = _unique_fold(SUBJECT_TOPICS)
        self.verbs = _unique_fold(TASK_VERBS)
        self.objects = _unique_fold(TASK_OBJECTS)
        self.details = _unique_fold(TASK_DETAILS)
        self.heads = _unique_fold(SUBJECT_HEADS)
        self.type_fold = {code: fold(names[0]) for code, names in DOC_TYPES.items()}
        self.working: dict[date, date] = {}
        # Occurrences of each cadence set over the whole span, by due date (bisect by start).
        self.occ: dict[tuple[str, ...], tuple[list[date], list[tuple[date, str, str]]]] = {}
        policy = dl.ReportPolicy()
        lo, hi = date(today.year - 12, 1, 1), date(today.year + 6, 12, 31)
        for cadences, phrase in RECURRING:
            spec = dl.DeadlineSpec(kind="recurring", phrase=phrase, cadences=cadences)
            occs = dl.occurrences(spec, lo, hi, policy, self.cal)
            self.occ[cadences] = ([o.due for o in occs], [(o.due, o.due.isoformat(), o.period_key) for o in occs])
        self.recurring_spec = {
            cadences: json.dumps({"kind": "recurring", "phrase": phrase, "cadences": list(cadences)})
            for cadences, phrase in RECURRING
        }
        self._build_agencies()

    # --- agencies and issuers -----------------------------------------------------------------

    def _build_agencies(self) -> None:
        self.agencies: list[tuple[str, str | None]] = list(CENTRAL_AGENCIES)
        self.province_agency: dict[tuple[int, int], int] = {}  # (province, pattern) -> agency id
        for p_i, province in enumerate(PROVINCES):
            for a_i, (name, short) in enumerate(PROVINCE_AGENCIES):
                self.agencies.append((name.format(p=province), short.format(p=province) if short else None))
                self.province_agency[(p_i, a_i)] = len(self.agencies)
        self.agency_fold = [fold(n) for n, _ in self.agencies]
        central_ids = {name: i + 1 for i, (name, _) in enumerate(CENTRAL_AGENCIES)}
        # issuers: (agency id, name, folded name, style, organ code, types, province index)
        self.issuers: list[tuple[int, str, str, str, str, tuple[str, ...], int | None]] = []
        for name, style, organ, types in CENTRAL_ISSUERS:
            aid = central_ids[name]
            self.issuers.append((aid, name, fold(name), style, organ, types, None))
        for p_i in range(len(PROVINCES)):
            for pattern, style, organ, types in PROVINCE_ISSUERS:
                aid = self.province_agency[(p_i, pattern)]
                name = self.agencies[aid - 1][0]
                self.issuers.append((aid, name, fold(name), style, organ, types, p_i))
        self.number_counter: dict[tuple[int, int], int] = {}
        self.incoming_counter: dict[int, int] = {}

    def agency_rows(self) -> list[tuple[Any, ...]]:
        rows = []
        for i, (name, short) in enumerate(self.agencies, start=1):
            aliases = [short] if short and self.rng.random() < 0.3 else []
            search = " ".join(x for x in (fold(name), fold(short or ""), *(fold(a) for a in aliases)) if x)
            rows.append((i, name, short, json.dumps(aliases), search))
        return rows

    # --- helpers --------------------------------------------------------------------------------

    def working_day(self, d: date) -> date:
        hit = self.working.get(d)
        if hit is None:
            hit = self.working[d] = self.cal.next_working_day(d)
        return hit

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLES)} {r.choice(GIVEN)}"

    def issued_date(self) -> date:
        """Over the last seven years, more of them recent (offices register as they go)."""
        days = int(self.rng.betavariate(1.2, 2.6) * 7 * 365) - 20
        return self.today - timedelta(days=days)

    def number(self, issuer_i: int, style: str, organ: str, code: str, year: int) -> str:
        key = (issuer_i, year)
        n = self.number_counter.get(key, 0) + self.rng.randint(1, 4)
        self.number_counter[key] = n
        if style == "party":
            return f"{n:02d}-{code}/{organ}"
        if style == "state":
            return f"{n:02d}/{code}-{organ}"
        return f"{n}/{organ}-VP" if code == "CV" else f"{n}/{code}-{organ}"

    # --- one document with all below it ------------------------------------------------------

    def document(self, doc_id: int, n_assign: int, first_assignment: int, deadline_id: list[int],
                 rows: _Rows, recent: list[tuple[int, str, date, str]]) -> None:
        r = self.rng
        issuer_i = r.randrange(len(self.issuers)) if r.random() < 0.9 else r.randrange(len(CENTRAL_ISSUERS))
        _aid, issuer, issuer_fold, style, organ, types, p_i = self.issuers[issuer_i]
        code = r.choice(types)
        issued = self.issued_date()
        year = issued.year
        number = None if r.random() < 0.03 else self.number(issuer_i, style, organ, code, year)
        place = PROVINCES[p_i] if p_i is not None else "Hà Nội"
        tail = r.choice(SUBJECT_TAILS).format(y=year)
        head, head_f = r.choice(self.heads)
        act, act_f = r.choice(self.actions)
        topic, topic_f = r.choice(self.topics)
        parts = [(head, head_f), (act, act_f), (topic, topic_f)]
        if tail:
            parts.append((tail, _fold(tail)))
        subject = " ".join(p for p, _ in parts)
        signer = self.person()
        signer_title = r.choice(SIGNER_TITLES)
        recipients = [self.agencies[r.randrange(len(self.agencies))][0] for _ in range(r.randint(1, 4))]
        received = r.random() < 0.6
        incoming_date = issued + timedelta(days=r.randint(1, 10)) if received else None
        incoming_number = None
        if received:
            n = self.incoming_counter.get(year, 0) + 1
            self.incoming_counter[year] = n
            incoming_number = str(n)
        created = datetime.combine(incoming_date or issued, datetime.min.time()) + timedelta(
            hours=7 + r.random() * 10)
        status = "superseded" if r.random() < 0.02 else "active"
        number_f = _number_fold(number) if number else ""
        search = " ".join(x for x in (
            fold(code), self.type_fold[code], number_f, issuer_fold, " ".join(f for _, f in parts),
            _fold(place), _fold(signer), str(year)) if x)
        created_s = _ts(created)
        rows.document.append((
            doc_id, code, number, number_f or None, issuer, issuer_fold, place, issued.isoformat(),
            year, issued.isoformat(), subject, signer, signer_title,
            json.dumps(recipients), incoming_number, incoming_date.isoformat() if incoming_date else None,
            status, search, created_s, created_s,
        ))
        rows.audit.append((created_s, r.choice(CLERKS), "create", "document", doc_id, json.dumps({
            "id": doc_id, "doc_type": code, "number": number, "issuer": issuer, "place": place,
            "issued": issued.isoformat(), "year": year, "subject": subject, "signer": signer,
            "status": status, "version": 1,
        })))
        # links: a plan or letter implements an earlier directive; citations; replacements
        if recent and r.random() < 0.35:
            target_id = r.choice(recent)[0]
            relation = "implements" if r.random() < 0.85 else ("replaces" if r.random() < 0.5 else "copy_of")
            rows.link.append((doc_id, relation, target_id, None, None, None, None, None, None))
        if r.random() < 0.25:
            ref_year = year - r.randint(1, 10)
            ref_code = r.choice(("CT", "NQ", "KL", "QĐ"))
            ref_number = f"{r.randint(1, 99):02d}-{ref_code}/TW"
            ref_date = date(ref_year, r.randint(1, 12), r.randint(1, 28))
            rows.link.append((
                doc_id, "cites", None,
                f"{DOC_TYPES[ref_code][0]} số {ref_number}, ngày {ref_date:%d/%m/%Y} của Ban Bí thư Trung ương Đảng",
                ref_code, ref_number, number_key(ref_number), ref_date.isoformat(),
                "Ban Bí thư Trung ương Đảng",
            ))
        if number and code in ("CT", "NQ", "KL", "KH", "QĐ"):
            recent.append((doc_id, number, issued, issuer))
            if len(recent) > 400:
                del recent[: len(recent) - 400]
        for pos in range(n_assign):
            self.assignment(first_assignment + pos, doc_id, pos, issued, created, number_f,
                            p_i, deadline_id, rows)

    def assignment(self, a_id: int, doc_id: int, pos: int, issued: date, created: datetime,
                   number_f: str, p_i: int | None, deadline_id: list[int], rows: _Rows) -> None:
        r = self.rng
        ref = f"{pos + 1}" if r.random() < 0.85 else f"{pos // 3 + 1}.{pos % 3 + 1}"
        verb, verb_f = r.choice(self.verbs)
        obj, obj_f = r.choice(self.objects)
        title = f"{verb} {obj}"
        detail, detail_f = r.choice(self.details)
        body = f"{title}, {detail}" if r.random() < 0.8 else title
        body_f = f"{verb_f} {obj_f}, {detail_f}" if body != title else f"{verb_f} {obj_f}"
        # lead (sometimes two) and supporting agencies, mostly of the document's province
        def pick() -> int:
            if p_i is not None and r.random() < 0.85:
                return self.province_agency[(p_i, r.randrange(len(PROVINCE_AGENCIES)))]
            return r.randrange(len(self.agencies)) + 1

        leads = [pick()]
        if r.random() < 0.12:
            leads.append(pick())
        supports = [pick() for _ in range(r.choice((0, 0, 1, 1, 2, 3)))]
        names_f: list[str] = []
        for role, ids in (("lead", leads), ("support", supports)):
            done: set[int] = set()
            for i, agency_id in enumerate(ids):
                if agency_id in done:
                    continue
                done.add(agency_id)
                rows.agency_link.append((a_id, agency_id, role, i))
                names_f.append(self.agency_fold[agency_id - 1])
        if len(leads) > 1 and leads[1] == leads[0]:
            del leads[1]
        tracking = created.date()
        # deadlines
        dues: list[date] = []
        kind_roll = r.random()
        n_dl = 0 if kind_roll < 0.12 else (2 if kind_roll > 0.9 else 1)
        recurring_done = False
        for _ in range(n_dl):
            deadline_id[0] += 1
            d_id = deadline_id[0]
            roll = r.random()
            if roll < 0.5:  # a date written in the text
                due = issued + timedelta(days=r.randint(10, 240))
                phrase = f"trước ngày {due.day}/{due.month}/{due.year}"
                iso = due.isoformat()
                spec = f'{{"kind": "date", "phrase": {_q(phrase)}, "due": "{iso}"}}'
                rows.deadline.append((d_id, a_id, phrase, "date", iso, spec))
                dues.append(due)
            elif roll < 0.62:  # end of a period
                year = issued.year if issued.month < 10 else issued.year + 1
                phrase = f"cuối năm {year}" if r.random() < 0.7 else f"trong năm {year}"
                due = self.working_day(date(year, 12, 31))
                spec = f'{{"kind": "period_end", "phrase": {_q(phrase)}, "period": "{year}"}}'
                rows.deadline.append((d_id, a_id, phrase, "period_end", due.isoformat(), spec))
                dues.append(due)
            elif not recurring_done:  # a reporting cadence
                recurring_done = True
                cadences, phrase = RECURRING[r.randrange(len(RECURRING))]
                rows.deadline.append((d_id, a_id, phrase, "recurring", None, self.recurring_spec[cadences]))
                due_list, occs = self.occ[cadences]
                first = bisect.bisect_left(due_list, tracking)
                # Reports acted on so far: most offices are up to date, some lag behind.
                roll = r.random()
                lag = 0 if roll < 0.8 else 1 if roll < 0.92 else 2 if roll < 0.97 else r.randint(3, 8)
                upto = bisect.bisect_left(due_list, self.today) - lag
                # the report due next may already be in (reported early)
                if r.random() < 0.1:
                    upto += 1
                for k in range(first, max(first, upto)):
                    o_due, o_iso, o_key = occs[k]
                    acted = o_due - timedelta(days=r.randint(0, 5))
                    rows.occurrence.append((d_id, o_key, o_iso, acted.isoformat()))
                current = max(first, upto)
                if current < len(occs):
                    dues.append(occs[current][0])
        next_due = min(dues) if dues else None
        # what the clerk recorded, consistent with the dates
        roll = r.random()
        done_on = None
        if roll < 0.03:
            work = "cancelled"
        elif roll < 0.06:
            work = "paused"
        elif next_due is None:
            work = "done" if roll < 0.5 else ("in_progress" if roll < 0.8 else "not_started")
        elif recurring_done:
            work = "in_progress" if roll < 0.85 else "not_started"
        elif next_due < self.today - timedelta(days=90):
            work = "done" if roll < 0.93 else ("in_progress" if roll < 0.98 else "not_started")
        elif next_due < self.today - timedelta(days=30):
            work = "done" if roll < 0.8 else ("in_progress" if roll < 0.95 else "not_started")
        elif next_due < self.today:
            work = "done" if roll < 0.5 else ("in_progress" if roll < 0.8 else "not_started")
        else:
            work = "done" if roll < 0.15 else ("in_progress" if roll < 0.6 else "not_started")
        if work == "done":
            anchor = next_due or (tracking + timedelta(days=60))
            done_on = anchor + timedelta(days=r.randint(-40, 25 if r.random() < 0.3 else 0))
            done_on = min(max(done_on, tracking), self.today)
        a_created = created + timedelta(minutes=pos)
        created_s = _ts(a_created)
        updated_s = created_s if work == "not_started" else _ts(
            datetime.combine(done_on or min(self.today, tracking + timedelta(days=r.randint(1, 200))),
                             datetime.min.time()) + timedelta(hours=9))
        follower = r.choice(CLERKS) if r.random() < 0.4 else None
        next_iso = next_due.isoformat() if next_due else None
        search = " ".join(x for x in (ref, verb_f, obj_f, body_f, *names_f, number_f) if x)
        rows.assignment.append((
            a_id, doc_id, pos, ref, title, body, work, done_on.isoformat() if done_on else None,
            follower, next_iso, next_iso or "9999-12-31",
            search, created_s, updated_s, 1, *lead_columns(leads),
        ))
        rows.audit.append((created_s, r.choice(CLERKS), "create", "assignment", a_id, (
            f'{{"id": {a_id}, "document_id": {doc_id}, "position": {pos}, "ref": {_q(ref)}, '
            f'"title": {_q(title)}, "work_status": "not_started", "next_due": {_qn(next_iso)}, '
            f'"version": 1}}'
        )))
        # progress notes on work under way or done
        if work in ("in_progress", "done") and r.random() < 0.45:
            for k in range(r.choice((1, 1, 1, 2, 3))):
                at = a_created + timedelta(days=r.randint(1, 120), hours=r.randint(0, 8))
                if at.date() > self.today:
                    at = datetime.combine(self.today, datetime.min.time()) + timedelta(hours=8)
                text = r.choice(NOTE_TEXTS).format(
                    n=k + 1, p=f"quý {r.randint(1, 4)}/{at.year}", x=f"{r.randint(60, 95)},{r.randint(0, 99):02d}",
                    z=f"{r.randint(20, 60)},{r.randint(0, 99):02d}")
                author = r.choice(CLERKS)
                rows.note.append((a_id, author, _ts(at), text))
                rows.audit.append((_ts(at), author, "note", "assignment", a_id, f'{{"text": {_q(text)}}}'))


def _composition(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` counts, each at least 1 when total >= parts (random sizes)."""
    if parts == 0:
        return []
    if total < parts:
        counts = [0] * parts
        for _ in range(total):
            counts[rng.randrange(parts)] += 1
        return counts
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    edges = [0, *cuts, total]
    return [edges[i + 1] - edges[i] for i in range(parts)]


def generate(
    db: Database,
    *,
    documents: int,
    assignments: int,
    seed: int = 1,
    today: date = GEN_TODAY,
    fts: str = "rebuild",
    defer_indexes: bool = False,
    progress: Progress | None = None,
) -> GenStats:
    """Fill an empty dondoc database with synthetic data in one write transaction.

    Args:
        db: an open, empty database (no documents, no agencies).
        documents, assignments: how many of each.
        seed: the random seed (same seed, same rows).
        today: the day dates are spread around (assignments overdue, due soon, done...).
        fts: `rebuild` or `triggers` (see FTS_MODES).
        defer_indexes: drop secondary indexes for the load and build them at the end.
        progress: called with (stage, rows so far) now and then.

    Raises:
        ValidationError: the database already holds documents or agencies, or a bad size.
    """
    if documents < 0 or assignments < 0 or (assignments and not documents):
        raise ValidationError("err.gen_sizes")
    if fts not in FTS_MODES:
        raise ValueError(f"fts must be one of {FTS_MODES}")
    started = time.perf_counter()
    rng = _FastRandom(seed)
    gen = _Generator(rng, today)
    counts = _composition(rng, assignments, documents)
    say = progress or (lambda _stage, _n: None)
    totals = dict.fromkeys(("links", "deadlines", "occurrences", "notes", "audit"), 0)
    timing = dict.fromkeys(("insert", "fts", "index", "commit"), 0.0)
    with db._write_engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size=-262144")  # 256 MB for this connection while loading
        has = cur.execute("SELECT (SELECT count(*) FROM document) + (SELECT count(*) FROM agency)")
        if has.fetchone()[0]:
            raise ValidationError("err.gen_not_empty", path=str(db.path or db.url))
        triggers: list[str] = []
        if fts == "rebuild" and db.is_sqlite:
            for table in SEARCHABLE:
                name = f"{table}_fts_ai"
                sql = cur.execute("SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", (name,)).fetchone()
                if sql:
                    triggers.append(sql[0])
                    cur.execute(f"DROP TRIGGER {name}")
        # With `defer_indexes`, secondary indexes are built once at the end instead of kept in
        # order through the load (unique ones stay: they check rows). Measured at 100k/500k:
        # no faster (44.6 s vs 41.8 s, within the noise), so it is off by default.
        indexes = [
            (name, sql) for name, sql in cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                "AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (" + ",".join("?" * len(_LOADED)) + ")",
                _LOADED,
            ).fetchall()
        ] if defer_indexes else []
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        agency_rows = gen.agency_rows()
        cur.executemany(_SQL["agency"], agency_rows)
        stamp = _ts(datetime.combine(today - timedelta(days=7 * 365), datetime.min.time()))
        cur.executemany(_SQL["audit"], [
            (stamp, "admin", "create", "agency", row[0], json.dumps({"id": row[0], "name": row[1]}))
            for row in agency_rows
        ])
        totals["audit"] += len(agency_rows)
        recent: list[tuple[int, str, date, str]] = []
        deadline_id = [0]
        next_assignment = 1
        for start in range(0, documents, BATCH_DOCUMENTS):
            rows = _Rows()
            for doc_id in range(start + 1, min(start + BATCH_DOCUMENTS, documents) + 1):
                n = counts[doc_id - 1]
                gen.document(doc_id, n, next_assignment, deadline_id, rows, recent)
                next_assignment += n
            t_sql = time.perf_counter()
            cur.executemany(_SQL["document"], rows.document)
            cur.executemany(_SQL["link"], rows.link)
            cur.executemany(_SQL["assignment"], rows.assignment)
            cur.executemany(_SQL["agency_link"], rows.agency_link)
            cur.executemany(_SQL["deadline"], rows.deadline)
            cur.executemany(_SQL["occurrence"], rows.occurrence)
            cur.executemany(_SQL["note"], rows.note)
            cur.executemany(_SQL["audit"], rows.audit)
            timing["insert"] += time.perf_counter() - t_sql
            totals["links"] += len(rows.link)
            totals["deadlines"] += len(rows.deadline)
            totals["occurrences"] += len(rows.occurrence)
            totals["notes"] += len(rows.note)
            totals["audit"] += len(rows.audit)
            say("documents", min(start + BATCH_DOCUMENTS, documents))
        t_index = time.perf_counter()
        for _name, sql in indexes:
            cur.execute(sql)
        timing["index"] = time.perf_counter() - t_index
        t_fts = time.perf_counter()
        if triggers:
            say("fts", 0)
            for table in SEARCHABLE:
                cur.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
            for sql in triggers:
                cur.execute(sql)
        timing["fts"] = time.perf_counter() - t_fts
        cur.execute("PRAGMA cache_size=-2000")
        cur.close()
        t_commit = time.perf_counter()
    timing["commit"] = time.perf_counter() - t_commit
    if db.is_sqlite:  # fold the big WAL into the file now, not at some clerk's first write
        raw_conn = db.engine.raw_connection()
        try:
            raw_conn.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw_conn.close()
    return GenStats(
        documents=documents, assignments=assignments, agencies=len(agency_rows),
        links=totals["links"], deadlines=totals["deadlines"], occurrences=totals["occurrences"],
        notes=totals["notes"], audit_events=totals["audit"],
        seconds=round(time.perf_counter() - started, 2), fts=fts,
        phases={k: round(v, 2) for k, v in timing.items()},
    )
