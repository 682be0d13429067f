"""The I/O floors: how fast each S3 client GETs small objects, and its CPU per GET.

Each client reads the same objects with the same number of requests in flight and does
nothing else with the bytes; process CPU time (every thread, the clients' native ones too) over
the GETs is the client's cost, as the store runs in a process of its own. The one S3
configuration (`S3Config`) builds every client, so they differ only in the library.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import obstore

from xxgk.storage.s3_config import S3Config

#: The clients measured, in the order they are reported: `obstore-threads` is obstore as xxgk
#: reads (blocking GETs from the fetch threads), `obstore` its own async way.
CLIENTS = ("boto3", "pyarrow", "obstore", "obstore-threads")


@dataclass(frozen=True)
class Floor:
    """One client's figures over `gets` GETs."""

    client: str
    gets: int
    seconds: float
    cpu_seconds: float
    in_flight: int

    @property
    def gets_per_s(self) -> float:
        return self.gets / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_get(self) -> float:
        return 1000 * self.cpu_seconds / self.gets if self.gets else 0.0

    def as_json(self) -> dict[str, float | int]:
        return {
            "gets": self.gets,
            "seconds": self.seconds,
            "cpu_seconds": self.cpu_seconds,
            "in_flight": self.in_flight,
            "gets_per_s": self.gets_per_s,
            "cpu_ms_per_get": self.cpu_ms_per_get,
        }


def floors(config: S3Config, bucket: str, keys: list[str], in_flight: int = 32) -> list[Floor]:
    """Every client's floor over `keys`, each after a warm-up GET (connections, credentials)."""
    return [floor(client, config, bucket, keys, in_flight) for client in CLIENTS]


def floor(client: str, config: S3Config, bucket: str, keys: list[str], in_flight: int) -> Floor:
    """GET every key through `client` with `in_flight` requests at once; the bytes read must
    add up to something, or the client read nothing."""
    read = _READERS[client](config, bucket, in_flight)
    read(keys[:1])
    cpu, start = time.process_time(), time.perf_counter()
    total = read(keys)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    if total <= 0 and keys:
        raise RuntimeError(f"{client} read no bytes from {len(keys)} objects")
    return Floor(client, len(keys), seconds, cpu_seconds, in_flight)


Reader = Callable[[list[str]], int]


def _boto3(config: S3Config, bucket: str, in_flight: int) -> Reader:
    client = config.boto3_client()

    def get(key: str) -> int:
        return len(client.get_object(Bucket=bucket, Key=key)["Body"].read())

    return _threaded(get, in_flight)


def _pyarrow(config: S3Config, bucket: str, in_flight: int) -> Reader:
    filesystem = config.arrow_filesystem()

    def get(key: str) -> int:
        with filesystem.open_input_stream(f"{bucket}/{key}", compression=None) as stream:
            return len(stream.read())

    return _threaded(get, in_flight)


def _obstore(config: S3Config, bucket: str, in_flight: int) -> Reader:
    """obstore's own way: async GETs on its Rust runtime, `in_flight` at once."""
    store = config.obstore_store(bucket)

    async def get_all(keys: list[str]) -> int:
        gate = asyncio.Semaphore(in_flight)

        async def get(key: str) -> int:
            async with gate:
                result = await obstore.get_async(store, key)
                return len(await result.bytes_async())

        return sum(await asyncio.gather(*(get(key) for key in keys)))

    return lambda keys: asyncio.run(get_all(keys))


def _obstore_threads(config: S3Config, bucket: str, in_flight: int) -> Reader:
    store = config.obstore_store(bucket)

    def get(key: str) -> int:
        return len(obstore.get(store, key).bytes())

    return _threaded(get, in_flight)


def _threaded(get: Callable[[str], int], in_flight: int) -> Reader:
    def read(keys: list[str]) -> int:
        with ThreadPoolExecutor(max_workers=in_flight) as pool:
            return sum(pool.map(get, keys))

    return read


_READERS: dict[str, Callable[[S3Config, str, int], Reader]] = {
    "boto3": _boto3,
    "pyarrow": _pyarrow,
    "obstore": _obstore,
    "obstore-threads": _obstore_threads,
}


def measure_floors(
    config: S3Config, bucket: str, count: int, size: int = 10_000, in_flight: int = 32
) -> list[Floor]:
    """PUT `count` objects of `size` random bytes under `floors/` in `bucket`, then measure
    every client's floor on them."""
    client = config.boto3_client()
    keys = [f"floors/{number:07}.bin" for number in range(count)]

    def put(key: str) -> int:
        client.put_object(Bucket=bucket, Key=key, Body=os.urandom(size))
        return size

    _threaded(put, in_flight)(keys)
    return floors(config, bucket, keys, in_flight)


def main(count: int = 1000) -> None:
    """`python -m bench.floors [COUNT]`: the floors alone, on a SeaweedFS of their own."""
    import tempfile
    from pathlib import Path

    from pydantic import SecretStr

    from tests.support.seaweedfs import seaweedfs_server
    from xxgk.settings import Settings

    with (
        tempfile.TemporaryDirectory(prefix="xxgk-floors-") as workdir,
        seaweedfs_server(Path(workdir)) as endpoint,
    ):
        settings = Settings(
            s3_endpoint_url=endpoint.url,
            s3_region=endpoint.region,
            s3_access_key_id=SecretStr(endpoint.access_key),
            s3_secret_access_key=SecretStr(endpoint.secret_key),
        )
        config = S3Config.from_settings(settings)
        config.boto3_client().create_bucket(Bucket="floors")
        for each in measure_floors(config, "floors", count):
            print(
                f"{each.client:16} {each.gets_per_s:8,.0f} GETs/s "
                f"{each.cpu_ms_per_get:6.2f} ms CPU per GET ({each.gets} GETs, "
                f"{each.in_flight} in flight)"
            )


if __name__ == "__main__":
    import sys

    main(*(int(argument) for argument in sys.argv[1:2]))
