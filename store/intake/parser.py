"""The intake parser: pasted text -> documents with their header, links and assignments.

The rules follow how Vietnamese administrative documents are laid out (Decree 30/2020 for
state bodies, Guidance 36-HD/VPTW for party bodies), as they survive OCR:

1. *Segmentation.* A document ends with its signature (a title block "TM. ...", "KT. ..."
   and a person's name, usually near "Nơi nhận:"). When more header material follows the
   signer (a "Số ..." line, a type heading, a place-and-date line), a new document starts.
2. *Header.* Capital lines at the top are the issuer (the lower one; the upper one is its
   superior body); the national/party motto is skipped; "Số ..." gives the number; "Place,
   ngày D tháng M năm Y" the place and date; a heading ("CHỈ THỊ", "KẾ HOẠCH", "SAO Y")
   the type, with the subject on the line(s) under it; "V/v ..." is a letter's subject;
   "Kính gửi:" lists addressees; "CÔNG VĂN ĐẾN" is the receiving office's stamp.
3. *Closing.* From the end backwards: the signer's name, the signature title lines, noise
   left by stamps, and the "Nơi nhận:" list.
4. *Body.* Lines are reflowed into paragraphs (OCR page breaks cut sentences), footnotes are
   set aside, numbered sections become a tree (I. / 1. / 4.1. / a)), and leaf sections of
   the task parts become assignments.

Nothing here touches a database or the UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from store.intake.agencies import (
    AgencyMatcher,
    colon_agencies,
    first_verb,
    agency_phrase_at,
    split_agencies,
    starts_like_agency,
    sentence_subject,
    support_phrases,
)
from store.intake.deadline_phrases import deadline_finder
from store.intake.model import (
    NO_DOCUMENT_MESSAGE,
    Assignment,
    DocumentLink,
    IntakeResult,
    KnownAgency,
    ParsedDocument,
    Reference,
)
from store.intake.references import (
    Mention,
    find_mentions,
    merge_reference,
    relation_in_paragraph,
    relation_in_subject,
)
from store.intake.textutil import (
    FOOTNOTE_MARK_RE,
    Line,
    find_any_date,
    find_word_date,
    fold_keep,
    impossible_dates,
    is_upper_line,
    make_date,
    split_lines,
    title_case_words,
)
from store.i18n import t
from store.numbering import Symbol, parse_symbol
from store.text import clean, fold, number_key
from store.vocab import DOC_TYPES, LinkRelation

# Type headings (folded, letters only) -> (code, name as shown).
HEADINGS: dict[str, tuple[str, str]] = {
    "chi thi": ("CT", "Chỉ thị"),
    "ke hoach": ("KH", "Kế hoạch"),
    "quyet dinh": ("QĐ", "Quyết định"),
    "quy dinh": ("QĐ", "Quy định"),
    "thong bao": ("TB", "Thông báo"),
    "bao cao": ("BC", "Báo cáo"),
    "huong dan": ("HD", "Hướng dẫn"),
    "nghi quyet": ("NQ", "Nghị quyết"),
    "ket luan": ("KL", "Kết luận"),
    "quy che": ("QC", "Quy chế"),
    "cong van": ("CV", "Công văn"),
    "thong tu": ("TT", "Thông tư"),
    "thong tu lien tich": ("TTLT", "Thông tư liên tịch"),
    "nghi dinh": ("NĐ", "Nghị định"),
    "luat": ("L", "Luật"),
    "sao y": ("BS", "Bản sao"),
    "sao y ban chinh": ("BS", "Bản sao"),
    "ban sao": ("BS", "Bản sao"),
    "trich sao": ("BS", "Bản sao"),
    "sao luc": ("BS", "Bản sao"),
    "to trinh": ("K", "Tờ trình"),
    "chuong trinh": ("K", "Chương trình"),
    "giay moi": ("K", "Giấy mời"),
    "de an": ("K", "Đề án"),
    "cong dien": ("K", "Công điện"),
    "thong tri": ("K", "Thông tri"),
}

_MOTTO_KEYS = ("cong hoa xa hoi chu nghia", "dang cong san viet nam")
_SO_LINE_RE = re.compile(r"^\W{0,3}s[o6]\s*[:.]?\s*(?=[\dOo.…_/ ]|$)")
_VV_RE = re.compile(r"^\W{0,3}v\s*/\s*v\b")
_KINH_GUI_RE = re.compile(r"^\W{0,3}kinh\s+gui\b")
_NOI_NHAN_RE = re.compile(r"^\W{0,3}noi\s+nhan\b")
_INCOMING_RE = re.compile(r"(?:cong\s+van|van\s+ban)\s+den\b|^\W*den\W*$")
_SIG_PREFIX_RE = re.compile(r"^\W{0,2}(?:t\s*/\s*m|t\.?\s*m|k\s*/\s*t|k\.?\s*t|t\s*/\s*l|t\.?\s*l|tuq|q\s*/|q\.|ktl|thua\s+lenh|thua\s+uy\s+quyen)[\s./]")
_TITLE_WORDS = (
    "chu tich", "bi thu", "giam doc", "chanh van phong", "truong ban", "cuc truong", "truong phong",
    "vien truong", "chanh an", "bo truong", "thu truong", "thu tuong", "chu nhiem", "tong cuc truong",
    "chi cuc truong", "thu truong", "truong", "tong bien tap", "uy vien",
)
_SEPARATOR_RE = re.compile(r"^[\W_]*$")
_NOT_NAMES = {"Như", "Lưu", "Nơi", "Kính", "Các", "Số", "Ngày", "Sign", "Trang", "Văn"}
_LEVEL_WORDS = ("huyen ", "tinh ", "xa ", "phuong ", "quan ", "thi xa ", "thi tran ", "thanh pho ")
_PARTY_COMMITTEE = ("huyen uy", "tinh uy", "thanh uy", "quan uy", "thi uy")
_GENERIC_UNITS = {"van phong", "thuong truc", "ban thuong vu", "ban chap hanh"}
_BODY_OPENERS = re.compile(r"^(?:can cu|thuc hien|de |qua |trien khai|nham |theo |xet |tiep tuc)")

_ROMAN_RE = re.compile(r"^([IVXl]{1,5})\s*[.\-–:)]\s*(?=\S)")
_ARABIC_RE = re.compile(r"^(\d{1,2}(?:\s?\.\s?\d{1,2}(?!\d)){0,3})(?!\d)\s*([.):,]?)\s*(?=[^\W\d_]|[\"“(])")
# "Điều 1." / "ĐIỀU 2:" — the articles of a decision (Quyết định), matched on folded text.
_ARTICLE_RE = re.compile(r"^dieu\s+(\d{1,3})\s*[.:]\s*(?=\S)")
_LETTER_RE = re.compile(r"^\(?([a-hk-nđ])\s*[).]\s+(?=\S)")
_BULLET_RE = re.compile(r"^[-–•+]\s*(?=\S)")
_LABEL_RE = re.compile(
    r"^[-–•+]?\s*(?:(?:co\s+quan|don\s+vi)(?:\s*,\s*doi\s+tuong)?\s+)?"
    r"(?P<role>chu\s+tri|thuc\s+hien|phoi\s+hop|tham\s+muu)\s*:\s*"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}

# Roman sections whose heading says purposes, viewpoints or money hold no assignments.
_TASK_PARTS = ("nhiem vu", "giai phap", "to chuc thuc hien", "phan cong", "trach nhiem")
_NON_TASK_PARTS = (
    "muc dich", "yeu cau", "kinh phi", "muc tieu", "quan diem", "ket qua", "tinh hinh",
    "danh gia", "can cu", "pham vi", "doi tuong", "tien do", "chi tieu",
)
_CLOSING_TASK_RE = re.compile(
    r"^(?:giao\s|[^,.;:]{3,80}?\s(?:giao|de\s+nghi)\s).*\b(?:theo\s+doi|don\s+doc|bao\s+cao)\b"
)

_THIS_DOCUMENT_RE = re.compile(
    r"\b(?:chi\s+thi|cong\s+van|ke\s+hoach|quyet\s+dinh|thong\s+bao|huong\s+dan|nghi\s+quyet|ket\s+luan|van\s+ban)\s+nay\b"
)
_NEWS_RE = re.compile(
    r"(?:ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})|ngay\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}))"
    r"\s*,\s*(?P<who>[^.;:]{3,120}?)\s+(?:da\s+|vua\s+)?ban\s+hanh\s+"
)


# --------------------------------------------------------------------------- line kinds


def _letters_key(line: Line) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", line.folded).split())


def is_motto(line: Line) -> bool:
    f = line.folded
    return any(k in f for k in _MOTTO_KEYS) or ("doc lap" in f and "hanh phuc" in f)


def so_line(line: Line) -> tuple[bool, Symbol | None]:
    """("Số: 353/LĐLĐ" -> True, symbol); a blank "Số:   /QĐ-UBND" gives (True, None)."""
    if len(line.text) > 70 or not _SO_LINE_RE.match(line.folded):
        return False, None
    if line.text.lstrip(" -*")[:1] == "s":  # "số 09-CT/TU, ngày ..." continues a sentence
        return False, None
    symbol = parse_symbol(line.text)
    if symbol is not None:
        # The line is the number field, not a sentence that starts with "Số".
        tail = line.text[line.text.find(symbol.as_written.split("/")[-1][-2:]) + 2:] if symbol else ""
        if len(tail.strip(" .*")) > 3:
            return False, None
        return True, symbol
    # An unnumbered draft: "Số:      /KH-UBND".
    if re.match(r"^\W{0,3}so\s*[:.]?\s*[._…\s]*/\s*\w", line.folded):
        return True, None
    return False, None


def place_date(line: Line) -> tuple[str | None, date, int, int] | None:
    """"Tây Ninh, ngày 25 tháng 8 năm 2021" -> (place, date, span in line.text)."""
    if len(line.text) > 110:
        return None
    found = find_word_date(line.folded)
    if not found:
        return None
    value, start, end = found
    before = line.text[:start].strip(" ,*")
    after = line.text[end:].strip(" .,*")
    if len(after) > 3:
        return None
    if before:
        if re.search(r"\d", before) or len(before.split()) > 8:
            return None
        if is_upper_line(before) and len(before.split()) > 3:
            return None
    return (before or None), value, start, end


def heading_type(line: Line) -> tuple[str, str] | None:
    """A type heading line ("CHỈ THỊ", "KẾ HOẠCH", "SAO Y BẢN CHÍNH")."""
    if len(line.text) > 40 or not is_upper_line(line.text):
        return None
    return HEADINGS.get(_letters_key(line))


def is_vv(line: Line) -> bool:
    return bool(_VV_RE.match(line.folded))


def is_sig_title(line: Line) -> bool:
    if _SIG_PREFIX_RE.match(line.folded) and len(line.text) <= 80:
        return True
    if re.search(r"\d", line.text) or len(line.text.split()) > 9 or not is_upper_line(line.text, 0.7):
        return False
    key = _letters_key(line)
    return any(word in key for word in _TITLE_WORDS)


def is_name(line: Line) -> bool:
    words = line.text.split()
    return bool(words) and title_case_words(line.text) and words[0] not in _NOT_NAMES


def is_item(line: Line) -> bool:
    return bool(_BULLET_RE.match(line.text))


def section_label(text: str) -> tuple[str, str, int] | None:
    """Numbering at the start of a paragraph: (kind, label, length of the prefix)."""
    m = _ARTICLE_RE.match(fold_keep(text[:16]).lower())
    if m:
        return "article", f"{text[:m.start(1)].split()[0].capitalize()} {int(m.group(1))}", m.end()
    m = _ROMAN_RE.match(text)
    if m:
        label = m.group(1).replace("l", "I")
        if _roman_value(label):
            return "roman", label, m.end()
    m = _ARABIC_RE.match(text)
    if m:
        label = re.sub(r"\s", "", m.group(1)).rstrip(".")
        sep = m.group(2)
        if "." in label or sep in (".", ")") or (sep in (",", ":") and text[m.end():m.end() + 1].isupper()):
            return "arabic", label, m.end()
    m = _LETTER_RE.match(text)
    if m:
        return "letter", m.group(1), m.end()
    return None


def _roman_value(label: str) -> int | None:
    if not re.fullmatch(r"X{0,2}(?:IX|IV|V?I{0,3})", label) or not label:
        return None
    total, prev = 0, 0
    for ch in reversed(label):
        value = _ROMAN_VALUES[ch]
        total += -value if value < prev else value
        prev = max(prev, value)
    return total


# --------------------------------------------------------------------------- paragraphs


@dataclass
class Para:
    """A reflowed paragraph with a map back to source offsets."""

    text: str
    cmap: list[int]
    first_line: int
    marks: set[str] = field(default_factory=set)  # footnote numbers referenced
    footnote: str | None = None  # its own number when this paragraph is a footnote
    soft_start: bool = False
    """The line before it ended a sentence at the wrap width, without a blank line: this
    paragraph may be the same one going on."""

    def src(self, i: int) -> int:
        if not self.cmap:
            return 0
        if i >= len(self.cmap):
            return self.cmap[-1] + 1
        return self.cmap[max(i, 0)]

    @property
    def span(self) -> tuple[int, int]:
        return (self.src(0), self.src(len(self.text)))


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.;:!?…]\W{0,3}$", text))


def _is_label_line(text: str) -> bool:
    return bool(_LABEL_RE.match(fold_keep(text).lower()))


_WRAP_SAMPLE = 6
"""Fewer body lines than this say nothing about a wrap width."""
_MIN_WRAP = 40
_FULL_LINE = 0.75
"""A line at least this share of the wrap width was cut by the wrap, not by its author."""


def wrap_width(lines: Sequence[Line]) -> int | None:
    """The width a PDF or Word export wrapped the text at, or None when it was not wrapped.

    Text copied from a PDF (or a Word file saved as text) has hard line breaks in the middle
    of sentences, at about the same width; the longest lines show that width. A text pasted
    from an editor keeps one line per paragraph, and its longest lines are whole paragraphs:
    the width is then so large that no short line (a title) reaches it.
    """
    lengths = sorted(len(line.text) for line in lines if line.text)
    if len(lengths) < _WRAP_SAMPLE:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1]
    return width if width >= _MIN_WRAP else None


def build_paragraphs(lines: Sequence[Line]) -> tuple[list[Para], list[Para]]:
    """Reflow body lines into paragraphs; return (paragraphs, footnotes)."""
    paras: list[Para] = []
    notes: list[Para] = []
    after_separator = False
    gap = False
    width = wrap_width(lines)
    full = False  # the previous line reached the wrap width
    open_note: Para | None = None  # a footnote whose last line was cut by the wrap
    for line in lines:
        text = line.text
        if not text:
            gap = True
            open_note = None
            continue
        if _SEPARATOR_RE.match(text):
            after_separator = len(text) >= 3
            gap = True
            continue
        if re.fullmatch(r"\d{1,3}|-\s*\d{1,3}\s*-|trang\s+\d+", line.folded):  # page numbers
            continue
        marks = set(FOOTNOTE_MARK_RE.findall(line.raw))
        mark_at_start = re.match(r"\s*(?:\*\*)?<sup>\s*(\d{1,3})\s*</sup>", line.raw)
        plain_note = re.match(r"(\d{1,2})\s+[^\W\d_]", text) if after_separator else None
        if plain_note and section_label(text):
            plain_note = None
        if mark_at_start or plain_note:
            number = (mark_at_start or plain_note).group(1)  # type: ignore[union-attr]
            notes.append(Para(text if not plain_note else text[len(number):].strip(), list(line.cmap), line.index, footnote=number))
            gap = True
            open_note = notes[-1] if width is not None and len(text) >= width * _FULL_LINE else None
            continue
        if open_note is not None:
            note, open_note = open_note, None
            if _continues(note.text, text, False, True):
                # The footnote goes on on the next line, not the body it interrupted.
                note.cmap.append(note.cmap[-1] + 1 if note.cmap else line.start)
                note.text += " " + text
                note.cmap.extend(line.cmap)
                if width is not None and len(text) >= width * _FULL_LINE:
                    open_note = note
                continue
        after_separator = False
        if paras and _continues(paras[-1].text, text, gap, full):
            prev = paras[-1]
            prev.cmap.append(prev.cmap[-1] + 1 if prev.cmap else line.start)
            prev.text += " " + text
            prev.cmap.extend(line.cmap)
            prev.marks |= marks
        else:
            paras.append(Para(text, list(line.cmap), line.index, marks, soft_start=full and not gap))
        gap = False
        full = width is not None and len(text) >= width * _FULL_LINE
    return paras, notes


# Words a subject line cannot end on: the next line, capital or not, is more of it.
_SUBJECT_JOINERS = {
    "cua", "va", "voi", "ve", "so", "tai", "theo", "cho", "doi", "cac", "nhung", "tren", "trong",
    "den", "tu", "ngay", "thang", "nam", "giao", "huong", "thuc", "hien", "khai",
}

_SENTENCE_OPENERS = re.compile(
    r"^(?:can\s+cu|thuc\s+hien|de|qua|trien\s+khai|nham|theo|xet|tiep\s+tuc|tuy\s+nhien|ngoai\s+ra"
    r"|dong\s+thoi|tren\s+co\s+so|viec|trong|thoi\s+gian|hang\s+nam|hang\s+quy|dinh\s+ky|nam|sau\s+khi"
    r"|ket\s+qua|nhin\s+chung|ben\s+canh|mot\s+so|cac|nhung|song|do\s+do|vi\s+vay|tu\s+nay)(?![^\W\d_])"
)


def _opens_sentence(text: str) -> bool:
    """Whether `text` starts like a new sentence: an opener or an action verb with a capital."""
    if not text[:1].isupper():
        return False
    if _SENTENCE_OPENERS.match(fold_keep(text).lower()):
        return True
    verb = first_verb(text[0].lower() + text[1:])
    return verb is not None and verb.start() == 0


def _continues(prev: str, nxt: str, gap: bool, full: bool = False) -> bool:
    """Whether `nxt` continues the sentence `prev` left open (page break or hard wrap).

    `full` says the last line of `prev` reached the text's wrap width: the line was cut
    there, so a capital at the start of `nxt` is a name going on ("phối hợp với / Cục Thi
    hành án dân sự tỉnh"), not a new paragraph.
    """
    if _is_label_line(nxt):
        return False
    bullet = _BULLET_RE.match(nxt)
    if bullet:
        # "các tổ chức chính trị" / "- xã hội tỉnh ...": a dash the wrap put first on a line.
        rest = nxt[bullet.end():]
        return full and not _ends_sentence(prev) and rest[:1].islower()
    if _ends_sentence(prev):
        # "Cơ quan thực hiện: Sở Tư pháp; các sở, ban, ngành có liên quan;" cut by the wrap
        # goes on with the rest of the list ("UBND các xã, phường.").
        # So does a clause after ";" that the wrap put on the next line.
        if not (full and prev.rstrip().endswith((";", ",")) and not section_label(nxt)
                and (_is_label_line(prev) or nxt[0].islower())):
            return False
        return True
    label = section_label(nxt)
    if label:
        return False
    if nxt[0].islower():
        return True
    if nxt[0].isdigit():
        return True  # "Thông tư liên tịch số" / "05/2016/TTLT-..." across a footnote block
    if gap or is_upper_line(prev):
        return False
    if full:
        last = prev.split()[-1]
        # A capital in mid-sentence belongs to a name; "Căn cứ", "Tăng cường", "Thời gian
        # qua" with a capital open a new sentence, unless a name was still going on ("Ban").
        return last[:1].isupper() or not _opens_sentence(nxt)
    if section_label(prev):
        return False
    # A hard-wrapped line with no blank before it: the previous line stopped mid-sentence.
    last_word = prev.split()[-1] if prev.split() else ""
    return last_word.islower() and len(prev) > 50


# --------------------------------------------------------------------------- sections


@dataclass
class Section:
    kind: str  # "root", "roman", "arabic", "letter"
    label: str
    level: int
    heading: str  # text after the label in the first paragraph
    paras: list[Para] = field(default_factory=list)  # first one is the heading paragraph
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = None

    def ref(self) -> str:
        parts: list[str] = []
        node: Section | None = self
        skip_arabic = False
        while node is not None and node.kind != "root":
            if not (skip_arabic and node.kind == "arabic"):
                parts.append(node.label)
            # "4.1" already says it is under "4": do not write "4.4.1".
            skip_arabic = skip_arabic or (node.kind == "arabic" and "." in node.label)
            node = node.parent
        return ".".join(reversed(parts))

    def is_title(self) -> bool:
        """A heading that is a title ("2. Sở Tư pháp"), not a sentence with a task."""
        h = self.heading.strip()
        return bool(h) and not _ends_sentence(h) and len(h.split()) <= 40 and (
            len(self.paras) > 1 or bool(self.children)
        )


_LETTER_ORDER = "abcdđeghiklmn"


def build_sections(paras: Sequence[Para]) -> Section:
    """Numbered paragraphs -> a section tree; unnumbered ones join the open section."""
    root = Section("root", "", -1, "")
    stack: list[Section] = [root]
    expected: dict[tuple[int, str], int] = {}
    for para in paras:
        label = section_label(para.text)
        node: Section | None = None
        if label:
            kind, value, length = label
            if kind in ("roman", "article"):
                level = 0
            elif kind == "arabic":
                level = value.count(".") + 1
            else:
                level = 5
            # Sequence check: numbers go on (1, 2, 3) or restart at 1; anything else is text.
            parent = stack[-1]
            while parent.level >= level:
                parent = parent.parent or root
            key = (id(parent), kind)
            number = _ordinal(kind, value)
            last = expected.get(key, 0)
            if number is not None and (number in (last + 1, last + 2) or number == 1 and last == 0):
                expected[key] = number
                node = Section(kind, value, level, para.text[length:].strip(), [para], parent=parent)
        if node is None:
            stack[-1].paras.append(para)
            continue
        while stack[-1].level >= node.level:
            stack.pop()
        stack[-1].children.append(node)
        node.parent = stack[-1]
        stack.append(node)
    return root


def _ordinal(kind: str, value: str) -> int | None:
    if kind == "roman":
        return _roman_value(value)
    if kind == "letter":
        return _LETTER_ORDER.index(value) + 1 if value in _LETTER_ORDER else None
    if kind == "article":
        return int(value.split()[-1])
    return int(value.split(".")[-1])


# --------------------------------------------------------------------------- the parser


@dataclass
class _Segment:
    start: int
    end: int


class _Parser:
    def __init__(self, text: str, known: Sequence[KnownAgency]) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.matcher = AgencyMatcher(known)
        self.find_deadlines = deadline_finder()

    # ---- segmentation

    def segments(self) -> list[_Segment]:
        lines = self.lines
        n = len(lines)
        cuts = [0]
        for idx, line in enumerate(lines):
            if idx < cuts[-1] or not is_name(line) or not self._closes(idx):
                continue
            j = idx + 1
            while j < n and (lines[j].blank or _SEPARATOR_RE.match(lines[j].text) or is_name(lines[j])):
                j += 1
            if j < n and _NOI_NHAN_RE.match(lines[j].folded):
                # The recipients list printed after the signature still belongs here.
                j += 1
                while j < n and (lines[j].blank or is_item(lines[j])):
                    j += 1
            if j < n and self._has_core(j, min(n, j + 30)):
                cuts.append(j)
        bounds = cuts + [n]
        return [_Segment(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]

    def _closes(self, idx: int) -> bool:
        """A name line closes a document when a signature block or recipients precede it."""
        k = idx - 1
        seen = 0
        while k >= 0 and seen < 25:
            line = self.lines[k]
            if line.blank:
                k -= 1
                continue
            seen += 1
            if is_sig_title(line) or _NOI_NHAN_RE.match(line.folded):
                return True
            if is_item(line) or len(line.text.split()) <= 4:
                k -= 1
                continue
            return False
        return False

    def _has_core(self, a: int, b: int) -> bool:
        for line in self.lines[a:b]:
            if line.blank:
                continue
            if so_line(line)[1] is not None or heading_type(line) or is_vv(line) or place_date(line):
                return True
        return False

    # ---- one document

    def parse_segment(self, seg: _Segment) -> ParsedDocument | None:
        doc = ParsedDocument(span=(self.lines[seg.start].start, self.lines[seg.end - 1].end))
        signals = self._header(doc, seg)
        header_end = signals.pop("_end")
        zone_start = self._closing(doc, seg, header_end)
        if doc.signer:
            signals["signer"] = 1
        if doc.recipients:
            signals["recipients"] = 1
        body_lines = self.lines[header_end:zone_start]
        paras, notes = build_paragraphs(body_lines)
        core = signals.get("number") or signals.get("heading") or signals.get("vv")
        if not (core and len(signals) >= 2):
            news_at = self._news_report(doc, paras)
            if news_at is None:
                return None
            paras = paras[news_at + 1 :]
        self._fill_type(doc)
        self._fill_issuer_from_body(doc, paras)
        self._references(doc, paras, notes)
        self._assignments(doc, paras, notes)
        return doc

    def _header(self, doc: ParsedDocument, seg: _Segment) -> dict[str, int]:
        lines = self.lines
        i = seg.start
        signals: dict[str, int] = {}
        issuer_lines: list[Line] = []
        seen_core = False
        while i < seg.end:
            line = lines[i]
            if line.blank or _SEPARATOR_RE.match(line.text):
                i += 1
                continue
            if is_motto(line):
                signals["motto"] = 1
                i += 1
                continue
            if _INCOMING_RE.search(line.folded) and len(line.text) < 40:
                i = self._incoming(doc, i, seg.end)
                # The receiving office's name sits right above "CÔNG VĂN ĐẾN".
                if issuer_lines and issuer_lines[-1].index >= line.index - 2 and not seen_core:
                    issuer_lines.pop()
                continue
            is_so, symbol = so_line(line)
            if is_so and "number" not in signals and not doc.number:
                signals["number"] = 1 if symbol else 0
                if not signals["number"]:
                    del signals["number"]
                    signals["so"] = 1
                if symbol:
                    doc.number = symbol.as_written
                    doc.field_spans["number"] = (line.start, line.end)
                    self._symbol = symbol
                seen_core = True
                i += 1
                continue
            pd = place_date(line)
            if pd and doc.issued is None:
                place, value, s, e = pd
                doc.place, doc.issued = place, value
                doc.field_spans["issued"] = (line.src(s), line.src(e))
                if place:
                    doc.field_spans["place"] = (line.src(0), line.src(len(place)))
                signals["date"] = 1
                seen_core = True
                i += 1
                continue
            heading = heading_type(line)
            if heading and "heading" not in signals:
                signals["heading"] = 1
                doc.type_code, doc.type_name = heading
                doc.field_spans["type"] = (line.start, line.end)
                seen_core = True
                i = self._subject_after_heading(doc, i + 1, seg.end)
                continue
            if is_vv(line) and doc.subject is None:
                signals["vv"] = 1
                seen_core = True
                i = self._subject_lines(doc, i, seg.end, max_lines=6)
                continue
            if _KINH_GUI_RE.match(line.folded):
                signals["kinh_gui"] = 1
                i = self._kinh_gui(doc, i, seg.end)
                continue
            if is_upper_line(line.text) and not re.search(r"\d", line.text) and len(line.text.split()) <= 14:
                if section_label(line.text):
                    break
                if not seen_core:
                    issuer_lines.append(line)
                # After the header core, capitals are a stamp office or an authority line
                # ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" above "Căn cứ ..."): not the issuer.
                i += 1
                continue
            if len(line.text) <= 3:  # stray OCR marks
                i += 1
                continue
            break
        if issuer_lines:
            signals["issuer"] = 1
            self._issuer_from_lines(doc, issuer_lines)
        signals["_end"] = i
        return signals

    def _issuer_from_lines(self, doc: ParsedDocument, issuer_lines: list[Line]) -> None:
        groups: list[tuple[str, int, int]] = []
        for line in issuer_lines:
            text = " ".join(w for w in line.text.split() if not w.islower())  # drop stamp noise
            folded = fold(text)
            continues = folded.startswith(_LEVEL_WORDS) and not folded.startswith(_PARTY_COMMITTEE)
            if groups and continues:
                prev, s, _ = groups[-1]
                groups[-1] = (f"{prev} {text}", s, line.end)
            else:
                groups.append((text, line.start, line.end))
        issuer, s, e = groups[-1]
        parent = groups[-2][0] if len(groups) > 1 else None
        if fold(issuer) in _GENERIC_UNITS and parent:
            issuer = f"{issuer} {parent}"
        doc.issuer = issuer.strip(" ,.*")
        doc.issuer_parent = parent
        doc.field_spans["issuer"] = (s, e)

    def _subject_after_heading(self, doc: ParsedDocument, i: int, end: int) -> int:
        j = i
        while j < end and self.lines[j].blank:
            j += 1
        first = self.lines[j] if j < end else None
        # The line under the heading is the subject ("Triển khai thực hiện Chỉ thị ...")
        # unless it is already the preamble: "Căn cứ ...;" or "..., UBND ban hành Kế hoạch như sau:".
        if first is None or self._is_anchor(first) or re.match(r"\W*(?:can\s+cu|xet)\b", first.folded) \
                or first.text.rstrip(" *").endswith((":", ";")):
            return i
        if section_label(self.lines[j].text) or _SEPARATOR_RE.match(self.lines[j].text):
            return i
        return self._subject_lines(doc, j, end, max_lines=4)

    def _subject_lines(self, doc: ParsedDocument, i: int, end: int, max_lines: int) -> int:
        parts: list[str] = []
        first = self.lines[i]
        last = first
        j = i
        while j < end and len(parts) < max_lines:
            line = self.lines[j]
            if line.blank or (parts and (self._is_anchor(line) or _BODY_OPENERS.match(line.folded))):
                break
            if parts and (is_upper_line(line.text) or _SEPARATOR_RE.match(line.text)):
                break
            if parts and self._body_starts(parts[-1], line.text):
                break
            parts.append(line.text)
            last = line
            j += 1
        subject = " ".join(" ".join(parts).split()).strip(" *")
        if subject:
            doc.subject = subject
            doc.field_spans["subject"] = (first.start, last.end)
        return j

    @staticmethod
    def _body_starts(prev: str, text: str) -> bool:
        """Whether `text`, right under a subject line `prev` with no blank line between, is
        the body rather than more of the subject.

        The body starts with a numbered item ("1. Ban Nội chính ..."), or after a sentence end,
        or with a capital that opens a sentence ("Thời gian qua, ...", "Ban Thường vụ Tỉnh ủy
        yêu cầu ...") where the subject line could have ended. A subject cut after "của" or a
        capitalised word ("... của Ban / Thường vụ Tỉnh ủy") goes on.
        """
        if section_label(text) or _BULLET_RE.match(text) or _is_label_line(text):
            return True
        if _ends_sentence(prev):
            return True
        if not text[:1].isupper():
            return False
        last = prev.split()[-1] if prev.split() else ""
        if last[:1].isupper() or fold(last) in _SUBJECT_JOINERS:
            return False
        if _opens_sentence(text):
            return True
        # "Ban Thường vụ Tỉnh ủy yêu cầu ..." is a body; "Tỉnh ủy về tăng cường ..." is the
        # subject going on (a body's subject is a name, without "về", "của").
        names = sentence_subject(text)
        return bool(names) and not any(re.search(r"\b(?:ve|cua|doi voi)\b", fold(n)) for n in names)

    def _is_anchor(self, line: Line) -> bool:
        return bool(
            so_line(line)[0] or place_date(line) or heading_type(line) or is_vv(line) or is_motto(line)
            or _KINH_GUI_RE.match(line.folded) or _INCOMING_RE.search(line.folded) and len(line.text) < 40
        )

    def _kinh_gui(self, doc: ParsedDocument, i: int, end: int) -> int:
        line = self.lines[i]
        after = re.sub(r"^\W*kính\s+gửi\W*", "", line.text, flags=re.IGNORECASE).strip()
        items = _split_items(after)
        j = i + 1
        while j < end and is_item(self.lines[j]) and not _NOI_NHAN_RE.match(self.lines[j].folded):
            items.extend(_split_items(self.lines[j].text))
            j += 1
        self._add_recipients(doc, items)
        doc.field_spans.setdefault("recipients", (line.start, self.lines[j - 1].end))
        return j

    def _add_recipients(self, doc: ParsedDocument, items: list[str]) -> None:
        seen = {fold(r) for r in doc.recipients}
        for item in items:
            item = item.strip(" .,;:-–*")
            key = fold(item)
            # "Như trên" / "Như Điều 3" point back at addressees; "Lưu: VT" is the archive copy.
            if not item or key.startswith(("nhu ", "luu")) or key == "nhu" or key in seen:
                continue
            seen.add(key)
            doc.recipients.append(item)

    def _incoming(self, doc: ParsedDocument, i: int, end: int) -> int:
        """The "CÔNG VĂN ĐẾN Số ... Ngày ... tháng ... năm ..." stamp."""
        j = i + 1
        chunk: list[Line] = [self.lines[i]]
        while j < end and len(chunk) < 3:
            line = self.lines[j]
            if line.blank:
                j += 1
                continue
            if re.search(r"\b(?:so|ngay)\b", line.folded) and len(line.text) < 120 and not place_date(line):
                chunk.append(line)
                j += 1
                continue
            break
        stamp = " ".join(fold(line.text) for line in chunk)
        noisy = bool(re.search(r"[.…]{2,}", stamp))
        flat = " ".join(re.sub(r"[.…,:]", " ", stamp).split())
        m = re.search(r"\bso\s+(\d{1,6})\b", flat)
        if m:
            doc.incoming_number = m.group(1)
        m = re.search(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{2,4})(?:\s+(\d{1,2}))?", flat)
        if m:
            year = m.group(3)
            if len(year) == 2 and m.group(4) and len(m.group(4)) == 2:
                year += m.group(4)  # "năm 20... 21" written in two strokes
            elif len(year) == 2:
                year = "20" + year
            doc.incoming_date = make_date(m.group(1), m.group(2), year)
        else:
            found = find_any_date(flat)
            if found:
                doc.incoming_date = found[0]
        if doc.incoming_number or doc.incoming_date:
            doc.field_spans["incoming"] = (chunk[0].start, chunk[-1].end)
            if noisy:
                doc.unsure |= {"incoming_number", "incoming_date"}
        return j

    def _closing(self, doc: ParsedDocument, seg: _Segment, header_end: int) -> int:
        lines = self.lines
        noi_nhan = None
        for k in range(seg.end - 1, header_end - 1, -1):
            if _NOI_NHAN_RE.match(lines[k].folded):
                noi_nhan = k
                break
        k = seg.end - 1
        zone = seg.end
        while k >= header_end:
            line = lines[k]
            ok = (
                line.blank
                or _SEPARATOR_RE.match(line.text)
                or is_sig_title(line)
                or is_name(line)
                or (noi_nhan is not None and k >= noi_nhan and (is_item(line) or k == noi_nhan))
                or (len(line.text.split()) <= 4 and not line.text.endswith(":") and not section_label(line.text)
                    and not _ends_sentence(line.text))
            )
            if not ok:
                break
            zone = k
            k -= 1
        if zone >= seg.end:
            return seg.end
        titles: list[str] = []
        title_lines: list[Line] = []
        signer: Line | None = None
        for line in lines[zone:seg.end]:
            if is_sig_title(line):
                words = [w for w in line.text.split() if not (w.isalpha() and w.islower())]
                titles.append(" ".join(words))
                title_lines.append(line)
            elif is_name(line):
                signer = line
        if titles:
            doc.signer_title = " / ".join(titles)
            doc.field_spans["signer_title"] = (title_lines[0].start, title_lines[-1].end)
        if signer is not None:
            doc.signer = signer.text
            doc.field_spans["signer"] = (signer.start, signer.end)
        if noi_nhan is not None and noi_nhan >= zone:
            items = [re.sub(r"^\W*nơi\s+nhận\W*", "", lines[noi_nhan].text, flags=re.IGNORECASE)]
            last = noi_nhan
            for line in lines[noi_nhan + 1 : seg.end]:
                if line.blank:
                    continue
                if not is_item(line):
                    if items and len(items) > 1:
                        break
                    continue
                items.append(line.text)
                last = line.index
            self._add_recipients(doc, [_strip_item(x) for x in items if x])
            doc.field_spans["recipients"] = (lines[noi_nhan].start, lines[last].end)
        return zone

    # ---- type, issuer

    def _fill_type(self, doc: ParsedDocument) -> None:
        symbol: Symbol | None = getattr(self, "_symbol", None)
        self._symbol = None
        if symbol is not None and doc.type_code is None and symbol.type_code in DOC_TYPES:
            doc.type_code = symbol.type_code
            doc.type_name = DOC_TYPES[symbol.type_code][0]
        if doc.type_code is None and (doc.subject or "").lower().startswith("v/v"):
            doc.type_code, doc.type_name = "CV", DOC_TYPES["CV"][0]
        if doc.type_code is None and symbol is not None and symbol.type_code is None:
            doc.type_code, doc.type_name = "CV", DOC_TYPES["CV"][0]
            doc.unsure.add("type_code")
        if doc.type_code is None:
            doc.unsure.add("type_code")
        if doc.type_name is None and doc.type_code:
            doc.type_name = DOC_TYPES.get(doc.type_code, ("Khác",))[0]

    def _fill_issuer_from_body(self, doc: ParsedDocument, paras: list[Para]) -> None:
        if doc.issuer:
            return
        for para in paras[:6]:
            folded = fold_keep(para.text).lower()
            for m in re.finditer(r"\s(?:yeu\s+cau|de\s+nghi|ban\s+hanh\s+(?:ke\s+hoach|chi\s+thi|quyet\s+dinh|huong\s+dan|cong\s+van|thong\s+bao))\b", folded):
                if self._issuer_before(doc, para, folded, m):
                    return

    def _issuer_before(self, doc: ParsedDocument, para: Para, folded: str, m: re.Match[str]) -> bool:
        """The body just before "yêu cầu"/"ban hành Kế hoạch" in an introduction, if any."""
        clause_start = max(folded.rfind(",", 0, m.start()), folded.rfind(";", 0, m.start()),
                           folded.rfind(". ", 0, m.start())) + 1
        who = para.text[clause_start : m.start()].strip()
        who = re.sub(r"\s*\([^)]{1,15}\)", "", who)  # "Ủy ban nhân dân (UBND) tỉnh ..."
        if not (starts_like_agency(who) and len(who.split()) <= 12):
            return False
        doc.issuer = who
        doc.unsure.add("issuer")
        doc.field_spans["issuer"] = (para.src(clause_start), para.src(m.start()))
        return True

    def _news_report(self, doc: ParsedDocument, paras: list[Para]) -> int | None:
        """A web page reporting a document: "Ngày ..., X đã ban hành Công văn số ... <subject>.".

        Returns the index of the reporting paragraph (the text after it is the body), or None.
        """
        for index, para in enumerate(paras):
            folded = fold_keep(para.text).lower()
            m = _NEWS_RE.search(folded)
            if not m:
                continue
            rest = para.text[m.end():]
            mentions = find_mentions(rest)
            if not mentions or mentions[0].start > 3:
                continue
            first = mentions[0]
            ref = first.reference
            g = m.groups()
            doc.issued = make_date(g[0] or g[3], g[1] or g[4], g[2] or g[5])
            doc.issuer = para.text[m.start("who"):m.end("who")].strip()
            doc.number = ref.number
            doc.type_code = ref.type
            doc.type_name = ref.type_name
            sym_end = m.end() + rest.find(ref.number or "") + len(ref.number or "")
            subject = re.split(r"\.(?:\s|$)", para.text[sym_end:].strip(" ,:"), maxsplit=1)[0].strip()
            subject = re.sub(r"^(?:về\s+việc|về|V/v)\s+", "", subject)
            doc.subject = subject or None
            doc.field_spans.update({"number": para.span, "issued": para.span, "issuer": para.span})
            doc.notes.append("Trích từ bài đưa tin về văn bản, không phải bản gốc: cần đối chiếu.")
            doc.unsure |= {"subject", "issuer"}
            return index
        return None

    # ---- references

    def _references(self, doc: ParsedDocument, paras: list[Para], notes: list[Para]) -> None:
        own = number_key(doc.number) if doc.number else None
        by_key: dict[str, Reference] = {}
        order: list[str] = []

        def add(mention: Mention, relation: str, span: tuple[int, int]) -> None:
            if own and mention.key == own:
                return
            ref = mention.reference
            ref.relation = relation
            ref.span = span
            key = mention.key
            if key in by_key and by_key[key].date and ref.date and by_key[key].date != ref.date:
                key = f"{key}@{ref.date.isoformat()}"  # same number, another date: another document
            if key in by_key:
                merge_reference(by_key[key], ref)
            else:
                by_key[key] = ref
                order.append(key)

        if doc.subject:
            # The subject was joined from its lines: point at the whole subject field.
            subject_span = doc.field_spans.get("subject", (0, 0))
            for mention in find_mentions(doc.subject):
                add(mention, relation_in_subject(doc.subject, mention), subject_span)
        for para in paras:
            for n, mention in enumerate(find_mentions(para.text)):
                relation = relation_in_paragraph(para.text, mention, n == 0)
                add(mention, relation, (para.src(mention.start), para.src(mention.end)))
        for note in notes:
            for mention in find_mentions(note.text):
                add(mention, LinkRelation.CITES.value, (note.src(mention.start), note.src(mention.end)))
        doc.references = [by_key[k] for k in order]

    # ---- assignments

    def _assignments(self, doc: ParsedDocument, paras: list[Para], notes: list[Para]) -> None:
        root = build_sections(paras)
        notes_by_mark = {n.footnote: n.text for n in notes if n.footnote}
        default_lead = self._default_lead(root.paras)
        out: list[Assignment] = []
        if root.children:
            romans = [c for c in root.children if c.kind == "roman"]
            containers = [c for c in romans if _is_task_part(c.heading)] if romans else [root]
            for container in containers:
                for section in (container.children if container is not root else root.children):
                    if container is root and _is_non_task_heading(section.heading):
                        continue
                    if section.kind == "article" and _is_non_task_article(section):
                        continue
                    self._collect(section, out, default_lead, [], notes_by_mark)
                if not container.children and container is not root:
                    for para in container.paras[1:]:
                        lead = sentence_subject(para.text)
                        if lead:
                            out.append(self._make(container.ref(), None, [para], lead, [], notes_by_mark))
            self._closing_assignment(root, out, default_lead, notes_by_mark)
        else:
            out.extend(self._unnumbered(root.paras, notes_by_mark))
        doc.assignments = out
        year = doc.issued.year if doc.issued else None
        for n, a in enumerate(out, 1):
            for phrase in a.deadlines:
                for written in impossible_dates(phrase, year):
                    doc.notes.append(t("intake.note.no_such_date", ref=a.ref or n, date=written, phrase=phrase))

    def _collect(self, section: Section, out: list[Assignment], default: list[str],
                 inherited: list[str], notes: dict[str, str]) -> None:
        own_lead = self._own_lead(section)
        lead_for_children = own_lead or inherited
        if section.children:
            own_text = " ".join([section.heading] + [p.text for p in section.paras[1:]])
            if not section.is_title() and len(own_text.split()) >= 12:
                paras = section.paras
                out.append(self._make(section.ref(), None, paras, own_lead or inherited or default, [],
                                      notes, inherited=not own_lead))
            for child in section.children:
                self._collect(child, out, default, lead_for_children, notes)
            return
        if self._bullet_tasks(section, out, notes):
            return
        title = section.heading if section.is_title() else None
        lead = own_lead or inherited or default
        out.append(self._make(section.ref(), title, section.paras, lead, [], notes, inherited=not own_lead))

    def _bullet_tasks(self, section: Section, out: list[Assignment], notes: dict[str, str]) -> bool:
        """"Điều 2. Nhiệm vụ của các cơ quan:" over bullets that each name their own lead
        ("- Sở Tư pháp chủ trì ...", "- Công an tỉnh ...") -> one assignment per bullet,
        numbered under the section ("Điều 2.1", "Điều 2.2")."""
        if not section.heading.rstrip().endswith(":"):
            return False
        items = section.paras[1:]
        if len(items) < 2 or not all(_BULLET_RE.match(p.text) for p in items):
            return False
        subjects = [sentence_subject(_BULLET_RE.sub("", p.text)) for p in items]
        if not all(subjects):
            return False
        for n, (para, lead) in enumerate(zip(items, subjects), 1):
            assignment = self._make(f"{section.ref()}.{n}", None, [para], lead, [], notes)
            assignment.body = _BULLET_RE.sub("", assignment.body)
            out.append(assignment)
        return True

    def _own_lead(self, section: Section) -> list[str]:
        # 1. Explicit "Cơ quan chủ trì:" / "Cơ quan thực hiện:" lines.
        lead, _ = _labelled_agencies(section.paras)
        if lead:
            return lead
        # 2. A title that names an agency ("2. Sở Tư pháp").
        if section.is_title() and starts_like_agency(section.heading) and len(section.heading.split()) <= 15:
            if sentence_subject(section.heading + " thực hiện") and not _has_verb(section.heading):
                return split_agencies(section.heading)
        # 3. The subject of the first sentence, or of each bullet under a title.
        first = section.heading
        subject = sentence_subject(first) if first else []
        if subject:
            own = " ".join(p.text for p in section.paras)
            return subject + [n for n in colon_agencies(own) if fold(n) not in {fold(x) for x in subject}]
        if section.is_title():
            names: list[str] = []
            for para in section.paras[1:]:
                text = para.text
                if _BULLET_RE.match(text) or len(names) == 0 and para is section.paras[1]:
                    names.extend(sentence_subject(_BULLET_RE.sub("", text)))
            return names
        # A heading ending with ":" over bullets, or an article whose first sentence names no
        # body ("Điều 2. Tổ công tác có nhiệm vụ ... Sở Tư pháp chủ trì ..."): the subjects
        # of the bullets / following sentences lead.
        if section.kind == "article" or section.heading.rstrip().endswith(":"):
            found: list[str] = []
            for para in section.paras[1:]:
                if section.kind != "article" and not _BULLET_RE.match(para.text):
                    continue
                keys = {fold(x) for x in found}
                found.extend(n for n in sentence_subject(_BULLET_RE.sub("", para.text)) if fold(n) not in keys)
            return found
        return []

    def _make(self, ref: str | None, title: str | None, paras: Sequence[Para], lead: list[str],
              support: list[str], notes: dict[str, str], inherited: bool = False) -> Assignment:
        texts = [p.text for p in paras]
        if paras and title is not None:
            texts[0] = title
        body_parts = [p.text for p in paras]
        label = section_label(body_parts[0]) if body_parts else None
        if label:
            body_parts[0] = body_parts[0][label[2]:].strip()
        if title is not None and body_parts and body_parts[0] == title:
            body_parts = body_parts[1:]
        marks = sorted({m for p in paras for m in p.marks}, key=int)
        for mark in marks:
            if mark in notes:
                body_parts.append(f"({mark}) {notes[mark]}")
        body = "\n".join(body_parts)
        _, labelled_support = _labelled_agencies(paras)
        joined = " ".join(p.text for p in paras)
        support_names = labelled_support + support + support_phrases(joined)
        lead_names = self.matcher.canonical_list(lead)
        lead_keys = {fold(x) for x in lead_names}
        support_names = [s for s in self.matcher.canonical_list(support_names) if fold(s) not in lead_keys]
        spans = [p.span for p in paras]
        assignment = Assignment(
            ref=ref or None,
            title=title,
            body=body,
            lead=lead_names,
            support=support_names,
            deadlines=self._deadlines(body),
            span=(min(s for s, _ in spans), max(e for _, e in spans)) if spans else None,
        )
        if any(impossible_dates(d) for d in assignment.deadlines):
            assignment.unsure.add("deadlines")
        if inherited and lead_names:
            assignment.unsure.add("lead")
        if not lead_names:
            assignment.unsure.add("lead")
        return assignment

    def _deadlines(self, body: str) -> list[str]:
        try:
            found = self.find_deadlines(body)
        except Exception:  # noqa: BLE001 - a bug in the other module must not lose the intake
            from store.intake.deadline_phrases import find_phrases

            found = find_phrases(body)
        phrases = [str(x) for x in found]
        # "định kỳ" alone adds nothing when "định kỳ 6 tháng, hàng năm" is also there.
        folded = [fold(x) for x in phrases]
        return [x for x, f in zip(phrases, folded) if not any(f != g and f in g for g in folded)]

    def _default_lead(self, preamble: Sequence[Para]) -> list[str]:
        """Who the introduction addresses: "... yêu cầu các cấp ủy ... thực hiện ... sau:"."""
        for para in reversed(preamble):
            folded = fold_keep(para.text).lower()
            for m in re.finditer(r"\b(?:yeu\s+cau|de\s+nghi|giao)\s+", folded):
                if starts_like_agency(para.text[m.end():]):
                    phrase = agency_phrase_at(para.text, m.end())
                    names = split_agencies(phrase)
                    if names and len(phrase.split()) <= 25:
                        return names
        return []

    def _closing_assignment(self, root: Section, out: list[Assignment], default: list[str],
                            notes: dict[str, str]) -> None:
        """Split the document's closing paragraphs off the last section.

        They end with "./." or speak of "Chỉ thị này"/"Công văn này". One that hands out
        follow-up ("Giao Ban Nội chính ... theo dõi, đôn đốc ...", "X đề nghị Y ... báo cáo")
        is a task of its own; the rest ("Chỉ thị này phổ biến đến chi bộ ...") is not.
        """
        last = root
        while last.children:
            last = last.children[-1]
        # A roman part without numbered items holds its tasks as plain paragraphs: keep them.
        if last is root or len(last.paras) < 2 or last.kind == "roman":
            return
        cut = len(last.paras)
        for n in range(len(last.paras) - 1, 0, -1):
            folded = fold_keep(last.paras[n].text).lower()
            if last.paras[n].text.rstrip().endswith("./.") or _THIS_DOCUMENT_RE.search(folded):
                cut = n
            else:
                break
        if cut == len(last.paras):
            return
        closing = last.paras[cut:]
        del last.paras[cut:]
        for i, a in enumerate(out):
            if a.ref == last.ref():
                title = last.heading if last.is_title() else None
                out[i] = self._make(a.ref, title, last.paras, a.lead, [], notes, inherited="lead" in a.unsure)
        for para in closing:
            folded = fold_keep(para.text).lower()
            if not _CLOSING_TASK_RE.search(folded):
                continue
            lead = sentence_subject(para.text)
            if not lead:
                m = re.search(r"\b(?:giao|de\s+nghi)\s+", folded)
                if m and starts_like_agency(para.text[m.end():]):
                    lead = split_agencies(agency_phrase_at(para.text, m.end()))
            out.append(self._make(None, None, [para], lead or default, [], notes, inherited=not lead))

    def _unnumbered(self, paras: Sequence[Para], notes: dict[str, str]) -> list[Assignment]:
        """Paragraphs after an introduction ending with ":" ("... yêu cầu:") are tasks."""
        start = None
        for n, para in enumerate(paras):
            if para.text.rstrip().endswith(":") and re.search(r"yeu\s+cau|de\s+nghi|sau\s*:", fold_keep(para.text).lower()):
                start = n + 1
        if start is None:
            return []
        default = self._default_lead(paras[:start])
        out: list[Assignment] = []
        groups: list[tuple[list[Para], list[str]]] = []
        for para in paras[start:]:
            lead = sentence_subject(para.text)
            if para.soft_start and groups and not lead:
                # A sentence that ended where the wrap cut the line: the next line may still be
                # the same task. Without a body of its own, it is.
                groups[-1][0].append(para)
                continue
            if len(para.text.split()) < 10 or _BULLET_RE.match(para.text) and groups:
                continue
            lead += [n for n in colon_agencies(para.text) if fold(n) not in {fold(x) for x in lead}]
            groups.append(([para], lead))
        for group, lead in groups:
            out.append(self._make(None, None, group, lead or default, [], notes, inherited=not lead))
        return out

    # ---- whole text

    def run(self) -> IntakeResult:
        docs: list[ParsedDocument] = []
        for seg in self.segments():
            doc = self.parse_segment(seg)
            if doc is not None:
                docs.append(doc)
        links = _link(docs)
        result = IntakeResult(documents=docs, links=links, text=self.text)
        if not docs:
            result.message = NO_DOCUMENT_MESSAGE
        return result


def _labelled_agencies(paras: Sequence[Para]) -> tuple[list[str], list[str]]:
    lead: list[str] = []
    support: list[str] = []
    for para in paras:
        folded = fold_keep(para.text).lower()
        m = _LABEL_RE.match(folded)
        if not m:
            continue
        names = split_agencies(para.text[m.end():])
        if m.group("role").startswith("phoi"):
            support.extend(names)
        elif m.group("role").startswith(("chu", "thuc")):
            lead.extend(names)
    return lead, support


def _has_verb(text: str) -> bool:
    return first_verb(text) is not None


def _is_task_part(heading: str) -> bool:
    key = fold(heading)
    if any(word in key for word in _TASK_PARTS):
        return True
    return not any(word in key for word in _NON_TASK_PARTS)


# Articles of a decision that decide rather than assign: set up a body, adopt an attached
# text, approve, appoint; and the closing articles (entry into force, who executes it).
_DECIDING_ARTICLE_RE = re.compile(
    r"^(?:thanh\s+lap|ban\s+hanh\s+kem\s+theo|phe\s+duyet|kien\s+toan|cong\s+nhan|bo\s+nhiem|mien\s+nhiem"
    r"|bai\s+bo|thay\s+the|sua\s+doi)\b"
    r"|(?:quyet\s+dinh|van\s+ban|quy\s+che|quy\s+dinh)\s+nay\s+co\s+hieu\s+luc"
    r"|chiu\s+trach\s+nhiem\s+thi\s+hanh\s+(?:quyet\s+dinh|van\s+ban)\s+nay"
)


def _is_non_task_article(section: "Section") -> bool:
    """"Điều 1. Thành lập ...", "Điều 3. ... chịu trách nhiệm thi hành Quyết định này"."""
    if section.children:
        return False
    text = fold_keep(" ".join([section.heading] + [p.text for p in section.paras[1:]])).lower()
    return bool(_DECIDING_ARTICLE_RE.search(text))


def _is_non_task_heading(heading: str) -> bool:
    key = fold(heading)
    return any(key.startswith(word) for word in ("muc dich", "kinh phi", "quan diem", "muc tieu"))


def _split_items(text: str) -> list[str]:
    """"- A, - B" on one line -> ["A", "B"]; a dash inside "chính trị - xã hội" stays."""
    text = _strip_item(text)
    parts = re.split(r"\s[-–•]\s+(?=[A-ZĐÀ-Ỹ])", text)
    out: list[str] = []
    for part in parts:
        out.extend(p for p in re.split(r";\s*", part) if p.strip())
    return out


def _strip_item(text: str) -> str:
    return re.sub(r"^[\s\-–•+*]+", "", text).strip()


def _link(docs: list[ParsedDocument]) -> list[DocumentLink]:
    """Links between documents of the same text; copies point at what they copy."""
    links: list[DocumentLink] = []
    for i, doc in enumerate(docs):
        if doc.type_code == "BS":
            target = next((j for j in range(i - 1, -1, -1) if docs[j].type_code != "BS"), None)
            if target is None:
                target = next((j for j in range(i + 1, len(docs)) if docs[j].type_code != "BS"), None)
            if target is not None:
                t = docs[target]
                doc.references.insert(0, Reference(
                    relation=LinkRelation.COPY_OF.value, type=t.type_code, type_name=t.type_name,
                    number=t.number, date=t.issued, issuer=t.issuer, subject=t.subject,
                    as_written=None, span=t.span,
                ))
                links.append(DocumentLink(i, target, LinkRelation.COPY_OF.value))
    keys = {number_key(d.number): j for j, d in enumerate(docs) if d.number}
    for i, doc in enumerate(docs):
        for ref in doc.references:
            j = keys.get(number_key(ref.number)) if ref.number else None
            if j is None or j == i or ref.relation == LinkRelation.COPY_OF.value:
                continue
            link = DocumentLink(i, j, ref.relation)
            if link not in links:
                links.append(link)
            target = docs[j]
            # What the citing document says about the target fills gaps in the target.
            if not target.issuer and ref.issuer:
                target.issuer = ref.issuer
                target.unsure.add("issuer")
            if not target.issued and ref.date:
                target.issued = ref.date
                target.unsure.add("issued")
    return links


def parse_text(text: str, known_agencies: Sequence[KnownAgency] = ()) -> IntakeResult:
    """Find the documents in pasted text and read their fields, links and assignments.

    Args:
        text: the pasted or OCR'd text; cleaned with `store.text.clean` first (NFC, no
            control characters), and every offset in the result refers to that cleaned text.
        known_agencies: agencies on file; names in the text are matched to them through
            name, short name and aliases, ignoring diacritics. Unknown names are kept as written.

    Returns:
        An `IntakeResult`; when no document is found, `documents` is empty and `message`
        is "Không tìm thấy văn bản nào".
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    cleaned = clean(str(text))
    return _Parser(cleaned, known_agencies).run()
