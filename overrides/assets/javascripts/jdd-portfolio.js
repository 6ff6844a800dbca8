/*
 * Sorting and filtering for the JDD site's tables.
 *
 * The tables are plain HTML that read well without this script. It makes
 * every column of a `table[data-jdd-table]` sortable (click the heading;
 * `data-jdd-sort` on the heading sets text, date or number), and adds a text
 * filter and a status filter above the portfolio table.
 *
 * Material's instant navigation swaps the page content without reloading
 * scripts, so the tables are set up again on every page through Material's
 * `document$` observable.
 */
(function () {
  "use strict";

  var ENHANCED = "data-jdd-enhanced";

  function dataRows(table) {
    var body = table.tBodies[0];
    if (!body) {
      return [];
    }
    return Array.prototype.filter.call(body.rows, function (row) {
      // The "no JDD yet" row spans every column and takes part in neither sorting nor filtering.
      return !(row.cells.length === 1 && row.cells[0].colSpan > 1);
    });
  }

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  /* Return a value to sort by, or null for an empty cell, which sorts last in both directions. */
  function sortValue(text, kind) {
    if (kind === "number") {
      var number = parseFloat(text);
      return isNaN(number) ? null : number;
    }
    if (kind === "date") {
      var match = /\d{4}-\d{2}-\d{2}/.exec(text);
      return match ? match[0] : null;
    }
    return text === "" ? null : text;
  }

  function compare(left, right, kind) {
    if (kind === "number") {
      return left - right;
    }
    if (kind === "date") {
      if (left === right) {
        return 0;
      }
      return left < right ? -1 : 1;
    }
    return left.localeCompare(right, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, header, index) {
    var kind = header.getAttribute("data-jdd-sort") || "text";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = dataRows(table).map(function (row, position) {
      return { row: row, value: sortValue(cellText(row, index), kind), position: position };
    });

    rows.sort(function (a, b) {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) {
          return a.position - b.position;
        }
        return a.value === null ? 1 : -1;
      }
      var order = compare(a.value, b.value, kind);
      return (ascending ? order : -order) || a.position - b.position;
    });

    var body = table.tBodies[0];
    rows.forEach(function (item) {
      body.appendChild(item.row);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tHead.rows.length) {
      return;
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "jdd-sort";
      button.title = "Sort by " + header.textContent.trim();
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, header, index);
      });
    });
  }

  function statusOptions(rows) {
    var seen = {};
    var options = [];
    rows.forEach(function (row) {
      var status = row.getAttribute("data-jdd-status") || "";
      var badge = row.querySelector(".jdd-status");
      if (status && !seen[status]) {
        seen[status] = true;
        options.push({ value: status, label: badge ? badge.textContent.trim() : status });
      }
    });
    return options;
  }

  function addFilters(table) {
    var rows = dataRows(table);
    var wrapper = table.closest(".jdd-portfolio") || table;
    var controls = document.createElement("div");
    controls.className = "jdd-portfolio__controls";

    var search = document.createElement("input");
    search.type = "search";
    search.className = "jdd-portfolio__search";
    search.placeholder = "Filter by customer, title, owner…";
    search.setAttribute("aria-label", "Filter the JDDs by any text in their row");

    var status = document.createElement("select");
    status.className = "jdd-portfolio__status";
    status.setAttribute("aria-label", "Show only JDDs with this status");
    status.appendChild(new Option("Every status", ""));
    statusOptions(rows).forEach(function (option) {
      status.appendChild(new Option(option.label, option.value));
    });

    var count = document.createElement("span");
    count.className = "jdd-portfolio__count";
    count.setAttribute("aria-live", "polite");

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var visibleCount = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var visible = (!status.value || row.getAttribute("data-jdd-status") === status.value) &&
          words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !visible;
        visibleCount += visible ? 1 : 0;
      });
      count.textContent = "Showing " + visibleCount + " of " + rows.length + " JDD" + (rows.length === 1 ? "" : "s");
    }

    search.addEventListener("input", apply);
    status.addEventListener("change", apply);
    controls.appendChild(search);
    controls.appendChild(status);
    controls.appendChild(count);
    wrapper.parentNode.insertBefore(controls, wrapper);
    apply();
  }

  function enhance() {
    var tables = document.querySelectorAll("table[data-jdd-table]:not([" + ENHANCED + "])");
    Array.prototype.forEach.call(tables, function (table) {
      table.setAttribute(ENHANCED, "");
      makeSortable(table);
      if (table.getAttribute("data-jdd-table") === "portfolio") {
        addFilters(table);
      }
    });
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
