"""Safe reading of a .zip handed to an importer (brat folders, XMI bundles...).

``zipfile`` alone strips ``..`` on extract but happily inflates a 1,000:1 bomb (FACTS.md),
so every member is checked before a byte is written: no absolute or ``..`` paths, no
symlinks, at most ``max_members`` members, at most ``max_total`` bytes uncompressed, no
member inflating more than ``max_ratio`` times; and the bytes actually written are
counted, since a member's declared size can lie.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory
from typing import TypeVar

from db.errors import ArmscribeError

MAX_MEMBERS = 20_000
MAX_TOTAL = 1 << 30  # 1 GiB uncompressed
MAX_RATIO = 100  # uncompressed : compressed, per member (text compresses ~5-10:1)
_RATIO_FLOOR = 1 << 16  # members this small may compress as well as they like
_CHUNK = 1 << 16
_T = TypeVar("_T")


class DatasetFormatError(ArmscribeError):
    """A file given to an importer cannot be read as the format it claims to be."""


def safe_members(
    zf: zipfile.ZipFile,
    *,
    max_members: int = MAX_MEMBERS,
    max_total: int = MAX_TOTAL,
    max_ratio: int = MAX_RATIO,
) -> list[zipfile.ZipInfo]:
    """The archive's file members, after refusing anything unsafe (raises DatasetFormatError)."""
    name = zf.filename or "the archive"
    infos = zf.infolist()
    if len(infos) > max_members:
        raise DatasetFormatError(
            f"{name} has {len(infos)} members; at most {max_members} are accepted."
        )
    total = 0
    files: list[zipfile.ZipInfo] = []
    for info in infos:
        member = info.filename
        path = PurePosixPath(member.replace("\\", "/"))
        if path.is_absolute() or member.startswith(("/", "\\")) or _has_drive(member):
            raise DatasetFormatError(f"{name}: member {member!r} has an absolute path.")
        if ".." in path.parts:
            raise DatasetFormatError(f"{name}: member {member!r} points outside the archive (..).")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise DatasetFormatError(f"{name}: member {member!r} is a symbolic link.")
        if info.is_dir():
            continue
        total += info.file_size
        if total > max_total:
            raise DatasetFormatError(
                f"{name} would unpack to more than {max_total:,} bytes; refused."
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise DatasetFormatError(
                f"{name}: member {member!r} inflates {ratio:,}:1 (more than {max_ratio}:1); "
                "it looks like a compression bomb and is refused."
            )
        files.append(info)
    return files


def _has_drive(member: str) -> bool:
    return len(member) > 1 and member[1] == ":" and member[0].isalpha()


@contextmanager
def extracted_zip(
    path: Path,
    *,
    max_members: int = MAX_MEMBERS,
    max_total: int = MAX_TOTAL,
    max_ratio: int = MAX_RATIO,
) -> Iterator[Path]:
    """Unpack a checked .zip into a temporary folder, yielded and removed afterwards."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DatasetFormatError(f"{path.name} is not a readable .zip file: {exc}") from None
    with zf, TemporaryDirectory(prefix="armscribe-zip-") as tmp:
        root = Path(tmp)
        members = safe_members(
            zf, max_members=max_members, max_total=max_total, max_ratio=max_ratio
        )
        written = 0
        for info in members:
            target = root.joinpath(*PurePosixPath(info.filename.replace("\\", "/")).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, target.open("wb") as dst:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > max_total:  # declared sizes can lie
                        raise DatasetFormatError(
                            f"{path.name} unpacks to more than {max_total:,} bytes; refused."
                        )
                    dst.write(chunk)
        yield root


def read_folder_or_zip(
    path: Path, read_folder: Callable[[Path], Iterator[_T]], not_either: str
) -> Iterator[_T]:
    """What ``read_folder`` yields from the folder ``path``, or from the .zip ``path``
    unpacked (checked, into a temporary folder); ``not_either`` is the
    ``DatasetFormatError`` for anything else."""
    if path.is_file() and path.suffix.lower() == ".zip":
        with extracted_zip(path) as root:
            yield from read_folder(root)
        return
    if not path.is_dir():
        raise DatasetFormatError(not_either)
    yield from read_folder(path)


def visible_files(root: Path, pattern: str, none_found: str) -> list[Path]:
    """The files below ``root`` matching ``pattern``, hidden ones left out, sorted;
    ``none_found`` is the ``DatasetFormatError`` when there is none."""
    files = sorted(p for p in root.rglob(pattern) if not p.name.startswith("."))
    if not files:
        raise DatasetFormatError(none_found)
    return files
