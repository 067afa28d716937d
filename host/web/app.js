// The ledgersync web console: plain ES module, no build step. Talks only to this host's
// /api/v1 (docs/api/openapi.json) with the bearer token the operator pasted in; the token lives
// in sessionStorage (this tab only) and no cookie is ever used.

import { watchProgress } from './progress.js';
import { loadActivity, wireActivity } from './activity.js';

const TOKEN_KEY = 'ledgersync.token';
const PAGE_SIZE = 50;

const $ = (selector) => document.querySelector(selector);

/** Creates an element with attributes and children (strings become text: nothing is parsed as HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message ? `${error.message}${error.fix ? ` (${error.fix})` : ''}` : `HTTP ${status}`);
    this.status = status;
    this.code = error.code;
  }
}

/** Calls the admin API; answers the parsed JSON body, or a Response when `raw`. */
async function api(method, path, { body, raw = false } = {}) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store' });
  if (!response.ok) {
    let parsed = null;
    try { parsed = await response.json(); } catch { /* not JSON */ }
    if (response.status === 401) signOut('The token was refused: ' + new ApiError(401, parsed).message);
    throw new ApiError(response.status, parsed);
  }
  return raw ? response : response.json();
}

function say(message, isError = false) {
  const status = $('#status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

/** Runs an action, reporting its failure in the status line instead of losing it. */
async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    say(error.message, true);
    return undefined;
  }
}

// ---- signing in ----------------------------------------------------------------------------

function signOut(message = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  $('#app').hidden = true;
  $('#signin').hidden = false;
  $('#signin-error').textContent = message;
  $('#token').value = '';
  $('#token').focus();
}

async function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  try {
    await api('GET', '/api/v1/failures/count');
  } catch (error) {
    if (error.status !== 401) signOut(error.message);
    return;
  }
  $('#signin').hidden = true;
  $('#app').hidden = false;
  watchProgress({ api, el });
  await route();
}

// ---- the failure banner and panel ----------------------------------------------------------

async function refreshBanner() {
  const { count } = await api('GET', '/api/v1/failures/count');
  const banner = $('#failure-banner');
  banner.hidden = count === 0;
  banner.textContent = `${count} ${count === 1 ? 'invoice' : 'invoices'} failed to sync`;
  banner.dataset.count = String(count);
  if (count === 0 && !$('#failures-panel').hidden) closePanel('failures-panel');
}

async function openFailures() {
  const { failures } = await api('GET', '/api/v1/failures?limit=200');
  const list = $('#failure-list');
  list.replaceChildren(...failures.map((f) => el('li', { class: 'failure', 'data-id': f.id },
    el('strong', {}, f.object), ' ', el('span', { class: 'tag' }, f.stage), ' on route ', f.route,
    el('p', {}, f.reason),
    f.fix_hint ? el('p', { class: 'hint' }, 'How to fix: ', f.fix_hint) : null,
    el('p', { class: 'meta' }, `${f.attempts} attempt(s), last ${f.last_failed_at}`),
    el('button', { type: 'button', onclick: () => failureAction(`/api/v1/failures/${f.id}/retry`, 'Retry queued') },
      'Retry'),
    el('button', { type: 'button', onclick: () => failureAction(`/api/v1/failures/${f.id}/dismiss`, 'Dismissed') },
      'Dismiss'))));
  if (failures.length === 0) list.replaceChildren(el('li', {}, 'Nothing failed.'));
  openPanel('failures-panel');
}

async function failureAction(path, done) {
  await attempt(async () => {
    await api('POST', path);
    say(done);
    await refreshBanner();
    if (!$('#failures-panel').hidden) await openFailures();
    // A retried failure takes a moment to run: look again shortly.
    setTimeout(() => attempt(refreshBanner), 1500);
  });
}

// ---- panels: Escape closes, focus returns to what opened them -------------------------------

const openers = new Map();

function openPanel(id) {
  const panel = document.getElementById(id);
  if (panel.hidden) openers.set(id, document.activeElement);
  panel.hidden = false;
  panel.focus();
}

