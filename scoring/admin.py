"""Admin of the meeting score sheet (bảng chấm điểm): rubric versions with their sections, items and class
bands, and the sheets scored for meetings.

A ward enters its province's sheet here as a new rubric version, without code: first the rubric and its
sections, then its items and class bands, then the bands of each computed item on the item's page. Points
above an item's maximum or off its step are refused by ``ItemScore.clean``, which the admin's model forms
run; a rubric whose items do not add up to its total, class bands that are not classes 1 to 4 in order, and
an item's bands out of order or beyond its maximum are refused by the inline formsets below, with the checks
of ``scoring/rubrics.py``.
"""

import datetime
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from scoring.models import (
    ClassBand,
    ClosedYear,
    Criterion,
    ItemScore,
    Rubric,
    RubricItem,
    RubricItemBand,
    RubricSection,
    ScoreSheet,
)
from scoring.rubrics import (
    class_band_problems,
    item_band_problems,
    item_total_problems,
)


def limit_inline_choices(
    formset: type[BaseInlineFormSet], field: str, **lookup: Any
) -> type[BaseInlineFormSet]:
    """Offer in ``field`` only the rows matching ``lookup`` (e.g. the items of the parent's rubric)."""
    if field in formset.form.base_fields:
        choice_field = formset.form.base_fields[field]
        choice_field.queryset = choice_field.queryset.filter(**lookup)
    return formset


def kept_rows(formset: BaseInlineFormSet) -> list[dict[str, Any]]:
    """The cleaned rows of a valid formset that stay: filled in and not marked for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class RubricItemFormSet(BaseInlineFormSet):
    """The items of a rubric add up to its total; a rubric still without items may be saved (its
    sections are entered first)."""

    def clean(self) -> None:
        super().clean()
        total = self.instance.total_points
        if any(self.errors) or total is None:
            return
        rows = kept_rows(self)
        if rows and (
            problems := item_total_problems(total, [r["max_points"] for r in rows])
        ):
            raise ValidationError(problems)


class ClassBandFormSet(BaseInlineFormSet):
    """A rubric's class bands, once entered, give classes 1 to 4 with decreasing lowest totals."""

    def clean(self) -> None:
        super().clean()
        total = self.instance.total_points
        if any(self.errors) or total is None:
            return
        rows = kept_rows(self)
        bands = [(r["meeting_class"], r["min_points"]) for r in rows]
        if rows and (problems := class_band_problems(total, bands)):
            raise ValidationError(problems)


class RubricItemBandFormSet(BaseInlineFormSet):
    """A computed item's bands: ordered (a higher band never gives fewer points) and within its points."""

    def clean(self) -> None:
        super().clean()
        item = self.instance
        if any(self.errors) or item.max_points is None or not item.step:
            return
        bands = [(r["min_value"], r["inclusive"], r["points"]) for r in kept_rows(self)]
        problems = item_band_problems(
            computed_from=item.computed_from,
            max_points=item.max_points,
            step=item.step,
            bands=bands,
        )
        if problems:
            raise ValidationError(problems)


