"""Vietnamese words the seed data is made of: people's names, places, addresses, meeting topics.

Every string is NFC (``bulk_create`` skips ``NormalizedTextModel.save``, so nothing normalises it later).
Pools are tuples (never sets): picking from them with a seeded ``random.Random`` is deterministic.
"""

import random

from wards.text import nfc


def _pool(*words: str) -> tuple[str, ...]:
    return tuple(nfc(word) for word in words)


# Family names with rough national frequencies, plus names common among the Tày, Thái, Dao and Mông
# people of Yên Bái.
FAMILY_NAMES = _pool(
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Phan", "Đinh", "Mai", "Đào", "Trịnh", "Lương", "Cao", "Đoàn", "Hà",
    "Lò", "Triệu", "Nông", "Giàng",
)  # fmt: skip
FAMILY_WEIGHTS = (
    34, 11, 9, 7, 6, 5, 3, 3, 3, 2, 2,
    2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2,
    1, 1, 1, 1,
)  # fmt: skip
MALE_MIDDLE = _pool(
    "Văn",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Xuân",
    "Công",
    "Mạnh",
    "Ngọc",
    "Thanh",
    "Tiến",
    "Đình",
)
FEMALE_MIDDLE = _pool(
    "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Kim", "Hồng", "Phương", "Bích", "Thúy"
)
MALE_MIDDLE_WEIGHTS = (30, 10, 8, 7, 6, 6, 5, 5, 4, 4, 4, 5)
FEMALE_MIDDLE_WEIGHTS = (45, 8, 8, 7, 5, 5, 6, 4, 3, 3)
MALE_GIVEN = _pool(
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng",
    "Huy", "Khánh", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Phong", "Phúc", "Quân", "Quang",
    "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh",
)  # fmt: skip
FEMALE_GIVEN = _pool(
    "Anh", "Chi", "Dung", "Duyên", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Hương",
    "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương",
    "Quyên", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến",
)  # fmt: skip

STREETS = _pool(
    "Điện Biên", "Nguyễn Thái Học", "Yên Ninh", "Đinh Tiên Hoàng", "Trần Hưng Đạo",
    "Hoàng Hoa Thám", "Thành Công", "Kim Đồng", "Lê Lợi", "Nguyễn Tất Thành", "Hòa Bình",
    "Lý Thường Kiệt", "Ngô Gia Tự", "Trần Phú", "Quang Trung", "Nguyễn Du",
)  # fmt: skip
OUTSIDE_PLACES = _pool(
    "phường Nguyễn Phúc, thành phố Yên Bái",
    "phường Minh Tân, thành phố Yên Bái",
    "phường Hồng Hà, thành phố Yên Bái",
    "xã Tuy Lộc, thành phố Yên Bái",
    "xã Văn Phú, thành phố Yên Bái",
    "thị trấn Yên Bình, huyện Yên Bình",
    "xã Bảo Hưng, huyện Trấn Yên",
    "thị trấn Mậu A, huyện Văn Yên",
)

# Real wards and communes of Yên Bái city first (Đồng Tâm is the demo ward), then made-up names.
CITY_WARD_NAMES = _pool(
    "Nguyễn Thái Học", "Hồng Hà", "Minh Tân", "Yên Ninh", "Yên Thịnh", "Nguyễn Phúc",
    "Hợp Minh", "Nam Cường", "Minh Bảo", "Tuy Lộc", "Giới Phiên", "Âu Lâu", "Văn Phú",
    "Văn Tiến", "Phúc Lộc",
)  # fmt: skip
_WARD_FIRST = _pool(
    "Hồng", "Minh", "Yên", "Tân", "Hòa", "An", "Phú", "Bình", "Thịnh", "Hưng", "Quang",
    "Trung", "Thanh", "Kim", "Nghĩa", "Hợp", "Cát", "Đại", "Lâm", "Tiên",
)  # fmt: skip
_WARD_SECOND = _pool(
    "Hà", "Ninh", "Lộc", "Sơn", "Thành", "Long", "Cường", "Bảo", "Phong", "Lợi", "Tiến",
    "Hải", "Giang", "Thái", "Khánh", "Quý",
)  # fmt: skip
TOWNS = _pool(
    "Nghĩa Lộ", "Yên Bình", "Văn Yên", "Trấn Yên", "Lục Yên", "Văn Chấn", "Mù Cang Chải",
    "Trạm Tấu",
)  # fmt: skip

