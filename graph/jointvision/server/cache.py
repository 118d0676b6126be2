"""The answer cache: answers to repeated queries, kept while the server runs.

Sound because the served data never changes while the server runs; only
successful answers that the same query always gets (no NOW(), RAND()...)
are kept, least recently used first out, bounded in bytes.
"""

from __future__ import annotations

from collections import OrderedDict

from .pool import Answer, Job


class AnswerCache:
    """Answers by job, least recently used first out, at most ``max_bytes``
    (keys included); an answer over an eighth of that is not kept."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self._entries: OrderedDict[Job, Answer] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, job: Job) -> Answer | None:
        """The kept answer to ``job``, if any (counted as a hit)."""
        answer = self._entries.get(job)
        if answer is not None:
            self._entries.move_to_end(job)
            self.hits += 1
        return answer

    @staticmethod
    def _cost(job: Job, answer: Answer) -> int:
        """Bytes an entry holds: the answer and the whole key."""
        return (
            len(answer.body)
            + len(job.query)
            + len(job.base_iri or "")
            + 256
            + sum(len(g) for g in (job.default_graphs or ()) + (job.named_graphs or ()))
        )

    def put(self, job: Job, answer: Answer) -> None:
        """Keep a successful answer, dropping the least recently used past the bound."""
        cost = self._cost(job, answer)
        if answer.status != 200 or cost > self.max_bytes // 8:
            return
        self._entries[job] = answer
        self.size += cost
        while self.size > self.max_bytes:
            old_job, old = self._entries.popitem(last=False)
            self.size -= self._cost(old_job, old)
