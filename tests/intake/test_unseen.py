"""Documents the parser has never seen: written for these tests in common layouts."""

from __future__ import annotations

from datetime import date

from store.intake import KnownAgency, parse_text
from tests.intake.samples import CHI_THI_STAMP_FIRST, CONG_VAN_TWO_COLUMNS, CONG_VAN_UBND, KE_HOACH_UBND, QUYET_DINH


def _refs(doc):
    return {r.number: r.relation for r in doc.references}


def test_state_style_cong_van_with_kinh_gui():
    (doc,) = parse_text(CONG_VAN_UBND).documents
    assert (doc.type_code, doc.number, doc.place, doc.issued) == ("CV", "1234/UBND-NC", "Bến Tre", date(2023, 3, 2))
    assert doc.issuer == "ỦY BAN NHÂN DÂN TỈNH BẾN TRE"
    assert doc.subject == "V/v đôn đốc thực hiện Chỉ thị số 05/CT-TTg của Thủ tướng Chính phủ"
    assert doc.recipients[:3] == ["Sở Tư pháp", "Cục Thi hành án dân sự tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    assert "Như trên" not in doc.recipients and not any(r.startswith("Lưu") for r in doc.recipients)
    assert doc.signer == "Nguyễn Văn An"
    assert doc.signer_title == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert _refs(doc) == {"05/CT-TTg": "implements"}
    first, second = doc.assignments
    assert (first.ref, first.lead, first.support, first.deadlines) == (
        "1", ["Sở Tư pháp"], ["Cục Thi hành án dân sự tỉnh"], ["trước ngày 30/6/2023"])
    assert second.lead == ["Ủy ban nhân dân các huyện, thành phố"]
    assert second.deadlines == ["định kỳ 6 tháng"]
    # Hard-wrapped lines were joined back into one paragraph.
    assert "vụ việc tồn đọng" in first.body


def test_ke_hoach_with_roman_parts_and_labelled_agencies():
    (doc,) = parse_text(KE_HOACH_UBND).documents
    assert (doc.type_code, doc.number, doc.issued) == ("KH", "45/KH-UBND", date(2024, 1, 15))
    assert doc.subject == "Triển khai công tác thi hành án dân sự năm 2024 trên địa bàn huyện"
    assert _refs(doc) == {"120/QĐ-UBND": "cites", "12/KH-UBND": "implements"}
    by_ref = {a.ref: a for a in doc.assignments}
    # I. MỤC ĐÍCH, YÊU CẦU and III. KINH PHÍ hold no assignments.
    assert set(by_ref) == {"II.1", "II.2.a", "II.2.b", "IV"}
    assert by_ref["II.1"].title == "Rà soát, phân loại án"
    assert by_ref["II.1"].lead == ["Chi cục Thi hành án dân sự huyện"]
    assert by_ref["II.1"].support == ["Công an huyện", "Phòng Tài nguyên và Môi trường"]
    assert by_ref["II.1"].deadlines == ["trước ngày 31/3/2024"]
    assert by_ref["II.2.b"].lead == ["Công an huyện"] and by_ref["II.2.b"].deadlines == ["định kỳ hằng quý"]
    assert by_ref["IV"].lead == ["Chi cục Thi hành án dân sự huyện"]


def test_quyet_dinh_replaces_an_older_decision():
    (doc,) = parse_text(QUYET_DINH).documents
    assert (doc.type_code, doc.type_name, doc.number) == ("QĐ", "Quyết định", "2501/QĐ-UBND")
    assert (doc.place, doc.issued) == ("Long An", date(2022, 5, 20))
    assert doc.subject == "Về việc kiện toàn Ban Chỉ đạo thi hành án dân sự tỉnh"
    assert doc.signer == "Nguyễn Văn Út" and doc.signer_title == "CHỦ TỊCH"
    refs = {r.number: r for r in doc.references}
    assert refs["1500/QĐ-UBND"].relation == "replaces"
    assert refs["05/2016/TTLT-BTP-BCA-BTC-TANDTC-VKSNDTC"].type == "TTLT"
    assert refs["05/2016/TTLT-BTP-BCA-BTC-TANDTC-VKSNDTC"].date == date(2016, 5, 19)
    assert doc.recipients == []  # "Như Điều 3" and "Lưu: VT" are not recipients


def test_known_agency_short_name_and_alias():
    known = [KnownAgency("Sở Tư pháp tỉnh Bến Tre", "STP", ("Sở Tư pháp",)),
             KnownAgency("Cục Thi hành án dân sự tỉnh Bến Tre", "CTHADS", ("cuc thi hanh an dan su tinh",))]
    (doc,) = parse_text(CONG_VAN_UBND, known).documents
    assert doc.assignments[0].lead == ["Sở Tư pháp tỉnh Bến Tre"]
    assert doc.assignments[0].support == ["Cục Thi hành án dân sự tỉnh Bến Tre"]


def test_nfd_input_is_normalised():
    import unicodedata

    (doc,) = parse_text(unicodedata.normalize("NFD", CONG_VAN_UBND)).documents
    assert doc.number == "1234/UBND-NC" and doc.place == "Bến Tre"


def test_crlf_and_markdown_noise():
    text = CONG_VAN_UBND.replace("\n", "\r\n").replace("Số: 1234/UBND-NC", "**Số: 1234/UBND-NC**")
    (doc,) = parse_text(text).documents
    assert doc.number == "1234/UBND-NC" and len(doc.assignments) == 2


def test_two_column_header_lines():
    (doc,) = parse_text(CONG_VAN_TWO_COLUMNS).documents
    assert (doc.number, doc.issuer, doc.place, doc.issued) == (
        "88/UBND-NC", "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH", "Trà Vinh", date(2023, 4, 7))
    assert doc.recipients == ["Sở Tư pháp tỉnh Trà Vinh"]
    ref = doc.references[0]
    assert (ref.number, ref.relation, ref.issuer) == ("84-KL/TW", "implements", "Bộ Chính trị")
    (task,) = doc.assignments
    assert (task.ref, task.lead, task.support, task.deadlines) == (
        None, ["Sở Tư pháp"], ["các cơ quan liên quan"], ["trước ngày 15/5/2023"])


def test_party_directive_with_stamp_above_header():
    (doc,) = parse_text(CHI_THI_STAMP_FIRST).documents
    assert (doc.type_code, doc.number, doc.issuer) == ("CT", "27-CT/TU", "TỈNH ỦY AN GIANG")
    assert (doc.incoming_number, doc.incoming_date) == ("512", date(2022, 10, 3))
    assert doc.subject.startswith("về tăng cường") and doc.subject.endswith("trong tình hình mới")
    assert {r.number: (r.relation, r.issuer) for r in doc.references} == {
        "04-CT/TW": ("implements", "Ban Bí thư"),
        "09-CT/TU": ("replaces", "Ban Thường vụ Tỉnh ủy"),
    }
    assert [(a.ref, a.lead, a.deadlines) for a in doc.assignments] == [
        ("1", ["Ban cán sự đảng Ủy ban nhân dân tỉnh"], ["trước ngày 31/12/2022"]),
        ("2", ["Sở Tư pháp"], ["định kỳ hằng năm"]),
        ("3", ["Ban Nội chính Tỉnh ủy"], []),
    ]
    assert doc.signer_title == "T/M BAN THƯỜNG VỤ / BÍ THƯ" and doc.signer == "Lê Hồng Quang"
