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
write transaction on a connection of the store's own write engine (so the file has exactly
the schema, pragmas and migrations of `store.db.Database`), its journal in memory for the
load (every page written once, not into the WAL and again by the checkpoint). Secondary
indexes are dropped for the load and built at the end (one sort each); the full-text index
is filled either by the insert triggers or (default, faster: see `FTS_MODES`) by dropping
those triggers for the load and indexing each FTS table once, with a big buffer. The rows
of a large database are made in a second process while this one writes the previous batch
(`_from_worker`); that process then indexes them for full-text search in a scratch file
while this one builds the other indexes, and this one copies the FTS tables' records in
(`_copy_fts`). Steps that need every row in (backfills) go in `POST_LOAD`.

Text is composed from pools of phrases whose folded forms (`store.text.fold`) are computed
once, so `search_text` costs a join, not a fold; the hot loops (`_Generator.assignment`,
`_Generator.document`) draw their random numbers inline.

Deterministic: the same seed, sizes and `today` give the same rows.

Derived columns follow the store's own rules: `next_due` is the earliest deadline in force
(a one-off date, or the first not-acted-on occurrence of a cadence from the day tracking
started, via `store.deadlines.occurrences`), `due_key` its non-null sort key.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

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
back (measured at 100k/500k, before the prefix indexes of migration 0007: 54 s against 88 s
with the triggers); `triggers`: let the triggers index every row as it is inserted."""

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
_number_key = functools.lru_cache(maxsize=1024)(number_key)
"""`number_key` of the few hundred numbers cited (`01-CT/TW`...): computed once each."""


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
    """Seconds spent waiting for rows (`rows_wait`), inserting them, in the post-load steps,
    building the secondary indexes, waiting for the second process's full-text indexes
    (`fts_wait`), building or copying the full-text indexes (`fts`), committing."""
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds (what the time would be on idle cores, the machine being shared): this
    process's through the load (`load`: unmarshalling and inserting rows), the post-load
    steps and index builds (`index`), the FTS copy or rebuild and the commit (`finish`); the
    second process's making rows (`worker_rows`) and indexing them (`worker_fts`)."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


FTS_HASHSIZE = 64 * 1024 * 1024
"""Bytes of pending full-text terms FTS5 keeps before writing a segment, during the rebuild."""


@contextmanager
def _loading(db: Database) -> Iterator[Any]:
    """A cursor on a connection of the store's write engine, in one write transaction set up
    for a bulk load into a new file, put back as the store keeps it afterwards.

    For the load the journal is kept in memory instead of the WAL (each page is written
    once, into the file, instead of into the WAL and then again by the checkpoint: a
    crash leaves a broken file, but this is a new file being made; when another connection
    has the file open the WAL stays), no fsync, a 256 MB page cache and helper threads for
    the sorts of the index builds. A failure rolls the whole load back.
    """
    if not db.is_sqlite:
        raise ValidationError("err.gen_sqlite_only")
    pooled = db._write_engine.raw_connection()
    raw = pooled.driver_connection
    assert raw is not None
    was = raw.execute("PRAGMA journal_mode").fetchone()[0]
    was_sync = raw.execute("PRAGMA synchronous").fetchone()[0]
    cur = raw.cursor()
    try:
        try:
            cur.execute("PRAGMA journal_mode=MEMORY")
        except sqlite3.OperationalError:  # another connection has the file open: keep the WAL
            pass
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-262144")
        # The sorts of the index builds at the end use helper threads (SQLite's default: none)
        cur.execute(f"PRAGMA threads={min(4, os.cpu_count() or 1)}")
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            if raw.in_transaction:
                raw.rollback()
            raise
        cur.execute("COMMIT")
    finally:
        # a scratch file of the load (`_copy_fts`); if the transaction could not end, it
        # stays attached and the pool's reset deals with the connection
        for (name,) in cur.execute("SELECT name FROM pragma_database_list WHERE name NOT IN ('main', 'temp')").fetchall():
            with contextlib.suppress(sqlite3.OperationalError):
                cur.execute(f'DETACH DATABASE "{name}"')
        cur.execute("PRAGMA cache_size=-2000")
        cur.execute("PRAGMA threads=0")
        now = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if now != was:
            now = cur.execute(f"PRAGMA journal_mode={was}").fetchone()[0]
        cur.execute(f"PRAGMA synchronous={int(was_sync)}")
        cur.close()
        pooled.close()
    if now != was:  # another connection held the file: say so rather than leave it changed
        raise RuntimeError(f"dondoc gen: the journal mode stayed {now!r}, not {was!r}")


class _Rows:
    """Rows of one batch, per table, as tuples in column order."""

    __slots__ = ("document", "link", "assignment", "agency_link", "deadline", "occurrence_span", "note", "audit")
    # (occurrence_span: the reported occurrences of a deadline, as `_SPAN` says)

    def __init__(self, *tables: list[tuple[Any, ...]]) -> None:
        for name, rows in zip(self.__slots__, tables or [[] for _ in self.__slots__], strict=True):
            setattr(self, name, rows)

    def tables(self) -> tuple[list[tuple[Any, ...]], ...]:
        return tuple(getattr(self, name) for name in self.__slots__)


# --- making the rows: here, or in a second process ---------------------------------------------

WORKER_FROM = 20_000
"""Documents from which the rows are made in a second process (a smaller set is quicker made
here than the process is started)."""

_SEARCH_COLUMN = {"agency": 4, "document": 17, "assignment": 11}
"""Where `search_text` is in the rows of the searchable tables (the FTS content)."""


class _Local:
    """The rows made here, in the order they are written: the agencies' rows, then (documents
    done, tables) per batch of BATCH_DOCUMENTS documents. The full-text index is left to the
    writer (`fts_file` is None)."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self.rows = rows

    def fts_file(self) -> str | None:
        return None

    def cpu(self) -> dict[str, float]:
        return {}


