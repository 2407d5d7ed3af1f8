"""Finding the agencies a section speaks to: the lead (subject of the sentence) and support.

Vietnamese administrative sentences put the responsible body first and the verb after it:
"Ban cán sự đảng UBND tỉnh chỉ đạo ...", "Các công đoàn cơ sở tăng cường ...". The rules
below therefore look for the first *lower-case* action verb and keep what stands before it,
provided it starts like an agency name. Verbs are matched case-sensitively on purpose: in
"Ban Chỉ đạo", "Sở Xây dựng", "Ban Tổ chức" the capital shows the word is part of a name.
"""

from __future__ import annotations

import re
from typing import Sequence

from store.intake.model import KnownAgency
from store.text import fold

# Words an agency name starts with. Capitalised forms only, plus "các" which opens the
# collective forms ("các sở, ban, ngành tỉnh") in the middle of a sentence.
_HEADS = [
    "Ban", "Bộ", "Sở", "Cục", "Chi cục", "Tổng cục", "Ủy ban", "Uỷ ban", "UBND", "UBMTTQ",
    "HĐND", "Hội đồng", "Mặt trận", "MTTQ", "Tòa án", "Toà án", "TAND", "Viện", "VKSND",
    "Công an", "Đảng ủy", "Đảng uỷ", "Đảng đoàn", "Đảng bộ", "Văn phòng", "Phòng", "Cơ quan",
    "Các", "các", "Thi hành án", "THADS", "Liên đoàn", "LĐLĐ", "Hội", "Trường", "Báo", "Đài",
    "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Huyện uỷ", "Thị ủy", "Quận ủy",
    "Thường trực", "Thủ trưởng", "Người đứng đầu", "Chủ tịch", "Giám đốc", "Tỉnh đoàn",
    "Thành đoàn", "Đoàn", "Kho bạc", "Ngân hàng", "Chi nhánh", "Trung tâm", "Cấp ủy", "Cấp uỷ",
    "Chính quyền", "Lực lượng", "Bộ Chỉ huy", "Cảnh sát", "Hải quan", "Thanh tra", "Kiểm toán",
    "UBKT", "Công đoàn", "Đoàn Thanh niên", "Hội Liên hiệp", "Hội Nông dân", "Hội Cựu chiến binh",
    "Bảo hiểm", "Đảng đoàn", "Cổng", "Chi bộ", "Lãnh đạo",
    # Working groups of a decision; never plain "Tổ", which opens the verb "Tổ chức".
    "Tổ công tác", "Tổ giúp việc", "Tổ thường trực", "Tổ Thư ký", "Tổ thư ký",
]
_HEAD_RE = re.compile(r"(?:%s)(?![^\W\d_])" % "|".join(sorted(map(re.escape, _HEADS), key=len, reverse=True)))

# Lower-case action verbs that end the subject of a task sentence.
_VERBS = [
    "tăng cường", "chỉ đạo", "lãnh đạo", "hướng dẫn", "xây dựng", "tiếp tục", "chủ trì",
    "phối hợp", "thực hiện", "tổ chức", "tập trung", "phát huy", "theo dõi", "tham mưu",
    "nâng cao", "đẩy mạnh", "rà soát", "chủ động", "có trách nhiệm", "căn cứ", "quán triệt",
    "triển khai", "thường xuyên", "quan tâm", "kịp thời", "bám sát", "khẩn trương",
    "nghiên cứu", "đề xuất", "làm tốt", "cần", "phải", "giúp", "là cơ quan", "kiểm tra",
    "giám sát", "đôn đốc", "báo cáo", "tuyên truyền", "hỗ trợ", "bảo đảm", "đảm bảo",
    "ban hành", "xem xét", "cung cấp", "củng cố", "kiện toàn", "chịu trách nhiệm", "trình",
    "tiến hành", "được giao", "có kế hoạch", "sớm", "thực hiện tốt", "tích cực", "vận động",
    "duy trì", "chấn chỉnh", "theo chức năng", "trong phạm vi", "căn cứ chức năng",
    "sắp xếp", "đổi mới", "ưu tiên", "bố trí", "hoàn thành", "nắm", "gửi", "tổng hợp",
    "quản lý", "có ý kiến", "đã", "sẽ", "đang", "yêu cầu", "đề nghị", "có nhiệm vụ",
]
_VERB_RE = re.compile(
    r"(?<![^\W\d_])(?:%s)(?![^\W\d_])" % "|".join(sorted(map(re.escape, _VERBS), key=len, reverse=True))
)
# "tổ chức" is also a noun ("các cơ quan, tổ chức có liên quan", "tổ chức chính trị - xã hội").
_TO_CHUC_NOUN = re.compile(
    r"tổ chức(?=\s*(?:[,;.]|chính trị|có liên quan|liên quan|đảng|cơ sở|đoàn thể|xã hội|và cá nhân|,))"
)
_NOUN_BEFORE = re.compile(r"(?:các|những|và|,)\s*$")

