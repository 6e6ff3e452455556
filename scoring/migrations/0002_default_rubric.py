"""Loads the default meeting score sheet of DOMAIN.md ("Default rubric"), built on the five criteria of
Hướng dẫn 12-HD/BTCTW (06/7/2018). A ward replaces it by entering its province's sheet as a newer version."""

import datetime
from decimal import Decimal

from django.db import migrations

CODE = "HD12-2018"
SECTIONS = [
    ("I", "Tỉ lệ đảng viên dự sinh hoạt", [
        ("I.1", "Tỉ lệ đảng viên dự sinh hoạt (không tính đảng viên miễn sinh hoạt, vắng có lý do)",
         10, "attendance", True),
    ]),
    ("II", "Công tác chuẩn bị", [
        ("II.1", "Chi ủy (bí thư) họp chuẩn bị nội dung sinh hoạt", 4, "", False),
        ("II.2", "Nội dung sinh hoạt đúng, đủ, có trọng tâm", 4, "", False),
        ("II.3", "Chuẩn bị dự thảo kết luận, nghị quyết", 4, "", False),
        ("II.4", "Thông báo cho đảng viên, cấp ủy viên cấp trên; gửi tài liệu trước", 3, "", False),
    ]),
    ("III", "Tổ chức sinh hoạt", [
        ("III.1", "Đúng giờ, đúng trình tự quy định", 6, "", False),
        ("III.2", "Thời gian sinh hoạt (từ 90 phút trở lên)", 4, "duration", True),
        ("III.3", "Nội dung sinh hoạt thường kỳ / chuyên đề", 10, "", False),
        ("III.4", "Phê bình và tự phê bình", 4, "", False),
        ("III.5", "Tỉ lệ đảng viên có mặt phát biểu ý kiến", 6, "speakers", True),
    ]),
    ("IV", "Điều hành của người chủ trì", [
        ("IV.1", "Điều hành linh hoạt, định hướng thảo luận, kết luận rõ ràng", 10, "", False),
    ]),
    ("V", "Nguyên tắc tổ chức, sinh hoạt đảng", [
        ("V.1", "Tập trung dân chủ, tự phê bình và phê bình, lắng nghe ý kiến đảng viên", 10, "", False),
    ]),
    ("VI", "Kết quả thực hiện nghị quyết tháng trước", [
        ("VI.1", "Tỉ lệ chỉ tiêu nghị quyết tháng trước hoàn thành", 20, "targets", False),
    ]),
    ("VII", "Kết thúc, biên bản", [
        ("VII.1", "Kết luận được biểu quyết thông qua", 2, "", False),
        ("VII.2", "Biên bản đầy đủ, được thông qua", 2, "", True),
        ("VII.3", "Lưu trữ tài liệu sau sinh hoạt", 1, "", False),
    ]),
]
BANDS = [(1, 90), (2, 70), (3, 50), (4, 0)]


def load(apps, schema_editor) -> None:
    Rubric = apps.get_model("scoring", "Rubric")
    Section = apps.get_model("scoring", "RubricSection")
    Item = apps.get_model("scoring", "RubricItem")
    Band = apps.get_model("scoring", "ClassBand")
    if Rubric.objects.filter(code=CODE).exists():
        return
    # Reference data loaded once: no history rows are written for it.
    rubric = Rubric.objects.create(
        code=CODE,
        name="Bảng chấm điểm sinh hoạt chi bộ (mặc định)",
        valid_from=datetime.date(2018, 7, 6),
        total_points=Decimal("100"),
        source="Theo 5 tiêu chí của Hướng dẫn 12-HD/BTCTW ngày 06/7/2018",
    )
    order = 0
    for s_order, (number, title, items) in enumerate(SECTIONS, start=1):
        section = Section.objects.create(rubric=rubric, number=number, title=title, order=s_order)
        for code, item_title, points, computed, full in items:
            order += 1
            Item.objects.create(
                rubric=rubric,
                section=section,
                code=code,
                title=item_title,
                max_points=Decimal(points),
                step=Decimal("0.5"),
                computed_from=computed,
                full_marks_for_class1=full,
                order=order,
            )
    for meeting_class, points in BANDS:
        Band.objects.create(rubric=rubric, meeting_class=meeting_class, min_points=Decimal(points))


def unload(apps, schema_editor) -> None:
    apps.get_model("scoring", "Rubric").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
