// Runs Lighthouse on each job in turn, in an already running Chrome; used by lighthouse.py.
//
//   node run-lighthouse.mjs PORT JOBS.json
//
// JOBS.json lists {url, formFactor: "mobile" | "desktop", report}; each JSON report is written
// to its path, which is then printed on its own line so that the caller can follow progress.
// One Node process for all pages saves loading Lighthouse and starting Chrome for each.

import { writeFileSync, readFileSync } from "node:fs";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [port, jobsFile] = process.argv.slice(2);
const flags = {
  port: Number(port),
  output: "json",
  logLevel: "error",
  onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
  disableFullPageScreenshot: true,
};

const jobs = JSON.parse(readFileSync(jobsFile, "utf8"));
// A first run, not recorded: a fresh Chrome loads its first page more slowly than later ones.
await lighthouse(jobs[0].url, flags);
for (const job of jobs) {
  const config = job.formFactor === "desktop" ? desktopConfig : undefined;
  const result = await lighthouse(job.url, flags, config);
  writeFileSync(job.report, result.report);
  console.log(job.report);
}
