// Formats citations with npm citeproc under Node: reads a JSON request on stdin,
// {items, requests, locales, styles: [{key, xml, locale}]}, and writes
// {styleKey: {text: {...}, html: {...}}} on stdout. Used by scripts/check_citations.py.
const CSL = require("citeproc");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const items = Object.fromEntries(job.items.map((item) => [item.id, item]));
  const sys = { retrieveLocale: (id) => job.locales[id], retrieveItem: (id) => items[id] };
  const out = {};
  for (const style of job.styles) {
    out[style.key] = {};
    for (const format of ["text", "html"]) {
      const results = {};
      const engine = new CSL.Engine(sys, style.xml, style.locale, true);
      engine.setOutputFormat(format);
      for (const request of job.requests) {
        engine.updateItems([request.id]);
        const cite = { id: request.id };
        if (request.locator) { cite.locator = request.locator; cite.label = request.label; }
        results[request.key] = {
          bibliography: engine.makeBibliography()[1].join("").trim(),
          citation: engine.makeCitationCluster([cite]),
        };
      }
      out[style.key][format] = results;
    }
  }
  process.stdout.write(JSON.stringify(out));
});