function closePanel(id) {
  const panel = document.getElementById(id);
  panel.hidden = true;
  const opener = openers.get(id);
  if (opener && document.contains(opener)) opener.focus();
}

// ---- the invoice index ---------------------------------------------------------------------

let offset = 0;

function invoiceQuery() {
  const form = new FormData($('#search-form'));
  const params = new URLSearchParams();
  for (const [name, value] of form.entries()) {
    const text = String(value).trim();
    if (text) params.set(name, name === 'currency' ? text.toUpperCase() : text);
  }
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String(offset));
  return params;
}

const SYNC_LABELS = { synced: 'Synced', failed: 'Failed', pending: 'Pending', refused: 'Refused', none: 'Not synced' };

async function loadInvoices() {
  const page = await api('GET', `/api/v1/invoices?${invoiceQuery()}`);
  const rows = page.invoices.map((i) => el('tr', { 'data-id': i.id },
    el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => attempt(() => openInvoice(i.href)) },
      i.number || i.id)),
    el('td', {}, i.customer.name || i.customer.id),
    el('td', { class: 'num' }, `${i.total} ${i.currency}`),
    el('td', {}, i.status),
    el('td', {}, i.issue_date),
    el('td', {}, i.source_system),
    el('td', {}, el('span', { class: `sync sync-${i.sync_state}` }, SYNC_LABELS[i.sync_state] || i.sync_state))));
  $('#invoice-table tbody').replaceChildren(...rows);
  $('#invoice-count').textContent = `${page.total} ${page.total === 1 ? 'invoice' : 'invoices'}`;
  $('#invoice-count').dataset.total = String(page.total);
  const last = Math.min(page.offset + page.invoices.length, page.total);
  $('#page-info').textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : '';
  $('#page-prev').disabled = page.offset === 0;
  $('#page-next').disabled = page.next_offset === null;
  $('#page-next').dataset.next = page.next_offset ?? '';
}

// ---- an invoice's detail panel -------------------------------------------------------------

function definitionList(object) {
  const entries = Object.entries(object || {}).filter(([, value]) => value !== null && value !== '');
  return el('dl', { class: 'props' }, entries.flatMap(([name, value]) => [
    el('dt', {}, name.replaceAll('_', ' ')),
    el('dd', {}, typeof value === 'object' ? describe(value) : String(value)),
  ]));
}

