import pytest
from django.core.exceptions import ValidationError

from tests.factories import GroupFactory, WardFactory
from tests.wards.support import refused
from wards.models import ResidentialGroup, Ward

pytestmark = pytest.mark.django_db


def test_ward_code_is_unique() -> None:
    WardFactory(code="DT")
    with refused("wards.Ward.code"):
        Ward.objects.create(code="DT", name="Phường Đồng Tâm bis")


def test_ward_code_may_not_be_blank() -> None:
    with refused("ward_code_not_blank"):
        Ward.objects.create(code="", name="Phường không mã")


def test_group_code_is_unique() -> None:
    group = GroupFactory(code="T05")
    with refused("wards.ResidentialGroup.code"):
        ResidentialGroup.objects.create(code="T05", ward=group.ward, name="Tổ 5 bis")


def test_group_code_may_not_be_blank() -> None:
    with refused("group_code_not_blank"):
        GroupFactory(code="")


def test_blank_ward_code_is_refused_by_full_clean_on_the_code_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Ward(code="", name="Phường không mã").full_clean()
    assert "code" in excinfo.value.message_dict


def test_ward_and_group_print_their_names() -> None:
    group = GroupFactory(name="Tổ dân phố số 5", ward__name="Phường Đồng Tâm")
    assert str(group) == "Tổ dân phố số 5"
    assert str(group.ward) == "Phường Đồng Tâm"