class RubricSectionInline(admin.TabularInline):
    model = RubricSection
    fields = ["number", "title", "order"]
    extra = 0


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    formset = RubricItemFormSet
    fields = [
        "section",
        "code",
        "title",
        "max_points",
        "step",
        "computed_from",
        "full_marks_for_class1",
        "streak_penalty",
        "order",
    ]
    extra = 0

    def get_formset(
        self, request: HttpRequest, obj: Rubric | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        # A new rubric has no sections yet: they are saved first, then the items.
        if obj is not None and obj.pk:
            return limit_inline_choices(formset, "section", rubric=obj)
        return formset


class ClassBandInline(admin.TabularInline):
    model = ClassBand
    formset = ClassBandFormSet
    fields = ["meeting_class", "min_points"]
    extra = 0
    max_num = 4


class RubricItemBandInline(admin.TabularInline):
    model = RubricItemBand
    formset = RubricItemBandFormSet
    fields = ["min_value", "inclusive", "points"]
    extra = 0


@admin.register(Rubric)
class RubricAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "valid_from", "total_points", "source"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name", "source"]
    date_hierarchy = "valid_from"
    inlines = [RubricSectionInline, RubricItemInline, ClassBandInline]


@admin.register(RubricSection)
class RubricSectionAdmin(SimpleHistoryAdmin):
    list_display = ["rubric", "number", "title", "order"]
    list_display_links = ["number", "title"]
    list_filter = ["rubric"]
    list_select_related = ["rubric"]
    search_fields = ["number", "title", "rubric__code"]
    autocomplete_fields = ["rubric"]


@admin.register(RubricItem)
class RubricItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "rubric",
        "section",
        "max_points",
        "step",
        "computed_from",
        "full_marks_for_class1",
        "order",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["rubric", "computed_from", "full_marks_for_class1"]
    list_select_related = ["rubric", "section"]
    search_fields = ["code", "title", "rubric__code"]
    autocomplete_fields = ["rubric", "section"]
    inlines = [RubricItemBandInline]


@admin.register(RubricItemBand)
class RubricItemBandAdmin(SimpleHistoryAdmin):
    list_display = ["item", "rubric", "min_value", "inclusive", "points"]
    list_filter = ["item__rubric", "item__computed_from"]
    list_select_related = ["item__rubric"]
    search_fields = ["item__code", "item__title", "item__rubric__code"]
    autocomplete_fields = ["item"]

    @admin.display(description=_("rubric"), ordering="item__rubric__valid_from")
    def rubric(self, obj: RubricItemBand) -> Rubric:
        return obj.item.rubric


@admin.register(ClassBand)
class ClassBandAdmin(SimpleHistoryAdmin):
    list_display = ["rubric", "meeting_class", "min_points"]
    list_filter = ["rubric"]
    list_select_related = ["rubric"]
    search_fields = ["rubric__code", "rubric__name"]
    autocomplete_fields = ["rubric"]


class ItemScoreInline(admin.TabularInline):
    model = ItemScore
    fields = ["item", "points", "reason"]
    extra = 0

    def get_formset(
        self, request: HttpRequest, obj: ScoreSheet | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.rubric_id:
            return limit_inline_choices(formset, "item", rubric_id=obj.rubric_id)
        return formset


@admin.register(ScoreSheet)
class ScoreSheetAdmin(SimpleHistoryAdmin):
    list_display = [
        "meeting_date",
        "cell_name",
        "meeting_kind",
        "scorer",
        "scorer_name",
        "rubric",
        "total_only",
        "total",
        "updated_at",
    ]
    list_filter = ["scorer", "total_only", "rubric", "meeting__cell__ward"]
    list_select_related = ["meeting__cell", "rubric"]
    search_fields = [
        "meeting__key",
        "meeting__cell__code",
        "meeting__cell__name",
        "scorer_name",
    ]
    autocomplete_fields = ["meeting", "scored_by"]
    date_hierarchy = "meeting__held_on"
    readonly_fields = ["version", "updated_at"]
    inlines = [ItemScoreInline]

    @admin.display(description=_("date"), ordering="meeting__held_on")
    def meeting_date(self, obj: ScoreSheet) -> datetime.date:
        return obj.meeting.held_on

    @admin.display(description=_("cell"), ordering="meeting__cell__name")
    def cell_name(self, obj: ScoreSheet) -> str:
        return obj.meeting.cell.name

    @admin.display(description=_("meeting"), ordering="meeting__kind")
    def meeting_kind(self, obj: ScoreSheet) -> str:
        return obj.meeting.get_kind_display()

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm, change: bool
    ) -> None:
        if change:
            obj.version += 1
        obj.updated_at = timezone.now()
        if obj.scored_by_id is None:
            obj.scored_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ItemScore)
class ItemScoreAdmin(SimpleHistoryAdmin):
    list_display = [
        "meeting_date",
        "cell_name",
        "scorer",
        "item",
        "points",
        "reason",
    ]
    list_filter = ["sheet__scorer", "item__rubric", "sheet__meeting__cell__ward"]
    list_select_related = ["sheet__meeting__cell", "item"]
    search_fields = ["sheet__meeting__key", "item__code", "item__title", "reason"]
    autocomplete_fields = ["sheet", "item"]
    show_full_result_count = False

    @admin.display(description=_("date"), ordering="sheet__meeting__held_on")
    def meeting_date(self, obj: ItemScore) -> datetime.date:
        return obj.sheet.meeting.held_on

    @admin.display(description=_("cell"), ordering="sheet__meeting__cell__name")
    def cell_name(self, obj: ItemScore) -> str:
        return obj.sheet.meeting.cell.name

    @admin.display(description=_("scored by"), ordering="sheet__scorer")
    def scorer(self, obj: ItemScore) -> str:
        return obj.sheet.get_scorer_display()


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = [
        "number",
        "title",
        "cell_kind",
        "valid_from_year",
        "version",
        "rule",
    ]
    list_filter = ["valid_from_year", "cell_kind", "version"]
    search_fields = ["title", "key", "rule"]
    ordering = ["-valid_from_year", "cell_kind", "number"]


@admin.register(ClosedYear)
class ClosedYearAdmin(SimpleHistoryAdmin):
    list_display = [
        "ward",
        "year",
        "closed",
        "closed_at",
        "closed_by",
        "catalogue_version",
    ]
    list_filter = ["closed", "year", "ward"]
    list_select_related = ["ward", "closed_by"]
    search_fields = ["ward__code", "ward__name"]
    readonly_fields = [
        "evaluation",
        "rubric_versions",
        "catalogue_version",
        "closed_at",
        "closed_by",
    ]
