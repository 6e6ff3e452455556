"""Vietnamese is the interface's default language: the catalogue is complete, compiled, and in NFC."""

import ast
import gettext
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cells.models import Cell, Member, OfficePosition, Rating, ResidenceFeedback
from meetings.models import Mark, Meeting, MeetingKind
from scoring.models import ItemScore, ScoreSheet
from tests.factories import MembershipFactory

LOCALE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]|%%")


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries are comments and skipped)."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgstr":
                entry.msgstrs[-1] += value
            else:
                setattr(entry, target, getattr(entry, target) + value)
        else:
            keyword, _, literal = line.partition(" ")
            value = ast.literal_eval(literal)
            target = {
                "msgctxt": "context",
                "msgid": "msgid",
                "msgid_plural": "plural",
            }.get(keyword, "msgstr")
            if target == "msgstr":
                entry.msgstrs.append(value)
            else:
                setattr(entry, target, value)
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    entries = read_po(LOCALE / "django.po")
    assert len(entries) > 100
    return entries


def test_po_file_has_no_empty_and_no_fuzzy_entry(po_entries: list[Entry]) -> None:
    header, *messages = po_entries
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstrs[0]
    empty = [e.msgid for e in messages if not all(e.msgstrs)]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert empty == []
    assert fuzzy == []


def test_translations_keep_their_placeholders(po_entries: list[Entry]) -> None:
    for entry in po_entries[1:]:
        for msgstr in entry.msgstrs:
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


def test_translations_are_nfc(po_entries: list[Entry]) -> None:
    for entry in po_entries[1:]:
        for msgstr in entry.msgstrs:
            assert unicodedata.is_normalized("NFC", msgstr), entry.msgid


def test_compiled_catalogue_matches_the_po_file(po_entries: list[Entry]) -> None:
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    for entry in po_entries[1:]:
        if entry.plural is not None:
            translated = catalogue.ngettext(entry.msgid, entry.plural, 1)
        elif entry.context is not None:
            translated = catalogue.pgettext(entry.context, entry.msgid)
        else:
            translated = catalogue.gettext(entry.msgid)
        assert translated == entry.msgstrs[0], entry.msgid


def test_vietnamese_is_the_default_language() -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert translation.get_language() == "vi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (lambda: Cell._meta.verbose_name, "chi bộ"),
        (lambda: Member._meta.verbose_name, "đảng viên"),
        (lambda: Member._meta.get_field("code").verbose_name, "số lý lịch"),
        (
            lambda: Member._meta.get_field("card_number").verbose_name,
            "số thẻ đảng viên",
        ),
        (
            lambda: Member._meta.get_field("citizen_id").verbose_name,
            "số định danh cá nhân/CCCD",
        ),
        (lambda: Meeting._meta.verbose_name, "buổi sinh hoạt"),
        (lambda: ScoreSheet._meta.verbose_name, "phiếu chấm điểm"),
        (lambda: MeetingKind.REGULAR.label, "sinh hoạt thường kỳ"),
        (lambda: MeetingKind.THEMATIC.label, "sinh hoạt chuyên đề"),
        (lambda: MeetingKind.STUDY.label, "học tập, quán triệt nghị quyết"),
        (lambda: Rating.EXCELLENT.label, "Hoàn thành xuất sắc nhiệm vụ"),
        (lambda: Rating.FAILED.label, "Không hoàn thành nhiệm vụ"),
        (lambda: OfficePosition.SECRETARY.label, "bí thư"),
        (lambda: ResidenceFeedback.GOOD.label, "tốt"),
        (lambda: Mark.EXEMPT.label, "miễn sinh hoạt"),
        (lambda: Mark.ABSENT.label, "vắng không lý do"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_model_labels_are_vietnamese(text: Callable[[], object], expected: str) -> None:
    assert str(text()) == expected


def test_english_stays_the_source_language() -> None:
    with translation.override("en"):
        assert str(Cell._meta.verbose_name) == "party cell"
        assert str(OfficePosition.SECRETARY.label) == "secretary"


def test_validation_messages_keep_their_values_in_vietnamese() -> None:
    message = translation.gettext("At most %(max)s points for this item.") % {
        "max": "10"
    }
    assert message == "Tiêu chí này tối đa 10 điểm."
    assert ItemScore._meta.verbose_name == "điểm tiêu chí"


@pytest.mark.django_db
def test_admin_speaks_vietnamese(client: Client) -> None:
    admin_user = get_user_model().objects.create_superuser("quantri", "", "x")
    client.force_login(admin_user)
    MembershipFactory()  # an empty changelist shows no column titles

    index = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị partycell" in index
    assert "Sinh hoạt chi bộ" in index  # the meetings app

    members = client.get(reverse("admin:cells_member_changelist")).content.decode()
    assert "Số lý lịch" in members
    assert "Chi bộ hiện tại" in members
    assert "đảng viên chính thức" in members  # a choice of the status filter

    english = client.get(
        reverse("admin:cells_member_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Profile number" in english


@pytest.mark.django_db
def test_history_pages_speak_vietnamese(client: Client) -> None:
    """django-simple-history ships no Vietnamese: the project's catalogue supplies it."""
    admin_user = get_user_model().objects.create_superuser("quantri", "", "x")
    client.force_login(admin_user)
    member = MembershipFactory().member

    change = client.get(reverse("admin:cells_member_change", args=[member.pk]))
    assert "Lịch sử" in change.content.decode()
    assert "Bản ghi nhớ" not in change.content.decode()

    history = client.get(
        reverse("admin:cells_member_history", args=[member.pk])
    ).content.decode()
    for words in ("Lịch sử thay đổi", "Người thay đổi", "Tạo mới", "1 bản ghi"):
        assert words in history
    for english in ("Changed by", "Created", "Choose a date"):
        assert english not in history