@contextmanager
def _produce(seed: int, today: date, documents: int, assignments: int,
             fts: _FtsSide | None = None) -> Iterator[_Local]:
    del fts  # made here, the rows are indexed by the writer
    yield _Local(_rows(seed, today, documents, assignments))


def _rows(seed: int, today: date, documents: int, assignments: int) -> Iterator[Any]:
    rng = _FastRandom(seed)
    gen = _Generator(rng, today)
    counts = _composition(rng, assignments, documents)
    yield gen.agency_rows(), gen.calendar
    recent: list[tuple[int, str, date, str]] = []
    deadline_id = [0]
    next_assignment = 1
    for start in range(0, documents, BATCH_DOCUMENTS):
        rows = _Rows()
        end = min(start + BATCH_DOCUMENTS, documents)
        for doc_id in range(start + 1, end + 1):
            n = counts[doc_id - 1]
            gen.document(doc_id, n, next_assignment, deadline_id, rows, recent)
            next_assignment += n
        yield end, rows.tables()


@dataclass(frozen=True)
class _FtsSide:
    """A scratch SQLite file where the second process builds the full-text indexes of the
    rows it made (while the writer builds the other indexes), for the writer to copy in:
    `ddl` creates the FTS tables exactly as in the database (SEARCHABLE order)."""

    path: str
    ddl: tuple[str, ...]


def _build_fts(side: _FtsSide, texts: dict[str, list[tuple[int, str]]]) -> None:
    """Index `texts` ((rowid, search_text) per searchable table) into `side.path`, as the
    writer's rebuild would (same tables, options and rows in rowid order; a big buffer)."""
    conn = sqlite3.connect(side.path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")  # a scratch file: no journal, no fsync
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")
        conn.execute("BEGIN")
        for table, ddl in zip(SEARCHABLE, side.ddl, strict=True):
            conn.execute(ddl)
            conn.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE})")
            conn.executemany(f"INSERT INTO {table}_fts(rowid, search_text) VALUES (?, ?)", texts[table])
        conn.execute("COMMIT")
    finally:
        conn.close()


def _worker(conn: Any, seed: int, today: date, documents: int, assignments: int,
            fts: _FtsSide | None) -> None:
    """In the second process: each item of _rows, marshalled (tuples of str and int only),
    down the pipe (the pipe's small buffer keeps it at most a batch ahead), then an empty
    message; with `fts`, then the full-text indexes of those rows built in `fts.path` and
    b"fts" sent; last, the CPU seconds it spent making rows and indexing them."""
    import marshal

    texts: dict[str, list[tuple[int, str]]] = {table: [] for table in SEARCHABLE}
    cpu = {"rows": -time.process_time(), "fts": 0.0}
    try:
        for i, item in enumerate(_rows(seed, today, documents, assignments)):
            if fts is not None:
                if i == 0:  # the agencies (and the calendar of cadences)
                    col = _SEARCH_COLUMN["agency"]
                    texts["agency"].extend([(row[0], row[col]) for row in item[0]])
                else:
                    for table, at in _TABLE_INDEX.items():
                        col = _SEARCH_COLUMN[table]
                        texts[table].extend([(row[0], row[col]) for row in item[1][at]])
            conn.send_bytes(marshal.dumps(item))
        conn.send_bytes(b"")
        cpu["rows"] += time.process_time()
        if fts is not None:
            cpu["fts"] = -time.process_time()
            _build_fts(fts, texts)
            cpu["fts"] += time.process_time()
            conn.send_bytes(b"fts")
        conn.send_bytes(marshal.dumps(cpu))
    except (BrokenPipeError, EOFError):  # the writer stopped: nothing more to make
        return
    finally:
        conn.close()


_TABLE_INDEX = {"document": 0, "assignment": 2}
"""Where the rows of a searchable table are in `_Rows.tables()`."""


class _Remote:
    """The rows as made by the second process (see _Local), and the file where it indexed
    them for full-text search, if asked to."""

    def __init__(self, here: Any, proc: Any, fts: _FtsSide | None) -> None:
        self.here, self.proc, self.fts = here, proc, fts
        self.rows = self._items()

    def _recv(self) -> bytes:
        try:
            return self.here.recv_bytes()
        except EOFError:
            self.proc.join()
            raise RuntimeError(f"dondoc gen: the row maker stopped (exit code {self.proc.exitcode})") from None

    def _items(self) -> Iterator[Any]:
        import marshal

        while data := self._recv():
            yield marshal.loads(data)

    def fts_file(self) -> str | None:
        """The file of full-text indexes once built (after all the rows were read)."""
        if self.fts is None:
            return None
        if self._recv() != b"fts":
            raise RuntimeError("dondoc gen: the row maker did not build the full-text index")
        return self.fts.path

    def cpu(self) -> dict[str, float]:
        """The CPU seconds the second process spent making rows and indexing them (once
        `fts_file` has been called)."""
        import marshal

        return dict(marshal.loads(self._recv()))


