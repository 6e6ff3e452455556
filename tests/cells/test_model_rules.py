"""Rules of single records: a card number only once official; one role of a kind per scope."""

import datetime

import pytest

from tests import factories
from tests.wards.support import errors_of, refused

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_card_number_for_a_probationary_member() -> None:
    with refused("member_card_only_when_official"):
        factories.MemberFactory(card_number="123456", official_on=None)


def test_an_official_member_may_have_a_card_number() -> None:
    member = factories.MemberFactory(
        card_number="123456", official_on=datetime.date(1991, 3, 3)
    )
    assert errors_of(member) == {}


def test_the_form_says_it_on_the_card_number_field() -> None:
    member = factories.MemberFactory.build(card_number="123456", official_on=None)
    assert "card_number" in errors_of(member)


def test_a_user_cannot_get_the_same_role_twice() -> None:
    role = factories.RoleFactory(kind="viewer", ward=factories.WardFactory())
    again = factories.RoleFactory.build(user=role.user, kind="viewer", ward=role.ward)
    assert "__all__" in errors_of(again)
    other_ward = factories.RoleFactory.build(
        user=role.user, kind="viewer", ward=factories.WardFactory()
    )
    assert errors_of(other_ward) == {}
