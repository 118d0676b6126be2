"""What the pool knows of each client address: how many queries it runs
now, and until when it is *heavy* (one of its queries lately turned long,
was stopped for it, or ran out its time)."""

from __future__ import annotations


class Clients:
    """Queries running per client address, and the heavy clients' terms."""

    #: Addresses remembered before those whose term is over are forgotten.
    REMEMBERED = 10_000

    def __init__(self) -> None:
        self.running: dict[str, int] = {}  # client address -> queries running
        self.heavy_until: dict[str, float] = {}  # client address -> loop time it is heavy until

    def count(self, client: str) -> int:
        """How many queries ``client`` runs now."""
        return self.running.get(client, 0)

    def started(self, client: str) -> None:
        """``client`` has one more query running."""
        self.running[client] = self.running.get(client, 0) + 1

    def ended(self, client: str) -> None:
        """One of ``client``'s queries ended."""
        left = self.running.get(client, 1) - 1
        if left:
            self.running[client] = left
        else:
            self.running.pop(client, None)

    def strike(self, client: str, now: float, heavy_for: float) -> None:
        """``client`` is heavy for ``heavy_for`` seconds from ``now``."""
        if len(self.heavy_until) > self.REMEMBERED:  # many addresses: forget the ones whose time is up
            self.heavy_until = {c: t for c, t in self.heavy_until.items() if t > now}
        self.heavy_until[client] = now + heavy_for

    def struck(self, client: str, now: float) -> bool:
        """Whether ``client``'s heavy term runs at ``now``."""
        return self.heavy_until.get(client, 0.0) > now
