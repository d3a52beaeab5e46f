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
})();
