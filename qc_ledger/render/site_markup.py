"""Text for the dashboard page: ledger values escaped for HTML, data as script-safe JSON, hashes."""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape


def escaped(value: object) -> str:
    """A value as HTML text (None as nothing), quotes escaped too."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    # Most text has nothing to escape: five scans for one character, cheaper than a pattern's.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text, quote=True)
    return text


def script_json(data: object) -> str:
    """JSON safe inside <script>: no `<`, `>`, `&` or line separators as themselves."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def source_hash(text: str) -> str:
    """The Content-Security-Policy source naming this inline style or script by its hash."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