@contextmanager
def _from_worker(seed: int, today: date, documents: int, assignments: int,
                 fts: _FtsSide | None = None) -> Iterator[_Remote]:
    """_produce with the rows made in a second process, while this one writes the last batch
    (the two halves of the work take about as long; dondoc's machines have two cores); with
    `fts`, that process then builds their full-text indexes while this one builds the
    other indexes."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    here, there = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(there, seed, today, documents, assignments, fts), daemon=True)
    proc.start()
    there.close()
    try:
        yield _Remote(here, proc, fts)
    finally:
        here.close()
        if proc.is_alive():
            proc.terminate()
        proc.join()


POST_LOAD: tuple[str, ...] = ()
"""SQL run once every row is in, before the secondary indexes are built (so an UPDATE
there maintains none): backfills of columns derived from the loaded rows, as the store's
migrations would fill them."""


def _post_load(cur: Any) -> None:
    for sql in POST_LOAD:
        cur.execute(sql)
    # the deadlines' copies of migration 0009 (dates in force, open work), as the store keeps them
    from store.followup import refresh_all

    refresh_all(cur, assignments=False)


def _scratch_file(db: Database) -> str:
    """A new empty file beside the database (same disk) for the full-text indexes' build."""
    import tempfile

    where = os.path.dirname(os.path.abspath(db.path)) if db.path else None
    fd, path = tempfile.mkstemp(prefix=".dondoc-gen-fts-", suffix=".db", dir=where)
    os.close(fd)
    return path


FTS_SHADOWS = ("data", "idx", "docsize")
"""The FTS5 tables that hold an index's content (`config` holds its settings: kept)."""


def _copy_fts(cur: Any, path: str) -> None:
    """The full-text indexes built in `path` (`_build_fts`) copied into the database's own
    FTS tables, page for page (each target emptied first: the copy is SQLite's transfer of
    whole records). The file stays attached until the load's transaction ends (`_loading`)."""
    cur.execute("ATTACH DATABASE ? AS gen_fts", (path,))
    for table in SEARCHABLE:
        for shadow in FTS_SHADOWS:
            name = f"{table}_fts_{shadow}"
            cur.execute(f"DELETE FROM main.{name}")
            cur.execute(f"INSERT INTO main.{name} SELECT * FROM gen_fts.{name}")


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
    "note": "INSERT INTO note (assignment_id, author, created_at, text) VALUES (?, ?, ?, ?)",
    "audit": "INSERT INTO audit_event (at, actor, action, entity, entity_id, before, after) "
             "VALUES (?, ?, ?, ?, ?, NULL, ?)",
}


