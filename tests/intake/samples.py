"""Unseen documents written for the tests (not taken from the seeds).

They follow Decree 30/2020 (state) layouts, with plain-text hard wraps, so the parser is
tested on shapes the seeds do not show.
"""

CONG_VAN_UBND = """ỦY BAN NHÂN DÂN
TỈNH BẾN TRE
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/UBND-NC
V/v đôn đốc thực hiện Chỉ thị số 05/CT-TTg
của Thủ tướng Chính phủ
Bến Tre, ngày 02 tháng 3 năm 2023

Kính gửi:
- Sở Tư pháp;
- Cục Thi hành án dân sự tỉnh;
- Ủy ban nhân dân các huyện, thành phố.

Thực hiện Chỉ thị số 05/CT-TTg ngày 06/02/2017 của Thủ tướng Chính phủ về việc
tăng cường công tác thi hành án dân sự, Ủy ban nhân dân tỉnh yêu cầu các cơ quan,
đơn vị thực hiện một số nội dung sau:
1. Sở Tư pháp chủ trì, phối hợp với Cục Thi hành án dân sự tỉnh rà soát các vụ
việc tồn đọng, báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 30/6/2023.
2. Ủy ban nhân dân các huyện, thành phố chỉ đạo các phòng, ban chuyên môn phối hợp
chặt chẽ với Chi cục Thi hành án dân sự cùng cấp trong tổ chức cưỡng chế thi hành
án; định kỳ 6 tháng báo cáo kết quả.
Yêu cầu các cơ quan, đơn vị triển khai thực hiện nghiêm túc./.

Nơi nhận:
- Như trên;
- CT, các PCT UBND tỉnh;
- Lưu: VT, NC.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""

KE_HOACH_UBND = """ỦY BAN NHÂN DÂN
HUYỆN CHÂU THÀNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND
Châu Thành, ngày 15 tháng 01 năm 2024

KẾ HOẠCH
Triển khai công tác thi hành án dân sự năm 2024 trên địa bàn huyện

Căn cứ Quyết định số 120/QĐ-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh về việc giao chỉ tiêu thi hành án dân sự năm 2024;
Thực hiện Kế hoạch số 12/KH-UBND ngày 12/01/2024 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiệu quả công tác thi hành án dân sự.
2. Phân công rõ trách nhiệm của từng cơ quan.

II. NHIỆM VỤ CỤ THỂ
1. Rà soát, phân loại án
- Cơ quan chủ trì: Chi cục Thi hành án dân sự huyện.
- Cơ quan phối hợp: Công an huyện; Phòng Tài nguyên và Môi trường.
- Thời gian thực hiện: trước ngày 31/3/2024.
2. Tổ chức cưỡng chế các vụ việc phức tạp
a) Xây dựng phương án cưỡng chế đối với các vụ việc có giá trị lớn.
- Cơ quan chủ trì: Chi cục Thi hành án dân sự huyện.
- Cơ quan phối hợp: Công an huyện.
b) Bảo vệ cưỡng chế.
- Cơ quan chủ trì: Công an huyện.
- Thời gian: định kỳ hằng quý.

III. KINH PHÍ
Kinh phí thực hiện từ ngân sách huyện.

IV. TỔ CHỨC THỰC HIỆN
Chi cục Thi hành án dân sự huyện theo dõi, tổng hợp, báo cáo Ủy ban nhân dân huyện kết quả thực hiện trước ngày 15/12/2024./.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Văn Bình
"""

QUYET_DINH = """ỦY BAN NHÂN DÂN
TỈNH LONG AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2501/QĐ-UBND
Long An, ngày 20 tháng 5 năm 2022

QUYẾT ĐỊNH
Về việc kiện toàn Ban Chỉ đạo thi hành án dân sự tỉnh

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LONG AN

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Thông tư liên tịch số 05/2016/TTLT-BTP-BCA-BTC-TANDTC-VKSNDTC ngày 19/5/2016 của Bộ Tư pháp, Bộ Công an, Bộ Tài chính, Tòa án nhân dân tối cao, Viện kiểm sát nhân dân tối cao quy định hoạt động của Ban Chỉ đạo thi hành án dân sự;
Theo đề nghị của Cục trưởng Cục Thi hành án dân sự tỉnh.

QUYẾT ĐỊNH:

Điều 1. Kiện toàn Ban Chỉ đạo thi hành án dân sự tỉnh gồm các thành viên có tên trong danh sách kèm theo.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 1500/QĐ-UBND ngày 10/4/2019 của Chủ tịch Ủy ban nhân dân tỉnh.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Cục trưởng Cục Thi hành án dân sự tỉnh và các thành viên có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH

Nguyễn Văn Út
"""

# Two columns merged on each header line, as a PDF-to-text export gives them.
CONG_VAN_TWO_COLUMNS = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH TRÀ VINH             Độc lập - Tự do - Hạnh phúc
Số: 88/UBND-NC            Trà Vinh, ngày 07 tháng 4 năm 2023
V/v triển khai Kết luận số 84-KL/TW

Kính gửi: Sở Tư pháp tỉnh Trà Vinh.

Thực hiện Kết luận số 84-KL/TW ngày 29/7/2020 của Bộ Chính trị, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:
Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan liên quan tham mưu triển khai thực hiện; báo cáo kết quả trước ngày 15/5/2023./.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lê Văn Hẳn
"""

