// Screenshot helper for people: node tests/e2e/shot.mjs URL OUT.png [width] [height]
import { createRequire } from "node:module";
const require = createRequire(new URL("../../tools/", import.meta.url));
const { chromium } = require("playwright-core");
const [url, out, w = "1280", h = "900"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
page.on("console", (m) => { if (m.type() === "error") console.error("console error:", m.text()); });
await page.goto(url, { waitUntil: "networkidle" });
await page.screenshot({ path: out, fullPage: true });
console.log("hydrated:", await page.evaluate(() => document.documentElement.dataset.hydrated));
await browser.close();
