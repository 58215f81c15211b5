"""Our own Dutch strings on top of Superset's Dutch language pack (nl_strings.yaml).

The front end asks /superset/language_pack/nl/ for its translations once per page; Superset serves
its packaged messages.json as it is. An after_request hook (installed through FLASK_APP_MUTATOR in
superset_config.py) merges our strings into that answer, so no file inside Superset's package is
patched and an upgrade of Superset keeps them.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

STRINGS_FILE = Path(__file__).resolve().parent / "nl_strings.yaml"
PACK_PATH = "/superset/language_pack/nl/"


def load_strings(path: Path = STRINGS_FILE) -> dict[str, list[str]]:
    """{msgid: [Dutch, ...]} in the pack's (Jed) form: a list of the singular and plural forms."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {msgid: [dutch] if isinstance(dutch, str) else list(dutch) for msgid, dutch in raw.items()}


def merged_pack(body: bytes, strings: dict[str, list[str]]) -> bytes:
    pack = json.loads(body)
    pack["locale_data"]["superset"].update(strings)
    return json.dumps(pack, ensure_ascii=False).encode("utf-8")


def install(app) -> None:
    """FLASK_APP_MUTATOR: serve the Dutch pack with our strings merged in."""
    from flask import request

    strings = load_strings()

    @app.after_request
    def add_dutch_strings(response):
        if request.path != PACK_PATH or response.status_code != 200:
            return response
        response.direct_passthrough = False  # send_file streams the file; we rewrite its body
        response.set_data(merged_pack(response.get_data(), strings))
        # The file's validators describe the file, not this body: a browser must not revalidate
        # the merged pack against them.
        response.headers.pop("ETag", None)
        response.headers.pop("Last-Modified", None)
        return response
