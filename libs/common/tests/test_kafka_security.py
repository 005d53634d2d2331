"""Kafka security from the settings: KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_* and KAFKA_SASL_* read from the
environment, refused at start when incomplete, and turned by one function (client_security) into the
arguments every Kafka client of the kit is made with."""

from __future__ import annotations

import ssl
from pathlib import Path
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from zjtx.common.messaging import consumer as consumer_module
from zjtx.common.messaging import kafka
from zjtx.common.messaging.consumer import EventConsumer, EventHandlers
from zjtx.common.messaging.foreign import ForeignHandlers
from zjtx.common.messaging.kafka import KafkaSecurityError, client_security
from zjtx.common.runtime import build_relay, consumer_of
from zjtx.common.settings import Environment, ServiceSettings, UnsafeSettings
from zjtx.common.testing.tls import Pki, make_pki

KAFKA_VARIABLES = [
    "KAFKA_SECURITY_PROTOCOL",
    "KAFKA_SSL_CA_FILE",
    "KAFKA_SSL_CERT_FILE",
    "KAFKA_SSL_KEY_FILE",
    "KAFKA_SSL_KEY_PASSWORD",
    "KAFKA_SASL_MECHANISM",
    "KAFKA_SASL_USERNAME",
    "KAFKA_SASL_PASSWORD",
]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"), client_key_password="key-pass")


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch):
    for name in KAFKA_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_(**variables: str) -> ServiceSettings:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return ServiceSettings()

    return set_


def test_plaintext_by_default():
    settings = ServiceSettings()
    assert client_security(settings) == {"security_protocol": "PLAINTEXT"}


def test_sasl_ssl_with_scram_and_a_client_certificate_from_the_environment(environ, pki):
    settings = environ(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        KAFKA_SSL_CA_FILE=str(pki.ca_file),
        KAFKA_SSL_CERT_FILE=str(pki.client_cert_file),
        KAFKA_SSL_KEY_FILE=str(pki.client_key_file),
        KAFKA_SSL_KEY_PASSWORD="key-pass",
        KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
        KAFKA_SASL_USERNAME="bank-icbc-nm",
        KAFKA_SASL_PASSWORD="scram-secret",
    )
    options = client_security(settings)
    context = options.pop("ssl_context")
    assert options == {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "bank-icbc-nm",
        "sasl_plain_password": "scram-secret",
    }
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert [ca["subject"] for ca in context.get_ca_certs()] == [((("commonName", "zjtx test CA"),),)]
    # Secrets stay out of the settings' printed form (logs, tracebacks).
    assert "scram-secret" not in repr(settings) and "key-pass" not in repr(settings)


def test_ssl_without_a_ca_file_trusts_the_system_store(environ):
    options = client_security(environ(KAFKA_SECURITY_PROTOCOL="SSL"))
    assert options["security_protocol"] == "SSL"
    assert options["ssl_context"].verify_mode is ssl.CERT_REQUIRED
    assert set(options) == {"security_protocol", "ssl_context"}


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_plaintext_takes_each_mechanism(environ, mechanism):
    options = client_security(
        environ(
            KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
            KAFKA_SASL_MECHANISM=mechanism,
            KAFKA_SASL_USERNAME="u",
            KAFKA_SASL_PASSWORD="p",
        )
    )
    assert options == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": mechanism,
        "sasl_plain_username": "u",
        "sasl_plain_password": "p",
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CA_FILE": "/nowhere/ca.pem"},
            "KAFKA_SSL_CA_FILE=/nowhere/ca.pem is not a file",
        ),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CERT_FILE": "{cert}"},
            "KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together",
        ),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_KEY_FILE": "{key}"},
            "KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together",
        ),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_KEY_PASSWORD": "x"},
            "KAFKA_SSL_KEY_PASSWORD is set without KAFKA_SSL_KEY_FILE",
        ),
        ({"KAFKA_SSL_CA_FILE": "{ca}"}, "KAFKA_SSL_CA_FILE set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT uses no TLS"),
        (
            {
                "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                "KAFKA_SSL_CA_FILE": "{ca}",
                "KAFKA_SASL_MECHANISM": "PLAIN",
                "KAFKA_SASL_USERNAME": "u",
                "KAFKA_SASL_PASSWORD": "p",
            },
            "KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT uses no TLS",
        ),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"},
            "needs KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD",
        ),
        (
            {
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
                "KAFKA_SASL_USERNAME": "u",
                "KAFKA_SASL_PASSWORD": "",
            },
            "needs KAFKA_SASL_PASSWORD",
        ),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SASL_USERNAME": "u"},
            "KAFKA_SASL_USERNAME set, but KAFKA_SECURITY_PROTOCOL=SSL uses no SASL",
        ),
        ({"KAFKA_SECURITY_PROTOCOL": "TLS"}, "kafka_security_protocol"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "GSSAPI"}, "kafka_sasl_mechanism"),
    ],
)
def test_incomplete_or_contradictory_settings_are_refused_at_start(environ, pki, variables, message):
    files = {"ca": pki.ca_file, "cert": pki.client_cert_file, "key": pki.client_key_file}
    with pytest.raises(ValidationError, match=message):
        environ(**{name: value.format(**files) for name, value in variables.items()})


