"""`python -m bench.fuzz --count 100000`: hostile and broken inputs through the pure core.

Mutates real reports (the samples, and `../shared/corpus` when it is beside the repo) and
builds malicious documents, and runs them through `process_batch` in batches as the pipeline
does. A crash is an exception escaping the batch, or a batch without exactly one `reports`
row per input; each is saved with its seed so it can be replayed. Exit status 1 on any crash.
"""

from __future__ import annotations

import io
import json
import random
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from schemas.codes import Dataset
from xxgk.batch import process_batch
from xxgk.objects import RunContext, SourceObject

ROOT = Path(__file__).resolve().parent.parent
_BATCH = 100
Mutator = Callable[[random.Random], bytes]
console = Console()


@cache
def _seeds() -> dict[str, list[bytes]]:
    """Real inputs by kind; PDFs are few and slow, so the mix keeps their share small."""
    files = sorted((ROOT / "samples").rglob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        files += sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".html", ".docx"})
    pdfs = sorted(corpus.rglob("*.pdf")) if corpus.is_dir() else []
    kinds: dict[str, list[bytes]] = {"text": [], "docx": [], "pdf": []}
    for path in files:
        kinds["docx" if path.suffix == ".docx" else "text"].append(path.read_bytes())
    kinds["pdf"] = [p.read_bytes() for p in pdfs if p.stat().st_size < 500_000]
    return kinds


def _text(rng: random.Random) -> bytes:
    return rng.choice(_seeds()["text"])


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice((0, 1, 16, 512, 4096, 20000)))


def truncated(rng: random.Random) -> bytes:
    data = _text(rng)
    return data[: rng.randrange(len(data) + 1)]


def flipped(rng: random.Random) -> bytes:
    data = bytearray(_text(rng))
    for _ in range(rng.randint(1, 50)):
        if data:
            data[rng.randrange(len(data))] = rng.getrandbits(8)
    return bytes(data)


def inserted(rng: random.Random) -> bytes:
    data = _text(rng)
    cut = rng.randrange(len(data) + 1)
    junk = rng.choice((rng.randbytes(64), b"\x00" * 1000, b"|" * 500, b"\n" * 2000))
    return data[:cut] + junk + data[cut:]


def deleted(rng: random.Random) -> bytes:
    data = _text(rng)
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 3000) :]


def spliced(rng: random.Random) -> bytes:
    first, second = _text(rng), _text(rng)
    return first[: rng.randrange(len(first) + 1)] + second[rng.randrange(len(second) + 1) :]


def reencoded(rng: random.Random) -> bytes:
    text = _text(rng).decode("utf-8", "replace")
    encoding = rng.choice(("utf-16", "utf-16-be", "gb18030", "big5", "utf-32", "shift_jis"))
    return text.encode(encoding, "replace")


def html_bomb(rng: random.Random) -> bytes:
    depth = rng.choice((1000, 20000, 100000))
    tag = rng.choice(("div", "table", "span", "td"))
    heading = "三、收到和处理政府信息公开申请情况".encode()
    return b"<html><body>" + f"<{tag}>".encode() * depth + heading + f"</{tag}>".encode() * depth


def huge_table(rng: random.Random) -> bytes:
    rows = rng.choice((1000, 50000))
    cells = "".join(f"<td>{rng.randint(0, 99)}</td>" for _ in range(8))
    return ("<html><table>" + f"<tr>{cells}</tr>" * rows + "</table></html>").encode()


def xxe(rng: random.Random) -> bytes:
    target = rng.choice(("file:///etc/passwd", "http://127.0.0.1:1/x", "file:///dev/zero"))
    return (
        f"<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM '{target}'>]>"
        "<html><body><p>&x;</p><p>一、总体情况</p></body></html>"
    ).encode()


def long_line(rng: random.Random) -> bytes:
    return ("一、总体情况" + "主动公开政府信息12条，" * rng.choice((1000, 100000))).encode()


def random_unicode(rng: random.Random) -> bytes:
    alphabet = "一二三四五六七八九十、（）()|0123456789 \n申请公开政府信息年度报告件条元"
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5000)))
    return text.encode(rng.choice(("utf-8", "gb18030", "utf-16")))


