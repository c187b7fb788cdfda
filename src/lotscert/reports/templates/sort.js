(function () {
  "use strict";
  function sortKey(cell) {
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : cell.textContent.trim();
  }
  function compareKeys(a, b, lang) {
    var x = parseFloat(a), y = parseFloat(b);
    var xNumber = a !== "" && !isNaN(x), yNumber = b !== "" && !isNaN(y);
    if (xNumber && yNumber) { return x - y; }
    if (xNumber !== yNumber) { return xNumber ? -1 : 1; }
    return a.localeCompare(b, lang);
  }
  var lang = document.documentElement.lang || "sv";
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var headers = table.tHead.rows[table.tHead.rows.length - 1].cells;
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (first, second) {
          var order = compareKeys(sortKey(first.cells[index]), sortKey(second.cells[index]), lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
