"""Options several commands share, declared once."""

from __future__ import annotations

from pathlib import Path

import click

#: Output formats of ``query``, ``conflicts`` and ``sources`` (kept here, not
#: imported from the results writers, so that ``--help`` does not load rdflib).
RESULT_FORMATS = ("table", "csv", "tsv", "json")

data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Fact file (*.yaml) or folder of them; repeatable. Default: the sources of the project this folder "
    "is in (jointvision-project.yaml), else the embedded example.",
)


def format_option(help_text: str = "Output format.", choices: tuple[str, ...] = RESULT_FORMATS, default: str = "table"):
    """``--format`` among ``choices``."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True, help=help_text
    )


class Seconds(click.ParamType):
    """A number of seconds between ``low`` and ``high``: a finite number
    (``nan`` and ``inf`` are refused, as a duration no clock can wait)."""

    name = "seconds"

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def convert(self, value, param, ctx) -> float:
        """The option's value as seconds, or click's usage error (exit 2)
        saying what was given and the range allowed.

        >>> Seconds(1, 60).convert("2.5", None, None)
        2.5
        """
        import math

        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or not self.low <= seconds <= self.high:
            self.fail(f"{value!r} is not a number of seconds from {self.low:g} to {self.high:g}", param, ctx)
        return seconds

    def get_metavar(self, param, ctx=None) -> str:
        """The placeholder ``--help`` shows for the value: ``SECONDS``."""
        return "SECONDS"
