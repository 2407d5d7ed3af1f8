"""Numbers and symbols of Vietnamese administrative documents ("số, ký hiệu").

Two families are in use:

* party style: ``09-CT/TU``, ``2687-CV/TU``, ``238-QĐ/TW``, ``13 - BS/VPĐU`` —
  number, hyphen, type code, slash, issuer code;
* state style: ``353/LĐLĐ`` (official letters carry no type part), ``05/CT-TTg``,
  ``71/2016/NĐ-CP``, ``96/2019/QH14``, ``05/2016/TTLT-BTP-BCA-BTC-TANDTC-VKSNDTC`` —
  number, slash, optional year, slash, then ``TYPE-ISSUER`` or only the issuer.

The texts come from OCR, so the patterns accept spaces around ``-`` and ``/``, the various
dashes, and the Icelandic ``Ð`` that OCR engines produce for ``Đ``. Pure functions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from store.text import clean, fold, number_key
from store.vocab import DOC_TYPES

__all__ = ["Symbol", "SYMBOL_RE", "find_symbols", "parse_symbol", "canonical_symbol", "TYPE_CODES"]

# Type codes that may open the part after the slash in state style ("CT-TTg", "QĐ-UBND").
# DOC_TYPES covers the common ones; the rest are real codes from Decree 30/2020 (Tờ trình,
# Chương trình, Đề án, Giấy mời, Công điện...) so that "TTr-UBND" is not read as an issuer.
TYPE_CODES: frozenset[str] = frozenset(DOC_TYPES) | {
    "TTr", "CTr", "ĐA", "GM", "CĐ", "PL", "BB", "QyĐ", "QĐi", "HĐ", "GUQ", "GGT", "PC", "TC",
}
_TYPE_CODES_UPPER = {code.upper(): code for code in TYPE_CODES}

# A code word: a letter then letters/digits ("TU", "LĐLĐ", "QH14", "TTg", "VKSNDTC").
# Codes are ASCII plus Đ: a Vietnamese word with tone marks ("Thủ", "Các") is never a code,
# which stops "05/CT-TTg - Thủ tướng" from swallowing the next word. Bounded length keeps
# the repetition cheap.
_CODE = r"[A-Za-zĐđÐð][A-Za-zĐđÐð0-9]{0,14}"
_DASH = r"[-‐‑‒–—]"
_SLASH = r"[/∕⁄]"

# The number may carry OCR confusions (O for 0) only when parse_symbol is given a field on
# its own; in running text we insist on real digits to avoid false hits.
SYMBOL_RE = re.compile(
    rf"""
    (?<![\w./,])                                  # not glued to a previous figure
    (?P<number>\d{{1,5}}[a-z]?)
    (?:
        [ \t]*{_DASH}[ \t]*(?P<ptype>[A-Za-zĐđÐð]{{1,6}})  # party style: 09-CT/TU
        [ \t]*{_SLASH}[ \t]*
        (?P<pissuer>{_CODE}(?:[ \t]?{_DASH}[ \t]?{_CODE}){{0,6}})
      |
        [ \t]*{_SLASH}[ \t]*                     # state style: 05/CT-TTg, 71/2016/NĐ-CP
        (?:(?P<year>(?:19|20)\d{{2}})[ \t]*{_SLASH}[ \t]*)?
        (?P<sparts>{_CODE}(?:[ \t]?{_DASH}[ \t]?{_CODE}){{0,7}})
    )
    (?![\w/])
    """,
    re.VERBOSE,
)

_SPACES_AROUND = re.compile(rf"\s*({_DASH}|{_SLASH})\s*")
_LEADING_SO = re.compile(r"^\s*(?:s[oóôố6][\s.:]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Symbol:
    """A parsed number/symbol.

    Attributes:
        as_written: the symbol cleaned, with canonical spacing (``13-BS/VPĐU``).
        number: the number part as written, leading zeros kept (``09``).
        type_code: the document type code (``CT``, ``QĐ``, ``TTLT``) or None when the
            symbol has no type part (``353/LĐLĐ``, ``96/2019/QH14``).
        issuer_code: the issuer part (``TU``, ``TTg``, ``BTP-BCA-BTC-TANDTC-VKSNDTC``).
        year: the year when the symbol contains one (state style ``71/2016/NĐ-CP``).
        key: normalised key for comparisons (`store.text.number_key`).
    """

    as_written: str
    number: str
    type_code: str | None
    issuer_code: str
    year: int | None
    key: str

    @property
    def style(self) -> str:
        """``"party"`` for ``09-CT/TU``, ``"state"`` for ``05/CT-TTg`` and ``353/LĐLĐ``."""
        return "party" if "-" in self.as_written.split("/", 1)[0] else "state"


def _normalise_chars(text: str) -> str:
    # OCR engines emit the Icelandic eth for the Vietnamese đ; dashes come in many widths.
    text = text.replace("Ð", "Đ").replace("ð", "đ")
    text = re.sub(_DASH, "-", text)
    return re.sub(_SLASH, "/", text)


def canonical_symbol(text: str) -> str:
    """Canonical spacing: ``13 - BS/ VPĐU`` becomes ``13-BS/VPĐU``."""
    text = _normalise_chars(clean(text)).strip()
    return _SPACES_AROUND.sub(lambda m: m.group(1), text)


def known_type_code(code: str | None) -> str | None:
    """The vocabulary spelling of a type code (``qđ`` -> ``QĐ``), or None if unknown."""
    if not code:
        return None
    return _TYPE_CODES_UPPER.get(_normalise_chars(code).upper())


def _from_match(match: re.Match[str]) -> Symbol:
    number = match.group("number")
    year: int | None = None
    if match.group("ptype"):
        raw_type = _normalise_chars(match.group("ptype"))
        type_code: str | None = known_type_code(raw_type) or raw_type
        issuer = canonical_symbol(match.group("pissuer"))
    else:
        if match.group("year"):
            year = int(match.group("year"))
        parts = canonical_symbol(match.group("sparts")).split("-")
        type_code = known_type_code(parts[0]) if len(parts) > 1 else None
        issuer = "-".join(parts[1:]) if type_code else "-".join(parts)
    as_written = canonical_symbol(match.group(0))
    return Symbol(
        as_written=as_written,
        number=number,
        type_code=type_code,
        issuer_code=issuer,
        year=year,
        key=number_key(as_written) or as_written.lower(),
    )


def find_symbols(text: str) -> Iterator[tuple[Symbol, int, int]]:
    """Yield every symbol in running text with its start and end offsets in `text`.

    Dates (``25/8/2021``), figures (``18.440/21.665``) and ratios (``32/59``) are not
    symbols: the part after the slash must start with a letter.
    """
    for match in SYMBOL_RE.finditer(text):
        yield _from_match(match), match.start(), match.end()


def parse_symbol(text: str | None) -> Symbol | None:
    """Parse a number/symbol field such as ``Số: 353/LĐLĐ`` or ``13 - BS/VPĐU``.

    A leading ``Số``/``Số:`` is dropped; in the number part ``O``/``o`` read as ``0`` and
    ``l``/``I`` as ``1`` (classic OCR confusions), which is only safe because the caller
    hands over a field, not running text.

    Returns:
        The first symbol found, or None when the text holds none.
    """
    if not text:
        return None
    text = clean(text)
    if len(text) > 2000:  # a field, not a page: never scan a whole document here
        text = text[:2000]
    body = _LEADING_SO.sub("", text, count=1) if fold(text[:3]).startswith("so") else text

    def fix_number(m: re.Match[str]) -> str:
        return m.group(0).translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"}))

    body = re.sub(r"^\s*[0-9OolI]*\d[0-9OolI]*(?=\s*[-‐‑‒–—/])", fix_number, body)
    for symbol, _start, _end in find_symbols(body):
        return symbol
    return None