def docx_mutant(rng: random.Random) -> bytes:
    """A real DOCX with one member replaced: garbage, an XXE, a bomb, or missing."""
    original = zipfile.ZipFile(io.BytesIO(rng.choice(_seeds()["docx"])))
    choice = rng.choice(("garbage", "xxe", "bomb", "missing", "truncated"))
    if choice == "truncated":
        raw = rng.choice(_seeds()["docx"])
        return raw[: rng.randrange(len(raw))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                if choice == "missing":
                    continue
                if choice == "garbage":
                    data = rng.randbytes(2000)
                elif choice == "xxe":
                    data = (
                        b"<?xml version='1.0'?><!DOCTYPE w [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                        + data[data.find(b"<w:document") :].replace(b"<w:t>", b"<w:t>&x;", 1)
                    )
                else:
                    data = b"<w:document>" + b" " * 60_000_000 + b"</w:document>"
            archive.writestr(item, data)
    return out.getvalue()


def pdf_mutant(rng: random.Random) -> bytes:
    pdfs = _seeds()["pdf"]
    if not pdfs:
        return b"%PDF-1.7\n" + rng.randbytes(2000)
    data = bytearray(rng.choice(pdfs))
    if rng.random() < 0.5:
        return bytes(data[: rng.randrange(len(data))])
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.getrandbits(8)
    return bytes(data)


def degenerate(rng: random.Random) -> bytes:
    return rng.choice((b"", b"\x00" * 10_000, b"\xff\xfe", b"%PDF-", b"PK\x03\x04", b"<html>"))


#: Mutators with their weights (PDFs cost ~0.3 s each, so they are rare).
MUTATORS: dict[str, tuple[Mutator, int]] = {
    "random_bytes": (random_bytes, 10),
    "truncated": (truncated, 15),
    "flipped": (flipped, 15),
    "inserted": (inserted, 10),
    "deleted": (deleted, 10),
    "spliced": (spliced, 10),
    "reencoded": (reencoded, 8),
    "random_unicode": (random_unicode, 8),
    "degenerate": (degenerate, 4),
    "docx_mutant": (docx_mutant, 4),
    "xxe": (xxe, 2),
    "html_bomb": (html_bomb, 1),
    "huge_table": (huge_table, 1),
    "long_line": (long_line, 1),
    "pdf_mutant": (pdf_mutant, 1),
}


@dataclass
class BatchOutcome:
    inputs: int
    seconds: float
    crash: str | None
    mutators: Counter[str]
    statuses: Counter[str]
    checks: Counter[str]


def fuzz_batch(seed: int, batch: int, crash_dir: str) -> BatchOutcome:
    """One batch of `_BATCH` inputs, each from its own seeded generator (replayable)."""
    rng = random.Random(f"{seed}:{batch}")
    names, weights = zip(*((n, w) for n, (_, w) in MUTATORS.items()), strict=True)
    chosen = rng.choices(names, weights, k=_BATCH)
    inputs = [
        MUTATORS[name][0](random.Random(f"{seed}:{batch}:{i}")) for i, name in enumerate(chosen)
    ]
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    items: list[tuple[SourceObject, bytes | Exception]] = [
        (SourceObject(f"{batch}/{i}", f"fuzz://{batch}/{i}", "f", len(d), moment), d)
        for i, d in enumerate(inputs)
    ]
    start = time.perf_counter()
    crash = None
    try:
        result = process_batch(items, RunContext("fuzz", moment), time_limit_seconds=30)
        reports = result.frames[Dataset.REPORTS]
        if reports.height != len(inputs) or reports["status"].null_count():
            crash = f"{reports.height} reports rows for {len(inputs)} inputs"
        statuses = Counter(reports["status"].to_list())
        checks = Counter(result.frames[Dataset.QUARANTINE]["check"].to_list())
    except Exception:
        crash, statuses, checks = traceback.format_exc(), Counter(), Counter()
    if crash:
        folder = Path(crash_dir) / f"seed{seed}-batch{batch}"
        folder.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(inputs):
            (folder / f"{i:03d}_{chosen[i]}.bin").write_bytes(data)
        (folder / "crash.txt").write_text(crash, "utf-8")
    return BatchOutcome(
        len(inputs), time.perf_counter() - start, crash, Counter(chosen), statuses, checks
    )


app = typer.Typer(add_completion=False)


@app.command()
def main(
    count: Annotated[int, typer.Option(help="inputs to run (rounded up to batches)")] = 100_000,
    seed: Annotated[int, typer.Option(help="seed of the whole run")] = 1,
    workers: Annotated[int, typer.Option(help="processes")] = 2,
    out: Annotated[Path | None, typer.Option(help="write the summary as JSON here")] = None,
    crash_dir: Annotated[Path, typer.Option(help="where crashing inputs are saved")] = Path(
        "fuzz-crashes"
    ),
) -> None:
    """Run the fuzzer; exit 1 if any input crashed the core."""
    batches = -(-count // _BATCH)
    totals: dict[str, Counter[str]] = {"mutators": Counter(), "statuses": Counter()}
    checks: Counter[str] = Counter()
    crashes: list[int] = []
    slowest: list[tuple[float, int]] = []
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool, Progress(console=console) as bar:
        task = bar.add_task("fuzzing", total=batches * _BATCH)
        futures = {b: pool.submit(fuzz_batch, seed, b, str(crash_dir)) for b in range(batches)}
        for number, future in futures.items():
            result = future.result()
            totals["mutators"].update(result.mutators)
            totals["statuses"].update(result.statuses)
            checks.update(result.checks)
            slowest = sorted([*slowest, (result.seconds, number)], reverse=True)[:5]
            if result.crash:
                crashes.append(number)
            bar.advance(task, _BATCH)
    summary = {
        "inputs": batches * _BATCH,
        "seed": seed,
        "crashes": len(crashes),
        "crashing_batches": crashes,
        "seconds": time.perf_counter() - started,
        "mutators": dict(totals["mutators"].most_common()),
        "statuses": dict(totals["statuses"].most_common()),
        "checks": dict(checks.most_common()),
        "slowest_batches": [{"batch": b, "seconds": round(s, 2)} for s, b in slowest],
    }
    console.print_json(json.dumps(summary))
    if out:
        out.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    raise typer.Exit(1 if crashes else 0)


if __name__ == "__main__":
    app()
