"""Decisions (Quyết định): "Điều N." articles as assignments; bullets under a section."""

from __future__ import annotations

from store.intake import parse_text

DECISION = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG THÁP
Số: 123/QĐ-UBND
Đồng Tháp, ngày 10 tháng 3 năm 2026

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát án tồn đọng

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Xét đề nghị của Giám đốc Sở Tư pháp,

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác rà soát án tồn đọng gồm các thành viên sau:
- Giám đốc Sở Tư pháp, Tổ trưởng;
- Cục trưởng Cục Thi hành án dân sự tỉnh, Tổ phó.

Điều 2. Nhiệm vụ của các cơ quan:
- Sở Tư pháp chủ trì, phối hợp với Công an tỉnh rà soát, phân loại các vụ việc tồn đọng, báo cáo trước ngày 30/6/2026.
- Thi hành án dân sự tỉnh tổng hợp kết quả, định kỳ hằng quý báo cáo UBND tỉnh.

ĐIỀU 3. Tổ công tác có nhiệm vụ giúp Chủ tịch UBND tỉnh theo dõi, đôn đốc việc thi hành án tồn đọng.
Sở Tư pháp là cơ quan thường trực của Tổ công tác.

Điều 4. Quyết định này có hiệu lực kể từ ngày ký.

Điều 5. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tư pháp, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 5;
- Lưu: VT.

CHỦ TỊCH

Nguyễn Văn A
"""


def test_articles_become_assignments_except_deciding_and_closing_ones() -> None:
    (doc,) = parse_text(DECISION).documents
    assert (doc.type_code, doc.number) == ("QĐ", "123/QĐ-UBND")
    refs = [a.ref for a in doc.assignments]
    assert refs == ["Điều 2.1", "Điều 2.2", "Điều 3"]  # not 1 (sets up), 4 (in force), 5 (executes)
    first, second, third = doc.assignments
    assert first.lead == ["Sở Tư pháp"] and first.support == ["Công an tỉnh"]
    assert first.deadlines == ["trước ngày 30/6/2026"] and not first.body.startswith("-")
    assert second.lead == ["Thi hành án dân sự tỉnh"] and second.deadlines == ["định kỳ hằng quý"]
    assert third.lead == ["Tổ công tác"]


def test_bullets_under_a_numbered_heading_each_with_a_lead() -> None:
    text = """SỞ TƯ PHÁP TỈNH THỬ
Số: 45/KH-STP
Thử, ngày 02 tháng 4 năm 2026

KẾ HOẠCH
Kiểm tra công tác thi hành án năm 2026

I. NHIỆM VỤ
1. Tuyên truyền Chỉ thị số 06-CT/TU trong toàn ngành.
Phòng Phổ biến giáo dục pháp luật thực hiện trong quý II năm 2026.
2. Công tác kiểm tra:
- Phòng Hành chính tư pháp chủ trì kiểm tra các xã trước ngày 30/9/2026.
- Thanh tra Sở phối hợp kiểm tra việc giải quyết khiếu nại, báo cáo hằng quý.

GIÁM ĐỐC

Trần Văn B
"""
    (doc,) = parse_text(text).documents
    refs = [a.ref for a in doc.assignments]
    assert refs == ["I.1", "I.2.1", "I.2.2"]
    assert doc.assignments[1].lead == ["Phòng Hành chính tư pháp"]
    assert doc.assignments[2].lead == ["Thanh tra Sở"]


def test_bullets_without_their_own_subject_stay_one_assignment() -> None:
    text = DECISION.replace(
        "- Thi hành án dân sự tỉnh tổng hợp kết quả", "- Tổng hợp kết quả"
    )
    (doc,) = parse_text(text).documents
    article = next(a for a in doc.assignments if a.ref == "Điều 2")
    assert article.lead == ["Sở Tư pháp"]
