"""Benchmarks of the platform (`python -m bench`, `make bench`). They are not tests: each prints its
figure beside a baseline measured in the same run, as a ratio, and PASS or FAIL against its target.

1. relay_throughput  the outbox relay against a bare producer
2. api_throughput    POST /v1/enterprises on the registry against a bare one-INSERT FastAPI app
3. commit_latency    commit-to-consumer latency at 500 events/s against producer-to-consumer
4. memory            resident memory of the registry process after benchmark 2
"""
