/* jointvision query page: runs SPARQL against /sparql and shows the results
   as a table. Data from the server is inserted as text, never as HTML. */
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("jv-examples-data").textContent);
  var editor = document.getElementById("jv-editor");
  var status = document.getElementById("jv-status");
  var results = document.getElementById("jv-results");
  var problem = document.getElementById("jv-error");
  var nav = document.getElementById("jv-examples");
  var list = document.getElementById("jv-example-list");
  var toggle = document.getElementById("jv-examples-toggle");
  var current = document.getElementById("jv-current");
  // The example the page opens on: the first of these it has (the sources have rows on any data the
  // server holds), else the first.
  var OPENING = ["sources", "directions", "targets"];

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // ------------------------------------------------------------- examples
  // On a narrow window the examples are a list the Examples button opens; choosing one closes it.
  function openList(open) {
    nav.classList.toggle("jv-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () { openList(!nav.classList.contains("jv-open")); });
  var buttons = examples.map(function (q) {
    var button = el("button");
    button.type = "button";
    button.setAttribute("data-query", q.name);
    button.appendChild(el("strong", q.title));
    button.appendChild(el("span", q.question));
    button.addEventListener("click", function () { choose(q); openList(false); run(); });
    list.appendChild(button);
    return button;
  });
  function choose(q) {
    editor.value = q.text;
    current.textContent = q.title;
    buttons.forEach(function (b) {
      if (b.getAttribute("data-query") === q.name) { b.setAttribute("aria-current", "true"); }
      else { b.removeAttribute("aria-current"); }
    });
  }

  // -------------------------------------------------------------- answers
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

  // --------------------------------------------------------------- errors
  // A syntax error says where (line and column) and what, in a sentence; under it, the line of the
  // query with a caret under the place (the text around it where the line is long).
  var WHERE = /line (\d+), column (\d+)/;
  var WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  var AROUND = 30;

  function pointAt(text, line, column) {
    var lines = text.split(/\r\n|\n|\r/);
    if (line < 1 || line > lines.length) { return null; }
    var chars = Array.from(lines[line - 1].replace(/\t/g, " "));
    var from = Math.max(0, Math.min(column - 1, chars.length) - AROUND);
    var shown = chars.slice(from, column - 1 + AROUND);
    var pad = chars.slice(from, column - 1).map(function (c) { return WIDE.test(c) ? "\u3000" : " "; }).join("");
    return (from ? "\u2026" : "") + shown.join("") + (from + shown.length < chars.length ? "\u2026" : "") +
      "\n" + (from ? " " : "") + pad + "^";
  }

  // The offset in `text` of a line and column (columns count characters, as the server does).
  function offsetOf(text, line, column) {
    var breaks = /\r\n|\n|\r/g, at = 0, n = 1;
    while (n < line && breaks.exec(text) !== null) { at = breaks.lastIndex; n += 1; }
    return at + Array.from(text.slice(at)).slice(0, column - 1).join("").length;
  }

  function showError(code, message, text) {
    status.className = "jv-bad";
    status.textContent = "Error " + code + ": " + message;
    results.replaceChildren();
    problem.replaceChildren();
    var found = WHERE.exec(message);
    var drawn = found && pointAt(text, Number(found[1]), Number(found[2]));
    problem.hidden = !drawn;
    if (!drawn) { return; }
    problem.appendChild(el("pre", drawn));
    var go = el("button", "Show the place in the editor");
    go.type = "button";
    go.addEventListener("click", function () {
      var at = offsetOf(text, Number(found[1]), Number(found[2]));
      editor.focus();
      editor.setSelectionRange(at, Math.min(at + 1, text.length));
    });
    problem.appendChild(go);
  }

  // ---------------------------------------------------------------- a run
  // Only the answer to the latest run is shown (an earlier one may come later).
  var runs = 0;
  function run() {
    var mine = runs += 1, text = editor.value;
    status.className = "";
    status.textContent = "Running…";
    problem.hidden = true;
    var started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.5" },
      body: text
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      return response.text().then(function (body) { return { ok: response.ok, status: response.status, type: type, text: body }; });
    }).then(function (r) {
      if (mine !== runs) { return; }
      if (!r.ok) { showError(r.status, r.text, text); return; }
      if (r.type.indexOf("json") !== -1) {
        show(JSON.parse(r.text));
      } else {
        results.replaceChildren(el("pre", r.text));
        status.textContent = "Graph result (" + r.type.split(";")[0] + ").";
      }
      status.textContent += " " + Math.round(performance.now() - started) + " ms";
    }).catch(function (error) {
      if (mine !== runs) { return; }
      status.className = "jv-bad";
      status.textContent = "The request failed: " + error;
    });
  }

  document.getElementById("jv-run").addEventListener("click", run);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  var byName = {};
  examples.forEach(function (q) { byName[q.name] = q; });
  var opening = OPENING.map(function (name) { return byName[name]; }).filter(Boolean)[0] || examples[0];
  if (opening) {
    choose(opening);
    var shown = list.querySelector('[aria-current="true"]');
    if (shown && shown.offsetParent !== null) { nav.scrollTop = shown.offsetTop - list.offsetTop; }  // beside the editor: in sight
    run();
  }
  window.jvQuery = { run: run, opening: opening ? opening.name : "" };
}());
