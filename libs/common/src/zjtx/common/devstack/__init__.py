"""The development stack of `make run`: embedded PostgreSQL, the Tansu broker, development API keys
and every service as a subprocess, started in order and stopped in reverse (DESIGN: "Running it").

Development only: production runs Apache Kafka and PostgreSQL from deploy/. `broker.TansuBroker` is
also what the test fixtures use for a broker of their own."""
