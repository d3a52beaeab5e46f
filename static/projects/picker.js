/* The case page's item picker: the search box narrows the list as one types (without
   JavaScript the same box searches on the server). Items whose name, code or department
   holds the text stay; a department with none left is hidden. */
(function () {
  "use strict";

  document.querySelectorAll("[data-picker-search]").forEach(function (input) {
    var picker = document.getElementById(input.getAttribute("data-picker-search"));
    if (!picker) return;
    var none = picker.querySelector("[data-picker-none]");
    function filter() {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      picker.querySelectorAll("[data-picker-group]").forEach(function (group) {
        var left = 0;
        group.querySelectorAll("[data-picker-item]").forEach(function (item) {
          var match = !query || item.getAttribute("data-search").toLowerCase().indexOf(query) !== -1;
          item.hidden = !match;
          if (match) left += 1;
        });
        group.hidden = left === 0;
        shown += left;
      });
      if (none) none.hidden = shown !== 0;
    }
    input.addEventListener("input", filter);
    filter();
  });
})();
