"""Meetings, their attendance and their score sheets, from the people of a ward and the cells' profiles.

Each cell meets by its schedule (``schedule.py``). Sessions before today are held (locked, or submitted
when recent); the first regular session from today on is ``planned``; later ones are not created. Every
member on the roll on the day gets exactly one mark: ``exempt`` only under an approved exemption, the
working-away members ``excused`` (contact kept) or ``absent`` (no contact), the others mostly present.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.utils import timezone

from reports.seed import names, scores
from reports.seed.people import WardBuilder
from reports.seed.profiles import CellProfile
from reports.seed.rows import AttendanceRow, MeetingRow, OfficeRow, StatusRow, WardPlan
from reports.seed.schedule import Slot, cell_schedule

EXCUSES = (
    "Ốm, có báo cáo",
    "Bận việc gia đình, có báo cáo",
    "Đi công tác",
    "Đi viện thăm người nhà",
    "Về quê có việc, có báo cáo",
)
KIND_TITLES = {
    "regular": "sinh hoạt thường kỳ",
    "combined": "sinh hoạt thường kỳ kết hợp chuyên đề",
    "thematic": "sinh hoạt chuyên đề",
    "study": "học tập, quán triệt nghị quyết",
}
STREAK_LIMIT = 3  # excused marks in a row before a member is flagged (Hướng dẫn 12)


def _covers(
    start: datetime.date, end: datetime.date | None, day: datetime.date
) -> bool:
    return start <= day and (end is None or day <= end)


class CellMeetings:
    """Builds the sessions of one cell over the seeded years."""

    def __init__(
        self,
        b: WardBuilder,
        plan: WardPlan,
        cell: str,
        status: dict[str, list[StatusRow]],
    ) -> None:
        self.b, self.plan, self.cell = b, plan, cell
        self.rng = b.rng
        self.profile: CellProfile = b.profiles[cell]
        self.status = status
        self.roll = [
            (m.member_code, m.start, m.end)
            for m in b.memberships
            if m.cell_code == cell
        ]
        self.offices = [o for o in b.offices if o.cell_code == cell]
        self.founded = b.founded_on(cell)
        self.tz = timezone.get_default_timezone()
        self.places = b.places[cell]
        self.overseer = b.overseers.get(cell, "")

    def build(self) -> None:
        planned = False
        workplace = self.b.kinds[self.cell] != "residential"
        for year in (self.b.year, self.b.year + 1):
            slots = cell_schedule(self.profile, year, workplace, self.rng)
            streaks: dict[str, int] = defaultdict(int)
            for slot in slots:
                if slot.day < self.founded:
                    continue
                if slot.day >= self.b.today:
                    if not planned and slot.kind in ("regular", "combined"):
                        self.plan.meetings.append(self.planned(slot))
                        planned = True
                    continue
                self.held(slot, streaks)

    # --- one session -----------------------------------------------------------------------------
    def key(self, slot: Slot) -> str:
        return f"{self.cell}-{slot.day:%Y%m%d}-{slot.kind}"

    def topic(self, slot: Slot) -> str:
        rng, month, year = self.rng, slot.month, slot.day.year
        if slot.kind == "study":
            return rng.choice(names.STUDY_TOPICS)
        theme = rng.choice(names.THEMATIC_TOPICS)
        if slot.kind == "thematic":
            return f"Sinh hoạt chuyên đề: {theme}"
        if slot.kind == "combined":
            return (
                f"Sinh hoạt thường kỳ tháng {month}/{year} kết hợp chuyên đề: {theme}"
            )
        return f"Sinh hoạt chi bộ thường kỳ tháng {month}/{year}"

    def planned(self, slot: Slot) -> MeetingRow:
        updated = datetime.datetime.combine(
            self.b.today - datetime.timedelta(days=1), datetime.time(9, 0), self.tz
        )
        return MeetingRow(
            self.key(slot), self.cell, slot.kind, "planned", slot.day, None, None,
            self.places, self.topic(slot), None, None, "", None, None, "", "",
            None, None, None, "", updated,
        )  # fmt: skip

    def holder(self, day: datetime.date, positions: tuple[str, ...]) -> list[str]:
        found: list[OfficeRow] = [
            o
            for o in self.offices
            if o.position in positions and _covers(o.start, o.end, day)
        ]
        found.sort(key=lambda o: (positions.index(o.position), o.member_code))
        return [o.member_code for o in found]

    def mark(self, member: str, slot: Slot, streak: int) -> tuple[str, str]:
        """The mark of one member at one session, and its note."""
        day, profile, rng = slot.day, self.profile, self.rng
        periods = self.status.get(member, ())
        for p in periods:
            if p.kind == "exempt" and p.approved and _covers(p.start, p.end, day):
                if not profile.perfect and rng.random() < 0.1:
                    return "present", "Được miễn sinh hoạt nhưng vẫn dự họp"
                return "exempt", "Miễn sinh hoạt có thời hạn"
        for p in periods:
            if p.kind == "working_away" and _covers(p.start, p.end, day):
                if p.contact_kept:
                    return "excused", "Đi làm ăn xa, có báo cáo"
                return "absent", "Đi làm ăn xa, không liên lạc được"
        for p in periods:
            if p.kind == "exempt" and _covers(p.start, p.end, day):
                return "excused", "Ốm, đang chờ duyệt miễn sinh hoạt"
        if slot.kind == "study" and (member, day.year) in profile.study_absent:
            return "absent", ""
        if (
            slot.kind != "study"
            and (member, day.year, slot.month) in profile.forced_absent
        ):
            return "absent", "Không báo cáo"
        roll = rng.random()
        if profile.perfect and periods:
            return "present", ""  # designed members: present outside their periods
        study = slot.kind == "study"
        absent_rate = profile.study_absent_rate if study else profile.absent_rate
        if roll < absent_rate:
            return "absent", ""
        capped = profile.perfect and streak >= STREAK_LIMIT
        if roll < absent_rate + profile.excused_rate and not capped:
            return "excused", rng.choice(EXCUSES)
        return "present", ""

    def officers(self, day: datetime.date, roll: list[str]) -> tuple[str, str]:
        """The chair (the secretary, else the deputy) and the minute-taker (a committee member)."""
        chair = (self.holder(day, ("secretary", "deputy")) or roll[:1])[0]
        takers = [m for m in self.holder(day, ("committee", "deputy")) if m != chair]
        others = [m for m in roll if m != chair]
        return chair, (takers or others or [chair])[0]

    def take_marks(
        self,
        slot: Slot,
        roll: list[str],
        officers: tuple[str, str],
        streaks: dict[str, int],
    ) -> tuple[dict[str, tuple[str, str]], bool]:
        """Every member's mark, and whether the excused streak flags someone at this session."""
        marks = {m: self.mark(m, slot, streaks[m]) for m in roll}
        for officer in officers:
            marks[officer] = ("present", "")
        flagged = False
        if slot.kind != "study":
            for member, (mark, _) in marks.items():
                if mark == "excused":
                    streaks[member] += 1
                    flagged = flagged or streaks[member] > STREAK_LIMIT
                elif (
                    mark != "exempt"
                ):  # an exempt mark neither extends nor breaks a streak
                    streaks[member] = 0
        return marks, flagged

    def held(self, slot: Slot, streaks: dict[str, int]) -> None:
        b, rng, profile, day = self.b, self.rng, self.profile, slot.day
        roll = [m for m, start, end in self.roll if _covers(start, end, day)]
        if not roll:
            return
        key = self.key(slot)
        chair, taker = self.officers(day, roll)
        marks, flagged = self.take_marks(slot, roll, (chair, taker), streaks)
        tally = Counter(mark for mark, _ in marks.values())
        present = tally["present"]
        self.plan.attendance.extend(
            AttendanceRow(key, m, mark, note) for m, (mark, note) in marks.items()
        )
        counted = slot.kind != "study"
        minutes = self.duration(slot)
        share = (0.55, 0.85) if profile.perfect else (0.3, 0.85)
        speakers = round(present * rng.uniform(*share))
        if profile.perfect:
            speakers = max(speakers, present // 2 + 1)  # more than half spoke
        speakers = min(max(speakers, 1), present)
        targets_total = rng.randint(4, 8)
        shortfall = 0 if profile.perfect else rng.choice((0, 0, 0, 1, 1, 2))
        targets_met = targets_total - shortfall
        percent = (Decimal(100 * targets_met) / targets_total).quantize(Decimal("0.1"))
        end = (
            datetime.datetime.combine(day, profile.start_time)
            + datetime.timedelta(minutes=minutes)
        ).time()
        kind = "regular" if slot.kind == "combined" else slot.kind
        override = profile.score_override.get((day.year, slot.month, kind))
        upper = counted and (override is not None or rng.random() < profile.upper_rate)
        abstain = 0 if profile.perfect or rng.random() < 0.85 else 1
        recent = day >= b.today - datetime.timedelta(days=45)
        state = "submitted" if recent or rng.random() < 0.05 else "locked"
        updated = min(
            datetime.datetime.combine(day, end, self.tz)
            + datetime.timedelta(hours=rng.randint(1, 72)),
            datetime.datetime.combine(b.today, datetime.time(0, 0), self.tz),
        )
        topic = self.topic(slot)
        tasks = rng.sample(names.MONTHLY_TASKS, 3)
        content = self.content(slot, targets_met, targets_total, topic, tasks)
        conclusion = (
            f"Chi bộ thống nhất nghị quyết tháng {slot.month}/{day.year} gồm "
            f"{len(tasks)} nhiệm vụ trọng tâm: {'; '.join(tasks)}."
            if counted
            else "Đảng viên nghiêm túc học tập, xây dựng chương trình hành động thực hiện "
            "nghị quyết."
        )
        text = self.minutes_text(slot, roll, tally, (chair, taker), speakers, end)
        self.plan.meetings.append(
            MeetingRow(
                key, self.cell, slot.kind, state, day, profile.start_time, end,
                self.places, topic, chair, taker,
                f"Đồng chí {self.overseer}, Đảng ủy viên" if upper else "",
                speakers, percent if counted else None, content, conclusion,
                present - abstain if counted else None, 0 if counted else None,
                abstain if counted else None, text, updated,
            )
        )  # fmt: skip
        if counted:
            facts = scores.MeetingFacts(
                present, tally["absent"], flagged, minutes, speakers, percent
            )
            self.sheets(slot, key, facts, upper, override, updated)

    def minutes_text(
        self,
        slot: Slot,
        roll: list[str],
        tally: Counter,
        officers: tuple[str, str],
        speakers: int,
        end: datetime.time,
    ) -> str:
        """The minutes (biên bản) in brief: when, where, who, the roll and its marks."""
        b, day, start = self.b, slot.day, self.profile.start_time
        officials = sum(1 for m in roll if b.people[m].is_official_on(day))
        chair, taker = officers
        return (
            f"Hồi {start:%H} giờ {start:%M} ngày {day:%d/%m/%Y}, tại {self.places}, "
            f"{b.cell_names[self.cell]} tiến hành {KIND_TITLES[slot.kind]}.\n"
            f"Tổng số đảng viên: {len(roll)} (chính thức {officials}, dự bị "
            f"{len(roll) - officials}); có mặt {tally['present']}; vắng có lý do "
            f"{tally['excused']}; vắng không lý do {tally['absent']}; miễn sinh hoạt "
            f"{tally['exempt']}.\n"
            f"Chủ trì: đồng chí {b.name(chair)}; thư ký: đồng chí {b.name(taker)}.\n"
            f"Có {speakers} lượt đảng viên phát biểu ý kiến.\n"
            f"Buổi sinh hoạt kết thúc hồi {end:%H} giờ {end:%M} cùng ngày; biên bản đã được "
            "thông qua trước chi bộ."
        )

    def duration(self, slot: Slot) -> int:
        rng, profile = self.rng, self.profile
        if slot.kind == "study":
            return rng.choice((120, 150, 180))
        override = profile.duration_override.get((slot.day.year, slot.month))
        if override and slot.kind in ("regular", "combined"):
            return override
        if not profile.perfect and rng.random() < profile.short_rate:
            return rng.choice((60, 65, 70, 75, 80, 85))
        return rng.choice((90, 95, 100, 105, 110, 120, 120, 135, 150))

    def content(
        self, slot: Slot, met: int, total: int, topic: str, tasks: list[str]
    ) -> str:
        previous = 12 if slot.month == 1 else slot.month - 1
        if slot.kind in ("thematic", "study"):
            return f"1. {topic}.\n2. Thảo luận, liên hệ trách nhiệm của đảng viên.\n3. Kết luận."
        return (
            "1. Thông tin thời sự, chủ trương, chính sách mới.\n"
            f"2. Đánh giá kết quả thực hiện nghị quyết tháng {previous}: hoàn thành "
            f"{met}/{total} chỉ tiêu.\n"
            f"3. Thảo luận, thống nhất nhiệm vụ tháng {slot.month}: {'; '.join(tasks)}."
        )

    def sheets(
        self,
        slot: Slot,
        key: str,
        facts: scores.MeetingFacts,
        upper: bool,
        override: tuple[int, int] | None,
        updated: datetime.datetime,
    ) -> None:
        rng, profile, year = self.rng, self.profile, slot.day.year
        low, high = profile.deductions
        upper_cut = rng.randint(low, high)
        self_cut = max(0, upper_cut - rng.randint(0, 4))
        if override:
            self_cut, upper_cut = override
        total_only = (year, slot.month) in profile.total_only
        secretary = self.holder(slot.day, ("secretary",))
        self_name = (
            f"Chi ủy chi bộ (bí thư: {self.b.name(secretary[0])})" if secretary else ""
        )
        common = {"facts": facts, "protect": profile.perfect, "total_only": total_only}
        self.plan.sheets.append(
            scores.sheet(
                meeting_key=key, scorer="self", scorer_name=self_name,
                deduction=self_cut, rng=rng, updated_at=updated, **common,
            )
        )  # fmt: skip
        if upper:
            self.plan.sheets.append(
                scores.sheet(
                    meeting_key=key, scorer="upper", scorer_name=self.overseer,
                    deduction=upper_cut, rng=rng, updated_at=updated, **common,
                )
            )  # fmt: skip


def build_meetings(b: WardBuilder, plan: WardPlan) -> None:
    """Fills ``plan.meetings``, ``plan.attendance`` and ``plan.sheets`` for every cell of the ward."""
    status: dict[str, list[StatusRow]] = defaultdict(list)
    for row in b.status:
        status[row.member_code].append(row)
    for cell in b.cells:
        CellMeetings(b, plan, cell.code, status).build()
