"""Options several commands share, declared once."""

from __future__ import annotations

from pathlib import Path

import click

#: Output formats of ``query``, ``conflicts`` and ``sources`` (kept here, not
#: imported from the results writers, so that ``--help`` does not load rdflib).
RESULT_FORMATS = ("table", "csv", "tsv", "json")

data_option = click.option(
    "--data", "data", multiple=True, type=click.Path(path_type=Path),
    help="Fact file (*.yaml) or folder of them; repeatable. Default: the sources of the project this folder "
         "is in (jointvision-project.yaml), else the embedded example.",
)


def format_option(help_text: str = "Output format.", choices: tuple[str, ...] = RESULT_FORMATS,
                  default: str = "table"):
    """``--format`` among ``choices``."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help=help_text)
