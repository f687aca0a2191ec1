// Prints the gzipped size of the production JavaScript and CSS in dist/ and
// fails when the JavaScript exceeds the budget.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_JS_GZIP = 150 * 1024;
const assets = new URL("../dist/assets/", import.meta.url);

const totals = { js: 0, css: 0 };
for (const name of readdirSync(assets)) {
  const kind = name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : null;
  if (!kind) continue;
  const gz = gzipSync(readFileSync(join(assets.pathname, name)), { level: 9 }).length;
  totals[kind] += gz;
  console.log(`${name.padEnd(32)} ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `JavaScript total: ${kb(totals.js)} gzipped (budget ${kb(BUDGET_JS_GZIP)}); CSS: ${kb(totals.css)} gzipped`,
);
if (totals.js > BUDGET_JS_GZIP) {
  console.error("JavaScript bundle is over budget");
  process.exit(1);
}
