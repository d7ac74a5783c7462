"""Safe reading of .zip files given to importers."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from db.formats import brat
from db.formats.archive import DatasetFormatError, extracted_zip


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_good_zip_unpacks_and_is_removed_afterwards(tmp_path: Path) -> None:
    path = _zip(tmp_path / "ok.zip", {"a/x.txt": b"Turkey", "a/x.ann": b"T1\tACTOR 0 6\tTurkey\n"})
    with extracted_zip(path) as root:
        assert (root / "a" / "x.txt").read_bytes() == b"Turkey"
        kept = root
    assert not kept.exists()
    (doc,) = brat.read_docs(path)
    assert [m.text for m in doc.mentions] == ["Turkey"]


def test_dotdot_and_absolute_members_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DatasetFormatError, match=r"'\.\./evil.txt' points outside"):
        with extracted_zip(_zip(tmp_path / "dd.zip", {"../evil.txt": b"x"})):
            pass
    with pytest.raises(DatasetFormatError, match="has an absolute path"):
        with extracted_zip(_zip(tmp_path / "abs.zip", {"/etc/evil": b"x"})):
            pass
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(DatasetFormatError, match="is a symbolic link"):
        with extracted_zip(path):
            pass


def test_1000_to_1_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"big.txt": b"\0" * 10_000_000})
    info = zipfile.ZipFile(path).infolist()[0]
    assert info.file_size // info.compress_size >= 1000  # really a 1,000:1 bomb
    with pytest.raises(DatasetFormatError, match=r"inflates [\d,]+:1 .* compression bomb"):
        with extracted_zip(path):
            pass


def test_member_count_and_total_size_caps(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(30)})
    with pytest.raises(DatasetFormatError, match="has 30 members; at most 20"):
        with extracted_zip(many, max_members=20):
            pass
    with pytest.raises(DatasetFormatError, match="more than 1,000 bytes"):
        with extracted_zip(_zip(tmp_path / "big.zip", {"a": b"ab" * 600}), max_total=1000):
            pass
    with pytest.raises(DatasetFormatError, match="not a readable .zip"):
        with extracted_zip(tmp_path / "nope.zip"):
            pass
