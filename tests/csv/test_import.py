"""`dondoc import`: sheets as clerks keep them, and bad files that must change nothing."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from store import agencies, assignments, documents
from store.assignments import AssignmentQuery
from store.db import Database
from tests.csv.conftest import run_cli, state_of
from tests.csv.test_csvio import cp1258_bytes

HEAD = "Số ký hiệu,Loại,Cơ quan ban hành,Ngày ban hành,Trích yếu,Mục,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Hạn,Tình trạng\r\n"
ROW_A = '10-CT/TU,CT,Tỉnh ủy Tây Ninh,02/01/2026,"V/v ""đôn đốc"", THADS",1,Phổ biến chỉ thị,THADS tỉnh,Sở Tư pháp,31/03/2026,Chưa thực hiện\r\n'
ROW_B = "10-CT/TU,CT,Tỉnh ủy Tây Ninh,02/01/2026,\"V/v \"\"đôn đốc\"\", THADS\",2,Kiểm tra,Sở Tư pháp,,30/06/2026,Đang thực hiện\r\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def cli_db(sample, db: Database, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return db_path


def imp(capsys: pytest.CaptureFixture[str], db_path: Path, path: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(capsys, "import", str(path), "--db", str(db_path), *extra)


def test_dry_run_then_apply(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], db: Database) -> None:
    sheet = write(tmp_path, "nv.csv", HEAD + ROW_A + ROW_B)
    before = state_of(cli_db)
    code, out, err = imp(capsys, cli_db, sheet)
    assert code == 0, err
    assert "CHẠY THỬ" in out and "sẽ tạo 1 văn bản, 2 nhiệm vụ, 0 cơ quan" in out
    assert "Dòng 2: tạo văn bản «10-CT/TU»" in out and "Dòng 3: tạo nhiệm vụ «2 – Kiểm tra»" in out
    assert state_of(cli_db) == before  # a dry run writes nothing
    code, out, err = imp(capsys, cli_db, sheet, "--apply")
    assert code == 0, err
    assert "Đã nhập: tạo 1 văn bản, 2 nhiệm vụ" in out
    rows = assignments.list_assignments(db, AssignmentQuery(search="Kiểm tra", today=date(2026, 1, 10)))
    assert [(r.title, r.lead, r.next_due, r.work_status) for r in rows if r.document_label == "10-CT/TU"] == [
        ("Kiểm tra", ("Sở Tư pháp",), date(2026, 6, 30), "in_progress")
    ]
    # the same file again: everything is already there, nothing is overwritten
    code, out, _ = imp(capsys, cli_db, sheet, "--apply")
    assert code == 0 and "tạo 0 văn bản, 0 nhiệm vụ" in out and "bỏ qua 3" in out


def test_excel_vietnamese_locale_sheet(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], db: Database) -> None:
    """Windows-1258, ';', a title row, folded English/diacritic-free headings, merged cells."""
    text = (
        "DANH SÁCH NHIỆM VỤ GIAO BAN QUÝ I;;;;\r\n"
        "so ky hieu;Issuer;Ngay ban hanh;Trich yeu;Nhiem vu;Co quan chu tri;Han;Ghi chú\r\n"
        "05/KH-UBND;UBND tỉnh Đồng Tháp;05/3/2026;Kế hoạch thực hiện Chỉ thị 06-CT/TU;Tuyên truyền;Sở Tư pháp;30/6/2026;đã giao\r\n"
        ";;;;Sơ kết 6 tháng;Ban Nội chính Tỉnh ủy;định kỳ 6 tháng;\r\n"
    )
    sheet = write(tmp_path, "kh.csv", cp1258_bytes(text))
    code, out, err = imp(capsys, cli_db, sheet, "--apply")
    assert code == 0, err
    assert "cp1258" in out and "«;»" in out and "dòng tên cột 2" in out
    assert "Dòng 4: tạo cơ quan «Ban Nội chính Tỉnh ủy»" in out  # unknown agencies are created, and said
    doc = next(r for r in documents.list_documents(db) if r.number == "05/KH-UBND")
    assert doc.doc_type == "KH" and doc.issuer == "UBND tỉnh Đồng Tháp" and doc.issued == date(2026, 3, 5)
    detail = documents.get(db, doc.id)
    assert [(a.title, a.lead) for a in detail.assignments] == [
        ("Tuyên truyền", ("Sở Tư pháp",)), ("Sơ kết 6 tháng", ("Ban Nội chính Tỉnh ủy",)),
    ]
    task = assignments.get(db, detail.assignments[0].id)
    assert [n.text for n in task.notes] == ["đã giao"]
    assert [d.phrase for d in assignments.get(db, detail.assignments[1].id).deadlines] == ["định kỳ 6 tháng"]
    assert all(unicodedata.is_normalized("NFC", a.name) for a in agencies.list_all(db))


def test_map_option_and_unknown_columns(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write(tmp_path, "x.csv", "STT,Văn bản số,Đơn vị ban hành,Nội dung văn bản,Loại,Màu\r\n1,11/CV-STP,Sở Tư pháp,Về việc X,CV,đỏ\r\n")
    code, _, err = imp(capsys, cli_db, sheet)
    assert code == 1 and "Thiếu cột bắt buộc" in err
    code, out, err = imp(capsys, cli_db, sheet, "--map", "Văn bản số=number", "--map", "Nội dung văn bản=Trích yếu")
    assert code == 0, err
    assert "Cột bỏ qua: «STT», «Màu»" in out and "tạo văn bản «11/CV-STP»" in out
    code, _, err = imp(capsys, cli_db, sheet, "--map", "Văn bản số=colour")
    assert code == 1 and "--map" in err


BAD_FILES = [
    ("empty.csv", b"", "Tệp rỗng"),
    ("blank.csv", b"\xef\xbb\xbf\r\n\r\n", "Tệp rỗng"),
    ("binary.csv", bytes(range(256)) * 16, "không phải CSV"),
    ("book.xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(200), "Đây là tệp Excel"),
    ("pipes.csv", "Số ký hiệu|Trích yếu|Cơ quan ban hành\r\n1/CV|x|y\r\n".encode(), "Không tìm thấy dòng tên cột"),
    ("missing.csv", "Số ký hiệu,Trích yếu\r\n12-CT/TU,abc\r\n".encode(), "Thiếu cột bắt buộc: Cơ quan ban hành"),
    ("headings.csv", HEAD.encode(), "không có dữ liệu"),
    ("twice.csv", (HEAD + ROW_A + ROW_B + ROW_A).encode(), "Dòng 4: lỗi ở nhiệm vụ «Phổ biến chỉ thị»: trùng với dòng 2."),
    ("feb31.csv", (HEAD + ROW_A + ROW_B.replace("30/06/2026", "31/02/2026")).encode(),
     "Dòng 3: lỗi ở nhiệm vụ «Kiểm tra»: Ngày không tồn tại: «31/02/2026»."),
    ("doc_date.csv", (HEAD + ROW_A.replace("02/01/2026", "30/02/2026")).encode(), "Dòng 2: lỗi ở văn bản"),
    ("status.csv", (HEAD + ROW_A.replace("Chưa thực hiện", "Xong rồi nhé")).encode(), "Tình trạng không hiểu được: «Xong rồi nhé»"),
    ("nolead.csv", (HEAD + ROW_A.replace("THADS tỉnh,Sở Tư pháp", ",Sở Tư pháp")).encode(), "cần ít nhất một cơ quan chủ trì"),
    ("type.csv", (HEAD + ROW_A.replace(",CT,", ",Tờ trình,")).encode(), "Loại văn bản không hợp lệ"),
    ("orphan.csv", (HEAD + ",,,,,1,Việc lẻ,Sở Tư pháp,,,\r\n").encode(), "nhiệm vụ không thuộc văn bản nào"),
    ("conflict.csv", (HEAD + ROW_A + ROW_B.replace('"V/v ""đôn đốc"", THADS"', "Khác")).encode(), "khác với dòng 2"),
    ("twocols.csv", "Trích yếu,Subject,Cơ quan ban hành\r\na,b,c\r\n".encode(), "Hai cột cùng là «Trích yếu»"),
    ("latin1.csv", "Trích yếu,Cơ quan ban hành\r\nx,y\r\n".encode("utf-8") + b"\x81\x8d\x8f\x90\x9d", "bảng mã"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_changes_nothing(
    name: str, data: bytes, message: str, cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, name, data)
    before = state_of(cli_db)
    for extra in ((), ("--apply",)):
        code, out, err = imp(capsys, cli_db, path, *extra)
        assert code == 1, (out, err)
        assert message in err, err
        assert "CHẠY THỬ" not in out and "Đã nhập" not in out
        assert state_of(cli_db) == before


def test_one_bad_row_means_no_row_is_written(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = "".join(ROW_A.replace(",1,Phổ biến chỉ thị,", f",{i},Việc {i},") for i in range(1, 30))
    bad = ROW_B.replace("Sở Tư pháp,,", "Sở Tư pháp,,").replace("30/06/2026", "31/04/2026")
    path = write(tmp_path, "mixed.csv", HEAD + good + bad)
    before = state_of(cli_db)
    code, _, err = imp(capsys, cli_db, path, "--apply")
    assert code == 1 and "Dòng 31" in err and "KHÔNG ghi gì" in err
    assert state_of(cli_db) == before


def test_ambiguous_agency_is_an_error(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], db: Database) -> None:
    agencies.add(db, "Sở Tư pháp tỉnh A", short_name="STP")
    agencies.add(db, "Sở Tư pháp tỉnh B", short_name="STP")
    path = write(tmp_path, "amb.csv", HEAD + ROW_A.replace("THADS tỉnh", "STP"))
    before = state_of(cli_db)
    code, _, err = imp(capsys, cli_db, path, "--apply")
    assert code == 1 and "«STP» khớp nhiều cơ quan" in err
    assert state_of(cli_db) == before
