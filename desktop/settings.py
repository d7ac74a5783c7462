"""The desktop's remembered preferences (QSettings): recent stores, annotator, layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings

MAX_RECENT = 8
ORGANIZATION = "Armscribe"
APPLICATION = "Armscribe"


def app_settings() -> QSettings:
    """The app's settings; the no-argument form honours ``QSettings.setDefaultFormat``
    and ``setPath``, which is how tests keep their settings apart."""
    return QSettings()


def _as_list(value: object) -> list[str]:
    # QSettings gives a str for one-element lists and None when unset (INI backend).
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def recent_stores(settings: QSettings | None = None) -> list[str]:
    """The last stores opened, most recent first."""
    s = settings or app_settings()
    return _as_list(s.value("recentStores"))[:MAX_RECENT]


def remember_store(location: str, settings: QSettings | None = None) -> list[str]:
    """Put ``location`` first in the recent stores and make it the last store."""
    s = settings or app_settings()
    items = [location, *(x for x in recent_stores(s) if x != location)][:MAX_RECENT]
    s.setValue("recentStores", items)
    s.setValue("lastStore", location)
    return items


def forget_store(location: str, settings: QSettings | None = None) -> None:
    """Drop a store that could not be opened from the recent list."""
    s = settings or app_settings()
    s.setValue("recentStores", [x for x in recent_stores(s) if x != location])
    if s.value("lastStore") == location:
        s.remove("lastStore")


def last_store(settings: QSettings | None = None) -> str | None:
    s = settings or app_settings()
    value = s.value("lastStore")
    return str(value) if value else None


def saved_annotator(settings: QSettings | None = None) -> str | None:
    s = settings or app_settings()
    value = s.value("annotator")
    return str(value) if value else None
