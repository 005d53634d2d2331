"""Test helpers every service reuses: a PostgreSQL server, a database per service and test session with
its migrations, a rollback per test, a real broker, an ASGI client with keys."""
