// The citation block: fill in today's date as the date of access (the build cannot know it), and
// make the copy buttons work. Without scripts the page still shows a placeholder to fill in by hand.
(function () {
  "use strict";
  var now = new Date();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());

  document.querySelectorAll("[data-accessed]").forEach(function (el) {
    el.textContent = el.getAttribute("data-language") === "en" ? iso
      : pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear();
  });
  document.querySelectorAll("[data-bibtex]").forEach(function (el) {
    el.textContent = el.textContent.replace(/\n\}\s*$/, ",\n  urldate = {" + iso + "}\n}\n");
  });
  document.querySelectorAll("[data-csl]").forEach(function (el) {
    try {
      var items = JSON.parse(el.textContent);
      items.forEach(function (item) {
        item.accessed = {"date-parts": [[now.getFullYear(), now.getMonth() + 1, now.getDate()]]};
      });
      el.textContent = JSON.stringify(items, null, 2) + "\n";
    } catch (e) { /* leave the text as built */ }
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  // The BibTeX and CSL-JSON are in the page (with today's date of access): a download is made from
  // them, so the site needs no file per article and works from file:// too.
  document.querySelectorAll("button[data-download]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-download"));
      var blob = new Blob([source.textContent], {type: button.getAttribute("data-type") + ";charset=utf-8"});
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.getAttribute("data-filename");
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
  });
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.querySelector(".copy-status");
      copyText(source.textContent.trim()).then(function () {
        if (status) status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();
