"""The query pool's mechanisms, driven directly: workers forked from one
template, the per-client bound, the long lane, and the time limit."""

from __future__ import annotations

import asyncio

import pyoxigraph as ox
import pytest

from jointvision.querypool import Job, PoolBusy, QueryPool, QueryTimeout

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
QUICK = "ASK { ?s ?p ?o }"
DATA = ox.serialize([ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                             ox.Literal(str(i)), ox.DefaultGraph()) for i in range(60)], format=ox.RdfFormat.N_QUADS)


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
            hogs = [asyncio.ensure_future(pool.run(job(SLOW + f" # {i}"), "10.0.0.1")) for i in range(3)]
            await asyncio.sleep(0.8)
            assert pool.long_running == 3 and pool.live >= 2 + 3
            quick = await asyncio.wait_for(pool.run(job(QUICK), "10.0.0.1"), 1.0)  # no wait for the hogs
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
