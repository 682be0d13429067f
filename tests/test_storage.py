"""The local-folder store: listing, atomic writes, keys that try to escape the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from xxgk.settings import Settings
from xxgk.storage.objects import ObjectTooLargeError, open_store
from xxgk.storage.uri import parse_location


def test_local_store_lists_relative_keys_and_skips_hidden_files(tmp_path: Path) -> None:
    store = open_store(str(tmp_path), Settings())
    store.write("2020/a.txt", b"one")
    store.write("b.txt", b"two")
    (tmp_path / ".hidden").write_bytes(b"x")
    listed = list(store.list())
    assert [o.key for o in listed] == ["2020/a.txt", "b.txt"]
    assert listed[0].uri == (tmp_path / "2020" / "a.txt").as_uri()
    assert store.read(listed[1]) == b"two"
    assert not list(tmp_path.rglob("*.partial"))


def test_local_store_refuses_keys_outside_its_folder(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "raw"), Settings())
    with pytest.raises(PermissionError):
        store.write("../escaped.txt", b"x")
    assert not (tmp_path / "escaped.txt").exists()


def test_objects_over_the_size_limit_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 100)
    store = open_store(str(tmp_path), Settings(max_object_bytes=10))
    (big,) = store.list()
    with pytest.raises(ObjectTooLargeError):
        store.read(big)


@pytest.mark.parametrize(
    ("uri", "scheme", "bucket", "prefix"),
    [
        ("s3://lake/xxgk/v1/", "s3", "lake", "xxgk/v1"),
        ("s3://lake", "s3", "lake", ""),
        ("file:///data/lake", "file", "", "/data/lake"),
    ],
)
def test_locations(uri: str, scheme: str, bucket: str, prefix: str) -> None:
    location = parse_location(uri)
    assert (location.scheme, location.bucket, location.prefix) == (scheme, bucket, prefix)


def test_unknown_schemes_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported scheme"):
        parse_location("gs://bucket/prefix")
