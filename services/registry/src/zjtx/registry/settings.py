"""The registry's settings: the shared ones, with the registry's own defaults."""

from zjtx.common.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    service_name: str = "registry"
    http_port: int = 8001
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/zjtx_registry"
