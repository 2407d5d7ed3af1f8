"""References to other documents in running text.

"Chỉ thị số 05/CT-TTg, ngày 06/02/2017 của Thủ tướng Chính phủ về việc tăng cường ..." —
type words, "số", the symbol, then optional date, "của" issuer and "về" subject. The
relation is read from the words around the mention:

* "thay thế"/"bãi bỏ" earlier in the same sentence -> replaces;
* the document's own subject saying "(triển khai) thực hiện X", or a paragraph that opens
  with "Thực hiện X" / "Triển khai thực hiện X" / "Tổ chức thực hiện X" -> implements;
* anything else -> cites ("Căn cứ ..." is a citation too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.intake.agencies import first_verb, starts_like_agency
from store.intake.model import Reference
from store.intake.textutil import find_any_date, fold_keep
from store.numbering import find_symbols
from store.vocab import DOC_TYPES, LinkRelation

# Folded type words -> type code. Longest first so "thong tu lien tich" wins over "thong tu".
TYPE_WORDS: dict[str, str] = {
    "thong tu lien tich": "TTLT",
    "thong tu": "TT",
    "chi thi": "CT",
    "cong van": "CV",
    "ke hoach": "KH",
    "nghi quyet": "NQ",
    "ket luan": "KL",
    "quyet dinh": "QĐ",
    "quy dinh": "QĐ",  # party "Quy định số 132-QĐ/TW" shares the QĐ code
    "thong bao": "TB",
    "bao cao": "BC",
    "huong dan": "HD",
    "quy che": "QC",
    "nghi dinh": "NĐ",
    "luat": "L",
    "de an": "K",
    "chuong trinh": "K",
    "to trinh": "K",
    "cong dien": "K",
    "phap lenh": "K",
    "thong tri": "K",
}
_TYPE_WORD_RE = re.compile(
    r"(?<![^\W_])(%s)\s*(?:so|số)?\s*[:.]?\s*$" % "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
)
_SO_BEFORE_RE = re.compile(r"(?<![^\W_])so\s*[:.]?\s*$")

_IMPLEMENT_OPENERS = re.compile(
    r"^\W*(?:de\s+|nham\s+)?(?:tiep\s+tuc\s+)?(?:to\s+chuc\s+|trien\s+khai\s+|quan\s+triet\s+(?:va\s+)?(?:trien\s+khai\s+)?)?thuc\s+hien\b"
    r"|^\W*(?:de\s+)?trien\s+khai\b"
)
_DIRECTED_AT = re.compile(r"^(?:(?:y\s+kien\s+)?chi\s+dao|ket\s+luan|yeu\s+cau)\b[^;,.]{0,80}\b(?:tai|theo)$")
_REPLACE_RE = re.compile(r"thay\s+the|bai\s+bo")
# Matched on the lower-cased original, not the folded text: folded "tai" is both "tại"
# (a stop) and "Tài" in "Bộ Tài chính" (part of the name).
_ISSUER_STOP = re.compile(r"\s+(?:về|năm|ngày|tại|theo|quy\s+định|hướng\s+dẫn|ban\s+hành)\s|[,;:(“\"”]|\.\s|\.$|$")
_NEXT_CLAUSE_RE = re.compile(
    r",\s+(?=[^,;]{3,80}?\s(?:yêu cầu|ban hành|đề nghị|chỉ đạo|giao|thông báo|hướng dẫn|xây dựng)\s)"
)
_QUOTE_END = re.compile(r"[”\"]|$")
_SUBJECT_STOP = re.compile(r";|\.\s|\./\.|\.$|\((?:sau\s+day|gui\s+kem|goi\s+tat)|$")


@dataclass
class Mention:
    """A reference found in a paragraph, before relations are merged across paragraphs."""

    reference: Reference
    key: str
    start: int  # offset in the paragraph text
    end: int


def type_name(code: str | None) -> str | None:
    """Vietnamese name of a type code."""
    return DOC_TYPES.get(code, (None,))[0] if code else None


def find_mentions(text: str) -> list[Mention]:
    """Every document mention in `text` (one paragraph), relation left as "cites"."""
    folded = fold_keep(text).lower()
    lower = text.lower()
    if len(lower) != len(text):  # exotic characters whose lower case is longer: stay aligned
        lower = folded
    mentions: list[Mention] = []
    for symbol, start, end in find_symbols(text):
        window_start = max(0, start - 40)
        before = folded[window_start:start]
        type_match = _TYPE_WORD_RE.search(before)
        code = symbol.type_code
        written_type: str | None = None
        mention_start = start
        if type_match:
            code = TYPE_WORDS[type_match.group(1)]
            if code == "K" and symbol.type_code:
                code = symbol.type_code
            mention_start = window_start + type_match.start()
            written_type = " ".join(text[mention_start : window_start + type_match.end(1)].split())
            if written_type and written_type[0].islower():
                written_type = written_type[0].upper() + written_type[1:]
        elif _SO_BEFORE_RE.search(before):
            mention_start = window_start + _SO_BEFORE_RE.search(before).start()  # type: ignore[union-attr]
        if code not in DOC_TYPES:
            code = code if code else None
        ref = Reference(
            relation=LinkRelation.CITES.value,
            type=code,
            type_name=written_type or type_name(code),
            number=symbol.as_written,
        )
        pos = end
        # ", ngày 06/02/2017" right after the symbol.
        date_found = find_any_date(folded[pos : pos + 40])
        if date_found and folded[pos : pos + date_found[1]].strip(" ,") in ("", "ngay"):
            ref.date = date_found[0]
            pos += date_found[2]
        tail = folded[pos:]
        # "của Thủ tướng Chính phủ"
        m = re.match(r"[\s,]*cua\s+", tail)
        if m:
            issuer_start = pos + m.end()
            stop = _ISSUER_STOP.search(lower, issuer_start)
            issuer_end = stop.start() if stop else len(text)
            # Joint issuers: "của Bộ Tư pháp, Bộ Công an, Bộ Tài chính ..." go on after commas.
            while stop and lower[issuer_end:issuer_end + 1] == "," and starts_like_agency(text[issuer_end + 1:].lstrip()):
                nxt = _ISSUER_STOP.search(lower, issuer_end + 1)
                nxt_end = nxt.start() if nxt else len(text)
                if first_verb(text[issuer_end + 1 : nxt_end]) is not None:
                    break  # ", Chủ tịch UBND tỉnh có ý kiến ..." starts the main clause
                stop, issuer_end = nxt, nxt_end
            issuer = text[issuer_start:issuer_end].strip(" ,")
            if 0 < len(issuer.split()) <= 30:
                ref.issuer = issuer
                pos = issuer_end
            tail = folded[pos:]
            m2 = re.match(r"\s*\((?:khoa|khóa)[^)]{0,20}\)", tail)
            if m2:
                pos += m2.end()
                tail = folded[pos:]
        m = re.match(r"[\s,]*(?:ve\s+viec|ve|v/v)\s+|[\s,]*[“\"]|\s+(?=(?:quy\s+dinh|huong\s+dan)\s)", tail)
        if m and (ref.issuer or not m.group(0).strip() == ""):
            subject_start = pos + m.end()
            opener = m.group(0).rstrip()
            quoted = bool(opener) and opener[-1] in "“\""
            stop = (_QUOTE_END if quoted else _SUBJECT_STOP).search(folded, subject_start)
            subject_end = stop.start() if stop else len(text)
            subject_end = min(subject_end, subject_start + 400)
            subject = text[subject_start:subject_end]
            # "Thực hiện X về Y, Ủy ban nhân dân tỉnh yêu cầu ...": the subject ends at the comma.
            clause = _NEXT_CLAUSE_RE.search(subject)
            if clause and starts_like_agency(subject[clause.end():]):
                subject_end = subject_start + clause.start()
                subject = subject[: clause.start()]
            subject = subject.strip(" ,”\"“")
            if subject:
                ref.subject = subject
                pos = subject_end
        ref.as_written = " ".join(text[mention_start:pos].split()).rstrip(" ,;")
        mentions.append(Mention(ref, symbol.key, mention_start, pos))
    return mentions


def relation_in_paragraph(text: str, mention: Mention, first_in_paragraph: bool) -> str:
    """The relation a paragraph gives to one of its mentions."""
    folded = fold_keep(text).lower()
    sentence_start = max(folded.rfind(". ", 0, mention.start), folded.rfind("\n", 0, mention.start)) + 1
    before = folded[sentence_start : mention.start]
    replace = None
    for replace in _REPLACE_RE.finditer(before):
        pass
    if replace is not None:
        between = before[replace.end():]
        # Only the items of the list that follows "thay thế", not documents named inside
        # their subjects ("... về việc thực hiện Nghị quyết số ...").
        last_item = between[between.rfind(";") + 1 :]
        if " ve " not in f" {last_item} ":
            return LinkRelation.REPLACES.value
    opener = _IMPLEMENT_OPENERS.match(folded)
    if first_in_paragraph and opener:
        # "Thực hiện Chỉ thị số ..." or "Thực hiện chỉ đạo của UBND tỉnh tại Công văn số ...",
        # but not "Thực hiện tốt công tác tiếp dân, ...; Chỉ thị số ..." (a task, not a basis).
        between = folded[opener.end() : mention.start].strip()
        if not between or _DIRECTED_AT.match(between):
            return LinkRelation.IMPLEMENTS.value
    return LinkRelation.CITES.value


def relation_in_subject(subject: str, mention: Mention) -> str:
    """The document's own subject ("V/v triển khai thực hiện Chỉ thị số ...") -> implements."""
    before = fold_keep(subject[: mention.start]).lower()
    if re.search(r"(?:thuc\s+hien|trien\s+khai)\W*$", before) or re.search(
        r"(?:thuc\s+hien|trien\s+khai)\s+(?:\w+\s+){0,2}$", before
    ):
        return LinkRelation.IMPLEMENTS.value
    return LinkRelation.CITES.value


_STRENGTH = {
    LinkRelation.COPY_OF.value: 4,
    LinkRelation.REPLACES.value: 3,
    LinkRelation.IMPLEMENTS.value: 2,
    LinkRelation.CITES.value: 1,
}


def merge_reference(existing: Reference, new: Reference) -> None:
    """Fold a later mention of the same document into the first one."""
    if _STRENGTH[new.relation] > _STRENGTH[existing.relation]:
        existing.relation = new.relation
    for name in ("type", "type_name", "date", "issuer", "subject"):
        if getattr(existing, name) is None and getattr(new, name) is not None:
            setattr(existing, name, getattr(new, name))
