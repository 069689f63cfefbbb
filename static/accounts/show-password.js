// Progressive enhancement: a "Show password" checkbox for every password field on the page.
// Without JavaScript the checkbox stays hidden and the form still works (paste and managers allowed).
(function () {
  "use strict";
  document.querySelectorAll("[data-show-password]").forEach(function (wrapper) {
    var box = wrapper.querySelector("input[type=checkbox]");
    var form = wrapper.closest("form");
    if (!box || !form) { return; }
    wrapper.hidden = false;
    box.addEventListener("change", function () {
      form.querySelectorAll("input[data-password]").forEach(function (input) {
        input.type = box.checked ? "text" : "password";
      });
    });
  });
})();
