"""A soak test in the manner of Jepsen (issue 13, item 8): `make soak MINUTES=10 RATE=250`.

Every service's write path is driven at a steady rate while a random service process is killed with
SIGKILL every 20-60 s (and started again) and the broker is restarted empty at least once; at the end,
once everything has drained, every write acknowledged to a client must have produced exactly one effect
in every consumer, per-key order must have held, and no outbox row may be left unsent. Not part of
`make test`."""