# The occurrences reported of recurring deadlines (all the occurrence rows) are made by
# SQL from one span a deadline: its occurrences `first` to `upto` (excluded) in the calendar
# of its cadence set, each acted on 0 to 5 days before its due date (the day picked by a
# hash of the span's random salt and the occurrence's index).
_TEMP_TABLES = (
    ("CREATE TEMP TABLE gen_calendar (cadence INTEGER NOT NULL, idx INTEGER NOT NULL, period TEXT NOT NULL, "
     "due TEXT NOT NULL, acted TEXT NOT NULL, PRIMARY KEY (cadence, idx)) WITHOUT ROWID"),
    ("CREATE TEMP TABLE gen_span (deadline_id INTEGER PRIMARY KEY, cadence INTEGER NOT NULL, "
     "first INTEGER NOT NULL, upto INTEGER NOT NULL, salt INTEGER NOT NULL)"),
)
_SALTS = 1 << 30
_SPAN = "INSERT INTO temp.gen_span VALUES (?, ?, ?, ?, ?)"
_OCCURRENCES = (
    "INSERT INTO occurrence (deadline_id, period, due, status, acted_on, note, version) "
    "SELECT s.deadline_id, c.period, c.due, 'reported', "
    "substr(c.acted, 1 + 10 * ((s.salt + c.idx) * 2654435761 % 4294967291 % 6), 10), NULL, 1 "
    "FROM temp.gen_span AS s JOIN temp.gen_calendar AS c "
    "ON c.cadence = s.cadence AND c.idx >= s.first AND c.idx < s.upto "
    "ORDER BY s.deadline_id, c.idx"
)


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
        self.code_fold = {code: (fold(code), self.type_fold[code]) for code in DOC_TYPES}
        self.n_heads, self.n_actions, self.n_topics = len(self.heads), len(self.actions), len(self.topics)
        self.working: dict[date, date] = {}
        # Occurrences of each cadence set over the whole span, by due date (bisect by start);
        # as rows of the writer's calendar (`_CALENDAR`): (cadence set, index, period key,
        # due, the six days 0 to 5 before it that a report can be acted on, end to end).
        self.occ: dict[tuple[str, ...], tuple[int, list[date]]] = {}
        self.today_index: dict[tuple[str, ...], int] = {}
        self.calendar: list[tuple[int, int, str, str, str]] = []
        policy = dl.ReportPolicy()
        lo, hi = date(today.year - 12, 1, 1), date(today.year + 6, 12, 31)
        for c_i, (cadences, phrase) in enumerate(RECURRING):
            spec = dl.DeadlineSpec(kind="recurring", phrase=phrase, cadences=cadences)
            occs = dl.occurrences(spec, lo, hi, policy, self.cal)
            dues = [o.due for o in occs]
            self.occ[cadences] = (c_i, dues)
            self.calendar.extend(
                (c_i, i, o.period_key, o.due.isoformat(), "".join((o.due - _DAYS[n]).isoformat() for n in range(6)))
                for i, o in enumerate(occs)
            )
            self.today_index[cadences] = bisect.bisect_left(dues, today)
        self.days_ago_90, self.days_ago_30 = today - timedelta(days=90), today - timedelta(days=30)
        self.today_8am = datetime.combine(today, datetime.min.time()) + timedelta(hours=8)
        self.n_verbs, self.n_objects, self.n_details = len(self.verbs), len(self.objects), len(self.details)
        self.year_ends: dict[int, tuple[date, tuple[str, str, str, str]]] = {}
        self.dates: dict[date, tuple[str, str, str]] = {}  # a written date: phrase, ISO, rule
        self.texts = self._texts()
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
        self.n_agencies = len(self.agencies)
        self.province_ids = [
            [self.province_agency[(p_i, a_i)] for a_i in range(len(PROVINCE_AGENCIES))]
            for p_i in range(len(PROVINCES))
        ]
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
        self.quoted_issuer = [_q(name) for _aid, name, *_rest in self.issuers]
        self.quoted_agency = [_q(name) for name, _short in self.agencies]
        self.number_counter: dict[tuple[int, int], int] = {}
        self.incoming_counter: dict[int, int] = {}

    def _texts(self) -> list[list[tuple[tuple[str, str, str, str], list[tuple[str, str]], tuple[str, str]]]]:
        """For each task verb and object: (title, title as JSON, folded verb, folded object),
        the bodies with each detail (body, folded) and the body that is just the title."""
        table = []
        for verb, verb_f in self.verbs:
            row = []
            for obj, obj_f in self.objects:
                title = f"{verb} {obj}"
                row.append((
                    (title, _q(title), verb_f, obj_f),
                    [(f"{title}, {detail}", f"{verb_f} {obj_f}, {detail_f}") for detail, detail_f in self.details],
                    (title, f"{verb_f} {obj_f}"),
                ))
            table.append(row)
        return table

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

    def year_end(self, year: int) -> tuple[date, tuple[str, str, str, str]]:
        """The working day that ends `year`, its two phrases and their rules as JSON."""
        hit = self.year_ends.get(year)
        if hit is None:
            phrases = (f"cuối năm {year}", f"trong năm {year}")
            specs = tuple(f'{{"kind": "period_end", "phrase": {_q(p)}, "period": "{year}"}}' for p in phrases)
            hit = self.year_ends[year] = (self.working_day(date(year, 12, 31)), (*phrases, *specs))
        return hit

    def issued_date(self) -> date:
        """Over the last seven years, more of them recent (offices register as they go); none
        after today (a document is registered once it has been issued): `today` less
        int(X * 7 * 365) days, X ~ Beta(1.2, 2.6), drawn by its table (`_ISSUED_AGO`)."""
        days = bisect.bisect_right(_ISSUED_AGO, self.rng.random())
        return self.today - _AGO[min(days, _ISSUED_SPAN - 1)]

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
        # A hundred thousand calls: draws inlined as in `assignment`, JSON written with the
        # C string encoder (as json.dumps writes it), folds and quoted names looked up.
        rnd = self.rng.random
        issuers = self.issuers
        issuer_i = int(rnd() * len(issuers)) if rnd() < 0.9 else int(rnd() * _N_CENTRAL_ISSUERS)
        _aid, issuer, issuer_fold, style, organ, types, p_i = issuers[issuer_i]
        code = types[int(rnd() * len(types))]
        issued = self.issued_date()
        year = issued.year
        number = None if rnd() < 0.03 else self.number(issuer_i, style, organ, code, year)
        place = PROVINCES[p_i] if p_i is not None else "Hà Nội"
        tail = SUBJECT_TAILS[int(rnd() * _N_SUBJECT_TAILS)].format(y=year)
        head, head_f = self.heads[int(rnd() * self.n_heads)]
        act, act_f = self.actions[int(rnd() * self.n_actions)]
        topic, topic_f = self.topics[int(rnd() * self.n_topics)]
        if tail:
            subject = f"{head} {act} {topic} {tail}"
            subject_f = f"{head_f} {act_f} {topic_f} {_fold(tail)}"
        else:
            subject = f"{head} {act} {topic}"
            subject_f = f"{head_f} {act_f} {topic_f}"
        signer = f"{SURNAMES[int(rnd() * _N_SURNAMES)]} {MIDDLES[int(rnd() * _N_MIDDLES)]} {GIVEN[int(rnd() * _N_GIVEN)]}"
        signer_title = SIGNER_TITLES[int(rnd() * _N_SIGNER_TITLES)]
        quoted_agency = self.quoted_agency
        n_agencies = self.n_agencies
        recipients = "[" + ", ".join([quoted_agency[int(rnd() * n_agencies)]
                                      for _ in range(1 + int(rnd() * 4))]) + "]"
        received = rnd() < 0.6
        incoming_date = issued + _DAYS[1 + int(rnd() * 10)] if received else None
        incoming_number = None
        if received:
            n = self.incoming_counter.get(year, 0) + 1
            self.incoming_counter[year] = n
            incoming_number = str(n)
        created = datetime.combine(incoming_date or issued, _MIDNIGHT) + timedelta(hours=7 + rnd() * 10)
        status = "superseded" if rnd() < 0.02 else "active"
        number_f = _number_fold(number) if number else ""
        code_f, type_f = self.code_fold[code]
        search = " ".join([x for x in (
            code_f, type_f, number_f, issuer_fold, subject_f, _fold(place), _fold(signer), str(year)) if x])
        created_s = created.isoformat(" ", "microseconds")
        issued_s = issued.isoformat()
        rows.document.append((
            doc_id, code, number, number_f or None, issuer, issuer_fold, place, issued_s,
            year, issued_s, subject, signer, signer_title,
            recipients, incoming_number, incoming_date.isoformat() if incoming_date else None,
            status, search, created_s, created_s,
        ))
        # as json.dumps({...}) writes it (ASCII, ", " and ": ")
        rows.audit.append((created_s, CLERKS[int(rnd() * _N_CLERKS)], "create", "document", doc_id, (
            f'{{"id": {doc_id}, "doc_type": {_q(code)}, "number": {_qn(number)}, '
            f'"issuer": {self.quoted_issuer[issuer_i]}, "place": {_q(place)}, "issued": "{issued_s}", '
            f'"year": {year}, "subject": {_q(subject)}, "signer": {_q(signer)}, '
            f'"status": "{status}", "version": 1}}'
        )))
        # links: a plan or letter implements an earlier directive; citations; replacements
        if recent and rnd() < 0.35:
            target_id = recent[int(rnd() * len(recent))][0]
            relation = "implements" if rnd() < 0.85 else ("replaces" if rnd() < 0.5 else "copy_of")
            rows.link.append((doc_id, relation, target_id, None, None, None, None, None, None))
        if rnd() < 0.25:
            ref_year = year - 1 - int(rnd() * 10)
            ref_code = _CITED_CODES[int(rnd() * 4)]
            ref_number = f"{1 + int(rnd() * 99):02d}-{ref_code}/TW"
            ref_date = date(ref_year, 1 + int(rnd() * 12), 1 + int(rnd() * 28))
            rows.link.append((
                doc_id, "cites", None,
                f"{DOC_TYPES[ref_code][0]} số {ref_number}, ngày {ref_date:%d/%m/%Y} của Ban Bí thư Trung ương Đảng",
                ref_code, ref_number, _number_key(ref_number), ref_date.isoformat(),
                "Ban Bí thư Trung ương Đảng",
            ))
        if number and code in _RECENT_CODES:
            recent.append((doc_id, number, issued, issuer))
            if len(recent) > 400:
                del recent[: len(recent) - 400]
        assignment = self.assignment
        tracking = created.date()  # the day the office started following the document up
        for pos in range(n_assign):
            assignment(first_assignment + pos, doc_id, pos, issued, created, tracking, number_f,
                       p_i, deadline_id, rows)

    def assignment(self, a_id: int, doc_id: int, pos: int, issued: date, created: datetime,
                   tracking: date, number_f: str, p_i: int | None, deadline_id: list[int],
                   rows: _Rows) -> None:
        # The hottest code of `dondoc gen` (half a million calls): random draws inlined as
        # `seq[int(rnd() * len)]` (what _FastRandom.choice does), pools' lengths and date
        # offsets computed once; the draws are the same, in the same order.
        rnd = self.rng.random
        ref = f"{pos + 1}" if rnd() < 0.85 else f"{pos // 3 + 1}.{pos % 3 + 1}"
        # title and body: one string object per combination of the pools (`_texts`), so the
        # pipe carries and the writer encodes each once, not once a row
        texts = self.texts[int(rnd() * self.n_verbs)][int(rnd() * self.n_objects)]
        detail_i = int(rnd() * self.n_details)
        title, quoted, verb_f, obj_f = texts[0]
        body, body_f = texts[1][detail_i] if rnd() < 0.8 else texts[2]
        # lead (sometimes two) and supporting agencies, mostly of the document's province
        # (each pick: one of the province's agencies 85% of the time, else any agency)
        province = self.province_ids[p_i] if p_i is not None else None
        n_agencies = self.n_agencies
        if province is not None and rnd() < 0.85:
            lead = province[int(rnd() * _N_PROVINCE_AGENCIES)]
        else:
            lead = int(rnd() * n_agencies) + 1
        co_lead = None
        if rnd() < 0.12:
            if province is not None and rnd() < 0.85:
                co_lead = province[int(rnd() * _N_PROVINCE_AGENCIES)]
            else:
                co_lead = int(rnd() * n_agencies) + 1
        n_supports = _SUPPORTS[int(rnd() * 6)]
        agency_fold = self.agency_fold
        links = rows.agency_link
        search_parts = [ref, verb_f, obj_f, body_f, agency_fold[lead - 1]]
        links.append((a_id, lead, "lead", 0))
        if co_lead == lead:
            co_lead = None
        elif co_lead is not None:
            links.append((a_id, co_lead, "lead", 1))
            search_parts.append(agency_fold[co_lead - 1])
        if n_supports:
            seen: set[int] = set()
            for i in range(n_supports):
                if province is not None and rnd() < 0.85:
                    agency_id = province[int(rnd() * _N_PROVINCE_AGENCIES)]
                else:
                    agency_id = int(rnd() * n_agencies) + 1
                if agency_id not in seen:
                    seen.add(agency_id)
                    links.append((a_id, agency_id, "support", i))
                    search_parts.append(agency_fold[agency_id - 1])
        # deadlines
        next_due: date | None = None
        kind_roll = rnd()
        n_dl = 0 if kind_roll < 0.12 else (2 if kind_roll > 0.9 else 1)
        recurring_done = False
        for _ in range(n_dl):
            deadline_id[0] += 1
            d_id = deadline_id[0]
            roll = rnd()
            due: date | None = None
            if roll < 0.5:  # a date written in the text
                due = issued + _DAYS[10 + int(rnd() * 231)]
                written = self.dates.get(due)
                if written is None:
                    phrase = f"trước ngày {due.day}/{due.month}/{due.year}"
                    iso = due.isoformat()
                    written = self.dates[due] = (phrase, iso, f'{{"kind": "date", "phrase": {_q(phrase)}, "due": "{iso}"}}')
                rows.deadline.append((d_id, a_id, written[0], "date", written[1], written[2]))
            elif roll < 0.62:  # end of a period
                year = issued.year if issued.month < 10 else issued.year + 1
                due, (end_phrase, in_phrase, end_spec, in_spec) = self.year_end(year)
                phrase, spec = (end_phrase, end_spec) if rnd() < 0.7 else (in_phrase, in_spec)
                rows.deadline.append((d_id, a_id, phrase, "period_end", due.isoformat(), spec))
            elif not recurring_done:  # a reporting cadence
                recurring_done = True
                cadences, phrase = RECURRING[int(rnd() * _N_RECURRING)]
                rows.deadline.append((d_id, a_id, phrase, "recurring", None, self.recurring_spec[cadences]))
                c_i, due_list = self.occ[cadences]
                first = bisect.bisect_left(due_list, tracking)
                # Reports acted on so far: most offices are up to date, some lag behind.
                roll = rnd()
                lag = 0 if roll < 0.8 else 1 if roll < 0.92 else 2 if roll < 0.97 else 3 + int(rnd() * 6)
                upto = self.today_index[cadences] - lag
                # the report due next may already be in (reported early)
                if rnd() < 0.1:
                    upto += 1
                if upto > first:  # those reported: made by the writer (`_OCCURRENCES`)
                    rows.occurrence_span.append((d_id, c_i, first, upto, int(rnd() * _SALTS)))
                current = max(first, upto)
                if current < len(due_list):
                    due = due_list[current]
            if due is not None and (next_due is None or due < next_due):
                next_due = due
        # what the clerk recorded, consistent with the dates
        roll = rnd()
        done_on = None
        if roll < 0.03:
            work = "cancelled"
        elif roll < 0.06:
            work = "paused"
        elif next_due is None:
            work = "done" if roll < 0.5 else ("in_progress" if roll < 0.8 else "not_started")
        elif recurring_done:
            work = "in_progress" if roll < 0.85 else "not_started"
        elif next_due < self.days_ago_90:
            work = "done" if roll < 0.93 else ("in_progress" if roll < 0.98 else "not_started")
        elif next_due < self.days_ago_30:
            work = "done" if roll < 0.8 else ("in_progress" if roll < 0.95 else "not_started")
        elif next_due < self.today:
            work = "done" if roll < 0.5 else ("in_progress" if roll < 0.8 else "not_started")
        else:
            work = "done" if roll < 0.15 else ("in_progress" if roll < 0.6 else "not_started")
        if work == "done":
            anchor = next_due or (tracking + _DAYS[60])
            late = 25 if rnd() < 0.3 else 0
            done_on = anchor + timedelta(days=-40 + int(rnd() * (late + 41)))
            done_on = min(max(done_on, tracking), self.today)
        a_created = created + _MINUTES[pos] if pos < len(_MINUTES) else created + timedelta(minutes=pos)
        created_s = a_created.isoformat(" ", "microseconds")
        if work == "not_started":
            updated_s = created_s
        else:
            day = done_on or min(self.today, tracking + _DAYS[1 + int(rnd() * 200)])
            updated_s = f"{day.isoformat()} 09:00:00.000000"
        follower = CLERKS[int(rnd() * _N_CLERKS)] if rnd() < 0.4 else None
        next_iso = next_due.isoformat() if next_due else None
        if number_f:
            search_parts.append(number_f)
        rows.assignment.append((
            a_id, doc_id, pos, ref, title, body, work, done_on.isoformat() if done_on else None,
            follower, next_iso, next_iso or "9999-12-31",
            " ".join(search_parts), created_s, updated_s, 1,
            lead, co_lead, 1 if co_lead is None else 2,
        ))
        rows.audit.append((created_s, CLERKS[int(rnd() * _N_CLERKS)], "create", "assignment", a_id, (
            f'{{"id": {a_id}, "document_id": {doc_id}, "position": {pos}, "ref": "{ref}", '
            f'"title": {quoted}, "work_status": "not_started", "next_due": {_qn(next_iso)}, '
            f'"version": 1}}'
        )))
        # progress notes on work under way or done
        if (work == "in_progress" or work == "done") and rnd() < 0.45:
            for k in range(_NOTES[int(rnd() * 5)]):
                at = a_created + _DAYS[1 + int(rnd() * 120)]
                at += _HOURS[int(rnd() * 9)]
                if at.date() > self.today:
                    at = self.today_8am
                pattern = NOTE_TEXTS[int(rnd() * _N_NOTE_TEXTS)]
                quarter = 1 + int(rnd() * 4)
                x1, x2 = 60 + int(rnd() * 36), int(rnd() * 100)
                z1, z2 = 20 + int(rnd() * 41), int(rnd() * 100)
                text = pattern.format(n=k + 1, p=f"quý {quarter}/{at.year}", x=f"{x1},{x2:02d}", z=f"{z1},{z2:02d}")
                author = CLERKS[int(rnd() * _N_CLERKS)]
                at_s = at.isoformat(" ", "microseconds")
                rows.note.append((a_id, author, at_s, text))
                rows.audit.append((at_s, author, "note", "assignment", a_id, f'{{"text": {_q(text)}}}'))


