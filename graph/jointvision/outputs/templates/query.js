/* jointvision query page: runs SPARQL against /sparql and shows the results
   as a table. Data from the server is inserted as text, never as HTML. */
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("jv-examples-data").textContent);
  var editor = document.getElementById("jv-editor");
  var status = document.getElementById("jv-status");
  var results = document.getElementById("jv-results");
  var nav = document.getElementById("jv-examples");

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  examples.forEach(function (q) {
    var button = el("button");
    button.type = "button";
    button.setAttribute("data-query", q.name);
    button.appendChild(el("strong", q.title));
    button.appendChild(el("span", q.question));
    button.addEventListener("click", function () { editor.value = q.text; run(); });
    nav.appendChild(button);
  });
  if (examples.length) { editor.value = examples[0].text; }

  function cell(term) {
    if (!term) { return ""; }
    return term.value;
  }

  function show(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      results.appendChild(el("p", data.boolean ? "yes (true)" : "no (false)"));
      status.textContent = "ASK answered.";
      return;
    }
    var vars = data.head.vars;
    var table = el("table");
    var head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", v)); });
    table.appendChild(head);
    data.results.bindings.forEach(function (row) {
      var tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(el("td", cell(row[v]))); });
      table.appendChild(tr);
    });
    results.appendChild(table);
    var n = data.results.bindings.length;
    status.textContent = n + (n === 1 ? " row." : " rows.");
  }

  function run() {
    status.className = "";
    status.textContent = "Running…";
    var started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.5" },
      body: editor.value
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      return response.text().then(function (text) { return { ok: response.ok, status: response.status, type: type, text: text }; });
    }).then(function (r) {
      if (!r.ok) {
        status.className = "jv-bad";
        status.textContent = "Error " + r.status + ": " + r.text;
        results.replaceChildren();
        return;
      }
      if (r.type.indexOf("json") !== -1) {
        show(JSON.parse(r.text));
      } else {
        results.replaceChildren(el("pre", r.text));
        status.textContent = "Graph result (" + r.type.split(";")[0] + ").";
      }
      status.textContent += " " + Math.round(performance.now() - started) + " ms";
    }).catch(function (error) {
      status.className = "jv-bad";
      status.textContent = "The request failed: " + error;
    });
  }

  document.getElementById("jv-run").addEventListener("click", run);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  window.jvQuery = { run: run };
}());