_MAX_NAME_WORDS = 40


def _is_noun_use(text: str, start: int, word: str) -> bool:
    if word != "tổ chức":
        return False
    return bool(_TO_CHUC_NOUN.match(text, start)) or bool(_NOUN_BEFORE.search(text[:start]))


def first_verb(text: str, start: int = 0) -> re.Match[str] | None:
    """The first action verb at or after `start`, skipping noun uses of "tổ chức"."""
    pos = start
    while True:
        match = _VERB_RE.search(text, pos)
        if match is None or not _is_noun_use(text, match.start(), match.group(0)):
            return match
        pos = match.end()


def starts_like_agency(text: str) -> bool:
    """True when `text` opens with an agency head word ("Sở", "Ban", "Các", "UBND"...)."""
    return bool(_HEAD_RE.match(text.lstrip(" -–•+*\"“")))


_SPLIT_RE = re.compile(r"\s*;\s*|,\s+(?=%s)|\s+và\s+(?=%s)" % (_HEAD_RE.pattern, _HEAD_RE.pattern))


def split_agencies(phrase: str) -> list[str]:
    """Split "A, B và các C" into names, keeping collective lists like "các sở, ban, ngành".

    A comma or "và" separates two names only when the next word opens an agency name;
    "Sở Văn hóa, Thể thao và Du lịch" therefore stays whole. "Ban cán sự đảng: Tòa án
    nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh" distributes the prefix before the colon.
    """
    phrase = phrase.strip(" .;:,-–")
    if not phrase:
        return []
    pieces = [p.strip(" .;,-–") for p in _SPLIT_RE.split(phrase)]
    names: list[str] = []
    prefix: str | None = None
    for piece in pieces:
        if not piece:
            continue
        if ":" in piece:
            head, _, rest = piece.partition(":")
            head, rest = head.strip(), rest.strip()
            if head and rest and len(head.split()) <= 6:
                prefix = head
                piece = f"{head} {rest}"
        elif prefix and not piece.lower().startswith("các "):
            piece = f"{prefix} {piece}"
        names.append(" ".join(piece.split()))
    return names


def _strip_intro(text: str) -> str:
    """Drop openers that put the agency after them: "Giao X ...", "Đề nghị X ...", "X giao Y ..."."""
    text = text.lstrip(" -–•+*")
    m = re.match(r"(?:Giao|Đề nghị|Yêu cầu|Giao cho)\s+", text)
    if m:
        return text[m.end():]
    # "Ban Thường vụ Tỉnh ủy giao Ban Nội chính Tỉnh ủy theo dõi ..." -> the second body.
    m = re.match(r"([^,.;:]{3,80}?)\s+(?:giao|đề nghị|yêu cầu)\s+(?=%s)" % _HEAD_RE.pattern, text)
    if m and starts_like_agency(m.group(1)):
        return text[m.end():]
    return text


