/* Comfort only: every citation is already in the HTML.
   1. A "Copy" button beside each formatted citation.
   2. Selecting text in the essay offers a link to that text (#:~:text=…), or to the
      paragraph's anchor in browsers without text fragments. */
(function () {
  "use strict";

  function copy(text, button) {
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = button.dataset.label; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { button.textContent = "Copy failed"; });
    }
  }

  // The citation as it reads on the page, without markup (italics) or line breaks.
  function plainText(citation) {
    return citation.textContent.replace(/[ \t\r\n]+/g, " ").trim();  // no-break spaces stay
  }

  function addCopyButtons(root) {
    root.querySelectorAll(".citation").forEach(function (citation) {
      if (citation.nextElementSibling && citation.nextElementSibling.classList.contains("citation-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "citation-copy md-button";
      var style = citation.parentElement.previousElementSibling;
      button.dataset.label = "Copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the " + (style ? style.textContent : "") + " citation");
      button.addEventListener("click", function () { copy(plainText(citation), button); });
      citation.insertAdjacentElement("afterend", button);
    });
  }

  /* --- a link to the selected text -------------------------------------------- */

  var offer = null;

  function paragraphOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest(".essay-paragraph") : null;
  }

  function selectionLink(selection) {
    var text = selection.toString().replace(/\s+/g, " ").trim();
    var paragraph = paragraphOf(selection.anchorNode);
    if (!text || !paragraph || paragraph !== paragraphOf(selection.focusNode)) return null;
    var base = location.href.split("#")[0];
    if (!("fragmentDirective" in document)) return base + "#" + paragraph.id;
    var words = text.split(" ");
    var directive = words.length > 8
      ? encodeURIComponent(words.slice(0, 4).join(" ")) + "," + encodeURIComponent(words.slice(-4).join(" "))
      : encodeURIComponent(text);
    return base + "#" + paragraph.id + ":~:text=" + directive.replace(/-/g, "%2D");
  }

  function hideOffer() {
    if (offer) { offer.remove(); offer = null; }
  }

  function showOffer() {
    var selection = document.getSelection();
    if (!selection || selection.isCollapsed) { hideOffer(); return; }
    var link = selectionLink(selection);
    if (!link) { hideOffer(); return; }
    hideOffer();
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    offer = document.createElement("div");
    offer.className = "selection-link";
    offer.setAttribute("role", "group");
    offer.setAttribute("aria-label", "Link to the selected text");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.dataset.label = "Copy link to selection";
    button.textContent = button.dataset.label;
    button.dataset.link = link;
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () { copy(link, button); });
    offer.appendChild(button);
    offer.style.top = (window.scrollY + rect.bottom + 6) + "px";
    offer.style.left = (window.scrollX + rect.left) + "px";
    document.body.appendChild(offer);
  }

  function start() {
    addCopyButtons(document);
    if (document.querySelector(".essay-body")) {
      document.addEventListener("mouseup", function (event) {
        if (offer && offer.contains(event.target)) return;  // a click on the offer itself
        setTimeout(showOffer, 0);
      });
      document.addEventListener("keyup", function (event) { if (event.shiftKey) showOffer(); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* Notes in the margin (wide screens, edition.css): each moved down to the line of the words
   it concerns, where the notes above leave room; without this, each starts beside its
   paragraph's first line. Done again when the fonts arrive and when the window resizes. */
(function () {
  "use strict";
  var wide = matchMedia("(min-width: 62em)");

  function align() {
    var notes = document.querySelectorAll(".essay .editorial-note");
    notes.forEach(function (note) { note.style.marginTop = ""; });
    if (!wide.matches) return;
    notes.forEach(function (note) {  // in order: each one's place depends on those above
      // The first line of the marked words, which stand just before the note's number.
      var mark = document.getElementById("noted-" + note.id.slice(5));
      var words = mark && mark.previousElementSibling.getClientRects()[0];
      var gap = words && words.top - note.getBoundingClientRect().top;
      if (gap > 1) note.style.marginTop = parseFloat(getComputedStyle(note).marginTop) + gap + "px";
    });
  }

  if (document.querySelector(".essay .editorial-note")) {
    align();
    document.fonts.ready.then(align);
    addEventListener("resize", align);
  }
})();
