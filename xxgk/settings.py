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

    batch_size: int = Field(default=500, ge=1, description="reports per Prefect task")
    process_concurrency: int = Field(
        default_factory=lambda: max(2, os.cpu_count() or 2),
        ge=1,
        description="batches processed at once (parsing holds the GIL: more than the cores "
        "adds memory, not speed)",
    )
    task_runner: Literal["threads", "processes", "dask"] = "threads"
    dask_address: str | None = Field(default=None, description="an existing Dask scheduler")
    dask_workers: int = Field(default=2, ge=1, description="LocalCluster workers when no address")
    fetch_concurrency: int = Field(default=32, ge=1, description="parallel GETs per batch")
    max_object_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1, description="larger objects are rejected unread"
    )
    parse_time_limit_seconds: float = Field(
        default=120.0, gt=0, description="objects whose parse takes longer are rejected"
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
        default=None, validation_alias=AliasChoices("XXGK_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL")
    )
    s3_region: str = Field(
        default="us-east-1",
        validation_alias=AliasChoices("XXGK_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"),
    )
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_session_token: SecretStr | None = None
    aws_credentials_block: str | None = Field(
        default=None,
        description="name of a saved prefect-aws `AwsCredentials` block: the flows use its "
        "keys (and its region and endpoint, when it sets them) for every S3 client",
    )
    s3_max_attempts: int = Field(default=8, ge=1)
    s3_connect_timeout_seconds: float = 10.0
    s3_read_timeout_seconds: float = 60.0

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