_N_PROVINCE_AGENCIES = len(PROVINCE_AGENCIES)
_N_RECURRING = len(RECURRING)
_N_CLERKS = len(CLERKS)
_N_NOTE_TEXTS = len(NOTE_TEXTS)
_N_CENTRAL_ISSUERS = len(CENTRAL_ISSUERS)
_N_SUBJECT_TAILS = len(SUBJECT_TAILS)
_N_SURNAMES, _N_MIDDLES, _N_GIVEN = len(SURNAMES), len(MIDDLES), len(GIVEN)
_N_SIGNER_TITLES = len(SIGNER_TITLES)
_CITED_CODES = ("CT", "NQ", "KL", "QĐ")
_RECENT_CODES = frozenset(("CT", "NQ", "KL", "KH", "QĐ"))
_MIDNIGHT = datetime.min.time()
_SUPPORTS = (0, 0, 1, 1, 2, 3)
_NOTES = (1, 1, 1, 2, 3)
_DAYS = tuple(timedelta(days=n) for n in range(260))
_MINUTES = tuple(timedelta(minutes=n) for n in range(200))
_HOURS = tuple(timedelta(hours=n) for n in range(24))


def _beta_table(a: float, b: float, n: int, steps: int = 16) -> tuple[float, ...]:
    """P(int(X * n) <= d) for d in 0..n-1, X ~ Beta(a, b) (the density summed by the midpoint
    rule, `steps` points a day): a uniform draw bisected into it gives int(X * n)."""
    width = 1.0 / (n * steps)
    cells = [((i + 0.5) * width) ** (a - 1) * (1 - (i + 0.5) * width) ** (b - 1) for i in range(n * steps)]
    total = sum(cells)
    table, acc = [], 0.0
    for d in range(n):
        acc += sum(cells[d * steps:(d + 1) * steps])
        table.append(acc / total)
    return tuple(table)


