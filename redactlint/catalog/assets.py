"""The page's style sheet and script, inlined into it: the site loads nothing from anywhere.

The script filters what the page already shows (search box, feature, owner and
sensitivity filters) and draws the summary charts as SVG from the catalog data
embedded in the page. It writes text with ``textContent`` only, never markup.
"""

from __future__ import annotations

STYLE = """
:root { --ink: #1d2430; --muted: #5b6576; --line: #d9dee7; --soft: #f4f6f9;
  --safe: #2f7d4f; --hashed: #2a62b8; --sensitive: #b3342d; --undeclared: #8a4b9a;
  --not-text: #6b7280; --clear: #fff1c2; --hash-bg: #dde9fb; --red-bg: #dcf3e3;
  --drop-bg: #eceef2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fff; }
header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); background: var(--soft); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0 0 8px; color: var(--muted); }
nav a { margin-right: 14px; color: var(--hashed); text-decoration: none; font-weight: 600; }
main { padding: 8px 28px 40px; max-width: 1200px; }
h2 { margin: 28px 0 10px; font-size: 19px; border-bottom: 2px solid var(--line);
  padding-bottom: 4px; }
h3 { margin: 0 0 6px; font-size: 16px; }
h3 code { font-size: 15px; }
h4 { margin: 14px 0 6px; font-size: 14px; }
code, pre { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { margin: 4px 0; padding: 8px; background: var(--soft); border-radius: 4px;
  overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px;
  border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
a { color: var(--hashed); }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center;
  margin: 8px 0 12px; padding: 10px; background: var(--soft); border-radius: 6px; }
.controls input { min-width: 260px; padding: 6px 8px; font-size: 14px;
  border: 1px solid var(--line); border-radius: 4px; }
.controls select { padding: 5px; font-size: 14px; }
.controls .count { color: var(--muted); margin-left: auto; }
.event, .sample { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px;
  margin: 12px 0; }
.facts { color: var(--muted); margin: 0 0 8px; }
.facts span { margin-right: 12px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 600; white-space: nowrap; }
.s-safe { background: var(--safe); } .s-hashed { background: var(--hashed); }
.s-sensitive { background: var(--sensitive); } .s-undeclared { background: var(--undeclared); }
.s-not-text { background: var(--not-text); }
.o-clear { background: var(--clear); } .o-clear.exposes { background: #ffd98a; }
.o-hashed { background: var(--hash-bg); }
.o-redacted { background: var(--red-bg); } .o-dropped { background: var(--drop-bg);
  color: var(--muted); font-style: italic; }
.outcome { display: block; font-size: 11px; color: var(--muted); }
.finding { color: var(--sensitive); }
.warn { color: var(--sensitive); font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 28px; }
.charts figure { margin: 0; }
.charts table { width: auto; min-width: 220px; }
details summary { cursor: pointer; color: var(--muted); }
.charts figcaption { font-weight: 600; margin-bottom: 4px; }
.legend span { margin-right: 12px; }
.empty { color: var(--muted); }
.governance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px;
  margin: 0 0 10px; padding: 8px 10px; background: var(--soft); border-radius: 4px; }
.governance dt { font-weight: 600; } .governance dd { margin: 0; }
.review { display: inline-block; padding: 0 6px; border: 1px solid #c98a00; border-radius: 10px;
  background: var(--clear); color: #6b4a00; font-size: 11px; white-space: nowrap; }
pre.call { margin: 4px 0 2px; padding: 6px 8px; }
.suppressed { color: #8a4b9a; font-weight: 600; }
.status { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 11px;
  font-weight: 600; color: #fff; }
.status-new { background: var(--sensitive); } .status-accepted { background: var(--not-text); }
.hatches td:first-child { white-space: nowrap; }
[hidden] { display: none !important; }
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("catalog-data").textContent);
  var search = document.getElementById("search");
  var feature = document.getElementById("filter-feature");
  var owner = document.getElementById("filter-owner");
  var sensitivity = document.getElementById("filter-sensitivity");
  var count = document.getElementById("shown-count");
  var noMatch = document.getElementById("no-match");
  var total = data.events.length;

  function apply() {
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var nodes = document.querySelectorAll("[data-event]");
    var shown = 0;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var text = node.getAttribute("data-search");
      var labels = " " + node.getAttribute("data-sensitivities") + " ";
      var ok = terms.every(function (term) { return text.indexOf(term) >= 0; }) &&
        (!feature.value || node.getAttribute("data-feature") === feature.value) &&
        (!owner.value || node.getAttribute("data-owner") === owner.value) &&
        (!sensitivity.value || labels.indexOf(" " + sensitivity.value + " ") >= 0);
      node.hidden = !ok;
      if (ok && node.classList.contains("event")) { shown += 1; }
    }
    count.textContent = shown + " of " + total + " events shown";
    noMatch.hidden = shown > 0;
  }

  var COLOURS = {"sensitive": "#b3342d", "hashed": "#2a62b8", "safe": "#2f7d4f",
    "undeclared": "#8a4b9a", "not-text": "#6b7280"};
  var SVG = "http://www.w3.org/2000/svg";

  function element(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function bars(svg, counts, colours) {
    var rows = Object.keys(counts).map(function (key) { return [key, counts[key]]; });
    var label = 130, width = 240, height = 24;
    var most = Math.max.apply(null, rows.map(function (row) { return row[1]; }).concat([1]));
    var total = label + width + 40;
    svg.setAttribute("viewBox", "0 0 " + total + " " + Math.max(rows.length * height, height));
    svg.setAttribute("width", total);
    svg.setAttribute("height", Math.max(rows.length * height, height));
    rows.forEach(function (row, index) {
      var y = index * height;
      var length = Math.max(2, Math.round(width * row[1] / most));
      svg.appendChild(element("text", {x: label - 8, y: y + 16, "text-anchor": "end",
        "font-size": 12, fill: "#1d2430"}, row[0]));
      svg.appendChild(element("rect", {x: label, y: y + 4, width: length, height: height - 8,
        rx: 3, fill: (colours && colours[row[0]]) || "#2a62b8", "data-label": row[0]}));
      svg.appendChild(element("text", {x: label + length + 6, y: y + 16, "font-size": 12,
        fill: "#1d2430"}, String(row[1])));
    });
  }

  bars(document.getElementById("chart-features"), data.summary.events_per_feature, null);
  bars(document.getElementById("chart-sensitivities"), data.summary.fields_per_sensitivity,
    COLOURS);
  [search, feature, owner, sensitivity].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  apply();
})();
"""
