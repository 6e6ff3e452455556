"""The upload form of the web import: one ``.xlsx`` workbook, not empty, not past the size limit."""

from __future__ import annotations

import zipfile

import openpyxl
from crispy_forms.helper import FormHelper
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from reports.imports.uploads import import_max_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_workbook(upload: UploadedFile) -> bool:
    """An Excel workbook (.xlsx) is a zip archive holding ``xl/workbook.xml`` that openpyxl opens (in
    read-only mode: the sheets themselves are not read here)."""
    position = upload.tell()
    try:
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            return False
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                return False
        upload.seek(0)
        book = openpyxl.load_workbook(upload, read_only=True)
        book.close()
        return True
    except Exception:  # whatever a broken archive makes openpyxl raise
        return False
    finally:
        upload.seek(position)


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_(
            "An Excel workbook in the format of the template. Nothing is written before you "
            "confirm the preview."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
        error_messages={
            "required": _("Choose the workbook to import."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, too_big: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        self.helper = FormHelper()
        self.helper.form_tag = False

    def too_big_message(self) -> str:
        return _("The file is too big: at most %(size)s.") % {
            "size": filesizeformat(import_max_bytes())
        }

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > import_max_bytes():
            raise forms.ValidationError(self.too_big_message(), code="too_big")
        if not upload.name.lower().endswith(".xlsx") or not is_workbook(upload):
            raise forms.ValidationError(
                _("This file is not an Excel workbook (.xlsx)."), code="not_workbook"
            )
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        if self.too_big and self.is_bound:
            # The upload handler stopped the file before it was stored: the field is empty.
            self._errors.pop("file", None)
            self.add_error("file", forms.ValidationError(self.too_big_message()))
