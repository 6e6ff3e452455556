"""The web import of workbooks for ward officials: upload → preview → confirm → applied (issue 7).

The importer itself is ``reports.workbook``; this package keeps the uploaded file with who and when, shows
the preview and applies the stored file on confirmation.
"""
