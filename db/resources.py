"""Where ``resources/`` lives: the source tree, an installed wheel, or a frozen build."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder holding tagsets, the sample corpus, icons and translations."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    candidates.append(Path(__file__).resolve().parent / "_resources")
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError("Armscribe's resources folder is missing from this installation.")


def resource_path(*parts: str) -> Path:
    """A path inside ``resources/``."""
    return resources_dir().joinpath(*parts)
