/* jointvision relationship map. Every string from the data goes into the page
   with textContent or as a text node: nothing is ever parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("jv-data").textContent);
  var state = { directions: new Set(), collapsed: new Set(), classes: new Set(data.classes.map(function (c) { return c.name; })),
                sources: new Set(data.sources.map(function (s, i) { return i; })) };
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));

  // -------------------------------------------------------------- languages
  // Labels in the language the reader chooses (the chooser lists the languages of the data): opened in
  // the one the address names (#lang=ja), else the one chosen last time, else the browser's first that
  // the data have, else English. Each node's label in each language comes with the data (chosen, else
  // English, else untagged, else any: the same rule as every page's).
  var languages = (data.languages || []).map(function (l) { return l.tag; });
  var lang = jvFirstLanguage(languages);
  // A node's label for the chosen language: [text, its language tag or ""].
  function nameOf(id) {
    var d = data.details[id];
    if (!d) { return [id, ""]; }
    return (d.labels && d.labels[lang]) || [d.label, d.labelLang || ""];
  }
  // An element holding a text in its language.
  function inLanguage(tag, text, language, cls) {
    var node = el(tag, text, cls);
    if (language) { node.lang = language; }
    return node;
  }
  function named(tag, id, cls) {
    var found = nameOf(id);
    return inLanguage(tag, found[0], found[1], cls);
  }

  // Whether one of the ticked sources states it (a graph without sources: always).
  function stated(src) {
    return !src || src.length === 0 || src.some(function (i) { return state.sources.has(i); });
  }

  // A direction or source filter keeps the frame: the joint statement and its parties (anchors).
  function visible(node) {
    if (!state.classes.has(node.cls)) { return false; }
    // a collapsed direction hides what hangs off it alone (a fact under two directions stays while one is open)
    if (!node.anchor && node.cls !== "StrategicDirection" && node.dirs.length &&
        node.dirs.every(function (d) { return state.collapsed.has(d); })) { return false; }
    if (!node.anchor && !stated(node.src)) { return false; }
    if (state.directions.size === 0 || node.anchor) { return true; }
    if (state.directions.has(node.id)) { return true; }
    return node.dirs.some(function (d) { return state.directions.has(d); });
  }

  // every node keeps its full label; the map shows it only where it reads (see labelPlan)
  data.nodes.forEach(function (n) {
    n.englishLabel = n.label;
    n.label = n.fullLabel = (n.labels && n.labels[lang]) || n.label;
    n.baseFont = n.fontNow = n.font.size;
  });
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
    applyFilters: applyFilters, labelled: [], plan: function () { labelPlan(); },
    language: function () { return lang; }, setLanguage: function (tag) { setLanguage(tag); }
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
    labelPlan();
  }

  // ------------------------------------------------------- level of detail
  // A label is drawn only where it reads: at least MIN_LABEL_PX CSS pixels
  // high at the current zoom, and clear of every label of a more important
  // node (the joint statement, the parties, the directions and the targets
  // first). The rest are marks until the reader zooms in, hovers or selects.
  var MIN_LABEL_PX = 11;
  var RANK = { JointStatement: 0, Country: 1, StrategicDirection: 2, Target: 3, Partnership: 4, Program: 5,
               Initiative: 6, Summit: 7, Visit: 7, Event: 7, Person: 8, Financing: 9, Loan: 9, Agreement: 9 };
  var BOXES = { box: true, ellipse: true, database: true, text: true, circle: true };
  var measure = document.createElement("canvas").getContext("2d");
  var shown = new Set(data.nodes.map(function (n) { return n.id; }));
  var pinned = new Set();  // hovered or selected: labelled whatever the zoom

  function rank(n) {
    var r = RANK.hasOwnProperty(n.cls) ? RANK[n.cls] : 10;
    return n.cls === "Country" && !n.anchor ? 9 : r;
  }
  var priority = data.nodes.slice().sort(function (a, b) {
    return rank(a) - rank(b) || b.size - a.size || (a.id < b.id ? -1 : 1);
  });

  // The label's box in CSS pixels of the map at `scale`, as vis-network draws it:
  // inside a box shape, or below any other shape.
  function labelBox(n, scale, position, size) {
    var px = size * scale;
    var lines = String(n.fullLabel || "").split("\n");
    measure.font = px + "px " + (data.fontFace || "arial");
    var width = 0;
    lines.forEach(function (line) { width = Math.max(width, measure.measureText(line).width); });
    var height = lines.length * px * 1.15;
    var at = network.canvasToDOM({ x: position.x, y: position.y });
    var top = BOXES[n.shape] ? at.y - height / 2 : at.y + n.size * scale + 2;
    var pad = 3;
    return { left: at.x - width / 2 - pad, right: at.x + width / 2 + pad, top: top - pad, bottom: top + height + pad,
             px: px };
  }

  // The frame (the statement, its parties, the directions) stays labelled at
  // any zoom: where its own size would read under MIN_LABEL_PX, its font grows
  // to just above it (at most FRAME_GROWTH times), as on the first view of a
  // large map. Everything else keeps its size and waits for the zoom.
  var FRAME_RANK = 2, FRAME_GROWTH = 8;
  function sizeFor(n, scale) {
    if (rank(n) > FRAME_RANK || n.baseFont * scale >= MIN_LABEL_PX) { return n.baseFont; }
    return Math.min(Math.ceil((MIN_LABEL_PX + 1) / scale), n.baseFont * FRAME_GROWTH);
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function overlap(a, b) {
    return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
           Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  }

  // The plan: the labels of the statement, its parties, the directions and
  // the targets (rank up to KEY_RANK) first; then each status badge, at the
  // first of its places clear of those labels and of the other badges; then
  // the other labels, clear of all of them.
  var KEY_RANK = 3;
  function labelPlan() {
    var scale = network.getScale(), where = network.getPositions(), frame = container.getBoundingClientRect();
    var taken = [], want = new Set(), sizes = new Map();
    function place(n) {
      if (!n.fullLabel || !visible(n)) { return; }
      var size = sizeFor(n, scale);
      var box = labelBox(n, scale, where[n.id] || n, size);
      var onMap = box.right > 0 && box.left < frame.width && box.bottom > 0 && box.top < frame.height;
      if (!pinned.has(n.id) && (box.px < MIN_LABEL_PX || !onMap)) { return; }
      if (!pinned.has(n.id) && taken.some(function (t) { return overlaps(box, t); })) { return; }
      taken.push(box);
      want.add(n.id);
      sizes.set(n.id, size);
    }
    priority.forEach(function (n) { if (rank(n) <= KEY_RANK) { place(n); } });
    placeBadges(taken, scale, where);
    priority.forEach(function (n) { if (rank(n) > KEY_RANK) { place(n); } });
    applyPlan(want, sizes);
  }

  function applyPlan(want, sizes) {
    var changes = [];
    data.nodes.forEach(function (n) {
      var on = want.has(n.id), size = on ? sizes.get(n.id) : n.baseFont, change = null;
      if (on !== shown.has(n.id)) {
        // a box keeps its size while its label is empty: a blank label makes it a small mark
        change = { id: n.id, label: on ? n.fullLabel : (BOXES[n.shape] ? " " : "") };
        if (on) { shown.add(n.id); } else { shown.delete(n.id); }
      }
      if (size !== n.fontNow) {
        change = change || { id: n.id };
        change.font = Object.assign({}, n.font, { size: size });
        n.fontNow = size;
      }
      if (change) { changes.push(change); }
    });
    if (changes.length) { nodes.update(changes); }
    viewer.labelled = Array.from(want);
  }

  // A target or undertaking with a status carries a badge (drawn below, with
  // the marks): BADGE_MIN_PX to BADGE_MAX_PX across whatever the zoom, and
  // only while its node is at least BADGE_NODE_PX in radius on screen (zoomed
  // further out, none would read). Its places, in the order they are tried:
  // top right of the shape, top left, right, left.
  var BADGE_MIN_PX = 16, BADGE_MAX_PX = 26, BADGE_NODE_PX = 5;
  var BADGE_PLACES = [[1, -1], [-1, -1], [1, 0], [-1, 0]];
  var badged = priority.filter(function (n) { return n.badge; });
  var badgePlace = new Map();

  // The centre and side of node n's badge in its place `i`, for the node drawn at (x, y) at `scale`, in canvas units.
  function badgeAt(n, x, y, scale, i) {
    var side = Math.min(Math.max(n.size * scale * 0.9, BADGE_MIN_PX), BADGE_MAX_PX) / scale;
    var way = BADGE_PLACES[i || 0];
    var off = way[1] ? n.size * 0.7 + side * 0.3 : n.size + side / 2 + 2 / scale;
    return { x: x + way[0] * off, y: y + way[1] * off, side: side };
  }

  function placeBadges(taken, scale, where) {
    badged.forEach(function (n) {
      if (!visible(n) || n.size * scale < BADGE_NODE_PX) { return; }
      var at = where[n.id] || n;
      var boxes = BADGE_PLACES.map(function (way, i) {
        var b = badgeAt(n, at.x, at.y, scale, i), c = network.canvasToDOM({ x: b.x, y: b.y }), h = b.side * scale / 2;
        return { left: c.x - h, right: c.x + h, top: c.y - h, bottom: c.y + h };
      });
      // the first place clear of everything taken, else the one that covers least of it
      var covered = boxes.map(function (box) {
        return taken.reduce(function (sum, t) { return sum + overlap(box, t); }, 0);
      });
      var i = covered.indexOf(Math.min.apply(null, covered));
      badgePlace.set(n.id, i);
      taken.push(boxes[i]);
    });
  }
  var planTimer = null;
  function planSoon() {
    if (planTimer) { clearTimeout(planTimer); }
    planTimer = setTimeout(function () { planTimer = null; labelPlan(); }, 60);
  }

  // ----------------------------------------------------------------- glyphs
  // Every class has a shape of its own and, within a shape, an inner mark
  // (none, dot, bar, plus or ring), so classes differ without colour.
  // vis-network draws the shape on the map; the mark is drawn here over it,
  // and the legend draws both with the same geometry as vis-network 9.
  // Where each shape's centre sits (as a share of the node's size) and the
  // radius of the largest circle inside it: the mark fits in that circle.
  var SHAPES = {
    dot: { dy: 0, inner: 1 }, square: { dy: 0, inner: 1 }, diamond: { dy: 0, inner: 0.707 },
    hexagon: { dy: 0, inner: 0.866 }, star: { dy: 0.082, inner: 0.56 },
    triangle: { dy: 0.316, inner: 0.664 }, triangleDown: { dy: -0.316, inner: 0.664 }, box: { dy: 0, inner: 0.6 }
  };

  function outline(ctx, shape, x, y, r) {
    var i, s, h, ir, a;
    ctx.beginPath();
    if (shape === "dot") { ctx.arc(x, y, r, 0, 2 * Math.PI); }
    else if (shape === "square" || shape === "box") { ctx.rect(x - r, y - r * (shape === "box" ? 0.6 : 1), 2 * r, r * (shape === "box" ? 1.2 : 2)); }
    else if (shape === "diamond") { ctx.moveTo(x, y + r); ctx.lineTo(x + r, y); ctx.lineTo(x, y - r); ctx.lineTo(x - r, y); }
    else if (shape === "hexagon") {
      ctx.moveTo(x + r, y);
      for (i = 1; i < 6; i++) { ctx.lineTo(x + r * Math.cos(Math.PI / 3 * i), y + r * Math.sin(Math.PI / 3 * i)); }
    } else if (shape === "star") {
      r *= 0.82;
      y += 0.1 * r;
      for (i = 0; i < 10; i++) {
        a = i % 2 === 0 ? 1.3 * r : 0.5 * r;
        ctx.lineTo(x + a * Math.sin(2 * i * Math.PI / 10), y - a * Math.cos(2 * i * Math.PI / 10));
      }
    } else {  // triangle, triangleDown
      r *= 1.15;
      var down = shape === "triangleDown" ? -1 : 1;
      y += down * 0.275 * r;
      s = 2 * r;
      ir = Math.sqrt(3) / 6 * s;
      h = Math.sqrt(s * s - r * r);
      ctx.moveTo(x, y - down * (h - ir));
      ctx.lineTo(x + r, y + down * ir);
      ctx.lineTo(x - r, y + down * ir);
    }
    ctx.closePath();
  }

  // The inner mark of a node of `size` drawn at (x, y), in `color`.
  function drawMark(ctx, shape, mark, x, y, size, color) {
    if (!mark) { return; }
    var geometry = SHAPES[shape] || SHAPES.dot;
    var r = size * geometry.inner * 0.72;
    var cy = y + size * geometry.dy;
    ctx.save();
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.beginPath();
    if (mark === "dot") { ctx.arc(x, cy, r * 0.55, 0, 2 * Math.PI); ctx.fill(); }
    else if (mark === "bar") { ctx.fillRect(x - r, cy - r * 0.28, 2 * r, r * 0.56); }
    else if (mark === "plus") {
      ctx.fillRect(x - r, cy - r * 0.22, 2 * r, r * 0.44);
      ctx.fillRect(x - r * 0.22, cy - r, r * 0.44, 2 * r);
    } else if (mark === "ring") { ctx.lineWidth = r * 0.34; ctx.arc(x, cy, r * 0.72, 0, 2 * Math.PI); ctx.stroke(); }
    ctx.restore();
  }

  // A class's glyph, whole, on a small canvas of the legend.
  function drawGlyph(canvas, c, fill) {
    var ctx = canvas.getContext("2d");
    var w = canvas.width, r = w * 0.4;
    ctx.clearRect(0, 0, w, canvas.height);
    var geometry = SHAPES[c.shape] || SHAPES.dot;
    var y = w / 2 - r * geometry.dy;  // the shape's centre in the middle of the canvas
    outline(ctx, c.shape, w / 2, y, r);
    ctx.fillStyle = fill || c.color;
    ctx.fill();
    ctx.lineWidth = Math.max(1, w / 24);
    ctx.strokeStyle = fill || "#1f2937";
    ctx.stroke();
    drawMark(ctx, c.shape, c.mark, w / 2, y, r, fill ? "#ffffff" : c.markColor);
  }
  viewer.drawGlyph = drawGlyph;
  viewer.classes = data.classes;
  viewer.shapes = SHAPES;

  // The marks on the map, over the shapes vis-network has drawn (canvas
  // coordinates: vis has already applied the view's scale and translation).
  // A node less than 3 pixels in radius on screen gets no mark: none would read.
  // Only nodes that carry a mark are looked at, and none at all while even
  // the largest of them is under that size (the overview of a large map).
  var MIN_MARK_PX = 3;
  var marked = data.nodes.filter(function (n) { return n.mark; });
  var largestMarked = marked.reduce(function (m, n) { return Math.max(m, n.size); }, 0);
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    if (largestMarked * scale < MIN_MARK_PX) { return; }
    var frame = container.getBoundingClientRect();
    var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: frame.width, y: frame.height });
    var body = network.body.nodes;
    marked.forEach(function (n) {
      var node = body[n.id];
      if (!node || n.size * scale < MIN_MARK_PX || !visible(n)) { return; }
      if (node.x < a.x - n.size || node.x > b.x + n.size || node.y < a.y - n.size || node.y > b.y + n.size) { return; }
      drawMark(ctx, n.shape, n.mark, node.x, node.y, n.size, n.markColor);
    });
  });

  // --------------------------------------------------------------- statuses
  // A status badge: the status's letter in white on a small box of the
  // status's colour (the letter, not the colour, tells the statuses apart).
  function drawBadge(ctx, b, letter, color, scale) {
    var h = b.side / 2, r = b.side * 0.2;
    ctx.save();
    ctx.beginPath();
    ctx.moveTo(b.x - h + r, b.y - h);
    ctx.arcTo(b.x + h, b.y - h, b.x + h, b.y + h, r);
    ctx.arcTo(b.x + h, b.y + h, b.x - h, b.y + h, r);
    ctx.arcTo(b.x - h, b.y + h, b.x - h, b.y - h, r);
    ctx.arcTo(b.x - h, b.y - h, b.x + h, b.y - h, r);
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 1.5 / scale;  // a white edge parts it from the shape under it
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.fillStyle = "#ffffff";
    ctx.font = "bold " + b.side * 0.7 + "px arial";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(letter, b.x, b.y + b.side * 0.04);
    ctx.restore();
  }

  // The badges drawn in the last frame, in CSS pixels of the map: for tests and tools.
  viewer.badges = [];
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale(), drawn = [];
    var frame = container.getBoundingClientRect();
    var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: frame.width, y: frame.height });
    var body = network.body.nodes;
    badged.forEach(function (n) {
      var node = body[n.id];
      if (!node || n.size * scale < BADGE_NODE_PX || !visible(n)) { return; }
      var badge = badgeAt(n, node.x, node.y, scale, badgePlace.get(n.id)), reach = badge.side;
      if (badge.x < a.x - reach || badge.x > b.x + reach || badge.y < a.y - reach || badge.y > b.y + reach) { return; }
      drawBadge(ctx, badge, n.badge, n.badgeColor, scale);
      var at = network.canvasToDOM({ x: badge.x, y: badge.y });
      drawn.push({ id: n.id, badge: n.badge, status: n.status, color: n.badgeColor, x: at.x, y: at.y,
                   side: badge.side * scale });
    });
    viewer.badges = drawn;
  });

  // A status's letter as text, on its badge's colour (the legend and the details).
  function badgeText(s) {
    var badge = el("span", s.badge, "jv-badge");
    badge.style.backgroundColor = s.color;
    return badge;
  }

  var statusBox = document.getElementById("jv-statuses");
  data.statuses.legend.forEach(function (s) {
    var item = el("li");
    item.setAttribute("data-status", s.status);
    item.appendChild(badgeText(s));
    item.appendChild(el("span", s.label));
    item.appendChild(el("span", s.count, "jv-count"));
    statusBox.appendChild(item);
  });
  statusBox.hidden = data.statuses.legend.length === 0;
  document.getElementById("jv-status-note").textContent = data.statuses.legend.length
    ? "The letter on the small box beside a target or undertaking is its status " +
      (data.statuses.asOf ? "as of " + data.statuses.asOf : "judged without a date (no source in the data gives one)") +
      ", by the first rule that applies. Select one to read why."
    : "No target or undertaking here has a status: none has a due date, a period, progress or an assessment.";

  // ----------------------------------------------------------------- drawer
  // On a narrow window the filters are a drawer over the map: the Filters button opens (and moves the
  // focus into) and closes it, its aria-expanded says which; Escape (the focus back on the button), a
  // click on the map or choosing a node closes it.
  var menu = document.getElementById("jv-menu"), side = document.getElementById("jv-side");
  var narrow = window.matchMedia("(max-width: 999px)");
  function drawer(open) {
    side.classList.toggle("jv-open", open);
    menu.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function drawerOpen() { return narrow.matches && side.classList.contains("jv-open"); }
  menu.addEventListener("click", function () {
    var open = !side.classList.contains("jv-open");
    drawer(open);
    if (open) { side.focus(); }  // the next Tab is inside it (the drawer itself takes the focus: no keyboard pops up)
  });
  viewer.drawer = drawer;

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
  var dirNames = [];
  var dirInputs = data.directions.map(function (d) {
    var name = el("span");
    dirNames.push([name, d]);
    return checkbox(dirBox, "direction", d.id, state.directions, false, [name]);
  });
  if (data.directions.length === 0) { dirBox.appendChild(el("p", "No strategic directions in this graph.", "jv-muted")); }

  var sourceBox = document.getElementById("jv-sources");
  var sourceNames = [];
  var sourceInputs = data.sources.map(function (s, i) {
    var name = el("span");
    sourceNames.push([name, s]);
    var parts = [name];
    if (s.published) { parts.push(el("span", s.published, "jv-count")); }
    return checkbox(sourceBox, "source", i, state.sources, true, parts);
  });
  if (data.sources.length === 0) { sourceBox.appendChild(el("p", "This graph names no sources.", "jv-muted")); }

  var classBox = document.getElementById("jv-classes");
  var classInputs = data.classes.map(function (c) {
    var swatch = el("canvas", null, "jv-swatch");
    swatch.width = swatch.height = 44;  // drawn at twice the 22 CSS pixels it takes, for sharp edges
    swatch.setAttribute("aria-hidden", "true");
    swatch.setAttribute("data-glyph", c.shape + (c.mark ? "+" + c.mark : ""));
    drawGlyph(swatch, c);
    return checkbox(classBox, "class", c.name, state.classes, true,
                    [swatch, el("span", c.label), el("span", c.count, "jv-count")]);
  });

  // The texts that follow the language: the title, the directions and sources in the filters, the
  // names the search box suggests.
  var list = document.getElementById("jv-labels");
  var ids = Object.keys(data.details).sort();
  var seen = new Set();
  function setText(node, found) {
    node.textContent = found[0];
    if (found[1]) { node.lang = found[1]; } else { node.removeAttribute("lang"); }
  }
  function showLanguage() {
    var titles = data.titles && data.titles[lang];
    if (titles) {
      document.getElementById("jv-title").textContent = titles[0];
      document.getElementById("jv-subtitle-text").textContent = titles[1];
      document.title = titles[0] + " | jointvision map";
    }
    dirNames.forEach(function (pair) {
      var found = nameOf(pair[1].id);
      setText(pair[0], [pair[1].position + ". " + found[0], found[1]]);
    });
    sourceNames.forEach(function (pair) {
      setText(pair[0], (pair[1].labels && pair[1].labels[lang]) || [pair[1].label, pair[1].lang || ""]);
    });
    seen.clear();
    list.replaceChildren();
    ids.forEach(function (id) {
      var text = nameOf(id)[0];
      if (!seen.has(text)) {
        seen.add(text);
        var option = el("option");
        option.value = text;
        list.appendChild(option);
      }
    });
  }
  showLanguage();

  // ----------------------------------------------------------------- search
  // Every label, alternative label and abbreviation of a node, in every language, is found, compared
  // folded: NFKC (full- and half-width forms alike), case folded, spaces run together; a query in
  // Japanese (kana or kanji) or with a middle dot is compared with the middle dots and spaces left out.
  function fold(text) {
    return String(text).normalize("NFKC").toUpperCase().toLowerCase().replace(/\s+/g, " ").trim();
  }
  function tight(text) { return fold(text).replace(/[\s\u30fb\u00b7]/g, ""); }
  var JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u30fb]/;
  var searchKeys = new Map(ids.map(function (id) {
    var d = data.details[id], texts = [d.label].concat(d.keys || []);
    Object.keys(d.labels || {}).forEach(function (t) { texts.push(d.labels[t][0]); });
    var keys = new Set();
    texts.forEach(function (t) { keys.add(fold(t)); keys.add(tight(t)); });
    return [id, Array.from(keys)];
  }));
  viewer.matches = function (text) { return matches(text); };
  function matches(text) {
    var query = JAPANESE.test(String(text).normalize("NFKC")) ? tight(text) : fold(text);
    if (!query) { return []; }
    var exact = ids.filter(function (id) { return searchKeys.get(id).indexOf(query) !== -1; });
    return exact.length ? exact : ids.filter(function (id) {
      return searchKeys.get(id).some(function (k) { return k.indexOf(query) !== -1; });
    });
  }
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
    if (narrow.matches) { drawer(false); }
    network.selectNodes([id]);
    showDetails(id);
    network.focus(id, { scale: 1.2, offset: uncovered(), animation: false });
    pinned.clear();
    pinned.add(id);
    labelPlan();
    return note;
  }

  // On a narrow window the details panel lies over the map (at the right, or on a phone at the bottom):
  // the offset from the map's centre of the middle of what it leaves in sight, where a node is shown.
  function uncovered() {
    if (panel.hidden || !narrow.matches) { return { x: 0, y: 0 }; }
    var map = container.getBoundingClientRect(), over = panel.getBoundingClientRect();
    if (over.top > map.top + 1) { return { x: 0, y: -Math.max(0, map.bottom - over.top) / 2 }; }
    return { x: -Math.max(0, map.right - over.left) / 2, y: 0 };
  }

  // A node clicked where the details panel now covers it is moved into sight, at the same zoom.
  function reveal(id) {
    var off = uncovered(), over = panel.getBoundingClientRect(), map = container.getBoundingClientRect();
    if (!off.x && !off.y) { return; }
    var at = network.canvasToDOM(network.getPosition(id));
    if (map.left + at.x < over.left || map.top + at.y < over.top) { return; }
    network.moveTo({ position: network.getPosition(id), offset: off, animation: false });
  }

  function choices(found, heading) {
    status.replaceChildren(el("span", heading));
    found.slice(0, 12).forEach(function (id) {
      var d = data.details[id], found = nameOf(id);
      var button = el("button", null, "jv-link");
      button.appendChild(inLanguage("span", found[0], found[1]));
      button.appendChild(document.createTextNode(" (" + d.class_label + ")"));
      button.type = "button";
      button.addEventListener("click", function () { status.textContent = go(id) || ""; });
      status.appendChild(button);
    });
  }

  function find(text) {
    if (!text.trim()) { status.textContent = ""; return; }
    var found = matches(text);
    if (found.length === 0) { status.textContent = "No node matches \u201c" + text + "\u201d."; return; }
    if (found.length === 1) { status.textContent = go(found[0]) || ""; return; }
    choices(found, found.length + " nodes match; choose one" + (found.length > 12 ? " (first 12 shown):" : ":"));
  }
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { find(search.value); } });
  search.addEventListener("change", function () { if (seen.has(search.value)) { find(search.value); } });

  function resetFilters() {
    state.directions.clear();
    if (state.collapsed.size) {
      nodes.update(Array.from(state.collapsed).map(function (id) { return { id: id, borderWidth: 1 }; }));
      state.collapsed.clear();
    }
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
    pinned.clear();
    hideDetails();
    network.fit({ animation: false });
    labelPlan();
  }
  document.getElementById("jv-reset").addEventListener("click", reset);

  // ---------------------------------------------------------------- details
  var panel = document.getElementById("jv-details");
  function hideDetails() { panel.hidden = true; network.redraw(); }
  document.getElementById("jv-close").addEventListener("click", function () { network.unselectAll(); hideDetails(); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    if (drawerOpen()) {
      var inside = side.contains(document.activeElement);
      drawer(false);
      if (inside) { menu.focus(); }
    } else if (!panel.hidden) { network.unselectAll(); hideDetails(); }
  });

  function linkButton(id) {
    var button = named("button", id, "jv-link");
    button.type = "button";
    button.addEventListener("click", function () { status.textContent = go(id) || ""; });
    return button;
  }

  // A commitment's status in words: the badge, the status and its date, why, and the rule that gave it.
  function statusDetails(body, s) {
    body.appendChild(el("h3", "Status"));
    var line = el("p", null, "jv-status");
    line.appendChild(badgeText(s));
    line.appendChild(el("strong", s.label));
    line.appendChild(el("span", s.as_of ? "as of " + s.as_of : "(no date known)", "jv-rel"));
    body.appendChild(line);
    [["Why: ", s.why], ["Rule: ", s.rule]].forEach(function (part) {
      if (!part[1]) { return; }
      var p = el("p", null, "jv-said");
      p.appendChild(el("span", part[0], "jv-rel"));
      p.appendChild(document.createTextNode(part[1]));
      body.appendChild(p);
    });
  }

  // The names of a node beyond the one its heading shows: its labels in other languages, its
  // alternative labels and abbreviations, each in its language.
  function alsoCalled(body, d, shown) {
    var others = (d.names || []).concat(d.alt || []).filter(function (v) { return v[0] !== shown; });
    if (!others.length) { return; }
    var line = el("p", null, "jv-also");
    line.appendChild(el("span", "Also: ", "jv-rel"));
    others.forEach(function (v, i) {
      if (i) { line.appendChild(document.createTextNode("; ")); }
      line.appendChild(inLanguage("span", v[0], v[1]));
    });
    body.appendChild(line);
  }

  // The properties: [name, value, sources, language, id of the node the value names]. A field the
  // named query `conflicts` lists for this node (d.disagree) is one sources disagree on: its values
  // stand side by side, each with its sources. Nothing else is: not labels or quotes in other languages.
  function properties(body, d) {
    body.appendChild(el("h3", "Properties"));
    var disagree = new Set((d.disagree || []).map(function (r) { return r[0]; }));
    var table = el("table", null, "jv-props");
    d.properties.forEach(function (p) {
      var row = el("tr");
      var differs = disagree.has(String(p[0]).replace(/^period: /, ""));
      if (differs) { row.className = "jv-conflict"; }
      row.appendChild(el("th", p[0]));
      var cell = p[4] ? named("td", p[4]) : inLanguage("td", p[1], p[3]);
      if (differs || (p[2] && p[2].length && data.sources.length > 1)) {
        cell.appendChild(el("span", (differs ? "sources disagree; this value: " : "") + (p[2] || []).join("; "),
                            "jv-by"));
      }
      row.appendChild(cell);
      table.appendChild(row);
    });
    body.appendChild(table);
  }

  // What the named query `conflicts` (and `jointvision conflicts`) lists for this node: each field with
  // the two sources' values.
  function disagreements(body, d) {
    if (!d.disagree || !d.disagree.length) { return; }
    body.appendChild(el("h3", "Where sources disagree (" + d.disagree.length + ")"));
    var table = el("table", null, "jv-disagree");
    d.disagree.forEach(function (r) {
      var row = el("tr");
      row.appendChild(el("th", r[0]));
      [[r[1], r[2]], [r[3], r[4]]].forEach(function (side) {
        var cell = el("td", side[0]);
        cell.appendChild(el("span", side[1], "jv-by"));
        row.appendChild(cell);
      });
      table.appendChild(row);
    });
    body.appendChild(table);
  }

  function relations(body, id) {
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
  }

  // The evidence, grouped by source, in the order the sources were published; each quote in its language.
  function evidence(body, d) {
    body.appendChild(el("h3", "Evidence (" + d.evidence.length + ")"));
    var group = null;
    d.evidence.forEach(function (q) {
      var name = q[4] + (q[5] ? " (" + q[5] + ")" : "");
      if (name !== group) {
        group = name;
        body.appendChild(el("h4", name, "jv-source"));
      }
      body.appendChild(emphasised(inLanguage("blockquote", "", q[6], "jv-quote"), q[0]));
      body.appendChild(el("p", "characters " + q[1] + "\u2013" + q[2] + " of " + q[3], "jv-where"));
    });
  }

  // A quote's text in `node`: what the source marks **so** in <strong>, the rest as text (never parsed as HTML).
  var STRONG = /\*\*(?=\S)([\s\S]*?\S)\*\*/g;
  function emphasised(node, text) {
    var at = 0, found;
    text = String(text);
    STRONG.lastIndex = 0;
    while ((found = STRONG.exec(text)) !== null) {
      if (found.index > at) { node.appendChild(document.createTextNode(text.slice(at, found.index))); }
      node.appendChild(el("strong", found[1]));
      at = STRONG.lastIndex;
    }
    if (at < text.length) { node.appendChild(document.createTextNode(text.slice(at))); }
    return node;
  }
  viewer.emphasised = emphasised;

  function directionsOf(body, d) {
    var ids = d.direction_ids || [];
    if (!d.directions.length) { return; }
    body.appendChild(el("h3", d.directions.length > 1 ? "Directions" : "Direction"));
    var line = el("p");
    d.directions.forEach(function (name, i) {
      if (i) { line.appendChild(document.createTextNode("; ")); }
      line.appendChild(ids[i] && data.details[ids[i]] ? named("span", ids[i]) : el("span", name));
    });
    body.appendChild(line);
  }

  function showDetails(id) {
    var d = data.details[id];
    if (!d) { return; }
    panel.hidden = false;
    panel.setAttribute("data-node", id);
    document.getElementById("jv-detail-class").textContent = d.class_label;
    var found = nameOf(id);
    setText(document.getElementById("jv-detail-label"), found);
    document.getElementById("jv-detail-iri").textContent = d.iri;
    var body = document.getElementById("jv-detail-body");
    body.replaceChildren();
    alsoCalled(body, d, found[0]);
    if (d.status) { statusDetails(body, d.status); }
    directionsOf(body, d);
    if (d.properties.length) { properties(body, d); }
    disagreements(body, d);
    relations(body, id);
    evidence(body, d);
  }

  // Another language: every label on the map, in the filters and in the panel follows.
  function setLanguage(tag) {
    if (languages.indexOf(tag) === -1) { return; }
    lang = tag;
    var changes = [];
    data.nodes.forEach(function (n) {
      n.fullLabel = (n.labels && n.labels[tag]) || n.englishLabel;
      if (shown.has(n.id)) { changes.push({ id: n.id, label: n.fullLabel }); }
    });
    if (changes.length) { nodes.update(changes); }
    showLanguage();
    if (!panel.hidden) { showDetails(panel.getAttribute("data-node")); }
    radios.forEach(function (r) { r.checked = r.value === tag; });
    labelPlan();
  }
  var radios = Array.prototype.slice.call(document.querySelectorAll('input[name="jv-lang"]'));
  radios.forEach(function (r) {
    r.checked = r.value === lang;
    r.addEventListener("change", function () {
      if (!r.checked) { return; }
      try { window.localStorage.setItem("jointvision.lang", r.value); } catch (e) { /* storage off */ }
      window.history.replaceState(null, "", "#lang=" + r.value);
      setLanguage(r.value);
    });
  });

  // A click on a direction folds or unfolds what hangs off it.
  function toggle(id) {
    if (state.collapsed.has(id)) { state.collapsed.delete(id); } else { state.collapsed.add(id); }
    nodes.update([{ id: id, borderWidth: state.collapsed.has(id) ? 4 : 1 }]);
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }
  viewer.toggle = toggle;
  network.on("click", function (params) {
    if (drawerOpen()) { drawer(false); }
    pinned.clear();
    if (params.nodes.length) {
      var id = params.nodes[0];
      pinned.add(id);
      if (byId.get(id) && byId.get(id).cls === "StrategicDirection") { toggle(id); }
      showDetails(id);
      reveal(id);
    }
    labelPlan();
  });
  network.on("zoom", planSoon);
  network.on("dragEnd", planSoon);
  network.on("resize", planSoon);
  var hover = document.getElementById("jv-hover");
  network.on("hoverNode", function (params) {
    var d = data.details[params.node];
    hover.textContent = d ? d.class_label + ": " + nameOf(params.node)[0] + (d.status ? " (" + d.status.label + ")" : "") : "";
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
  labelPlan();
}());
