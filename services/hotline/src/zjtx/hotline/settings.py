"""The hotline's settings beside the kit's: where and how status changes are called back to the 12345
system (environment variables CALLBACK_URL, CALLBACK_SECRET, ...)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from zjtx.common.settings import ServiceSettings


class HotlineSettings(ServiceSettings):
    callback_url: str | None = Field(
        default=None,
        description="where every status change is POSTed (the 12345 system); unset: callbacks wait, none is lost",
    )
    callback_secret: SecretStr | None = Field(
        default=None,
        description="the HMAC secret callbacks are signed with; unset: the webhook_secret of CALLBACK_CLIENT "
        "in the API clients file (the secret the 12345 system signs its own requests with)",
    )
    callback_client: str = "hotline-12345"
    callback_timeout_seconds: float = Field(default=10.0, gt=0)
    callback_max_attempts: int = Field(default=8, ge=1)
    callback_backoff_base_seconds: float = Field(default=30.0, gt=0)
    callback_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    callback_batch_size: int = Field(default=100, ge=1)
    callback_concurrency: int = Field(default=8, ge=1)
