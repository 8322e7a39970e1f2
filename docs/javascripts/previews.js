/* --- Paragraph previews ------------------------------------------------------------
   A link to a paragraph of the essay, on any page but the essay's, is described by that
   paragraph's text: aria-describedby="preview-pN" names a hidden <p> that the build puts
   at the end of the page (PreviewTreeprocessor in edition/markdown_essay.py), so a screen
   reader announces it without this script. Here the text also shows, after its ¶ number,
   in one tooltip just below the link (above it at the foot of the window), on hover and
   on keyboard focus; edition.css keeps it inside the window's width. It stays while the
   pointer is over the link or the tooltip (300 ms to cross from one to the other) or
   while the link has focus; Escape hides it and leaves focus where it is. No request:
   the text is in the page. Listening on the document, it needs nothing from the page
   when it loads. Kept short: this file loads on every page, the essay's included, which
   has no previews. */
(function () {
  "use strict";

  var tip, link, timer;

  function hide() {
    if (tip) tip.hidden = true;
    link = null;
  }

  function enter(event) {  // the pointer or the focus came to event.target
    var target = event.target.closest && event.target.closest("a[aria-describedby^=preview-p]");
    if (target || tip && tip.contains(event.target)) clearTimeout(timer);
    if (!target || target === link) return;
    var id = target.getAttribute("aria-describedby"), box = target.getBoundingClientRect();
    if (!tip) {
      // In <main>, a landmark (axe: region), which like its ancestors is not positioned:
      // the tooltip's containing block is the body, so its coordinates are the page's.
      tip = document.querySelector("main").appendChild(document.createElement("div"));
      tip.className = "paragraph-preview";
      tip.setAttribute("role", "tooltip");
    }
    link = target;
    tip.innerHTML = "<b>¶" + id.slice(9) + "</b> ";  // "preview-p9": ¶9
    tip.append(document.getElementById(id).textContent);
    tip.hidden = false;
    // Below the link, or above it where the window has no room below and has above.
    var height = tip.offsetHeight;
    var top = box.bottom + height > innerHeight && box.top > height ? box.top - height : box.bottom;
    tip.style.cssText = "--preview-left:" + box.left + "px;top:" + (scrollY + top) + "px";
  }

  function leave() {
    clearTimeout(timer);
    if (link !== document.activeElement) timer = setTimeout(hide, 300);
  }

  document.addEventListener("pointerover", enter);
  document.addEventListener("focusin", enter);
  document.addEventListener("pointerout", leave);
  document.addEventListener("focusout", leave);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();
