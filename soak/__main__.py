"""`python -m soak --minutes 10 --rate 250`: the soak test (see soak/__init__.py and the README).

The platform: the embedded PostgreSQL (var/soak-pg), a Tansu broker on a free port, the five services as
real processes (zjtx.common.testing.process.ServiceProcess: API, relay, consumers and jobs in one
process), each on a fresh database of its own. The load (`--rate` writes a second, spread over):

- registry: `POST /v1/enterprises` (a new enterprise) and `PATCH /v1/enterprises/{uscc}` (its name and
  employees, version k of k = 1, 2, ...; one at a time per enterprise, so the writes of a key are ordered)
  -> `registry.enterprise.*` -> awards, finance-subsidy, payments-watch, hotline (their read models);
- registry: `POST /v1/enterprises/{uscc}/recognitions` -> awards (an award decided, A1.1) and finance-subsidy
  -> `awards.award.*` -> the registry's history;
- hotline: `POST /v1/tickets`, signed as the 12345 system signs -> `hotline.ticket.*` -> the hotline's own
  callbacks, payments-watch (arrears complaints) and the registry's history;
- payments-watch: `POST /v1/contracts` (its own write path; counted in its own tables).

Every write carries an Idempotency-Key and is retried with it (same body) until it is answered or its
deadline passes; one never answered with 2xx is *unacknowledged*: it may or may not have taken effect.

The nemesis: every 20-60 s one service process, at random, gets SIGKILL and is started again 1-3 s later;
the broker is restarted (empty: memory only) once in the middle of the run (`--broker-restarts`), and
then, as `make run` started again would, every service is killed and started again, so that each relay
sends again what the broker forgot.

The check, after the nemesis stops and the writers finish: wait (deadline `--drain-seconds`) until no
outbox row is unsent and the inbox counts stop changing, then count, for every consumer, the events it
had to apply (every outbox row of a type it handles, in every service) against its inbox, and the effects
of the acknowledged writes in each service's tables. Exit 1 on anything lost, doubled or reordered."""

from __future__ import annotations

import argparse
import asyncio
import random
import sys

from soak.check import Databases, Row, check, drain
from soak.ledger import MAX_IN_FLIGHT, VAR, Ledger, log
from soak.nemesis import nemesis
from soak.platform import Platform
from soak.writers import Writers
from zjtx.common.devstack.broker import TansuBroker, free_port
from zjtx.common.devstack.postgres import EmbeddedPostgres

# -- the run -------------------------------------------------------------------------------------------


async def soak(platform: Platform, args) -> int:
    rng = random.Random(args.seed)
    ledger = Ledger()
    writers = Writers(platform, ledger, rng)
    stop = asyncio.Event()
    seconds = args.minutes * 60
    log(
        f"load: {args.rate:g} writes/s for {seconds:.0f}s; nemesis: SIGKILL every 20-60 s, "
        f"{args.broker_restarts} broker restart(s)"
    )
    async with Databases(platform.urls) as databases:
        await writers.prepare()
        outbox_before = sum((await databases.fingerprint())[1::2])
        chaos = asyncio.create_task(nemesis(platform, rng, seconds, args.broker_restarts, args.broker_alone, stop))
        elapsed = await writers.run(args.rate, seconds)
        stop.set()
        await chaos
        log(f"load over after {elapsed:.0f}s; finishing the writes under way")
        await writers.finish()
        await asyncio.to_thread(platform.ensure_running)
        outbox_after_load = sum((await databases.fingerprint())[1::2])
        log("draining")
        drained = await drain(databases, args.drain_seconds)
        rows = await check(databases, ledger)
        unsent = await databases.unsent()
        dead = {
            name: int(await c.fetchval("SELECT count(*) FROM dead_letter")) for name, c in databases.connections.items()
        }
        events_consumed = sum((await databases.fingerprint())[0::2])

    width = max(len(r.what) for r in rows)

    def line(r: Row) -> str:
        return f"{r.what:{width}}  {r.expected:8}  {r.found:7}  {r.duplicates:10}  {r.lost:5}  {r.reordered:9}"

    print()
    print(f"{'':{width}}  expected    found  duplicates   lost  reordered")
    for r in rows:
        print(line(r))
    total = Row(
        "total effects",
        sum(r.expected for r in rows),
        sum(r.found for r in rows),
        sum(r.duplicates for r in rows),
        sum(r.lost for r in rows),
        sum(r.reordered for r in rows),
    )
    print(line(total))
    print()
    events = outbox_after_load - outbox_before
    print(
        f"writes: {ledger.writes} started ({dict(ledger.attempts)}), {sum(ledger.acked.values())} acknowledged, "
        f"{sum(ledger.unacked.values())} unacknowledged {dict(ledger.unacked)} "
        f"({sum(ledger.stuck_in_progress.values())} of them stuck at 409 {dict(ledger.stuck_in_progress)} "
        "idempotency_in_progress), "
        f"{sum(ledger.refused.values())} refused"
    )
    if ledger.first_refusal:
        print(f"  first refusal of each kind: {ledger.first_refusal}")
    print(
        f"rate: asked {args.rate:g} writes/s, achieved {ledger.writes / elapsed:.1f} writes/s "
        f"({writers.skipped} ticks skipped at {MAX_IN_FLIGHT} in flight to a service); {events} events published "
        f"({events / elapsed:.1f}/s), {events_consumed} consumed in all (inboxes)"
    )
    print(
        f"nemesis: {sum(platform.kills.values())} SIGKILLs {dict(platform.kills)}, "
        f"{platform.broker_restarts} broker restart(s)"
    )
    print(
        f"outbox rows unsent: {sum(unsent.values())} {unsent}; "
        f"dead letters: {sum(dead.values())} {dead}; drained: {drained}"
    )
    failed = (
        total.duplicates or total.lost or total.reordered or any(unsent.values()) or any(dead.values()) or not drained
    )
    print("SOAK FAILED" if failed else "SOAK PASSED")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=250.0, help="writes a second asked for (all kinds)")
    parser.add_argument("--broker-restarts", type=int, default=1)
    parser.add_argument(
        "--broker-alone",
        action="store_true",
        help="restart the broker under the running services (by default they go down and come back with it)",
    )
    parser.add_argument("--drain-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the databases (var/soak-pg) for a look afterwards")
    args = parser.parse_args()
    args.seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    log(f"seed {args.seed}")
    VAR.mkdir(exist_ok=True)
    workdir = VAR / "soak"
    workdir.mkdir(exist_ok=True)
    server = EmbeddedPostgres(VAR / "soak-pg")
    server_url = server.start()
    broker = TansuBroker(free_port(), log_path=workdir / "broker.log")
    broker.start()
    platform = Platform(server_url, broker, workdir)
    try:
        asyncio.run(platform.create_databases())
        platform.start_all()
        return asyncio.run(soak(platform, args))
    finally:
        platform.stop_all()
        broker.stop()
        if not args.keep:
            asyncio.run(platform.drop_databases())
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
