"""Unicode normalisation of Vietnamese text.

Vietnamese keyboards (and some Windows input methods) send decomposed accents: "ệ" arrives as "e" plus two
combining marks. Stored that way, the same name would not match itself in searches, sorts or unique keys, so
every text is stored in NFC.
"""

import unicodedata
from typing import Any


def nfc(value: Any) -> Any:
    """Return ``value`` in Unicode NFC when it is a string, unchanged otherwise."""
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value