_ISSUED_SPAN = 7 * 365
_ISSUED_AGO = _beta_table(1.2, 2.6, _ISSUED_SPAN)
_AGO = tuple(timedelta(days=n) for n in range(_ISSUED_SPAN))


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
    defer_indexes: bool = True,
    workers: bool = True,
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
        workers: from WORKER_FROM documents, make the rows in a second process while this one
            writes them (the same rows: one generator, in order).
        progress: called with (stage, rows so far) now and then.

    Raises:
        ValidationError: the database already holds documents or agencies, or a bad size.
    """
    if documents < 0 or assignments < 0 or (assignments and not documents):
        raise ValidationError("err.gen_sizes")
    if fts not in FTS_MODES:
        raise ValueError(f"fts must be one of {FTS_MODES}")
    started = time.perf_counter()
    say = progress or (lambda _stage, _n: None)
    totals = dict.fromkeys(("links", "deadlines", "occurrences", "notes", "audit"), 0)
    timing = dict.fromkeys(("rows_wait", "insert", "post_load", "index", "fts_wait", "fts", "commit"), 0.0)
    cpu: dict[str, float] = {}
    remote = workers and documents >= WORKER_FROM
    make = _from_worker if remote else _produce
    side: _FtsSide | None = None
    try:
        with _loading(db) as cur:
            has = cur.execute("SELECT (SELECT count(*) FROM document) + (SELECT count(*) FROM agency)")
            if has.fetchone()[0]:
                raise ValidationError("err.gen_not_empty", path=str(db.path or db.url))
            triggers: list[str] = []
            if fts == "rebuild":
                for table in SEARCHABLE:
                    name = f"{table}_fts_ai"
                    sql = cur.execute("SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?", (name,)).fetchone()
                    if sql:
                        triggers.append(sql[0])
                        cur.execute(f"DROP TRIGGER {name}")
                if remote and len(triggers) == len(SEARCHABLE):
                    side = _FtsSide(_scratch_file(db), tuple(
                        cur.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?",
                                    (f"{table}_fts",)).fetchone()[0]
                        for table in SEARCHABLE
                    ))
            # Secondary indexes are built once at the end (a sort each) instead of kept in order
            # through the load (unique ones stay: they check rows).
            indexes = [
                (name, sql) for name, sql in cur.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                    "AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (" + ",".join("?" * len(_LOADED)) + ")",
                    _LOADED,
                ).fetchall()
            ] if defer_indexes else []
            for name, _sql in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            with make(seed, today, documents, assignments, side) as source:
                rows_of = source.rows
                agency_rows, calendar = next(rows_of)
                for sql in _TEMP_TABLES:
                    cur.execute(sql)
                cur.executemany("INSERT INTO temp.gen_calendar VALUES (?, ?, ?, ?, ?)", calendar)
                cur.executemany(_SQL["agency"], agency_rows)
                stamp = _ts(datetime.combine(today - timedelta(days=7 * 365), datetime.min.time()))
                cur.executemany(_SQL["audit"], [
                    (stamp, "admin", "create", "agency", row[0], json.dumps({"id": row[0], "name": row[1]}))
                    for row in agency_rows
                ])
                totals["audit"] += len(agency_rows)
                cpu["load"] = -time.process_time()
                t_wait = time.perf_counter()
                for done, batch in rows_of:
                    rows = _Rows(*batch)
                    t_sql = time.perf_counter()
                    timing["rows_wait"] += t_sql - t_wait
                    cur.executemany(_SQL["document"], rows.document)
                    cur.executemany(_SQL["link"], rows.link)
                    cur.executemany(_SQL["assignment"], rows.assignment)
                    cur.executemany(_SQL["agency_link"], rows.agency_link)
                    cur.executemany(_SQL["deadline"], rows.deadline)
                    cur.executemany(_SPAN, rows.occurrence_span)
                    totals["occurrences"] += cur.execute(_OCCURRENCES).rowcount
                    cur.execute("DELETE FROM temp.gen_span")
                    cur.executemany(_SQL["note"], rows.note)
                    cur.executemany(_SQL["audit"], rows.audit)
                    t_wait = time.perf_counter()
                    timing["insert"] += t_wait - t_sql
                    totals["links"] += len(rows.link)
                    totals["deadlines"] += len(rows.deadline)
                    totals["notes"] += len(rows.note)
                    totals["audit"] += len(rows.audit)
                    say("documents", done)
                timing["rows_wait"] += time.perf_counter() - t_wait
                for table in ("gen_span", "gen_calendar"):
                    cur.execute(f"DROP TABLE temp.{table}")
                # All rows are in: the post-load steps, then the secondary indexes (while the
                # second process, if any, builds the full-text indexes).
                cpu["load"] += time.process_time()
                cpu["index"] = -time.process_time()
                t_post = time.perf_counter()
                _post_load(cur)
                timing["post_load"] = time.perf_counter() - t_post
                t_index = time.perf_counter()
                for _name, sql in indexes:
                    cur.execute(sql)
                timing["index"] = time.perf_counter() - t_index
                t_fts = time.perf_counter()
                cpu["index"] += time.process_time()
                built = source.fts_file()
                timing["fts_wait"] = time.perf_counter() - t_fts
                cpu.update({f"worker_{k}": v for k, v in source.cpu().items()})
                cpu["finish"] = -time.process_time()
            t_fts = time.perf_counter()
            if triggers:
                say("fts", 0)
                if built is not None:
                    _copy_fts(cur, built)
                else:
                    for table in SEARCHABLE:
                        # FTS5 flushes its pending terms every `hashsize` bytes (1 MB by default): a
                        # bigger buffer for the one big rebuild makes far fewer segments to merge
                        cur.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('hashsize', {FTS_HASHSIZE})")
                        cur.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
                        cur.execute(f"DELETE FROM {table}_fts_config WHERE k = 'hashsize'")
                for sql in triggers:
                    cur.execute(sql)
            timing["fts"] = time.perf_counter() - t_fts
            t_commit = time.perf_counter()
        timing["commit"] = time.perf_counter() - t_commit
        cpu["finish"] += time.process_time()
    finally:
        if side is not None:
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(side.path + suffix)
    return GenStats(
        documents=documents, assignments=assignments, agencies=len(agency_rows),
        links=totals["links"], deadlines=totals["deadlines"], occurrences=totals["occurrences"],
        notes=totals["notes"], audit_events=totals["audit"],
        seconds=round(time.perf_counter() - started, 2), fts=fts,
        phases={k: round(v, 2) for k, v in timing.items()},
        cpu={k: round(v, 2) for k, v in cpu.items()},
    )


def generate_file(path: str | os.PathLike[str], **kwargs: Any) -> GenStats:
    """`generate` into a new SQLite file at `path`, built under a temporary name beside it
    (`.NAME.part`) and moved into place once complete: the load runs without a journal, so a
    build that fails or is stopped must not leave a half-built database under the name asked
    for. `kwargs` are `generate`'s.

    Raises:
        ValidationError: `path` exists already (generate into it with `generate`).
    """
    from pathlib import Path

    target = Path(path)
    if target.exists():
        raise ValidationError("err.gen_exists", path=str(target))
    part = target.with_name(f".{target.name}.part")

    def remove_part() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{part}{suffix}").unlink(missing_ok=True)

    remove_part()
    try:
        db = Database(part)
        try:
            stats = generate(db, **kwargs)
        finally:
            db.dispose()
        os.replace(part, target)
    finally:
        remove_part()
    return stats
