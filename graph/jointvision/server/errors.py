"""Errors as the server answers them: one exception, one answer.

A view, the protocol reader or content negotiation raises
:class:`HTTPError`; :func:`error_response` (the application's handler for it)
turns it into the answer every error gets: a status, one line of printable
plain text, and the headers the error names (``Allow``, ``Retry-After``).
Nothing here imports Starlette at module level, so the pure modules that
raise (``protocol``, ``negotiation``) and the query workers stay free of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..terminal import one_line  # the one way a message becomes one line, here as on the command line

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["HTTPError", "error_response", "handle_http_error", "one_line"]


class HTTPError(Exception):
    """An error answer: its status, its message (quoted in the body as one
    line, whatever it holds from the request) and extra headers."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers) if headers else None

    def __repr__(self) -> str:
        return f"HTTPError({self.status}, {self.message!r})"


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """The answer to every error: one line of printable text, never a trace
    or a path."""
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(one_line(message) + "\n", status_code=status, headers=dict(headers) if headers else None)


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """The application's one handler of :class:`HTTPError`."""
    if not isinstance(exc, HTTPError):  # pragma: no cover - registered for HTTPError only
        raise exc
    return error_response(exc.status, exc.message, exc.headers)
