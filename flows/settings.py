"""The flows' settings: the environment's, with the keys of a Prefect `AwsCredentials` block
when `XXGK_AWS_CREDENTIALS_BLOCK` names one (loaded here, once per flow run, never in tasks)."""

from __future__ import annotations

from xxgk.settings import Settings


def load_settings() -> Settings:
    """`Settings()` from the environment; with `XXGK_AWS_CREDENTIALS_BLOCK`, the named block's
    keys replace the environment's for every S3 client (boto3 and pyarrow alike)."""
    settings = Settings()
    if not settings.aws_credentials_block:
        return settings
    from prefect_aws import AwsCredentials  # type: ignore[import-untyped]

    block = AwsCredentials.load(settings.aws_credentials_block)
    secret = block.aws_secret_access_key
    return settings.with_aws_credentials(
        access_key_id=block.aws_access_key_id,
        secret_access_key=secret.get_secret_value() if secret else None,
        session_token=block.aws_session_token,
        region=block.region_name,
        endpoint_url=block.aws_client_parameters.endpoint_url,
    )
