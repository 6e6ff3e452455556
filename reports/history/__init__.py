"""Who changed what, when: the history pages of records and the ward's recent changes (issue 7).

Built on django-simple-history (``history = HistoricalRecords()`` on every main model). History is a ward
official's tool: ward officials and superusers (``Action.MANAGE`` on the record's cell); a secretary or a
viewer in scope gets 403, anyone else 404.
"""
