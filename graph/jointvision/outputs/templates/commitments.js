/* The commitments table: filters and sorting. The rows are written by the
   page itself; this script only shows, hides and orders them, and fills the
   filter menus with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("jv-commitments").textContent);
  var body = document.getElementById("rows");
  var trs = Array.prototype.slice.call(body.querySelectorAll("tr"));
  var filters = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var shown = document.getElementById("shown");

  function values(row, name) {
    if (name === "period") { return row.period ? [row.period] : []; }
    return String(row[name] || "").split("; ").filter(function (v) { return v; });
  }
  filters.forEach(function (control) {
    if (control.tagName !== "SELECT") { return; }
    var name = control.getAttribute("data-filter");
    var seen = new Set();
    data.rows.forEach(function (row) { values(row, name).forEach(function (v) { seen.add(v); }); });
    Array.from(seen).sort().forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      control.appendChild(option);
    });
    control.addEventListener("change", apply);
  });
  filters.filter(function (c) { return c.tagName === "INPUT"; }).forEach(function (c) { c.addEventListener("input", apply); });

  function apply() {
    var count = 0;
    trs.forEach(function (tr) {
      var row = data.rows[Number(tr.getAttribute("data-index"))];
      var keep = filters.every(function (control) {
        var name = control.getAttribute("data-filter"), wanted = control.value;
        if (!wanted) { return true; }
        if (name === "text") {
          var text = data.columns.map(function (c) { return row[c]; }).join(" ").toLowerCase();
          return text.indexOf(wanted.toLowerCase()) !== -1;
        }
        return values(row, name).indexOf(wanted) !== -1;
      });
      tr.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = count + " of " + trs.length + " rows";
    window.jvCommitments.shown = count;
  }

  var order = { column: null, up: true };
  Array.prototype.slice.call(document.querySelectorAll("[data-sort]")).forEach(function (button) {
    button.addEventListener("click", function () {
      var column = button.getAttribute("data-sort");
      order.up = order.column === column ? !order.up : true;
      order.column = column;
      var numeric = column === "number";
      trs.sort(function (a, b) {
        var x = data.rows[Number(a.getAttribute("data-index"))][column] || "";
        var y = data.rows[Number(b.getAttribute("data-index"))][column] || "";
        var c = numeric ? (Number(x || -1) - Number(y || -1)) : String(x).localeCompare(String(y));
        return order.up ? c : -c;
      });
      trs.forEach(function (tr) { body.appendChild(tr); });
      Array.prototype.slice.call(document.querySelectorAll("th")).forEach(function (th) { th.setAttribute("aria-sort", "none"); });
      button.parentNode.setAttribute("aria-sort", order.up ? "ascending" : "descending");
    });
  });
  window.jvCommitments = { shown: trs.length, apply: apply };
}());
