"""The admin of the reports app: document numbers and print batches, read-only (they are made by
printing, never by hand)."""

from django.contrib import admin
from django.http import HttpRequest

from reports.models import DocumentNumber, PrintBatch


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ReadOnlyAdmin):
    list_display = ("kind", "subject", "ward", "cell", "year", "sequence", "issued_on")
    list_filter = ("kind", "year", "ward")
    search_fields = ("subject", "cell__code", "cell__name")
    list_select_related = ("ward", "cell")


@admin.register(PrintBatch)
class PrintBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "ward",
        "year",
        "state",
        "done",
        "total",
        "created_at",
        "finished_at",
    )
    list_filter = ("state", "year", "ward")
    list_select_related = ("ward",)
