// An event page's "Copy the link" button: shown only where the browser can copy (a secure
// page, with the Clipboard API); the page's sharing links work without it.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var button = box.querySelector("button[data-copy]");
    var status = box.querySelector("[data-copied]");
    box.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();