def test_production_refuses_a_plain_password_in_clear_but_not_plaintext_inside_the_cluster(environ, tmp_path):
    clients = tmp_path / "clients.json"
    clients.write_text("{}")
    production = {"ENVIRONMENT": "production", "API_CLIENTS_FILE": str(clients), "METRICS_PORT": "9100"}
    assert environ(**production).kafka_security_protocol == "PLAINTEXT"
    with pytest.raises(UnsafeSettings, match="PLAIN over SASL_PLAINTEXT sends the password in clear"):
        environ(
            **production,
            KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
            KAFKA_SASL_MECHANISM="PLAIN",
            KAFKA_SASL_USERNAME="u",
            KAFKA_SASL_PASSWORD="p",
        )
    settings = environ(KAFKA_SASL_MECHANISM="SCRAM-SHA-512")
    assert settings.environment is Environment.PRODUCTION and settings.kafka_sasl_mechanism == "SCRAM-SHA-512"


def test_unusable_tls_files_stop_the_start_with_the_files_named(environ, pki, tmp_path):
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("not a certificate")
    with pytest.raises(KafkaSecurityError, match=f"KAFKA_SSL_CA_FILE={not_pem}"):
        client_security(environ(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CA_FILE=str(not_pem)))


def test_an_encrypted_key_needs_its_password_and_is_not_prompted_for(environ, pki):
    variables = {
        "KAFKA_SECURITY_PROTOCOL": "SSL",
        "KAFKA_SSL_CA_FILE": str(pki.ca_file),
        "KAFKA_SSL_CERT_FILE": str(pki.client_cert_file),
        "KAFKA_SSL_KEY_FILE": str(pki.client_key_file),
    }
    with pytest.raises(KafkaSecurityError, match="cannot load the Kafka TLS files"):
        client_security(environ(**variables))
    with pytest.raises(KafkaSecurityError, match="cannot load the Kafka TLS files"):
        client_security(environ(**variables, KAFKA_SSL_KEY_PASSWORD="wrong"))
    assert client_security(environ(KAFKA_SSL_KEY_PASSWORD="key-pass"))["ssl_context"] is not None


class Recorder:
    """Stands in for an aiokafka client class: records the keyword arguments it was made with."""

    made: list[dict]

    def __init__(self, *topics, **options) -> None:
        type(self).made.append(options)

    async def start(self) -> None:
        raise ConnectionError("recorded, not connected")


async def test_every_client_of_the_kit_is_made_with_them(environ, monkeypatch, pki):
    class Made(Recorder):
        made: list[dict] = []

    for module, name in [
        (kafka, "AIOKafkaProducer"),
        (kafka, "AIOKafkaAdminClient"),
        (kafka, "AIOKafkaConsumer"),
        (consumer_module, "AIOKafkaConsumer"),
    ]:
        monkeypatch.setattr(module, name, Made)
    settings = environ(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        KAFKA_SSL_CA_FILE=str(pki.ca_file),
        KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
        KAFKA_SASL_USERNAME="platform",
        KAFKA_SASL_PASSWORD="secret",
    )
    relay = build_relay(settings, sessions=None)
    relay._producer_factory()  # the relay's producer
    for step in (relay._prepare_topics(["t"]), relay._log_ends(["t"])):  # admin client, end-offsets reader
        with pytest.raises(ConnectionError):
            await step
    security = client_security(settings)
    consumer = EventConsumer(
        handlers=EventHandlers("throwaway-consumer", {}), sessions=None, bootstrap_servers="b:9093", security=security
    )
    # The consumer of a foreign topic (finance-subsidy's bank.loan-events), as the runtime makes it.
    process = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(sessions=None)))
    bank_events = ForeignHandlers(consumer="x.bank-events", topic="bank.loan-events", read=bytes, apply=None)
    foreign = consumer_of(settings, process, bank_events)
    for each in (consumer, foreign):
        with pytest.raises(ConnectionError):
            await each.start()
    assert len(Made.made) == 5
    for options in Made.made:
        assert options["security_protocol"] == "SASL_SSL"
        assert isinstance(options["ssl_context"], ssl.SSLContext)
        assert (options["sasl_mechanism"], options["sasl_plain_username"], options["sasl_plain_password"]) == (
            "SCRAM-SHA-512",
            "platform",
            "secret",
        )


def test_settings_paths_are_paths(environ, pki):
    settings = environ(KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CA_FILE=str(pki.ca_file))
    assert settings.kafka_ssl_ca_file == Path(pki.ca_file)