function describe(value) {
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k}: ${describe(v)}`).join('; ');
  }
  return String(value);
}

function table(caption, columns, rows) {
  return el('table', { class: 'grid compact' }, el('caption', {}, caption),
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.title)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, columns.map((c) => el('td', { class: c.className }, c.cell(row)))))));
}

// ---- an invoice's payments: refund and delete ---------------------------------------------

const REFUND_REASONS = [
  ['requested_by_customer', 'Requested by the customer'],
  ['duplicate', 'Duplicate payment'],
  ['fraudulent', 'Fraudulent'],
  ['other', 'Other'],
];

/** The invoice detail's own path, to show it again after an action. */
function invoicePath(invoice) {
  return `/api/v1/invoices/${encodeURIComponent(invoice.connection)}/${encodeURIComponent(invoice.id)}`;
}

/** Links to the QuickBooks copies of a payment or refund (its recvpayment page), as the API gives them. */
function quickBooksLinks(movement) {
  return Object.entries(movement.links || {}).filter(([, url]) => /^https?:\/\//.test(url)).map(([copy, url]) =>
    el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'qbo-link', 'data-copy': copy },
      'Open in QuickBooks', el('span', { class: 'visually-hidden' }, ` (${copy})`)));
}

function syncLines(statuses) {
  if (!(statuses || []).length) return null;
  return el('ul', { class: 'sync-lines' }, statuses.map((s) => el('li', {},
    `${s.route} → ${s.target_connection}: `, el('span', { class: `sync sync-${s.state}` }, s.state),
    s.target_id ? ` (id ${s.target_id})` : '', s.reason ? ` — ${s.reason}` : '')));
}

/** The line of one payment or refund: amount, status, source, date, key, copies. */
function movementSummary(m, kind) {
  return el('p', { class: 'movement-line' },
    el('strong', { class: 'amount' }, `${m.amount} ${m.currency}`), ' ',
    el('span', { class: `tag status-${m.status}` }, m.status.replaceAll('_', ' ')),
    kind === 'payment' ? ` · ${m.source}` : ` · ${(m.reason || '').replaceAll('_', ' ')}`,
    ` · ${m.date}`,
    m.refunded_amount ? ` · refunded ${m.refunded_amount} ${m.currency}` : '',
    m.deleted ? [' ', el('span', { class: 'tag deleted' }, 'deleted in ledgersync')] : '',
    el('br'), el('span', { class: 'meta' }, m.object, (m.copies || []).length ? ` · copies: ${m.copies.join(', ')}` : ''),
    ' ', quickBooksLinks(m));
}

/** A form under a payment, shown by its action button; `onsubmit` runs the action, errors stay in the form. */
function actionForm(id, legend, fields, submitText, onsubmit) {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { id, class: 'payment-action', hidden: true },
    el('fieldset', {}, el('legend', {}, legend), fields,
      el('div', { class: 'actions' },
        el('button', { type: 'submit', class: 'danger' }, submitText),
        el('button', { type: 'button', class: 'cancel', onclick: () => toggleForm(form, false) }, 'Cancel')),
      error));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      await onsubmit(form);
    } catch (failure) {
      error.textContent = failure.message;
      say(failure.message, true);
    } finally {
      for (const button of form.querySelectorAll('button')) button.disabled = false;
    }
  });
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();  // Escape cancels the form, not the whole panel
    toggleForm(form, false);
  });
  return form;
}

function toggleForm(form, open) {
  const opener = document.querySelector(`[aria-controls="${form.id}"]`);
  form.hidden = !open;
  if (opener) opener.setAttribute('aria-expanded', String(open));
  if (open) form.querySelector('input, select, button').focus();
  else if (opener) opener.focus();
}

function refundForm(invoice, p, n) {
  const form = actionForm(`refund-form-${n}`, `Refund ${p.object} at ${p.source}`, [
    el('label', { for: `refund-amount-${n}` }, `Amount (${p.currency})`),
    el('input', { id: `refund-amount-${n}`, name: 'amount', required: true, inputmode: 'decimal', autocomplete: 'off',
      pattern: '[0-9]+([.][0-9]+)?', placeholder: p.amount, 'aria-describedby': `refund-help-${n}` }),
    el('label', { for: `refund-reason-${n}` }, 'Reason'),
    el('select', { id: `refund-reason-${n}`, name: 'reason', required: true },
      REFUND_REASONS.map(([value, text]) => el('option', { value }, text))),
    el('p', { id: `refund-help-${n}`, class: 'hint' }, `The money goes back to the customer through ${p.source}: `,
      'a refund cannot be undone. Sending the same refund twice makes it once.'),
    el('p', { class: 'confirm' },
      el('input', { id: `refund-confirm-${n}`, name: 'confirm', type: 'checkbox', required: true }),
      el('label', { for: `refund-confirm-${n}` }, ' I confirm this refund')),
  ], 'Refund', async () => {
    const amount = form.elements.amount.value.trim();
    if (!/^[0-9]+(\.[0-9]+)?$/.test(amount)) throw new Error(`"${amount}" is not an amount: write it as 25.00`);
    const made = await api('POST', p.refund_href, { body: { amount, reason: form.elements.reason.value } });
    say(made.message);
    await openInvoice(invoicePath(invoice));
  });
  return form;
}

function deleteForm(invoice, p, n) {
  const form = actionForm(`delete-form-${n}`, `Delete ${p.object} in ledgersync`, [
    el('p', { class: 'hint' }, 'Deleting marks the payment deleted in ledgersync only and stops its waiting writes. ',
      el('strong', {}, 'It never changes QuickBooks'),
      (p.copies || []).length ? `: ${p.copies.join(', ')} stays as it is; void or delete it in QuickBooks if the money did not come in.`
        : '.', ' No money is returned: use Refund for that.'),
  ], 'Delete in ledgersync', async () => {
    const deleted = await api('DELETE', p.href);
    say(deleted.message);
    await openInvoice(invoicePath(invoice));
  });
  return form;
}

function paymentItem(invoice, p, n) {
  const actions = [];
  const forms = [];
  if (!p.deleted && p.refund_href) {
    const form = refundForm(invoice, p, n);
    forms.push(form);
    actions.push(el('button', { type: 'button', class: 'refund', 'aria-expanded': 'false', 'aria-controls': form.id,
      onclick: () => toggleForm(form, form.hidden) }, 'Refund…'));
  }
  if (!p.deleted && p.href) {
    const form = deleteForm(invoice, p, n);
    forms.push(form);
    actions.push(el('button', { type: 'button', class: 'delete', 'aria-expanded': 'false', 'aria-controls': form.id,
      onclick: () => toggleForm(form, form.hidden) }, 'Delete…'));
  }
  return el('li', { class: 'payment', 'data-object': p.object },
    movementSummary(p, 'payment'),
    syncLines(p.sync_status),
    (p.refunds || []).length ? el('ul', { class: 'refunds', 'aria-label': `Refunds of ${p.object}` },
      p.refunds.map((r) => el('li', { class: 'refund', 'data-object': r.object }, movementSummary(r, 'refund'),
        syncLines(r.sync_status)))) : null,
    actions.length ? el('div', { class: 'actions' }, actions) : null,
    forms);
}

function paymentsSection(invoice) {
  const payments = invoice.payments || [];
  return el('section', { id: 'payments', 'aria-labelledby': 'payments-title' },
    el('h3', { id: 'payments-title' }, 'Payments'),
    payments.length === 0 ? el('p', { id: 'no-payments' }, 'No payments booked against this invoice.')
      : el('ul', { class: 'payments' }, payments.map((p, n) => paymentItem(invoice, p, n))));
}

async function openInvoice(href) {
  const invoice = await api('GET', href);
  const body = $('#detail-body');
  const props = invoice.properties || {};
  $('#detail-title').textContent = `Invoice ${props.number || invoice.id}`;
  const pdfButton = el('button', { type: 'button', id: 'pdf-download', onclick: () => attempt(() => downloadPdf(invoice)) },
    'Download PDF');
  const reloadButton = el('button', { type: 'button', id: 'detail-reload', onclick: () => attempt(() => openInvoice(href)) },
    'Reload');
  body.replaceChildren(
    el('p', { class: 'meta' }, `${invoice.object} · version ${invoice.version} · updated ${invoice.updated_at}`,
      invoice.deleted ? ' · deleted' : ''),
    el('div', { class: 'actions' }, pdfButton, reloadButton),
    el('h3', {}, 'Properties'), definitionList(props),
    el('h3', {}, 'Lines'),
    table('Invoice lines', [
      { title: 'Description', cell: (l) => l.description || l.name || (l.item && l.item.name) || '' },
      { title: 'Quantity', className: 'num', cell: (l) => l.quantity ?? '' },
      { title: 'Unit price', className: 'num', cell: (l) => l.unit_price ?? '' },
      { title: 'Amount', className: 'num', cell: (l) => l.amount ?? '' },
    ], invoice.lines || []),
    paymentsSection(invoice),
    el('h3', {}, 'Associations'), definitionList(invoice.associations),
    (invoice.links || []).length ? el('p', {}, 'Same invoice in: ',
      invoice.links.map((l) => el('button', { type: 'button', class: 'link', onclick: () => attempt(() => openInvoice(l.href)) },
        l.object))) : null,
    el('section', { id: 'integration-sync', 'aria-labelledby': 'sync-title' },
      el('h3', { id: 'sync-title' }, 'Integration sync'),
      (invoice.sync_status || []).length === 0 ? el('p', {}, 'No route has synced this invoice yet.') :
        table('Sync status per route', [
          { title: 'Route', cell: (s) => s.route },
          { title: 'Target', cell: (s) => s.target_connection },
          { title: 'State', cell: (s) => el('span', { class: `sync sync-${s.state}` }, s.state) },
          { title: 'Target id', cell: (s) => s.target_id || '' },
          { title: 'Reason', cell: (s) => s.reason || '' },
          { title: 'Updated', cell: (s) => s.updated_at || '' },
        ], invoice.sync_status),
      el('h4', {}, 'Timeline'),
      el('ol', { class: 'timeline' }, (invoice.timeline || []).map((t) =>
        el('li', {}, el('time', {}, t.at), ' ', el('strong', {}, t.event), t.route ? ` (${t.route})` : '',
          t.detail ? ` — ${t.detail}` : '')))));
  openPanel('detail');
}

/** The PDF needs the bearer token, so it is fetched and handed to the browser as a file. */
async function downloadPdf(invoice) {
  await saveResponse(await api('GET', invoice.pdf, { raw: true }), `invoice-${invoice.id}.pdf`);
}

/** Hands an API response to the browser as a file, named as the server says. */
async function saveResponse(response, fallbackName) {
  const blob = await response.blob();
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  const link = el('a', { href: URL.createObjectURL(blob), download: match ? match[1] : fallbackName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  say(`Downloaded ${link.download}`);
}

// ---- connections and routes ----------------------------------------------------------------

async function loadConnections() {
  const [{ connections }, { routes }] = await Promise.all([api('GET', '/api/v1/connections'), api('GET', '/api/v1/routes')]);
  $('#connection-table tbody').replaceChildren(...connections.map((c) => el('tr', { 'data-name': c.name },
    el('td', {}, c.name), el('td', {}, c.plugin), el('td', {}, c.state, c.reason ? ` — ${c.reason}` : ''),
    el('td', {}, c.auth), el('td', {}, c.last_poll_at || 'never'),
    el('td', {}, (c.rate_limits || []).map((r) => `${r.budget}: ${r.used}/${r.limit} per ${r.window_seconds}s`).join('; ')),
    el('td', {}, el('button', { type: 'button', onclick: () => attempt(async () => {
      await api('POST', `/api/v1/connections/${encodeURIComponent(c.name)}/reconnect`);
      say(`Reconnecting ${c.name}`);
      await loadConnections();
    }) }, 'Reconnect')))));
  $('#route-table tbody').replaceChildren(...routes.map((r) => el('tr', { 'data-name': r.name },
    el('td', {}, r.name), el('td', {}, (r.from || []).join(', ')), el('td', {}, r.to),
    el('td', {}, r.state, r.reason ? ` — ${r.reason}` : ''),
    el('td', {}, Object.entries(r.jobs || {}).map(([k, v]) => `${k} ${v}`).join(', ')),
    el('td', {}, el('button', { type: 'button', onclick: () => attempt(async () => {
      await api('POST', `/api/v1/routes/${encodeURIComponent(r.name)}/${r.enabled ? 'disable' : 'enable'}`);
      say(`Route ${r.name} ${r.enabled ? 'disabled' : 'enabled'}`);
      await loadConnections();
    }) }, r.enabled ? 'Disable' : 'Enable')))));
}

// ---- the fees report (GET /api/v1/reports/fees) --------------------------------------------

function feesRange() {
  const today = new Date().toISOString().slice(0, 10);
  const from = $('#fees-from').value || `${today.slice(0, 4)}-01-01`;
  const to = $('#fees-to').value || today;
  $('#fees-from').value = from;
  $('#fees-to').value = to;
  return new URLSearchParams({ from, to });
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A bar chart of the rows' totals, one bar per group and currency. The amounts stay exact
 * strings in the labels; only the bars' lengths use binary numbers.
 */
function feesChart(title, rows, group) {
  const barHeight = 22;
  const labelWidth = 150;
  const width = 640;
  const height = 30 + rows.length * (barHeight + 6);
  const largest = Math.max(...rows.map((r) => Number(r.total)), 0);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title });
  chart.append(svg('title', {}, title), svg('text', { x: 0, y: 16, class: 'chart-title' }, title));
  rows.forEach((row, i) => {
    const y = 26 + i * (barHeight + 6);
    const length = largest > 0 ? Math.max(1, (Number(row.total) / largest) * (width - labelWidth - 110)) : 1;
    chart.append(
      svg('text', { x: 0, y: y + 15 }, `${row[group]} (${row.currency})`),
      svg('rect', { x: labelWidth, y, width: length, height: barHeight, class: 'bar' }),
      svg('text', { x: labelWidth + length + 6, y: y + 15 }, `${row.total} ${row.currency}`));
  });
  return chart;
}

async function loadFees() {
  const range = feesRange();
  let byMonth;
  let byProcessor;
  try {
    [byMonth, byProcessor] = await Promise.all([
      api('GET', `/api/v1/reports/fees?${range}&by=month&format=json`),
      api('GET', `/api/v1/reports/fees?${range}&by=processor&format=json`)]);
  } catch (error) {
    $('#fees-chart').replaceChildren(el('p', { class: 'error' }, error.status === 404
      ? 'This host does not serve the fees report (GET /api/v1/reports/fees): upgrade it.' : error.message));
    $('#fees-table thead').replaceChildren();
    $('#fees-table tbody').replaceChildren();
    return;
  }
  $('#fees-chart').replaceChildren(
    byMonth.rows.length ? feesChart('Fees by month', byMonth.rows, 'month') : el('p', {}, 'No fees in this period.'),
    byProcessor.rows.length ? feesChart('Fees by processor', byProcessor.rows, 'processor') : '');
  const columns = ['processor', 'currency', 'payments', 'processing', 'platform', 'tax_on_fees', 'total'];
  $('#fees-table thead').replaceChildren(el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.replaceAll('_', ' ')))));
  $('#fees-table tbody').replaceChildren(...[...byProcessor.rows, ...byProcessor.totals].map((row) => el('tr', {},
    columns.map((c) => el('td', { class: ['processor', 'currency'].includes(c) ? '' : 'num' }, row[c] ?? '')))));
}

async function downloadFeesCsv() {
  const response = await api('GET', `/api/v1/reports/fees?${feesRange()}&by=processor&format=csv`, { raw: true });
  await saveResponse(response, 'fees.csv');
}

// ---- pages ---------------------------------------------------------------------------------

const PAGES = { invoices: loadInvoices, connections: loadConnections, fees: loadFees, activity: loadActivity };

async function route() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const page = PAGES[name] ? name : 'invoices';
  for (const key of Object.keys(PAGES)) $(`#page-${key}`).hidden = key !== page;
  for (const link of document.querySelectorAll('nav a[data-page]')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  await attempt(refreshBanner);
  await attempt(PAGES[page]);
}

