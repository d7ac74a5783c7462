"""Where the app keeps its files by default."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def default_store_path() -> Path:
    """The store used when none is named: under the user data dir."""
    return Path(platformdirs.user_data_dir("Armscribe", appauthor=False)) / "armscribe.sqlite"


def sample_store_path() -> Path:
    """The store ``make run`` opens: the embedded sample corpus, apart from real work."""
    return default_store_path().with_name("sample.sqlite")
