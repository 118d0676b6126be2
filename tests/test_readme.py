"""The README tells a newcomer the truth about commands, queries and exit codes."""

from __future__ import annotations

from conftest import ROOT
from jointvision.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_REMOTE, EXIT_VIOLATIONS
from jointvision.sparql.named import named_queries

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_setup_commands_are_there():
    assert "pip install . && jointvision build" in README
    assert 'pip install ".[test]" && pytest' in README


def test_every_named_query_is_listed():
    for name in named_queries():
        assert f"| `{name}` |" in README, name


def test_exit_codes_are_documented():
    for code in (EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT, EXIT_REMOTE):
        assert f"| {code} |" in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]"' in ci and "pytest" in ci


def test_the_python_example_runs():
    import re

    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["rows"] and namespace["turtle"].startswith(b"@prefix")
    assert namespace["net"].number_of_nodes() > 50


def test_the_tour_shows_what_build_really_prints(tmp_path):
    from conftest import FACT_FILE, run_cli

    # the tour shows a build of the shipped data, the article: built from its fact file alone, so that
    # another source added to the data folder does not make the README wrong about the article
    printed = run_cli("build", "--data", str(FACT_FILE), "--out", "exports", cwd=tmp_path).stdout
    assert f"$ jointvision build\n{printed}" in README, "refresh the tour's build output in README.md"
