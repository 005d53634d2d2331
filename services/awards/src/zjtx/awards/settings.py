"""The awards service's settings: the shared ones, with its own defaults."""

from zjtx.common.settings import ServiceSettings


class AwardsSettings(ServiceSettings):
    service_name: str = "awards"
    http_port: int = 8002
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/zjtx_awards"
