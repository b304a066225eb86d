// Lighthouse (the version package.json pins) over a list of pages, one run after another in one
// headless Chromium that chrome-launcher starts with its usual flags plus the plan's, in a fresh
// profile of its own. Performance is measured from the page's own timings, so never two runs at
// once. Called by tests/browser/test_lighthouse.py.
//
// usage: node lighthouse.mjs PLAN.json
// PLAN: {"chrome": "/usr/bin/chromium", "flags": ["--headless", ...],
//        "runs": [{"url": "...", "formFactor": "mobile" | "desktop", "output": "report.json"}]}
// Each run's report is written to its output as JSON; a line per run goes to stdout.
import { readFileSync, writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const chrome = await chromeLauncher.launch({ chromePath: plan.chrome, chromeFlags: plan.flags, logLevel: "error" });
try {
  for (const run of plan.runs) {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
      disableFullPageScreenshot: true,
    };
    const result = await lighthouse(run.url, flags, run.formFactor === "desktop" ? desktopConfig : undefined);
    if (!result) {
      throw new Error(`Lighthouse returned nothing for ${run.url}`);
    }
    writeFileSync(run.output, result.report);
    const scores = CATEGORIES.map((c) => `${c}=${result.lhr.categories[c].score}`).join(" ");
    console.log(`${run.formFactor} ${run.url} ${scores}`);
  }
} finally {
  chrome.kill();
}
