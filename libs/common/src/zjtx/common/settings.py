"""Settings every service shares, read from the environment once at start-up and passed down."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class KafkaSecurityProtocol(StrEnum):
    """How the Kafka clients reach the brokers (Kafka's `security.protocol`)."""

    PLAINTEXT = "PLAINTEXT"
    SSL = "SSL"
    SASL_PLAINTEXT = "SASL_PLAINTEXT"
    SASL_SSL = "SASL_SSL"

    @property
    def uses_tls(self) -> bool:
        return self in (KafkaSecurityProtocol.SSL, KafkaSecurityProtocol.SASL_SSL)

    @property
    def uses_sasl(self) -> bool:
        return self in (KafkaSecurityProtocol.SASL_PLAINTEXT, KafkaSecurityProtocol.SASL_SSL)


class KafkaSaslMechanism(StrEnum):
    PLAIN = "PLAIN"
    SCRAM_SHA_256 = "SCRAM-SHA-256"
    SCRAM_SHA_512 = "SCRAM-SHA-512"


class UnsafeSettings(RuntimeError):
    """A setting that is only acceptable on a developer's machine was given in production."""


class ServiceSettings(BaseSettings):
    """One service process. Environment variables use the names of DESIGN.md (DATABASE_URL, ...)."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    service_name: str = "service"
    environment: Environment = Environment.DEVELOPMENT
    debug: bool = False

    database_url: str = Field(
        default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
        description="SQLAlchemy URL of this service's own database",
    )
    database_pool_size: int = 10

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_partitions: int = 6
    kafka_replication_factor: int = 1
    # Security of every Kafka client the process makes (producer, consumers, admin client, readiness
    # check), turned into aiokafka's arguments by zjtx.common.messaging.kafka.client_security. SSL and
    # SASL_SSL verify the brokers against KAFKA_SSL_CA_FILE (else the system's trust store); a client
    # certificate (KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE, PEM) is sent when the brokers ask for one.
    kafka_security_protocol: KafkaSecurityProtocol = KafkaSecurityProtocol.PLAINTEXT
    kafka_ssl_ca_file: Path | None = None
    kafka_ssl_cert_file: Path | None = None
    kafka_ssl_key_file: Path | None = None
    kafka_ssl_key_password: SecretStr | None = None
    kafka_sasl_mechanism: KafkaSaslMechanism | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # Which roles this process runs; production may split them across deployments.
    run_api: bool = True
    run_consumer: bool = True
    run_relay: bool = True
    run_scheduler: bool = True

    api_clients_file: Path | None = Field(
        default=None, description="JSON file of API clients: name -> {key_sha256, scopes, attributes}"
    )
    max_body_bytes: int = 1024 * 1024
    # More headers, or more bytes of them, than any of our callers sends: 431.
    max_header_count: int = 64
    max_header_bytes: int = 16 * 1024
    # Requests a minute, per API client and per source address without a known key (the `limits`
    # library's notation); per process, so N replicas allow N times as much.
    rate_limit_enabled: bool = True
    rate_limit_per_client: str = "6000/minute"
    rate_limit_per_address: str = "300/minute"
    # The most rows one export (CSV or XLSX of a list: zjtx.common.web.exports) holds; past it the
    # answer is 422 `export_too_large`, telling the officer to narrow the filters.
    export_max_rows: int = Field(default=100_000, ge=1)

    # Who may read /metrics. With METRICS_PORT it is served there alone (on METRICS_HOST, else HTTP_HOST),
    # for a scraper inside the cluster, and the API's port answers 404 for it; else with
    # METRICS_KEY_SHA256, the API's /metrics needs `Authorization: Bearer <key>` of that SHA-256. Production
    # refuses to start with neither: the metrics name clients, routes and volumes.
    metrics_port: int | None = None
    metrics_host: str | None = None
    metrics_key_sha256: str | None = None
    # How often the gauges read from the database (dead letters, outbox backlog, ...) are sampled.
    metrics_sample_seconds: float = 15.0

    # Tracing (zjtx.common.tracing): off unless an OTLP/HTTP collector is named, e.g.
    # http://otel-collector:4318 (spans go to <endpoint>/v1/traces). The standard OpenTelemetry variable.
    otel_exporter_otlp_endpoint: str | None = None

    relay_batch_size: int = 500
    relay_batches_per_commit: int = 10
    relay_poll_seconds: float = 1.0
    relay_max_backoff_seconds: float = 30.0
    # After a round that sent events, the relay starts the next no sooner than this after it began:
    # under a stream of commits a round carries 20 ms of them (one transaction, one batch to the
    # broker) instead of one or two each, for at most 20 ms more on an event's way (0: no pacing).
    relay_min_round_seconds: float = Field(default=0.02, ge=0.0, le=1.0)
    # Sent outbox rows are kept this long (then pruned): a relay starting against a broker that holds
    # nothing of a topic it sent to within it sends them again (the development broker keeps no data).
    outbox_retention_days: float = 7.0
    # Group membership timing. Apache Kafka wants a session of at least 6 s; the development broker
    # holds a joining member for about the rebalance timeout, so tests shorten all three.
    consumer_session_timeout_ms: int = 10_000
    consumer_heartbeat_interval_ms: int = 3_000
    consumer_rebalance_timeout_ms: int = 5_000
    # How long the broker may hold a fetch waiting for data. The development broker answers a fetch on
    # this timer rather than when data arrives, so it bounds how soon a consumer sees an event.
    consumer_fetch_max_wait_ms: int = 100
    # Records fetched and applied together, in one transaction (a failure falls back to one at a time).
    consumer_batch_size: int = 500
    consumer_max_attempts: int = 5
    consumer_retry_base_seconds: float = 0.2

    # Idempotency-Key (zjtx.common.web.idempotency). A key is kept this long, then deleted by the kit's
    # job: used again after that, it names a new request. 24 hours, as is usual for the header (the IETF
    # draft "The Idempotency-Key HTTP Header Field" lets the resource say when a key expires).
    idempotency_retention_hours: float = Field(default=24.0, gt=0, le=24 * 365)
    # How long a duplicate waits for the first request with its key to end before it is told that one is
    # still running (409 `idempotency_in_progress`): long enough to be answered from the record when it
    # arrives as the first commits; bounded, as the duplicate holds a connection while it waits.
    idempotency_claim_wait_ms: int = Field(default=1000, ge=1, le=30_000)

    @model_validator(mode="after")
    def _check_kafka_security(self) -> ServiceSettings:
        problems = kafka_security_problems(self)
        if problems:
            raise ValueError("Kafka security settings refused: " + "; ".join(problems))
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> ServiceSettings:
        if self.environment is not Environment.PRODUCTION:
            return self
        problems = []
        if self.debug:
            problems.append("DEBUG is on")
        if self.api_clients_file is None:
            problems.append("API_CLIENTS_FILE is not set")
        elif _is_development_clients_file(self.api_clients_file):
            problems.append(f"{self.api_clients_file} holds the generated development keys")
        if self.metrics_port is None and not self.metrics_key_sha256:
            problems.append("/metrics would answer anyone: set METRICS_PORT or METRICS_KEY_SHA256")
        if (
            self.kafka_security_protocol is KafkaSecurityProtocol.SASL_PLAINTEXT
            and self.kafka_sasl_mechanism is KafkaSaslMechanism.PLAIN
        ):
            problems.append("KAFKA_SASL_MECHANISM=PLAIN over SASL_PLAINTEXT sends the password in clear: use SASL_SSL")
        if problems:
            raise UnsafeSettings("refusing to start in production: " + "; ".join(problems))
        return self


def kafka_security_problems(settings: ServiceSettings) -> list[str]:
    """What is missing or contradictory in the KAFKA_SECURITY_PROTOCOL / KAFKA_SSL_* / KAFKA_SASL_* settings:
    refused at start rather than found at the first connection (or never, for a setting ignored)."""
    protocol = settings.kafka_security_protocol
    problems = []
    files = {
        "KAFKA_SSL_CA_FILE": settings.kafka_ssl_ca_file,
        "KAFKA_SSL_CERT_FILE": settings.kafka_ssl_cert_file,
        "KAFKA_SSL_KEY_FILE": settings.kafka_ssl_key_file,
    }
    if protocol.uses_tls:
        for name, path in files.items():
            if path is not None and not Path(path).is_file():
                problems.append(f"{name}={path} is not a file")
        if (settings.kafka_ssl_cert_file is None) != (settings.kafka_ssl_key_file is None):
            problems.append("KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)")
        if settings.kafka_ssl_key_password is not None and settings.kafka_ssl_key_file is None:
            problems.append("KAFKA_SSL_KEY_PASSWORD is set without KAFKA_SSL_KEY_FILE")
    else:
        given = [name for name, path in files.items() if path is not None]
        if settings.kafka_ssl_key_password is not None:
            given.append("KAFKA_SSL_KEY_PASSWORD")
        if given:
            problems.append(
                f"{', '.join(given)} set, but KAFKA_SECURITY_PROTOCOL={protocol} uses no TLS (SSL or SASL_SSL would)"
            )
    sasl = {
        "KAFKA_SASL_MECHANISM": settings.kafka_sasl_mechanism,
        "KAFKA_SASL_USERNAME": settings.kafka_sasl_username,
        "KAFKA_SASL_PASSWORD": settings.kafka_sasl_password,
    }
    if protocol.uses_sasl:
        missing = [name for name, value in sasl.items() if not _secret(value)]
        if missing:
            problems.append(f"KAFKA_SECURITY_PROTOCOL={protocol} needs {', '.join(missing)}")
    else:
        given = [name for name, value in sasl.items() if value is not None]
        if given:
            problems.append(
                f"{', '.join(given)} set, but KAFKA_SECURITY_PROTOCOL={protocol} uses no SASL "
                "(SASL_SSL or SASL_PLAINTEXT would)"
            )
    return problems


def _secret(value: object) -> object:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def _is_development_clients_file(path: Path) -> bool:
    import json

    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return False
    return bool(isinstance(data, dict) and data.get("generated_for") == "development")