def sentence_subject(text: str) -> list[str]:
    """The agencies that are the subject of the first sentence of `text`, or [].

    "Đảng ủy Công an tỉnh lãnh đạo, chỉ đạo ..." gives ["Đảng ủy Công an tỉnh"];
    "Tăng cường sự lãnh đạo ..." gives [] (no agency before the verb).
    """
    text = _strip_intro(text)
    if not starts_like_agency(text):
        return []
    verb = first_verb(text)
    if verb is None or verb.start() == 0:
        return []
    before = text[: verb.start()]
    # A sentence end before the verb means the opening words were not a subject.
    if re.search(r"[.!?]\s", before) or len(before.split()) > _MAX_NAME_WORDS:
        return []
    return split_agencies(before)


def agency_phrase_at(text: str, start: int) -> str:
    """The agency list starting at `start`, ended by a verb, a preposition or punctuation."""
    rest = text[start:]
    end = len(rest)
    stop = re.search(r"[.;:()]|\s(?:trong|để|nhằm|theo|tại|về|khi|nếu|đối với|thông qua)\s", rest)
    if stop:
        end = stop.start()
    verb = first_verb(rest[:end])
    if verb is not None and verb.start() > 0:
        end = verb.start()
    return rest[:end].strip(" ,-–")


_SUPPORT_RE = re.compile(r"[pP]hối hợp(?:\s+(?:chặt chẽ|tốt|đồng bộ|thường xuyên))?(?:,\s*hiệu quả)?(?:\s+với)?\s+")


# After "phối hợp với" a lower-case body is still a body: "với cơ quan thi hành án dân sự".
_SUPPORT_START = re.compile(r"(?:cơ quan|chính quyền|lực lượng|ngành|đơn vị|địa phương)(?![^\W\d_])")


def support_phrases(text: str) -> list[str]:
    """Agencies named after "phối hợp (chặt chẽ) với" in `text`."""
    names: list[str] = []
    for match in _SUPPORT_RE.finditer(text):
        rest = text[match.end():]
        if not (starts_like_agency(rest) or _SUPPORT_START.match(rest)):
            continue
        phrase = agency_phrase_at(text, match.end())
        if phrase and len(phrase.split()) <= _MAX_NAME_WORDS:
            names.extend(split_agencies(phrase))
    return names


_COLON_AGENCY_RE = re.compile(r"(?:^|[.;]\s+)([^.;:()]{3,90}?):\s*(?=\(?[a-z0-9ivx]{1,4}\)|[A-ZĐ-])")


def colon_agencies(text: str) -> list[str]:
    """Bodies introduced with a colon inside a paragraph: "... Cục Thi hành án dân sự tỉnh: (i) ..."."""
    names: list[str] = []
    for match in _COLON_AGENCY_RE.finditer(text):
        phrase = match.group(1).strip()
        if starts_like_agency(phrase) and first_verb(phrase) is None and "," not in phrase and len(phrase.split()) <= 12:
            names.extend(split_agencies(phrase))
    return names


class AgencyMatcher:
    """Puts names found in the text on the known agencies, diacritic-insensitively."""

    def __init__(self, known: Sequence[KnownAgency] = ()) -> None:
        self._by_key: dict[str, str] = {}
        for agency in known:
            for key in agency.keys():
                self._by_key.setdefault(key, agency.name)

    def canonical(self, name: str) -> str:
        """The known agency's name for `name`, else `name` as written."""
        key = fold(name).strip(" .,;:")
        if key in self._by_key:
            return self._by_key[key]
        # "Sở Tư pháp tỉnh" for a register that holds "Sở Tư pháp": drop a trailing level word.
        for suffix in (" tinh", " thanh pho", " huyen", " xa"):
            if key.endswith(suffix) and key[: -len(suffix)] in self._by_key:
                return self._by_key[key[: -len(suffix)]]
        return name

    def canonical_list(self, names: Sequence[str]) -> list[str]:
        """Canonical names, duplicates (after folding) removed, order kept."""
        out: list[str] = []
        seen: set[str] = set()
        for name in names:
            name = self.canonical(" ".join(name.split()).strip(" .,;:-–"))
            key = fold(name)
            if name and key not in seen:
                seen.add(key)
                out.append(name)
        return out
