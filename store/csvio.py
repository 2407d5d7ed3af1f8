"""CSV that opens correctly in Excel and comes back exactly on import.

Writing: UTF-8 with a BOM (Excel on Windows reads BOM-less UTF-8 as the ANSI code page and
mangles every Vietnamese letter), CRLF line ends, dates dd/mm/yyyy, minimal quoting (the csv
module quotes any cell holding the delimiter, a quote or a line break, and doubles quotes).
The delimiter is `,` unless asked otherwise: Excel splits a double-clicked file by the
Windows list separator, `;` under Vietnamese regional settings, so a clerk there picks `;`
(never a `sep=` first line: with it Excel ignores the BOM).
Files are written to a temporary file in the target directory and renamed at the end, so a
failed export never leaves half a file behind.

Reading: the bytes are decoded strictly (UTF-8 with or without BOM, UTF-16 with a BOM as
Excel's "Unicode text", else Windows-1258 or Windows-1252 by a small heuristic), normalised
to NFC, and the delimiter is chosen among `,` `;` and tab by which one makes the header row
match the most known column headings (Excel in a Vietnamese locale saves with `;`).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from store.errors import OutputError

# A cell Excel, LibreOffice or Google Sheets would evaluate as a formula starts with one of
# these (OWASP "CSV injection"; ASVS 1.2.10 adds NUL). Such a cell gets a leading apostrophe,
# which spreadsheets take as "this is text" and do not show. The full-width forms are a cheap
# defence in depth. A cell that already starts with the apostrophe is escaped too, so that
# `restore` undoes exactly what `neutralise` did and import gives back every value unchanged
# (a text "-5" is exported as "'-5" and restored; numbers dondoc exports are never negative).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
ESCAPE = "'"

DELIMITERS = (",", ";", "\t")
COMMA = ","
"""The delimiter written unless asked otherwise (the standard, and Excel's under English settings)."""


def check_delimiter(delimiter: str) -> str:
    """`delimiter`, if it is one a file may be written with (DELIMITERS), else ValueError."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS!r}, not {delimiter!r}")
    return delimiter


def neutralise(value: str) -> str:
    """Make a text cell inert in a spreadsheet (see FORMULA_START)."""
    if value.startswith(FORMULA_START) or value.startswith(ESCAPE):
        return ESCAPE + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise`: drop one leading apostrophe."""
    return value[1:] if value.startswith(ESCAPE) else value


_NEUTRALISE = (*FORMULA_START, ESCAPE)
# Every prefix is one character: "starts with one of them" is "first character in a set".
assert all(len(p) == 1 for p in _NEUTRALISE)
_RISKY_FIRST = frozenset(_NEUTRALISE)


def cell(value: Any) -> str:
    """One value as a CSV cell: dates dd/mm/yyyy, lists joined with '; ', text neutralised."""
    if type(value) is str:  # most cells: `neutralise` inlined (exports write millions of them)
        return ESCAPE + value if value.startswith(_NEUTRALISE) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return neutralise(str(value))
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))


def field(text: str, delimiter: str = COMMA) -> str:
    """A cell's text as the csv module writes it in a row of this dialect (QUOTE_MINIMAL,
    `delimiter` and CRLF): quoted, quotes doubled, when it holds the delimiter, a quote or a
    line break."""
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def text_fields(values: Iterable[str | None], delimiter: str = COMMA) -> list[str]:
    """A column of text values (None for none) as `field(cell(value), delimiter)` gives
    them, in bulk."""
    d = delimiter
    cells = [(ESCAPE + v if v[:1] in _RISKY_FIRST else v) if v else "" for v in values]
    return [
        '"' + v.replace('"', '""') + '"' if d in v or '"' in v or "\n" in v or "\r" in v else v
        for v in cells
    ]


class _Writer:
    def __init__(self, stream: TextIO, bom: bool, delimiter: str = COMMA) -> None:
        self.delimiter = check_delimiter(delimiter)
        """Between the cells of a row: what `field`/`text_fields` must be given for
        `writefields` and `writetexts`."""
        if bom:
            stream.write("\ufeff")
        self._stream = stream
        self._w = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def writerow(self, row: Any) -> None:
        self._w.writerow([cell(v) for v in row])

    def writefields(self, columns: Sequence[Sequence[str]]) -> None:
        """Write rows given column by column, each cell a finished field (`field`,
        `text_fields`): the bytes `writerow` writes for the same values, without the csv
        module's per-character work (a third of a 500,000-row export, #8)."""
        if len(columns) < 2:  # the csv module quotes a lone empty field: not worth mirroring
            raise ValueError("writefields needs two columns or more")
        if columns[0]:
            self._stream.write("\r\n".join(map(self.delimiter.join, zip(*columns))) + "\r\n")

    def writetexts(self, texts: Iterable[str]) -> None:
        """Write rows already formatted as `writefields` formats them, each ending "\r\n"
        (store.export.write_deadlines, whose rows are formatted before they are sorted)."""
        self._stream.writelines(texts)