# Party directive with the receiving office's stamp above the header and OCR slips
# ("Sô", "Chi thị"), items numbered "1)".
CHI_THI_STAMP_FIRST = """SỞ TƯ PHÁP TỈNH AN GIANG
CÔNG VĂN ĐẾN
Số: 512 Ngày 03 tháng 10 năm 2022

TỈNH ỦY AN GIANG
*
Sô 27-CT/TU
ĐẢNG CỘNG SẢN VIỆT NAM
An Giang, ngày 28 tháng 9 năm 2022

CHỈ THỊ
về tăng cường sự lãnh đạo của Đảng đối với công tác
thi hành án dân sự trong tình hình mới

Thực hiện Chi thị số 04-CT/TW, ngày 02/6/2021 của Ban Bí thư, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nội dung sau:
1) Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện Chỉ thị này trước ngày 31/12/2022.
2) Sở Tư pháp phối hợp với Cục Thi hành án dân sự tỉnh hướng dẫn các huyện; định kỳ hằng năm báo cáo Ban Thường vụ Tỉnh ủy.
3) Ban Nội chính Tỉnh ủy theo dõi, đôn đốc việc thực hiện Chỉ thị này.
Chỉ thị này thay thế Chỉ thị số 09-CT/TU ngày 12/3/2015 của Ban Thường vụ Tỉnh ủy.

Nơi nhận:
- Các huyện ủy, thị ủy, thành ủy,
- Lưu Văn phòng Tỉnh ủy.
T/M BAN THƯỜNG VỤ
BÍ THƯ

Lê Hồng Quang
"""

# Pasted from a Word file: one line per paragraph and no blank line anywhere, the subject
# right above the first sentence of the body.
CHI_THI_NO_BLANK_LINES = """TỈNH ỦY QUẢNG TRỊ
ĐẢNG CỘNG SẢN VIỆT NAM
Số 12-CT/TU
Quảng Trị, ngày 20 tháng 11 năm 2026
CHỈ THỊ
về tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự
Thời gian qua, công tác thi hành án dân sự trên địa bàn tỉnh đạt nhiều kết quả, song số việc có điều kiện thi hành còn tồn đọng nhiều. Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nội dung sau:
1. Ban Nội chính Tỉnh ủy chủ trì, phối hợp với Cục Thi hành án dân sự tỉnh theo dõi, đôn đốc việc thực hiện Chỉ thị này; báo cáo Ban Thường vụ Tỉnh ủy trước ngày 15/12/2027.
2. Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo các sở, ngành rà soát các vụ việc thi hành án phức tạp, kéo dài; báo cáo kết quả định kỳ 6 tháng, hằng năm.
3. Các huyện ủy, thành ủy:
a) Quán triệt Chỉ thị này đến chi bộ, đảng viên trong tháng 01/2027.
b) Chỉ đạo Ủy ban nhân dân cùng cấp phối hợp với Chi cục Thi hành án dân sự tổ chức cưỡng chế các vụ việc lớn.
Chỉ thị này phổ biến đến chi bộ./.
Nơi nhận:
- Các huyện ủy, thành ủy,
- Lưu Văn phòng Tỉnh ủy.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Lê Văn Hưng
"""

# Copied out of a PDF: every line cut at about 74 columns, often in the middle of an
# agency's name, no blank lines; a footnote runs over two lines.
KE_HOACH_PDF_WRAPPED = """ỦY BAN NHÂN DÂN
HUYỆN TAM NÔNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 88/KH-UBND
Tam Nông, ngày 05 tháng 11 năm 2026
KẾ HOẠCH
Giảm án tồn đọng có điều kiện thi hành năm 2027 trên địa bàn huyện
Thực hiện Kế hoạch số 31/KH-UBND ngày 20/10/2026 của Ủy ban nhân dân tỉnh<sup>1</sup>,
Ủy ban nhân dân huyện ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Giảm số việc tồn đọng, bảo đảm các bản án, quyết định có hiệu lực được thi
hành kịp thời, đúng pháp luật.
II. NHIỆM VỤ, GIẢI PHÁP
1. Chi cục Thi hành án dân sự huyện chủ trì, phối hợp chặt chẽ với
Công an huyện và Phòng Tài nguyên và Môi trường rà soát, phân loại toàn bộ
số việc có điều kiện thi hành, lập danh sách các vụ việc phải cưỡng chế;
hoàn thành trước ngày 31/3/2027.
2. Phòng Tư pháp tham mưu Ủy ban nhân dân huyện tổ chức đối thoại với các
Đương sự trong những vụ việc khiếu nại kéo dài, phối hợp với Ủy ban Mặt trận
Tổ quốc Việt Nam huyện vận động người phải thi hành án tự nguyện thi hành.
- Cơ quan phối hợp: Ủy ban nhân dân các xã, thị trấn; Hội Nông dân huyện;
Hội Liên hiệp Phụ nữ huyện.
3. Công an huyện bảo đảm an ninh, trật tự trong các buổi cưỡng chế thi hành
án, xây dựng phương án bảo vệ cho từng vụ việc; báo cáo kết quả định kỳ hằng
quý.
III. TỔ CHỨC THỰC HIỆN
Giao Phòng Tư pháp theo dõi, đôn đốc việc thực hiện Kế hoạch này, tổng hợp
báo cáo Ủy ban nhân dân huyện./.
_________________
<sup>1</sup> Kế hoạch số 31/KH-UBND ngày 20/10/2026 của Ủy ban nhân dân tỉnh về việc
thi hành án dân sự năm 2027.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Thị Mai
"""