function wire() {
  $('#signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('#token').value);
  });
  $('#signout').addEventListener('click', () => signOut());
  $('#failure-banner').addEventListener('click', () => attempt(openFailures));
  $('#retry-all').addEventListener('click', () => failureAction('/api/v1/failures/retry', 'All failures queued for retry'));
  $('#dismiss-all').addEventListener('click', () => failureAction('/api/v1/failures/dismiss', 'All failures dismissed'));
  $('#search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    attempt(loadInvoices);
  });
  $('#filters-clear').addEventListener('click', () => {
    for (const input of document.querySelectorAll('#filters input, #filters select')) input.value = '';
    offset = 0;
    attempt(loadInvoices);
  });
  $('#page-prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); attempt(loadInvoices); });
  $('#page-next').addEventListener('click', () => {
    offset = Number($('#page-next').dataset.next || offset);
    attempt(loadInvoices);
  });
  for (const button of document.querySelectorAll('[data-close]')) {
    button.addEventListener('click', () => closePanel(button.dataset.close));
  }
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const open = ['detail', 'failures-panel'].find((id) => !document.getElementById(id).hidden &&
      document.getElementById(id).contains(document.activeElement));
    const target = open || ['failures-panel', 'detail'].find((id) => !document.getElementById(id).hidden);
    if (target) closePanel(target);
  });
  $('#fees-form').addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(loadFees);
  });
  $('#fees-csv').addEventListener('click', () => attempt(downloadFeesCsv));
  wireActivity();
  window.addEventListener('hashchange', () => route());
}

// For the pages kept in their own modules (activity.js).
export { api, attempt, el, svg };

wire();
if (sessionStorage.getItem(TOKEN_KEY)) signIn(sessionStorage.getItem(TOKEN_KEY));
else signOut();
