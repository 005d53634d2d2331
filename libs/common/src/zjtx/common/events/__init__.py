"""Event contracts: the payloads each service publishes, one module per producing service.
A new optional field keeps the version; a breaking change is a new event_version."""