def writer_for(stream: TextIO, *, bom: bool = True, delimiter: str = COMMA) -> _Writer:
    """A writer of Excel-safe rows on an open text stream (opened with newline=""), its
    cells separated by `delimiter` (one of DELIMITERS)."""
    return _Writer(stream, bom, delimiter)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def output_error(exc: OSError, path: Path, *, folder: bool = False) -> OutputError:
    """What an OSError writing `path` (a file, or with `folder` a folder) means to a clerk:
    a folder missing or not writable, a file locked (Excel holds it open on Windows) or read
    only, a full disk; each names the path at fault."""
    where = path if folder else path.parent
    if isinstance(exc, FileNotFoundError):
        missing = where
        while not missing.parent.exists() and missing.parent != missing:
            missing = missing.parent  # the first folder on the way that is not there
        return OutputError("err.out.no_dir", field="path", path=str(missing if folder else where))
    if isinstance(exc, NotADirectoryError):
        return OutputError("err.out.not_dir", field="path", path=str(_first_file(where)))
    if isinstance(exc, IsADirectoryError) and not folder:
        return OutputError("err.out.is_dir", field="path", path=str(path))
    if isinstance(exc, FileExistsError) and folder:
        return OutputError("err.out.not_dir", field="path", path=str(path))
    if isinstance(exc, PermissionError):
        if not folder and path.exists() and os.access(where, os.W_OK | os.X_OK):
            return OutputError("err.out.locked", field="path", path=str(path))
        while not where.exists() and where.parent != where:
            where = where.parent  # (a folder to make: the one it was to be made in)
        return OutputError("err.out.not_writable", field="path", path=str(where))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError("err.out.full", field="path", path=str(where))
    if exc.errno == errno.EROFS:
        return OutputError("err.out.not_writable", field="path", path=str(where))
    return OutputError("err.out.failed", field="path", path=str(path), reason=exc.strerror or str(exc))


def _first_file(path: Path) -> Path:
    """The first part of `path` that is a file where a folder was expected."""
    for part in reversed([path, *path.parents]):
        if part.exists() and not part.is_dir():
            return part
    return path


@contextmanager
def atomic_csv(path: str | os.PathLike[str], *, bom: bool = True, delimiter: str = COMMA) -> Iterator[_Writer]:
    """Write a CSV file all or nothing (cells separated by `delimiter`): a temp file next to
    `path`, renamed on success.

    The temp file is in the target directory so that the rename is atomic (same file
    system); on any exception it is removed and `path` is left as it was. A file that
    cannot be written (see `output_error`) raises OutputError.
    """
    target = Path(path)
    check_delimiter(delimiter)  # (before a temporary file is made)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise output_error(exc, target) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield writer_for(stream, bom=bom, delimiter=delimiter)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise output_error(exc, target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- reading ---------------------------------------------------------------------------------


class CsvFileError(Exception):
    """The file cannot be read as CSV at all; `key`/`params` name the catalogue message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# Letters only Windows-1258 gives (ă đ ơ ư and the combining tone marks it uses): a file
# decoded as 1258 that holds none of them was Western text, i.e. Windows-1252.
_CP1258_SIGNS = re.compile("[ĂăĐđƠơƯư\u0300\u0301\u0303\u0309\u0323]")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Bytes to NFC text and the encoding used; raises CsvFileError for binary data."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvFileError("csv.err.spreadsheet")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise CsvFileError("csv.err.encoding_unknown", encoding=encoding) from None
        except UnicodeDecodeError as exc:
            raise CsvFileError("csv.err.encoding_wrong", encoding=encoding, offset=exc.start) from None
        used = encoding
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, used = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise CsvFileError("csv.err.binary") from None
    else:
        try:
            text, used = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise CsvFileError("csv.err.binary") from None
            candidates: dict[str, str] = {}
            for name in ("cp1258", "cp1252"):
                try:
                    candidates[name] = data.decode(name)
                except UnicodeDecodeError:
                    pass
            if not candidates:
                raise CsvFileError("csv.err.encoding_guess") from None
            if "cp1258" in candidates and (
                "cp1252" not in candidates or _CP1258_SIGNS.search(candidates["cp1258"])
            ):
                used = "cp1258"
            else:
                used = "cp1252"
            text = candidates[used]
    text = text.lstrip("\ufeff")
    if "\x00" in text or _looks_binary(text):
        raise CsvFileError("csv.err.binary")
    # Windows-1258 writes tones as combining marks after the letter; NFC composes them.
    return unicodedata.normalize("NFC", text), used


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 50)


@dataclass(frozen=True)
class Table:
    """A parsed CSV: its records as Excel numbers them (1-based), and the delimiter."""

    records: list[tuple[int, list[str]]]
    delimiter: str
    encoding: str


def parse(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Records with their row number as Excel shows it (a record with line breaks is one row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    return [(n, row) for n, row in enumerate(reader, start=1)]


def read_table(
    data: bytes,
    score: Callable[[list[str]], int],
    *,
    encoding: str | None = None,
) -> Table:
    """Decode and split a CSV file, choosing the delimiter whose header scores best.

    `score(cells)` says how many cells of a candidate header row are known headings.
    """
    if not data.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise CsvFileError("csv.err.empty")
    text, used = decode(data, encoding)
    if not text.strip():
        raise CsvFileError("csv.err.empty")
    best: tuple[int, str] | None = None
    for delim in DELIMITERS:
        try:
            records = parse(text[:65536], delim)[:15]
        except csv.Error:
            continue
        top = max((score(row) for _, row in records), default=0)
        if best is None or top > best[0]:
            best = (top, delim)
    if best is None or best[0] == 0:
        raise CsvFileError("csv.err.no_header")
    try:
        records = parse(text, best[1])
    except csv.Error as exc:
        raise CsvFileError("csv.err.malformed", reason=str(exc)) from None
    return Table(records=records, delimiter=best[1], encoding=used)
