"""The query pool's mechanisms, driven directly: workers forked from one
template, the per-client bound, the long lane, and the time limit."""

from __future__ import annotations

import asyncio

import pyoxigraph as ox
import pytest

from jointvision.server.pool import Job, LongLaneFull, PoolBusy, QueryPool, QueryTimeout

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
QUICK = "ASK { ?s ?p ?o }"
DATA = ox.serialize(
    [
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(str(i)),
            ox.DefaultGraph(),
        )
        for i in range(60)
    ],
    format=ox.RdfFormat.N_QUADS,
)


def job(query: str) -> Job:
    return Job(query, ("application/sparql-results+json",), ("text/turtle",))


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


def test_one_client_at_its_bound_waits_while_another_is_served():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=3.0, per_client=1, max_workers=4)
        await pool.start()
        try:
            hog = asyncio.ensure_future(pool.run(job(SLOW), "10.0.0.1"))
            await asyncio.sleep(0.2)
            mine = asyncio.ensure_future(pool.run(job(QUICK), "10.0.0.1"))  # same client: must wait
            other = await pool.run(job(QUICK), "10.0.0.2")  # another client: a worker is free for it
            assert other.status == 200 and not mine.done()
            assert pool.stats.per_client_waits == 1
            with pytest.raises((QueryTimeout, PoolBusy)):
                await hog
            assert (await mine).status == 200  # served once its client's other query was stopped
        finally:
            pool.close()

    run(scenario())


def test_long_queries_get_workers_of_their_own():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=4.0, long_after=0.3, max_workers=6)
        await pool.start()
        try:
            hogs = [asyncio.ensure_future(pool.run(job(SLOW + f" # {i}"), f"10.0.0.{i}")) for i in range(3)]
            await asyncio.sleep(0.8)
            assert pool.long_running == 3 and pool.live >= 2 + 3
            quick = await asyncio.wait_for(pool.run(job(QUICK), "10.0.0.9"), 1.0)  # no wait for the hogs
            assert quick.status == 200
            for hog in hogs:
                with pytest.raises(QueryTimeout):
                    await hog
            await asyncio.sleep(0.3)
            assert pool.live == 2 and pool.long_running == 0  # long workers retired, base size kept
            assert pool.stats.timeouts == 3 and pool.stats.restarts == 3
        finally:
            pool.close()

    run(scenario())


def test_the_long_lane_and_each_clients_share_of_it_are_bounded():
    """Six workers, two of them the base: four long queries at most, two per
    client; a query that turns long past either bound is stopped."""

    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=4.0, long_after=0.3, max_workers=6)
        await pool.start()
        try:
            mine = [asyncio.ensure_future(pool.run(job(SLOW + f" # a{i}"), "10.0.0.1")) for i in range(3)]
            done, _ = await asyncio.wait(mine, timeout=1.5, return_when=asyncio.FIRST_COMPLETED)
            [refused] = done
            with pytest.raises(LongLaneFull, match="its share"):
                refused.result()
            assert pool.long_running == 2 and pool.stats.long_refused == 1
            theirs = [asyncio.ensure_future(pool.run(job(SLOW + f" # b{i}"), f"10.0.1.{i}")) for i in range(3)]
            done, _ = await asyncio.wait(theirs, timeout=1.5, return_when=asyncio.FIRST_COMPLETED)
            [refused] = done
            with pytest.raises(LongLaneFull, match="as many long queries as it can"):
                refused.result()
            assert pool.long_running == 4 and pool.live <= 6
            assert (await asyncio.wait_for(pool.run(job(QUICK), "10.0.2.1"), 1.0)).status == 200
            for task in mine + theirs:
                if not task.done():
                    task.cancel()
            await asyncio.gather(*mine, *theirs, return_exceptions=True)
        finally:
            pool.close()

    run(scenario())


def test_a_free_worker_goes_to_the_client_running_fewest_queries():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=4.0, long_after=0.4, max_workers=3)
        await pool.start()
        try:
            hogs = [asyncio.ensure_future(pool.run(job(SLOW + f" # {i}"), "10.0.0.1")) for i in range(2)]
            await asyncio.sleep(0.1)
            third = asyncio.ensure_future(pool.run(job(QUICK + " # third"), "10.0.0.1"))  # arrives first...
            await asyncio.sleep(0.05)
            other = asyncio.ensure_future(pool.run(job(QUICK + " # other"), "10.0.0.2"))  # ...but its client runs 2
            finished, _ = await asyncio.wait({third, other}, timeout=3, return_when=asyncio.FIRST_COMPLETED)
            assert other in finished and not third.done()
            for task in hogs + [third]:
                task.cancel()
            await asyncio.gather(*hogs, third, return_exceptions=True)
        finally:
            pool.close()

    run(scenario())


