/* The commitments table: filters and sorting. The rows are written by the
   page itself; this script only shows, hides and orders them, fills the
   filter menus with textContent, and says in words which filters are on. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("jv-commitments").textContent);
  var body = document.getElementById("rows");
  var trs = Array.prototype.slice.call(body.querySelectorAll("tr"));
  var filters = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var shown = document.getElementById("shown");
  var NUMERIC = { "number": true, "reached (%)": true };

  // The language of names and quotes: radio buttons that CSS follows (the page reads in English, and the
  // chooser works, without script). Here: opened in the language the address names (#lang=ja), else the
  // one chosen last time, else the browser's first that the data have, else English; each choice is
  // kept in the address and for next time.
  var radios = Array.prototype.slice.call(document.querySelectorAll('input[name="jv-lang"]'));
  function language() {
    var on = radios.filter(function (r) { return r.checked; })[0];
    return on ? on.value : "en";
  }
  if (radios.length) {
    var start = jvFirstLanguage(data.languages);
    radios.forEach(function (r) {
      r.checked = r.value === start;
      r.addEventListener("change", function () {
        if (!r.checked) { return; }
        try { window.localStorage.setItem("jointvision.lang", r.value); } catch (e) { /* storage off */ }
        window.history.replaceState(null, "", "#lang=" + r.value);
      });
    });
  }

  function values(row, name) {
    if (name === "period" || name === "status") { return row[name] ? [row[name]] : []; }
    return String(row[name] || "").split("; ").filter(function (v) { return v; });
  }
  filters.forEach(function (control) {
    if (control.tagName !== "SELECT") { return; }
    control.addEventListener("change", apply);
    if (control.hasAttribute("data-fixed")) { return; }  // its choices are in the page already
    var name = control.getAttribute("data-filter");
    var seen = new Set();
    data.rows.forEach(function (row) { values(row, name).forEach(function (v) { seen.add(v); }); });
    Array.from(seen).sort().forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      control.appendChild(option);
    });
  });
  filters.filter(function (c) { return c.tagName === "INPUT"; }).forEach(function (c) { c.addEventListener("input", apply); });

  function keeps(row, control) {
    var name = control.getAttribute("data-filter"), wanted = control.value;
    if (!wanted) { return true; }
    if (name === "text") {
      var text = data.columns.map(function (c) { return row[c]; }).concat([row.search || ""]).join(" ").toLowerCase();
      return text.indexOf(wanted.toLowerCase()) !== -1;
    }
    return values(row, name).indexOf(wanted) !== -1;
  }

  function active() {
    return filters.filter(function (c) { return c.value; }).map(function (c) {
      var name = c.getAttribute("data-filter");
      return (name === "text" ? "text \u201c" + c.value + "\u201d" : name + " " + c.value);
    });
  }

  function apply() {
    var count = 0;
    trs.forEach(function (tr) {
      var row = data.rows[Number(tr.getAttribute("data-index"))];
      var keep = filters.every(function (control) { return keeps(row, control); });
      tr.hidden = !keep;
      if (keep) { count += 1; }
    });
    var on = active();
    shown.textContent = count + " of " + trs.length + " rows" + (on.length ? " (" + on.join("; ") + ")" : "");
    window.jvCommitments.shown = count;
  }

  function key(row, column) {
    if (column === "status") { return row.status_rank; }
    if (column === "commitment" && row.names) { return row.names[language()] || row.commitment; }
    var value = row[column] || "";
    return NUMERIC[column] ? Number(value || -1) : String(value);
  }

  var order = { column: null, up: true };
  Array.prototype.slice.call(document.querySelectorAll("[data-sort]")).forEach(function (button) {
    button.addEventListener("click", function () {
      var column = button.getAttribute("data-sort");
      order.up = order.column === column ? !order.up : true;
      order.column = column;
      trs.sort(function (a, b) {
        var x = key(data.rows[Number(a.getAttribute("data-index"))], column);
        var y = key(data.rows[Number(b.getAttribute("data-index"))], column);
        var c = typeof x === "number" ? x - y : x.localeCompare(y);
        return order.up ? c : -c;
      });
      trs.forEach(function (tr) { body.appendChild(tr); });
      Array.prototype.slice.call(body.parentNode.querySelectorAll("thead th")).forEach(function (th) { th.setAttribute("aria-sort", "none"); });
      button.parentNode.setAttribute("aria-sort", order.up ? "ascending" : "descending");
    });
  });
  window.jvCommitments = { shown: trs.length, apply: apply };
}());
