"""The one settings object: environment variables prefixed `XXGK_`, read once at the edge (the
command line, a flow run, `xxgk.read`) and passed down; nothing below reads the environment."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration. Credentials fall back to boto3's standard chain (AWS_* variables,
    config files, instance roles) when not set here, and are never logged."""

    model_config = SettingsConfigDict(env_prefix="XXGK_", extra="ignore", populate_by_name=True)

    batch_size: int = Field(
        default=500,
        ge=1,
        description="reports per batch: one task fetches, parses, validates and stages them",
    )
    batch_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1,
        description="a batch also closes when its objects reach this many bytes (a PDF counts "
        "at least 300 KiB): a run of PDFs is spread over every worker, and a batch's memory is "
        "bounded",
    )
    process_concurrency: int = Field(
        default_factory=lambda: max(2, os.cpu_count() or 2),
        ge=1,
        description="batches processed at once, by default the number of CPUs (at least 2); "
        "the process pool's worker processes (parsing holds the GIL: more threads than cores "
        "add memory, not speed)",
    )
    task_runner: Literal["auto", "threads", "processes", "dask"] = Field(
        default="auto",
        description="what processes the batches: `threads` in the run's process, `processes` "
        "Prefect's process pool (every core of one machine parses), `dask` a Dask cluster "
        "(prefect-dask); `auto` threads for a run of a few batches (3 per worker at most), "
        "the process pool for more",
    )
    dask_address: str | None = Field(default=None, description="an existing Dask scheduler")
    dask_workers: int = Field(default=2, ge=1, description="LocalCluster workers when no address")
    fetch_concurrency: int = Field(default=32, ge=1, description="parallel GETs per batch")
    max_object_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1,
        description="larger objects are rejected unread (check `too_large`)",
    )
    parse_time_limit_seconds: float = Field(
        default=120.0,
        gt=0,
        description="an object whose parse takes longer is rejected (check `time_limit`); "
        "checked between parse stages and PDF pages",
    )
    lock_wait_seconds: float = Field(
        default=600.0, ge=0, description="how long a commit waits for another run's lock"
    )
    lock_lease_seconds: float = Field(
        default=300.0, gt=0, description="after this, a dead holder's lock is taken over"
    )
    stale_staging_hours: float = Field(
        default=24.0, gt=0, description="staged files of runs older than this are cleared"
    )

    s3_endpoint_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("XXGK_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL"),
        description="an S3-compatible endpoint, e.g. `http://127.0.0.1:8333`; unset: AWS",
    )
    s3_region: str = Field(
        default="us-east-1",
        validation_alias=AliasChoices("XXGK_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"),
        description="the S3 region",
    )
    s3_access_key_id: SecretStr | None = Field(
        default=None,
        description="unset: boto3's standard chain (`AWS_ACCESS_KEY_ID`, profiles, roles)",
    )
    s3_secret_access_key: SecretStr | None = Field(default=None, description="the key's secret")
    s3_session_token: SecretStr | None = Field(
        default=None, description="a temporary key's session token"
    )
    aws_credentials_block: str | None = Field(
        default=None,
        description="name of a saved prefect-aws `AwsCredentials` block: the flows use its "
        "keys (and its region and endpoint, when it sets them) for every S3 client",
    )
    s3_max_attempts: int = Field(
        default=8, ge=1, description="attempts per S3 request (standard retry mode, backoff)"
    )
    s3_connect_timeout_seconds: float = Field(default=10.0, description="S3 connect time-out")
    s3_read_timeout_seconds: float = Field(default=60.0, description="S3 read time-out")

    @classmethod
    def defaults(cls) -> Settings:
        """The documented defaults, without reading the environment: for code handed no
        settings (a lake opened on a folder in a test or a notebook)."""
        return cls.model_construct()

    def with_aws_credentials(
        self,
        access_key_id: str | None,
        secret_access_key: str | None,
        session_token: str | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
    ) -> Settings:
        """These settings with a credential block's keys, replacing the environment's; the
        block's region and endpoint replace the environment's only when it sets them."""
        update: dict[str, object] = {
            "s3_access_key_id": SecretStr(access_key_id) if access_key_id else None,
            "s3_secret_access_key": SecretStr(secret_access_key) if secret_access_key else None,
            "s3_session_token": SecretStr(session_token) if session_token else None,
        }
        if region:
            update["s3_region"] = region
        if endpoint_url:
            update["s3_endpoint_url"] = endpoint_url
        return self.model_copy(update=update)
