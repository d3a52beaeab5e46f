/* Small page behaviours, declared in the markup with data- attributes: the
   Content-Security-Policy allows no inline handlers (onclick=...). */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var printButton = event.target.closest("[data-print]");
    if (printButton) {
      window.print();
      return;
    }
    var copyButton = event.target.closest("[data-copy-from]");
    if (copyButton) {
      var source = document.getElementById(copyButton.getAttribute("data-copy-from"));
      navigator.clipboard.writeText(source.value).then(function () {
        copyButton.textContent = copyButton.getAttribute("data-copied");
      });
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-no-submit]")) event.preventDefault();
  });

  // Each cell of a table with a header row carries its column's name, so that on a
  // phone (crm.css) every row reads as a card. Rows a live update replaces are
  // labelled again.
  function tablesLabel() {
    document.querySelectorAll("table").forEach(function (table) {
      var heads = table.querySelectorAll(":scope > thead > tr:first-child > th");
      if (!heads.length) return;
      var names = [];
      heads.forEach(function (th) {
        for (var n = 0; n < (th.colSpan || 1); n++) names.push(th.textContent.trim());
      });
      table.querySelectorAll(":scope > tbody > tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (cell.colSpan === 1 && names[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        });
      });
      table.classList.add("labelled");
    });
  }
  tablesLabel();
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      tablesLabel();
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
