/* The edition's search worker: Material's own worker, started on the first search.

   Material's page script starts its search worker and sends it the search index on
   every page load. Online, the edition points Material at this small worker instead
   (overrides/main.html) and serves a stub index whose config names the full one
   (hooks/search.py). A page that is only read loads neither lunr nor the full index;
   the first non-empty query loads both, then hands every message to Material's handler.

   Query string: ?material=<file name of Material's worker in assets/javascripts/workers/>.
   Messages follow Material's SearchMessageType: 0 setup, 1 ready, 2 query, 3 result. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var here = new URL(self.location.href);
var root = new URL("..", here);
var materialWorker = new URL("assets/javascripts/workers/" + here.searchParams.get("material"), root);

var setup = null;    // the page's setup message: the stub index and the page's options
var loading = null;  // promise of Material's message listener, once it has the full index

function loadMaterial() {
  var full = setup.config.full_index;
  var index = fetch(new URL(full, root)).then(function (response) {
    if (!response.ok) throw new Error("search: " + full + ": HTTP " + response.status);
    return response.json();
  });
  return Promise.resolve().then(function () {
    // Material's worker adds one message listener to the worker scope; catch it instead,
    // so that messages reach it only through this file.
    var listener = null;
    var addEventListener = self.addEventListener;
    self.addEventListener = function (type, fn) {
      if (type === "message") listener = fn;
      else addEventListener.apply(self, arguments);
    };
    try {
      importScripts(materialWorker.href);
    } finally {
      self.addEventListener = addEventListener;
    }
    if (!listener) throw new Error("search: no message listener in " + materialWorker.href);

    // Material answers its setup with "ready", which the page has already had from here.
    var postToPage = self.postMessage.bind(self);
    var ready = null;
    self.postMessage = function (message) {
      if (message && message.type === READY && ready) { ready(); ready = null; }
      else postToPage(message);
    };

    return index.then(function (data) {
      return new Promise(function (resolve) {
        ready = resolve;
        // The page's options (search.suggest) go with the full index.
        var complete = { config: data.config, docs: data.docs, options: setup.options };
        listener({ data: { type: SETUP, data: complete } });
      }).then(function () { return listener; });
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup = message.data;
    post(READY);
    return;
  }
  if (message.type === QUERY && !loading && !String(message.data).trim()) {
    // Material sends an empty query when search opens; it needs no index.
    post(RESULT, { items: [] });
    return;
  }
  loading = loading || loadMaterial();
  loading.then(function (listener) { listener({ data: message }); }, function (error) {
    console.error(error);
    post(RESULT, { items: [] });
  });
});

function post(type, data) {
  self.postMessage(data === undefined ? { type: type } : { type: type, data: data });
}
