/* Starts the Wagtail admin widgets whose own templates use inline <script>s, which the
   Content-Security-Policy refuses. cms/templates/wagtailadmin/ replaces each such script
   with a hidden <span data-crm-wagtail-init="..."> carrying the same options; this runs
   them once the page is loaded, and again for forms added later (an inline panel's
   "add" button inserts a new form). */
(function () {
  "use strict";

  var STARTERS = {
    date: function (el, options) { window.initDateChooser(el.getAttribute("data-crm-for"), options); },
    time: function (el, options) { window.initTimeChooser(el.getAttribute("data-crm-for"), options); },
    datetime: function (el, options) { window.initDateTimeChooser(el.getAttribute("data-crm-for"), options); },
    inline_panel: function (el, options) { new window.InlinePanel(options); },
    multiple_chooser_panel: function (el, options) { new window.MultipleChooserPanel(options); },
  };

  function start(root) {
    root.querySelectorAll("[data-crm-wagtail-init]:not([data-crm-started])").forEach(function (el) {
      el.setAttribute("data-crm-started", "");
      var starter = STARTERS[el.getAttribute("data-crm-wagtail-init")];
      if (starter) starter(el, JSON.parse(el.getAttribute("data-crm-options")));
    });
  }

  function startAll() {
    start(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) start(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
