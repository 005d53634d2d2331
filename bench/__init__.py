"""Benchmarks of the platform (`python -m bench`, `make bench`). They are not tests: each prints its
figure beside a baseline measured in the same run, as a ratio, and PASS or FAIL against its target.

1. relay_throughput  the outbox relay against a bare producer
2. api_throughput    POST /v1/enterprises on the registry against a bare one-INSERT FastAPI app
3. commit_latency    commit-to-consumer latency at 500 events/s against producer-to-consumer
4. memory            resident memory of the registry process after benchmark 2
5. awards_throughput awards computed from a burst of recognition events against a bare durable consumer
6. awards_simulate   POST /v1/simulate latency against GET /healthz of the same process
7. payments_scan     the payments-watch daily scan over 1,000,000 payables
8. hotline_intake    POST /v1/tickets signed intake against a bare one-INSERT FastAPI app
9. hotline_kpis      GET /v1/kpis over 1,000,000 tickets against a SELECT count(*)
10. finance_intake   POST /v1/bank-events signed webhook intake against a bare one-INSERT FastAPI app
11. finance_latency  a bank's interest_paid to its subsidy readable against the broker's own delivery

Their numbers are the ones the summary of `python -m bench` gives them.
"""
