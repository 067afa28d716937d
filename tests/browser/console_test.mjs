// The web console in headless Chromium (Debian's chromium, driven by playwright-core) against a
// running host: the C++ test (console_browser_test.cpp) starts the sandboxes and the host with
// one failing invoice, fixes its cause at the source, and runs this script with a spec file:
//   node console_test.mjs SPEC.json
// SPEC: { url, token, chromium, screenshot_dir, expected_failures, failing_number, paid_number,
//         invoice_route, charge, paid_amount, refund_amount, refund_cents, stripe_url, stripe_key }.
// Each step prints "ok - <step>"; on the first failure a screenshot is saved under
// screenshot_dir, its path printed, and the script exits 1.

import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (error) {
  console.error('playwright-core is not installed: run `npm ci --prefix tests/browser` (scripts/test.sh does)\n' + error);
  process.exit(2);
}

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const STEP_TIMEOUT = 15000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** The admin API straight, for the numbers the console must show. */
async function api(pathAndQuery) {
  const response = await fetch(spec.url + pathAndQuery, { headers: { Authorization: `Bearer ${spec.token}` } });
  check(response.ok, `GET ${pathAndQuery}: HTTP ${response.status}`);
  return response.json();
}

const browser = await chromium.launch({
  executablePath: spec.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(STEP_TIMEOUT);
const problems = [];
// Script errors only: the refused token's 401 is an expected failed load.
page.on('console', (message) => {
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
});
page.on('pageerror', (error) => problems.push(String(error)));

let current = 'start';
async function step(name, action) {
  current = name;
  await action();
  console.log(`ok - ${name}`);
}

async function tableTotal() {
  return Number(await page.locator('#invoice-count').getAttribute('data-total'));
}

/** Submits the search form and waits for the index to show `expected` invoices. */
async function expectTotal(expected) {
  await page.waitForFunction((n) => document.querySelector('#invoice-count')?.dataset.total === String(n), expected);
}

try {
  await step('the console is served with a strict content security policy', async () => {
    const response = await page.goto(spec.url + '/');
    check(response.status() === 200, `GET / answered ${response.status()}`);
    const headers = response.headers();
    check(/default-src 'self'/.test(headers['content-security-policy'] || ''), 'no CSP self-only header');
    check(headers['x-content-type-options'] === 'nosniff', 'no nosniff header');
    check((headers['content-type'] || '').startsWith('text/html'), `content type ${headers['content-type']}`);
    await page.locator('#token').waitFor();
  });

  await step('a wrong token is refused with the reason', async () => {
    await page.fill('#token', 'lsk_wrong');
    await page.press('#token', 'Enter');
    await page.locator('#signin-error').filter({ hasText: 'refused' }).waitFor();
  });

  await step('signing in with the token shows the invoice index, no cookie set', async () => {
    await page.fill('#token', spec.token);
    await page.click('#signin-form button[type=submit]');
    await page.locator('#invoice-table tbody tr').first().waitFor();
    check((await context.cookies()).length === 0, 'a cookie was set');
  });

  await step('the banner shows the right count of failures', async () => {
    const banner = page.locator('#failure-banner');
    await banner.waitFor();
    const text = await banner.textContent();
    const n = spec.expected_failures;
    check(text === `${n} ${n === 1 ? 'invoice' : 'invoices'} failed to sync`, `banner says "${text}"`);
  });

  await step('the banner opens the failures panel with the reason and the fix', async () => {
    await page.click('#failure-banner');
    const panel = page.locator('#failures-panel');
    await panel.waitFor();
    const items = panel.locator('li.failure');
    check(await items.count() === spec.expected_failures, `${await items.count()} failures listed`);
    const text = await items.first().textContent();
    check(text.includes('How to fix'), `no fix hint in "${text}"`);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.click('#failure-banner');
    await panel.waitFor();
  });

  await step('a retry after the fix at the source makes the banner go away', async () => {
    const { failures } = await api('/api/v1/failures');
    await page.locator('#failures-panel li.failure').first().getByRole('button', { name: 'Retry' }).click();
    await page.locator('#status', { hasText: 'Retry queued' }).waitFor();
    // The retry runs on the bus: wait until it settled the failure, then the console must agree.
    let state = 'open';
    for (let i = 0; i < 60 && (state === 'open' || state === 'retried'); ++i) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ({ state } = await api(`/api/v1/failures/${failures[0].id}`));
    }
    check(state !== 'open' && state !== 'retried', `the retried failure is still ${state}`);
    await page.reload();
    await page.locator('#invoice-table tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#failure-banner').dataset.count === '0');
    check(await page.locator('#failure-banner').isHidden(), 'the banner is still shown');
  });

  await step('search narrows the index to the invoice of a number', async () => {
    const all = await tableTotal();
    check(all > 1, `only ${all} invoices listed`);
    await page.fill('#search-q', spec.failing_number);
    await page.press('#search-q', 'Enter');
    const found = (await api(`/api/v1/invoices?q=${encodeURIComponent(spec.failing_number)}`)).total;
    check(found >= 1 && found < all, `${found} of ${all} invoices found by number`);
    await expectTotal(found);
    const numbers = await page.locator('#invoice-table tbody tr td:first-child').allTextContents();
    check(numbers.length === found && numbers.every((n) => n === spec.failing_number), `found ${numbers}`);
    await page.fill('#search-q', '');
    await page.press('#search-q', 'Enter');
    await expectTotal(all);
  });

  await step('advanced filters narrow the index (currency, sync status)', async () => {
    const all = await tableTotal();
    await page.click('#filters summary');
    await page.fill('#f-currency', 'eur');
    await page.click('#filters button[type=submit]');
    const eur = (await api('/api/v1/invoices?currency=EUR')).total;
    check(eur >= 1 && eur < all, `EUR invoices: ${eur} of ${all}`);
    await expectTotal(eur);
    const totals = await page.locator('#invoice-table tbody td.num').allTextContents();
    check(totals.every((t) => t.endsWith(' EUR')), `not all EUR: ${totals}`);
    await page.click('#filters-clear');
    await expectTotal(all);
    await page.selectOption('#f-sync', 'synced');
    await page.click('#filters button[type=submit]');
    const synced = (await api('/api/v1/invoices?sync_status=synced')).total;
    check(synced >= 1 && synced < all, `synced invoices: ${synced} of ${all}`);
    await expectTotal(synced);
    await page.click('#filters-clear');
    await expectTotal(all);
  });

  await step("an invoice's panel shows its card payment, its sync status and its QuickBooks link", async () => {
    await page.fill('#search-q', spec.paid_number);
    await page.press('#search-q', 'Enter');
    // Listed once, as the HubSpot invoice: its QuickBooks copy is in its panel, not a row of its own.
    const listed = (await api(`/api/v1/invoices?q=${encodeURIComponent(spec.paid_number)}`)).total;
    check(listed === 1, `${spec.paid_number} is listed ${listed} times`);
    await expectTotal(1);
    await page.locator('#invoice-table tbody tr', { hasText: 'hubspot' }).locator('button.link').click();
    const panel = page.locator('#detail');
    await panel.waitFor();
    await panel.locator('h3', { hasText: 'Payments' }).waitFor();
    const shown = await panel.locator('#detail-body').textContent();
    check(!shown.includes('[object'), 'the panel shows an object where text belongs');
    const number = await panel.locator('dl.props dt', { hasText: /^number$/ }).locator('xpath=following-sibling::dd[1]').textContent();
    check(number === spec.paid_number, `the panel's number is ${number}`);
    const sync = panel.locator('#integration-sync');
    await sync.locator('.sync-synced').first().waitFor();
    check(await sync.locator('table tbody tr').count() >= 1, 'no sync status row');
    check(await sync.locator('.timeline li').count() >= 1, 'empty timeline');

    const payment = panel.locator(`#payments li.payment[data-object="stripe/payment/${spec.charge}"]`);
    await payment.waitFor();
    const line = await payment.locator('.movement-line').first().textContent();
    check(line.includes(`${spec.paid_amount} USD`) && line.includes('stripe') && line.includes('succeeded'),
      `the payment shows "${line}"`);
    // Booked in QuickBooks by the payment route: synced, with the link to its recvpayment page.
    const synced = payment.locator(':scope > .sync-lines li', { hasText: 'stripe-payments-to-qbo' }).locator('.sync-synced');
    await synced.first().waitFor();
    const link = await payment.locator('a.qbo-link').first().getAttribute('href');
    check(/\/app\/recvpayment\?txnId=\w+/.test(link || ''), `the QuickBooks link is ${link}`);
  });

  await step('a partial refund from the console reaches Stripe and, once synced, shows under the payment', async () => {
    const payment = page.locator(`#payments li.payment[data-object="stripe/payment/${spec.charge}"]`);
    await payment.getByRole('button', { name: 'Refund…' }).click();
    const form = payment.locator('form.payment-action').first();
    check(await form.isVisible(), 'the refund form did not open');
    check(await page.evaluate(() => document.activeElement.name) === 'amount', 'focus is not on the amount');
    // A bad amount is refused in the form, with the reason, before anything is sent.
    await page.keyboard.type('ten');
    await form.getByLabel('I confirm this refund').check();
    await form.getByRole('button', { name: 'Refund', exact: true }).click();
    check(await form.evaluate((f) => !f.checkValidity()), 'the form took "ten" as an amount');
    await form.getByLabel(/^Amount/).fill(spec.refund_amount);
    await form.getByLabel('Reason').selectOption('requested_by_customer');
    await form.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.locator('#status', { hasText: `of ${spec.refund_amount} USD made at stripe` }).waitFor();

    // Stripe's own record: one refund of exactly that amount on the charge.
    const response = await fetch(`${spec.stripe_url}/v1/refunds?charge=${spec.charge}&limit=100`,
      { headers: { Authorization: `Bearer ${spec.stripe_key}` } });
    check(response.ok, `Stripe's refunds: HTTP ${response.status}`);
    const { data } = await response.json();
    check(data.length === 1 && data[0].amount === spec.refund_cents && data[0].reason === 'requested_by_customer',
      `Stripe's refunds of ${spec.charge}: ${JSON.stringify(data)}`);

    // Read back from Stripe and written to QuickBooks by the refund route: Reload shows it.
    const refund = page.locator(`#payments li.payment[data-object="stripe/payment/${spec.charge}"] li.refund`);
    for (let i = 0; i < 60; ++i) {
      if (await refund.locator('.sync-lines li', { hasText: 'stripe-refunds-to-qbo' }).locator('.sync-synced').count() > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.click('#detail-reload');
      await page.locator('#payments').waitFor();
    }
    const text = await refund.first().textContent();
    check(await refund.count() === 1 && text.includes(`${spec.refund_amount} USD`) && text.includes('requested by customer'),
      `the refund under the payment: "${await refund.allTextContents()}"`);
    check(await refund.locator('.sync-lines li', { hasText: 'stripe-refunds-to-qbo' }).locator('.sync-synced').count() > 0,
      `the refund is not booked in QuickBooks: "${text}"`);
  });

  await step('the PDF downloads', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pdf-download')]);
    const file = await download.path();
    const bytes = readFileSync(file);
    check(bytes.subarray(0, 5).toString() === '%PDF-', 'the download is not a PDF');
    check(download.suggestedFilename().endsWith('.pdf'), `file name ${download.suggestedFilename()}`);
    await page.keyboard.press('Escape');
    await page.locator('#detail').waitFor({ state: 'hidden' });
  });

  await step('keyboard: every input is labelled, Enter opens an invoice, Escape closes it and gives focus back', async () => {
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
      .filter((input) => input.labels.length === 0).map((input) => input.id || input.name));
    check(unlabelled.length === 0, `inputs without a label: ${unlabelled}`);
    const opener = page.locator('#invoice-table tbody tr button.link').first();
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.locator('#detail').waitFor();
    check(await page.evaluate(() => document.activeElement.id) === 'detail', 'focus did not move to the panel');
    await page.keyboard.press('Escape');
    await page.locator('#detail').waitFor({ state: 'hidden' });
    check(await opener.evaluate((button) => button === document.activeElement), 'focus did not return to the invoice');
    const outline = await opener.evaluate((button) => getComputedStyle(button).outlineStyle);
    check(outline !== 'none', 'no visible focus outline');
  });

  await step('the connections page lists the connections and routes', async () => {
    await page.click('nav a[data-page=connections]');
    const { connections } = await api('/api/v1/connections');
    await page.waitForFunction((n) => document.querySelectorAll('#connection-table tbody tr').length === n,
      connections.length);
    await page.locator('#route-table tbody tr').first().waitFor();
  });

  await step('the fees page charts the fees and downloads the CSV, or says the host lacks the report', async () => {
    await page.click('nav a[data-page=fees]');
    const year = new Date().toISOString().slice(0, 4);
    const today = new Date().toISOString().slice(0, 10);
    const probe = await fetch(`${spec.url}/api/v1/reports/fees?from=${year}-01-01&to=${today}&by=month&format=json`,
      { headers: { Authorization: `Bearer ${spec.token}` } });
    if (probe.status === 404) {
      await page.locator('#fees-chart', { hasText: 'does not serve the fees report' }).waitFor();
      return;
    }
    check(probe.ok, `the fees report answered ${probe.status}`);
    const report = await probe.json();
    if (report.rows.length) await page.locator('#fees-chart svg[aria-label="Fees by month"] rect.bar').first().waitFor();
    else await page.locator('#fees-chart', { hasText: 'No fees' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#fees-csv')]);
    const csv = readFileSync(await download.path(), 'utf8');
    check(csv.startsWith('processor,currency,'), `the CSV starts with ${csv.slice(0, 40)}`);
  });

  await step('the activity page charts the invoices synced on the route the test synced, also as a table', async () => {
    const synced = async () => (await api(`/api/v1/activity?route=${encodeURIComponent(spec.invoice_route)}`))
      .routes[0].totals.synced;
    const before = await synced();
    check(before >= 2, `the API counts ${before} invoices synced on ${spec.invoice_route} (the two of the test at least)`);
    await page.click('nav a[data-page=activity]');
    const figure = page.locator(`#activity-chart figure[data-route="${spec.invoice_route}"]`);
    await figure.waitFor();
    const shown = Number(await figure.getAttribute('data-synced'));
    const after = await synced();
    // Later versions of the invoices may settle meanwhile: the page shows a count read in between.
    check(shown >= before && shown <= after, `the chart shows ${shown} synced, the API ${before} then ${after}`);
    const label = await figure.locator('svg').getAttribute('aria-label');
    check(label.includes(`${shown} synced`), `the chart's accessible name is "${label}"`);
    check(await figure.locator('svg rect.bar-synced').count() > 0, 'no bar of synced invoices is drawn');
    // Keyboard: the route chooser narrows the page to that route; its table lists the hours.
    await page.focus('#activity-route');
    await page.selectOption('#activity-route', spec.invoice_route);
    await page.waitForFunction(() => document.querySelectorAll('#activity-chart figure').length === 1);
    await figure.locator('details summary').press('Enter');
    const cells = await figure.locator('table tbody td:nth-child(2)').allTextContents();
    const total = cells.reduce((sum, cell) => sum + Number(cell), 0);
    check(total >= shown, `the table's hours add up to ${total} synced`);
  });

  await step('the backfill panel shows a running backfill with its bar, figures and time left, and hides when none runs', async () => {
    // The host's own answer: the test's first reads are over, nothing runs, the panel is hidden.
    const real = await api('/api/v1/progress');
    check(real.running === false && real.backfills.length === 0, `the API says a backfill still runs: ${JSON.stringify(real)}`);
    const panel = page.locator('#progress-panel');
    check(await panel.isHidden(), 'the backfill panel shows although no backfill runs');
    // The answer the API gives a quarter of the way through a first read (docs/operations.md,
    // GET /api/v1/progress; the test's own first reads are over in a second): what the panel
    // must make of each figure.
    const running = {
      route: spec.invoice_route, running: true, reading: false, records_read: 1200, started_at: '2026-12-07T10:00:00Z',
      done: 300, failed: 12, remaining: 888, total: 1200, rate_per_minute: 444.5, eta_seconds: 120,
      walks: [{ connection: 'hubspot', stream: 'invoice', reason: 'first_read', reading: false, records_read: 1200,
        started_at: '2026-12-07T10:00:00Z', read_until: '2026-12-07T10:01:00Z' }],
    };
    await page.route('**/api/v1/progress', (route) => route.fulfill({ json: { running: true, backfills: [running] } }));
    await panel.waitFor({ state: 'visible' });
    const item = panel.locator(`li.backfill[data-route="${running.route}"]`);
    const bar = item.locator('[role=progressbar]');
    check(await bar.getAttribute('aria-valuenow') === '312', `the bar is at ${await bar.getAttribute('aria-valuenow')}`);
    check(await bar.getAttribute('aria-valuemax') === '1200', `the bar's maximum is ${await bar.getAttribute('aria-valuemax')}`);
    check((await bar.getAttribute('aria-valuetext')) === '312 of 1200 jobs settled (26%)', `the bar says "${await bar.getAttribute('aria-valuetext')}"`);
    const accessible = await bar.getAttribute('aria-labelledby');
    check((await page.locator(`#${accessible}`).textContent()) === `Route ${running.route}`, 'the bar is not named by its route');
    check((await item.textContent()).includes('from hubspot.invoice (first read)'), `the backfill's source is not named: ${await item.textContent()}`);
    const figures = await item.locator('dl.progress-figures').textContent();
    for (const shown of ['Done300', 'Failed12', 'Remaining888', 'Rate444.5 jobs/min', 'Time leftabout 2 min 00 s', 'Read1200 records']) {
      check(figures.includes(shown), `the figures "${figures}" lack "${shown}"`);
    }
    await page.unroute('**/api/v1/progress');
    await panel.waitFor({ state: 'hidden' });
  });

  check(problems.length === 0, `errors in the page: ${problems.join('; ')}`);
  await browser.close();
} catch (error) {
  mkdirSync(spec.screenshot_dir, { recursive: true });
  const shot = path.join(spec.screenshot_dir, `console-${current.replace(/[^a-z0-9]+/gi, '-')}.png`);
  try { await page.screenshot({ path: shot, fullPage: true }); } catch { /* the page is gone */ }
  console.error(`not ok - ${current}: ${error.message}\nscreenshot: ${shot}`);
  if (problems.length) console.error(`errors in the page: ${problems.join('; ')}`);
  await browser.close();
  process.exit(1);
}
