"""The hotline's settings beside the kit's: where and how status changes are called back to the 12345
system (environment variables CALLBACK_URL, CALLBACK_SECRET, ...)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator

from zjtx.common.settings import Environment, ServiceSettings, UnsafeSettings


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

    @model_validator(mode="after")
    def _callbacks_over_tls_in_production(self) -> HotlineSettings:
        # A callback carries the department's reply: outside a developer's machine it goes over TLS only.
        if (
            self.environment is Environment.PRODUCTION
            and self.callback_url
            and not self.callback_url.startswith("https://")
        ):
            raise UnsafeSettings(f"refusing to start in production: CALLBACK_URL {self.callback_url} is not https")
        return self
