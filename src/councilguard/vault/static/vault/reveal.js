// Show a revealed password for a short time, then hide it; offer to copy it meanwhile.
// Without JavaScript the page shows it with a note to leave the page when done.
(function () {
  "use strict";
  var box = document.querySelector("[data-cg-secret]");
  if (!box) return;
  var value = box.querySelector(".cg-secret__value");
  var note = box.querySelector("[data-cg-countdown-note]");
  var counter = box.querySelector("[data-cg-countdown]");
  var copy = box.querySelector("[data-cg-copy]");
  // The wrapper carries "hidden": a GOV.UK button's own display rule would override it.
  var copyWrap = box.querySelector("[data-cg-copy-wrap]");
  var left = parseInt(box.getAttribute("data-seconds"), 10) || 30;
  var secret = value.textContent;

  function hide() {
    secret = "";
    value.textContent = "Hidden. Reveal it again if you still need it.";
    note.hidden = true;
    copyWrap.hidden = true;
  }

  note.hidden = false;
  if (navigator.clipboard && window.isSecureContext) {
    copyWrap.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(secret).then(function () {
        copy.textContent = "Copied";
      });
    });
  }
  var timer = window.setInterval(function () {
    left -= 1;
    counter.textContent = String(left);
    if (left <= 0) {
      window.clearInterval(timer);
      hide();
    }
  }, 1000);
  // Leaving the page (or the back/forward cache) must not keep it on screen.
  window.addEventListener("pagehide", hide);
})();
