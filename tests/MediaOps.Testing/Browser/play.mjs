// Usage: node play.mjs <player page URL> <timeout ms>
// Opens the page in Debian's headless chromium (never a browser that playwright downloads), waits for the page's
// window.playbackResult and prints it as one JSON line, with the requests the browser saw fail (a CORS refusal shows
// there) and the page's console errors. Exits 0 whenever the page reported; non-zero only when the harness failed.
import { chromium } from 'playwright-core';

const [pageUrl, timeoutArg] = process.argv.slice(2);
const timeout = Number(timeoutArg || '60000');
const args = ['--autoplay-policy=no-user-gesture-required'];
// Chromium's sandbox cannot start as root (CI runs as root): only loopback pages are opened here.
if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');

const browser = await chromium.launch({ executablePath: process.env.MEDIAOPS_CHROMIUM || '/usr/bin/chromium', headless: true, args });
try {
  const page = await browser.newPage();
  const failedRequests = [];
  const consoleErrors = [];
  page.on('requestfailed', request => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', message => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', error => consoleErrors.push(String(error)));
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.playbackResult !== undefined, null, { timeout, polling: 100 });
  const result = await page.evaluate(() => window.playbackResult);
  console.log(JSON.stringify({ ...result, failedRequests, consoleErrors }));
} finally {
  await browser.close();
}
