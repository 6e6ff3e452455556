"""Text is stored in Unicode NFC whatever the keyboard sent (wards.text, NormalizedTextModel)."""

import unicodedata

import pytest
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from cells.models import Member
from tests.factories import MemberFactory
from tests.wards.support import BUILDERS, project_models, refused
from wards.models import NormalizedTextModel
from wards.text import nfc

NAME = "Nguyễn Thị Hường"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    """The text fields a user types into (choice fields hold fixed ASCII values)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices
    ]


def text_models() -> list[type[models.Model]]:
    """The models with at least one field a user types text into."""
    return [m for m in project_models() if free_text_fields(m)]


def decomposed_for(field: models.Field) -> str:
    """A decomposed Vietnamese value whose composed form fits the field."""
    composed = NAME[: field.max_length] if field.max_length else NAME
    return nfd(composed)


def test_the_sample_name_really_differs_when_decomposed() -> None:
    assert nfd(NAME) != NAME
    assert len(nfd(NAME)) > len(NAME)


@given(st.text())
def test_nfc_equals_unicodedata_nfc(text: str) -> None:
    assert nfc(text) == unicodedata.normalize("NFC", text)


@given(st.text())
def test_nfc_is_idempotent(text: str) -> None:
    assert nfc(nfc(text)) == nfc(text)


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.binary(),
        st.dates(),
        st.lists(st.text()),
    )
)
def test_nfc_leaves_values_that_are_not_strings_unchanged(value: object) -> None:
    assert nfc(value) is value


def test_nfc_composes_a_decomposed_name() -> None:
    assert nfc(nfd(NAME)) == NAME


@pytest.mark.parametrize("model", text_models(), ids=lambda m: m._meta.label)
def test_every_model_with_free_text_normalizes_it(model) -> None:
    assert issubclass(model, NormalizedTextModel)
    assert model in BUILDERS


@pytest.mark.django_db
@pytest.mark.parametrize("model", text_models(), ids=lambda m: m._meta.label)
def test_every_text_field_is_stored_nfc_after_save(model) -> None:
    instance = BUILDERS[model]()
    fields = free_text_fields(model)
    for field in fields:
        setattr(instance, field.attname, decomposed_for(field))
    instance.save()
    stored = model.objects.filter(pk=instance.pk).values(*[f.attname for f in fields])
    for attname, value in stored.get().items():
        assert unicodedata.is_normalized("NFC", value), attname
        assert value == nfc(decomposed_for(model._meta.get_field(attname)))


@pytest.mark.django_db
@pytest.mark.parametrize("model", text_models(), ids=lambda m: m._meta.label)
def test_every_text_field_is_nfc_after_full_clean(model) -> None:
    instance = BUILDERS[model]()
    fields = free_text_fields(model)
    for field in fields:
        setattr(instance, field.attname, decomposed_for(field))
    instance.full_clean()
    for field in fields:
        assert getattr(instance, field.attname) == nfc(decomposed_for(field))


@pytest.mark.django_db
def test_a_name_typed_decomposed_is_found_by_the_composed_name() -> None:
    MemberFactory(full_name=nfd(NAME))
    assert Member.objects.filter(full_name=NAME).count() == 1
    assert Member.objects.filter(full_name__icontains="Hường").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("model", text_models(), ids=lambda m: m._meta.label)
def test_bulk_update_and_update_store_text_nfc(model) -> None:
    instance = BUILDERS[model]()
    fields = free_text_fields(model)
    for field in fields:
        setattr(instance, field.attname, decomposed_for(field))
    model.objects.bulk_update([instance], [f.name for f in fields])
    stored = model.objects.filter(pk=instance.pk).values(*[f.attname for f in fields])
    assert all(unicodedata.is_normalized("NFC", v) for v in stored.get().values())
    model.objects.filter(pk=instance.pk).update(
        **{f.attname: decomposed_for(f) for f in fields}
    )
    stored = model.objects.filter(pk=instance.pk).values(*[f.attname for f in fields])
    assert all(unicodedata.is_normalized("NFC", v) for v in stored.get().values())


@pytest.mark.django_db
def test_bulk_create_stores_text_nfc() -> None:
    Member.objects.bulk_create(
        MemberFactory.build(full_name=nfd(NAME), code=nfd(f"ĐV-{n}")) for n in range(3)
    )
    assert Member.objects.filter(full_name=NAME).count() == 3
    assert set(Member.objects.values_list("code", flat=True)) == {
        f"ĐV-{n}" for n in range(3)
    }


@pytest.mark.django_db
def test_a_code_typed_decomposed_clashes_with_the_same_code_composed() -> None:
    MemberFactory(code="ĐV-Hường")
    with refused("cells.Member.code"):
        MemberFactory(code=nfd("ĐV-Hường"))