def test_a_worker_restart_costs_milliseconds():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=0.5)
        await pool.start()
        try:
            with pytest.raises(QueryTimeout):
                await pool.run(job(SLOW), "a")
            loop = asyncio.get_running_loop()
            started = loop.time()
            while pool.live < 2:
                await asyncio.sleep(0.005)
            assert loop.time() - started < 0.5  # forked from the template, not a new interpreter
            assert (await pool.run(job(QUICK), "a")).status == 200
        finally:
            pool.close()

    run(scenario())


def test_a_template_killed_from_outside_is_started_again():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=2.0)
        await pool.start()
        try:
            first = pool._zygote.process
            first.kill()  # as the machine's out-of-memory killer might
            for _ in range(200):
                if (
                    pool.stats.template_restarts
                    and pool._zygote.alive
                    and pool._zygote is not None
                    and pool._zygote.process is not first
                    and pool.healthy
                ):
                    break
                await asyncio.sleep(0.025)
            assert pool.stats.template_restarts == 1 and pool.healthy
            with pytest.raises(QueryTimeout):  # the old workers died with it: this one is forked anew
                await pool.run(job(SLOW), "a")
            assert (await pool.run(job(QUICK), "a")).status == 200
        finally:
            pool.close()

    run(scenario())


def test_workers_are_forked_on_demand_and_stop_when_idle():
    """Issue 26: an idle pool is its template alone; a query forks a worker
    (milliseconds), which stops after ``idle_for`` seconds without work. The
    pool still counts the workers it can fork at once."""

    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=3.0, idle_for=0.3, template_idle_for=0)
        await pool.start()
        try:
            assert pool.running == 0 and pool.live == 2 and pool.healthy
            answers = await asyncio.gather(*(pool.run(job(QUICK + f" # {i}"), f"10.0.0.{i}") for i in range(4)))
            assert {a.status for a in answers} == {200} and 1 <= pool.running <= 2
            await asyncio.sleep(0.6)
            assert pool.running == 0 and pool.live == 2 and pool.healthy
        finally:
            pool.close()

    run(scenario())


def test_warm_workers_stay():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=3.0, warm=1, idle_for=0.1, template_idle_for=0)
        await pool.start()
        try:
            assert pool.running == 1
            await pool.run(job(QUICK), "a")
            await asyncio.sleep(0.3)
            assert pool.running == 1
        finally:
            pool.close()

    run(scenario())


def test_the_template_sleeps_without_queries_and_the_next_query_wakes_it():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=3.0, idle_for=0.1, template_idle_for=0.4)
        await pool.start()
        try:
            first = pool._zygote.process
            await asyncio.sleep(0.8)
            assert first.poll() is not None and pool.healthy and pool.live == 2  # stopped, not dead
            assert (await pool.run(job(QUICK), "a")).status == 200  # woken within the query's time
            assert pool._zygote.alive and pool._zygote.process is not first
            assert pool.stats.template_restarts == 0
            with pytest.raises(QueryTimeout):  # every protection holds after a wake
                await asyncio.wait_for(pool.run(job(SLOW), "b"), 10)
        finally:
            pool.close()

    run(scenario())


def _niceness(pid: int) -> set[int]:
    """The niceness of every thread of a process (field 19 of its stat)."""
    import os

    found = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/stat", encoding="ascii") as stat:
            found.add(int(stat.read().rsplit(")", 1)[1].split()[16]))
    return found


def test_a_long_query_runs_at_the_lowest_priority_and_its_worker_is_replaced():
    async def scenario():
        pool = QueryPool(DATA, workers=2, timeout=2.0, long_after=0.3, template_idle_for=0)
        await pool.start()
        try:
            hog = asyncio.ensure_future(pool.run(job(SLOW), "10.0.0.1"))
            await asyncio.sleep(0.6)
            [worker] = [w for w in pool._workers if w.long]
            assert _niceness(worker.pid) == {19}
            with pytest.raises(QueryTimeout):
                await hog
            assert worker not in pool._workers
            # the client is heavy for a while: its next query runs at the lowest priority from the start
            quick = await pool.run(job(QUICK + " # after"), "10.0.0.1")
            assert quick.status == 200 and all(not w.niced for w in pool._workers)
        finally:
            pool.close()

    run(scenario())
