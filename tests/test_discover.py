"""The listing streams new objects in batches as the listing goes, never the whole listing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from xxgk.listing import PDF_WEIGHT, LakeOpened, ListingDone, NewObjects, discover
from xxgk.objects import SourceObject
from xxgk.settings import Settings
from xxgk.storage.objects import LocalObjectStore

BATCH = 5


def test_batches_leave_while_the_source_is_still_being_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "raw"
    source.mkdir()
    for number in range(200):
        (source / f"{number:04d}.txt").write_text(f"报告 {number}", "utf-8")
    listed_so_far = 0
    original = LocalObjectStore.list

    def counting(store: LocalObjectStore) -> Iterator[SourceObject]:
        nonlocal listed_so_far
        for obj in original(store):
            listed_so_far += 1
            yield obj

    monkeypatch.setattr(LocalObjectStore, "list", counting)

    events = list(_with_progress(discover(str(source), str(tmp_path / "lake"), Settings(),
                                          False, BATCH), lambda: listed_so_far))  # fmt: skip
    (first, _), *batches, (last, _) = events
    assert isinstance(first, LakeOpened) and len(first.index) == 0
    sizes = [len(event.objects) for event, _ in batches if isinstance(event, NewObjects)]
    assert sizes == [BATCH] * len(batches) == [BATCH] * 40
    # the first batch left after a few batches' worth of listing (what was listed while the
    # index loaded), not after all 200; every later one after one more batch at most
    assert batches[0][1] <= BATCH * 9
    assert all(seen < 200 for _, seen in batches[:-9])
    assert isinstance(last, ListingDone)
    assert (last.listed, last.skipped, last.deleted) == (200, 0, [])


def _with_progress(
    events: Iterator[object], listed: Callable[[], int]
) -> Iterator[tuple[object, int]]:
    """Each event with how many objects had been listed when it was handed out."""
    for event in events:
        yield event, listed()


def test_a_batch_also_closes_at_its_byte_bound(tmp_path: Path) -> None:
    source = tmp_path / "raw"
    source.mkdir()
    sizes = [400, 300, 500, 100, 100, 900, 50]
    for number, size in enumerate(sizes):
        (source / f"{number:04d}.txt").write_bytes(b"%" * size)
    settings = Settings(batch_bytes=700)
    events = list(discover(str(source), str(tmp_path / "lake"), settings, False, BATCH))
    batches = [[o.size for o in e.objects] for e in events if isinstance(e, NewObjects)]
    # each batch closes on the object that takes it to 700 bytes; none holds more than 5
    assert batches == [[400, 300], [500, 100, 100], [900], [50]]
    assert sum(map(len, batches)) == len(sizes)


def test_a_small_pdf_weighs_as_a_typical_one(tmp_path: Path) -> None:
    source = tmp_path / "raw"
    source.mkdir()
    for number in range(6):
        (source / f"{number:04d}.PDF").write_bytes(b"%PDF-1.4 " * 100)  # ~1 KB each
    (source / "0100.txt").write_bytes(b"x" * 1000)
    settings = Settings(batch_bytes=2 * PDF_WEIGHT)
    events = list(discover(str(source), str(tmp_path / "lake"), settings, False, BATCH))
    batches = [[o.key for o in e.objects] for e in events if isinstance(e, NewObjects)]
    assert [len(b) for b in batches] == [2, 2, 2, 1]  # two PDFs reach the bound; text by size
    assert batches[-1] == ["0100.txt"]


def test_an_object_rejected_unread_weighs_nothing(tmp_path: Path) -> None:
    source = tmp_path / "raw"
    source.mkdir()
    (source / "0000.txt").write_bytes(b"x" * 5000)  # over the limit: never read
    (source / "0001.txt").write_bytes(b"x" * 100)
    settings = Settings(batch_bytes=1000, max_object_bytes=2000)
    events = list(discover(str(source), str(tmp_path / "lake"), settings, False, BATCH))
    batches = [[o.key for o in e.objects] for e in events if isinstance(e, NewObjects)]
    assert batches == [["0000.txt", "0001.txt"]]