COMPANIES = _pool(
    "Công ty Cổ phần May Đồng Tâm",
    "Công ty TNHH Xây dựng Hòa Bình",
    "Công ty Cổ phần Chè Yên Bái",
    "Công ty TNHH Thương mại Hồng Hà",
    "Công ty Cổ phần Vận tải Yên Ninh",
    "Công ty TNHH Gỗ Minh Phát",
    "Công ty Cổ phần Cấp nước Thành Công",
    "Công ty TNHH Dịch vụ Môi trường Xanh",
)
SCHOOLS = _pool("Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở")

THEMATIC_TOPICS = _pool(
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Xây dựng tổ dân phố văn minh, sạch đẹp",
    "Phòng, chống tệ nạn xã hội trên địa bàn",
    "Thực hiện công tác dân vận khéo",
    "Công tác phát triển đảng viên",
    "Cải cách hành chính và chuyển đổi số",
    "Bảo đảm an ninh, trật tự ở khu dân cư",
    "Vai trò nêu gương của đảng viên",
    "Phòng, chống thiên tai, tìm kiếm cứu nạn",
)
STUDY_TOPICS = _pool(
    "Học tập, quán triệt các nghị quyết Hội nghị Trung ương",
    "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh",
    "Học tập, quán triệt các nghị quyết, chỉ thị mới của Bộ Chính trị",
    "Học tập chuyên đề năm về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
)
MONTHLY_TASKS = _pool(
    "thu nộp đảng phí đúng hạn",
    "vệ sinh môi trường khu dân cư",
    "tuyên truyền phòng, chống dịch bệnh",
    "vận động quỹ vì người nghèo",
    "bảo đảm an ninh, trật tự",
    "đôn đốc hộ gia đình thực hiện quy ước",
    "chuẩn bị đại hội chi bộ",
    "thăm hỏi gia đình chính sách",
    "hoàn thành kế hoạch công tác chuyên môn",
    "phát triển đảng viên mới",
)


def person_name(rng: random.Random, gender: str, family: str | None = None) -> str:
    """A full name: family name, middle name, given name (họ, tên đệm, tên)."""
    family = family or rng.choices(FAMILY_NAMES, FAMILY_WEIGHTS)[0]
    if gender == "male":
        middle = rng.choices(MALE_MIDDLE, MALE_MIDDLE_WEIGHTS)[0]
        given = rng.choice(MALE_GIVEN)
    else:
        middle = rng.choices(FEMALE_MIDDLE, FEMALE_MIDDLE_WEIGHTS)[0]
        given = rng.choice(FEMALE_GIVEN)
    return f"{family} {middle} {given}"


def split_name(full_name: str) -> tuple[str, str]:
    """(given names, family name) as Django's first_name and last_name."""
    family, _, rest = full_name.partition(" ")
    return rest, family


def street_address(rng: random.Random) -> str:
    number = rng.randint(1, 250)
    if rng.random() < 0.5:
        return f"Số {number}, ngõ {rng.randint(2, 120)}, đường {rng.choice(STREETS)}"
    return f"Số {number}, đường {rng.choice(STREETS)}"


def outside_address(rng: random.Random) -> str:
    return f"{street_address(rng)}, {rng.choice(OUTSIDE_PLACES)}"


def phone_number(rng: random.Random) -> str:
    prefix = rng.choice(("091", "094", "098", "097", "086", "035", "036", "083", "088"))
    return f"{prefix}{rng.randint(0, 9_999_999):07d}"


def generated_ward_names() -> list[str]:
    """Ward names for the generated wards: the real ones of Yên Bái city, then made-up pairs."""
    pairs = [
        f"{a} {b}"
        for a in _WARD_FIRST
        for b in _WARD_SECOND
        if a != b and f"{a} {b}" not in CITY_WARD_NAMES
    ]
    random.Random("partycell-ward-names").shuffle(pairs)
    return [*CITY_WARD_NAMES, *pairs]
