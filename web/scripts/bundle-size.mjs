// Prints the gzipped size of the production JavaScript and CSS in dist/ and
// fails when the two together exceed the budget (one page: all of it loads at start).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_GZIP = 150 * 1024;
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
const total = totals.js + totals.css;
console.log(
  `JavaScript ${kb(totals.js)} + CSS ${kb(totals.css)} = ${kb(total)} gzipped (budget ${kb(BUDGET_GZIP)})`,
);
if (total > BUDGET_GZIP) {
  console.error("The initial JavaScript and CSS are over budget");
  process.exit(1);
}
