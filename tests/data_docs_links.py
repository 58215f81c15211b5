"""Where a Data Docs link of the quality checks leads: the links are http URLs under the Data
Docs base URL (MH_DATA_DOCS_URL; README "Demo": default http://127.0.0.1:8089/), each naming a
file of <data_dir>/data_docs, which the Data Docs server serves (serve/data_docs.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

# The documented default of MH_DATA_DOCS_URL, which the test builds run under.
DEFAULT_DATA_DOCS_URL = "http://127.0.0.1:8089/"


def data_docs_file(url: str, data_dir: Path, base_url: str = DEFAULT_DATA_DOCS_URL) -> Path:
    """The file of data_dir/data_docs the link names; fails when the link is not under base_url."""
    assert url.startswith(base_url), f"{url} is not a link under the Data Docs URL {base_url}"
    return Path(data_dir) / "data_docs" / unquote(url.removeprefix(base_url))
