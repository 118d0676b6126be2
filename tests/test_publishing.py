"""docs/publishing.md: the w3id.org rewrite rules it asks to register send
every kind of jointvision IRI to a server path that answers. The rules are
applied here as Apache would (first match wins; `$1` the first group) to a
running `jointvision serve`."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import httpx
from rdflib import Graph

from conftest import ROOT, need_shared
from jointvision.outputs.exports import write_exports
from jointvision.outputs.registry import names

PAGE = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
RULES = [
    (m.group(1), m.group(2))
    for m in re.finditer(
        r"^RewriteRule (\S+) (\S+) \[[^\]]*\]$", re.search(r"```apache\n(.*?)```", PAGE, re.S).group(1), flags=re.M
    )
]


def rewrite(path: str, host: str) -> str | None:
    for pattern, target in RULES:
        found = re.fullmatch(pattern.strip("^$"), path)
        if found:
            url = target.replace("HOST", host).replace("\\%", "%")
            return re.sub(r"\$(\d)", lambda g, found=found: found.group(int(g.group(1))), url)
    return None


def test_every_kind_of_iri_reaches_a_path_that_answers(live_server):
    assert RULES
    downloads = sorted(n for n in names() if n != "README.md")
    for path in ["ontology", "ontology/0.1.0", "dataset", "sparql", "commitments", "report", *downloads]:
        url = rewrite(path, live_server)
        assert url, f"no rule for {path}"
        response = httpx.get(url, headers={"Accept": "text/turtle"} if path.startswith("ontology/") else {})
        assert response.status_code == 200, (path, url, response.status_code)
    # an entity: DESCRIBE gives what the dataset says of it
    described = httpx.get(rewrite("id/india", live_server), headers={"Accept": "text/turtle"})
    assert described.status_code == 200 and len(Graph().parse(data=described.text, format="turtle")) > 3


def test_the_entity_rule_admits_identifiers_only():
    for hostile in ("id/india%3E%20%7D", "id/a b", "id/INDIA", "id/../sparql", 'id/x"y'):
        assert rewrite(hostile, "http://host") is None, hostile


def test_the_pages_dcat_ap_check_passes_on_a_build(dataset, tmp_path):
    """The pyshacl command of the page, run as written from the project's
    folder on a fresh build's void.ttl instead of exports/, finds it
    conforming (tests/test_dcat_ap.py checks the other combinations)."""

    (command,) = [line for line in re.findall(r"```sh\n(.*?)```", PAGE, re.S)[-1].splitlines() if "pyshacl" in line]
    words = shlex.split(command.split("#")[0])
    need_shared(ROOT / words[words.index("-s") + 1], "the DCAT-AP 3.0.1 shapes")
    write_exports(dataset, tmp_path / "out", ["rdf"])
    words = [str(tmp_path / "out" / "void.ttl") if w == "exports/void.ttl" else w for w in words]
    pyshacl = [sys.executable, "-m", "pyshacl", *words[1:]]
    done = subprocess.run(pyshacl, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Conforms: True" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
