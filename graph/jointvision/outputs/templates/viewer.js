/* jointvision relationship map. Every string from the data goes into the page
   with textContent or as a text node: nothing is ever parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("jv-data").textContent);
  var state = { directions: new Set(), classes: new Set(data.classes.map(function (c) { return c.name; })),
                sources: new Set(data.sources.map(function (s, i) { return i; })) };
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));

  // Whether one of the ticked sources states it (a graph without sources: always).
  function stated(src) {
    return !src || src.length === 0 || src.some(function (i) { return state.sources.has(i); });
  }

  // A direction or source filter keeps the frame: the joint statement and its parties (anchors).
  function visible(node) {
    if (!state.classes.has(node.cls)) { return false; }
    if (!node.anchor && !stated(node.src)) { return false; }
    if (state.directions.size === 0 || node.anchor) { return true; }
    if (state.directions.has(node.id)) { return true; }
    return node.dirs.some(function (d) { return state.directions.has(d); });
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, { filter: visible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return stated(e.src) && visible(byId.get(e.from)) && visible(byId.get(e.to)); }
  });
  var container = document.getElementById("jv-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  var viewer = window.jvViewer = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, ready: false,
    readyAt: null, state: state, show: showDetails, go: function (id) { return go(id); }, reset: reset,
    applyFilters: applyFilters
  };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function updateCounts() {
    document.getElementById("jv-counts").textContent =
      "Showing " + nodeView.length + " of " + nodes.length + " nodes and " +
      edgeView.length + " of " + edges.length + " relations.";
  }

  function applyFilters() {
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    network.fit({ animation: false });
  }

  // ---------------------------------------------------------------- filters
  // One checkbox of a filter: ticking it adds `value` to the set `selected`.
  function checkbox(box, kind, value, selected, checked, parts) {
    var label = el("label", null, "jv-option");
    var input = el("input");
    input.type = "checkbox";
    input.checked = checked;
    input.value = value;
    input.setAttribute("data-" + kind, value);
    input.addEventListener("change", function () {
      if (input.checked) { selected.add(value); } else { selected.delete(value); }
      applyFilters();
    });
    label.appendChild(input);
    parts.forEach(function (part) { label.appendChild(part); });
    box.appendChild(label);
    return input;
  }

  var dirBox = document.getElementById("jv-directions");
  var dirInputs = data.directions.map(function (d) {
    return checkbox(dirBox, "direction", d.id, state.directions, false, [el("span", d.position + ". " + d.label)]);
  });
  if (data.directions.length === 0) { dirBox.appendChild(el("p", "No strategic directions in this graph.", "jv-muted")); }

  var sourceBox = document.getElementById("jv-sources");
  var sourceInputs = data.sources.map(function (s, i) {
    var parts = [el("span", s.label)];
    if (s.published) { parts.push(el("span", s.published, "jv-count")); }
    return checkbox(sourceBox, "source", i, state.sources, true, parts);
  });
  if (data.sources.length === 0) { sourceBox.appendChild(el("p", "This graph names no sources.", "jv-muted")); }

  var classBox = document.getElementById("jv-classes");
  var classInputs = data.classes.map(function (c) {
    var swatch = el("span", c.glyph, "jv-swatch");
    swatch.style.color = c.color;
    return checkbox(classBox, "class", c.name, state.classes, true,
                    [swatch, el("span", c.label), el("span", c.count, "jv-count")]);
  });

  // ----------------------------------------------------------------- search
  var list = document.getElementById("jv-labels");
  var ids = Object.keys(data.details).sort();
  var seen = new Set();
  ids.forEach(function (id) {
    var text = data.details[id].label;
    if (!seen.has(text)) {
      seen.add(text);
      var option = el("option");
      option.value = text;
      list.appendChild(option);
    }
  });
  var search = document.getElementById("jv-search");
  var status = document.getElementById("jv-search-status");

  // Select, centre and explain one node, by id (never by label: labels may repeat).
  function go(id) {
    if (!byId.has(id)) { return; }
    var note = "";
    if (!visible(byId.get(id))) {
      resetFilters();
      note = "Filters were cleared to show it.";
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
    return note;
  }

  function choices(found, heading) {
    status.replaceChildren(el("span", heading));
    found.slice(0, 12).forEach(function (id) {
      var d = data.details[id];
      var button = el("button", d.label + " (" + d.class_label + ")", "jv-link");
      button.type = "button";
      button.addEventListener("click", function () { status.textContent = go(id) || ""; });
      status.appendChild(button);
    });
  }

  function find(text) {
    var query = text.trim().toLowerCase();
    if (!query) { status.textContent = ""; return; }
    var exact = ids.filter(function (id) { return data.details[id].label.toLowerCase() === query; });
    var found = exact.length ? exact : ids.filter(function (id) {
      return data.details[id].label.toLowerCase().indexOf(query) !== -1;
    });
    if (found.length === 0) { status.textContent = "No node matches \u201c" + text + "\u201d."; return; }
    if (found.length === 1) { status.textContent = go(found[0]) || ""; return; }
    choices(found, found.length + " nodes match; choose one" + (found.length > 12 ? " (first 12 shown):" : ":"));
  }
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { find(search.value); } });
  search.addEventListener("change", function () { if (seen.has(search.value)) { find(search.value); } });

  function resetFilters() {
    state.directions.clear();
    dirInputs.forEach(function (i) { i.checked = false; });
    data.classes.forEach(function (c) { state.classes.add(c.name); });
    classInputs.forEach(function (i) { i.checked = true; });
    data.sources.forEach(function (s, i) { state.sources.add(i); });
    sourceInputs.forEach(function (i) { i.checked = true; });
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }
  function reset() {
    resetFilters();
    search.value = "";
    status.textContent = "";
    network.unselectAll();
    hideDetails();
    network.fit({ animation: false });
  }
  document.getElementById("jv-reset").addEventListener("click", reset);

  // ---------------------------------------------------------------- details
  var panel = document.getElementById("jv-details");
  function hideDetails() { panel.hidden = true; network.redraw(); }
  document.getElementById("jv-close").addEventListener("click", function () { network.unselectAll(); hideDetails(); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { network.unselectAll(); hideDetails(); }
  });

  function linkButton(id) {
    var button = el("button", data.details[id] ? data.details[id].label : id, "jv-link");
    button.type = "button";
    button.addEventListener("click", function () { status.textContent = go(id) || ""; });
    return button;
  }

  function showDetails(id) {
    var d = data.details[id];
    if (!d) { return; }
    panel.hidden = false;
    panel.setAttribute("data-node", id);
    document.getElementById("jv-detail-class").textContent = d.class_label;
    document.getElementById("jv-detail-label").textContent = d.label;
    document.getElementById("jv-detail-iri").textContent = d.iri;
    var body = document.getElementById("jv-detail-body");
    body.replaceChildren();
    if (d.directions.length) {
      body.appendChild(el("h3", d.directions.length > 1 ? "Directions" : "Direction"));
      body.appendChild(el("p", d.directions.join("; ")));
    }
    if (d.properties.length) {
      body.appendChild(el("h3", "Properties"));
      // a field with several values: sources disagree; the values stand side by side, each with its sources
      var values = new Map();
      d.properties.forEach(function (p) {
        if (!values.has(p[0])) { values.set(p[0], []); }
        if (values.get(p[0]).indexOf(p[1]) === -1) { values.get(p[0]).push(p[1]); }
      });
      var table = el("table", null, "jv-props");
      d.properties.forEach(function (p) {
        var row = el("tr");
        var differs = values.get(p[0]).length > 1 && (p[2] || []).length > 0;
        if (differs) { row.className = "jv-conflict"; }
        row.appendChild(el("th", p[0]));
        var cell = el("td", p[1]);
        if (p[2] && p[2].length && (differs || data.sources.length > 1)) {
          cell.appendChild(el("span", (differs ? "sources disagree; this value: " : "") + p[2].join("; "),
                              "jv-by"));
        }
        row.appendChild(cell);
        table.appendChild(row);
      });
      body.appendChild(table);
    }
    var out = edges.get({ filter: function (e) { return e.from === id; } });
    var inc = edges.get({ filter: function (e) { return e.to === id; } });
    [["Links", out, "to"], ["Linked from", inc, "from"]].forEach(function (group) {
      if (!group[1].length) { return; }
      body.appendChild(el("h3", group[0] + " (" + group[1].length + ")"));
      var ul = el("ul", null, "jv-links");
      group[1].forEach(function (e) {
        var li = el("li");
        li.appendChild(el("span", e.rel + ": ", "jv-rel"));
        li.appendChild(linkButton(e[group[2]]));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    });
    body.appendChild(el("h3", "Evidence (" + d.evidence.length + ")"));
    // grouped by source, in the order the sources were published
    var group = null;
    d.evidence.forEach(function (q) {
      var name = q[4] + (q[5] ? " (" + q[5] + ")" : "");
      if (name !== group) {
        group = name;
        body.appendChild(el("h4", name, "jv-source"));
      }
      body.appendChild(el("blockquote", q[0], "jv-quote"));
      body.appendChild(el("p", "characters " + q[1] + "\u2013" + q[2] + " of " + q[3], "jv-where"));
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });
  var hover = document.getElementById("jv-hover");
  network.on("hoverNode", function (params) {
    var d = data.details[params.node];
    hover.textContent = d ? d.class_label + ": " + d.label : "";
    hover.style.display = d ? "block" : "none";
  });
  network.on("blurNode", function () { hover.style.display = "none"; });

  network.once("afterDrawing", function () {
    viewer.ready = true;
    viewer.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  updateCounts();
  network.fit({ animation: false });
}());
