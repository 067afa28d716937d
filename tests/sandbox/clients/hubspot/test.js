// HubSpot's official Node client (@hubspot/api-client), unchanged, against the sandbox's HubSpot
// emulator: every operation a connector uses. Starts the sandbox itself:
//   node test.js /path/to/ledgersync-sandbox
// Prints one line per check and "N passed, N failed"; exits non-zero on any failure.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

let hubspot;
try {
  hubspot = require('@hubspot/api-client');
} catch (e) {
  console.error('@hubspot/api-client is not installed: run `npm ci --prefix tests/sandbox/clients/hubspot` ' +
                '(scripts/test.sh does)');
  process.exit(1);
}

const binary = process.argv[2];
if (!binary) {
  console.error('usage: node test.js /path/to/ledgersync-sandbox');
  process.exit(2);
}

const CLIENT_ID = 'ledgersync-hubspot-client';
const CLIENT_SECRET = 'ledgersync-hubspot-secret';
const REDIRECT = 'http://localhost:3000/oauth-callback';

async function startSandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubspot-node-'));
  const ready = path.join(dir, 'ready.json');
  const log = fs.openSync(path.join(dir, 'sandbox.log'), 'w');
  const child = spawn(binary, ['--apis', 'hubspot', '--hubspot-port', '0', '--ready-file', ready],
                      { stdio: ['ignore', log, log] });
  const deadline = Date.now() + 20000;
  while (!fs.existsSync(ready)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGTERM');
      throw new Error('the sandbox did not start: ' + fs.readFileSync(path.join(dir, 'sandbox.log'), 'utf8'));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const info = JSON.parse(fs.readFileSync(ready, 'utf8'));
  return { child, url: info.hubspot.url };
}

const checks = [];
function check(name, fn) { checks.push({ name, fn }); }

async function main() {
  const { child, url } = await startSandbox();
  let passed = 0;
  let failed = 0;
  const client = new hubspot.Client({ basePath: url });
  const state = {};
  try {
    for (const { name, fn } of checks) {
      try {
        await fn(client, url, state);
        passed++;
        console.log('ok   ' + name);
      } catch (e) {
        failed++;
        console.log('FAIL ' + name + ': ' + (e && e.stack ? e.stack : e));
        if (e && e.body) console.log('     body: ' + JSON.stringify(e.body));
      }
    }
  } finally {
    child.kill('SIGTERM');
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

// ---- OAuth ----------------------------------------------------------------------------------

check('oauth: authorization code exchanged by tokensApi.create, then refreshed', async (client, url, state) => {
  const consent = await fetch(`${url}/oauth/authorize?client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT)}` +
                              `&scope=${encodeURIComponent('oauth crm.objects.invoices.read')}&state=st`, { redirect: 'manual' });
  assert.equal(consent.status, 302);
  const code = new URL(consent.headers.get('location')).searchParams.get('code');
  const tokens = await client.oauth.tokensApi.create('authorization_code', code, REDIRECT, CLIENT_ID, CLIENT_SECRET);
  assert.equal(tokens.expiresIn, 1800);
  assert.ok(tokens.accessToken && tokens.refreshToken);
  const refreshed = await client.oauth.tokensApi.create('refresh_token', undefined, undefined, CLIENT_ID, CLIENT_SECRET,
                                                        tokens.refreshToken);
  assert.equal(refreshed.refreshToken, tokens.refreshToken);
  const info = await client.oauth.accessTokensApi.get(refreshed.accessToken);
  assert.ok(info.scopes.includes('crm.objects.invoices.read'));
  // The connector's token: every scope, minted by the control plane.
  const minted = await (await fetch(`${url}/__sandbox/hubspot/oauth/tokens`, { method: 'POST', body: '{}' })).json();
  client.setAccessToken(minted.access_token);
  state.token = minted.access_token;
});

// ---- properties -----------------------------------------------------------------------------

check('properties: group and unique property created, read back', async (client) => {
  const group = await client.crm.properties.groupsApi.create('invoices', { name: 'ledgersync', label: 'ledgersync', displayOrder: -1 });
  assert.equal(group.name, 'ledgersync');
  const created = await client.crm.properties.coreApi.create('invoices', {
    name: 'qbo_invoice_id', label: 'QBO invoice id', type: 'string', fieldType: 'text',
    groupName: 'ledgersync', hasUniqueValue: true,
  });
  assert.equal(created.hasUniqueValue, true);
  const read = await client.crm.properties.coreApi.getByName('invoices', 'qbo_invoice_id');
  assert.equal(read.groupName, 'ledgersync');
  const all = await client.crm.properties.coreApi.getAll('invoices');
  assert.ok(all.results.some((p) => p.name === 'hs_invoice_status'));
  const groups = await client.crm.properties.groupsApi.getAll('invoices');
  assert.ok(groups.results.some((g) => g.name === 'ledgersync'));
  const g = await client.crm.properties.groupsApi.getByName('invoices', 'ledgersync');
  assert.equal(g.label, 'ledgersync');
});

check('properties: an enumeration defined twice is 409, then its options updated by coreApi.update (PATCH)', async (client) => {
  // The connector's PropertyDefinitions: create; on 409 (an earlier version's definition) PATCH the options.
  const definition = {
    name: 'ledgersync_sync_state', label: 'Sync state', type: 'enumeration', fieldType: 'select', groupName: 'ledgersync',
    options: [{ label: 'Synced', value: 'synced', hidden: false, displayOrder: 0 }],
  };
  const created = await client.crm.properties.coreApi.create('invoices', definition);
  assert.deepEqual(created.options.map((o) => o.value), ['synced']);
  await assert.rejects(client.crm.properties.coreApi.create('invoices', definition), (e) => e.code === 409);
  const updated = await client.crm.properties.coreApi.update('invoices', 'ledgersync_sync_state', { options: [
    { label: 'Synced', value: 'synced', hidden: false, displayOrder: 0 },
    { label: 'Failed', value: 'failed', hidden: false, displayOrder: 1 },
  ] });
  assert.deepEqual(updated.options.map((o) => [o.value, o.label]), [['synced', 'Synced'], ['failed', 'Failed']]);
  const read = await client.crm.properties.coreApi.getByName('invoices', 'ledgersync_sync_state');
  assert.deepEqual(read.options.map((o) => o.value), ['synced', 'failed']);
  assert.equal(read.type, 'enumeration');
  assert.equal(read.groupName, 'ledgersync');
});

// ---- account info ---------------------------------------------------------------------------

check('account info: GET /account-info/v3/details tells the company currency the account was seeded with', async (client, url) => {
  // This client version has no account-info API (client.settings has only businessUnits and users), so
  // the call goes through client.apiRequest, the client's documented generic call (its auth, base path).
  const seeded = await (await fetch(`${url}/__sandbox/hubspot/seed`, { method: 'POST', body: JSON.stringify({
    defaults: false, company_currency: 'EUR', additional_currencies: ['GBP'], static_token: true }) })).json();
  const account = new hubspot.Client({ basePath: url, accessToken: seeded.static_token });
  const response = await account.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
  assert.equal(response.status, 200);
  const details = await response.json();
  assert.equal(details.companyCurrency, 'EUR');
  assert.deepEqual(details.additionalCurrencies, ['GBP']);
  assert.equal(String(details.portalId), String(seeded.portal_id));
  // The default account (the other client's token) is in USD.
  const usd = await (await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' })).json();
  assert.equal(usd.companyCurrency, 'USD');
});

// ---- contacts, companies, products, deals ---------------------------------------------------

check('objects: contacts, companies, products and deals through their own APIs', async (client, url, state) => {
  const company = await client.crm.companies.basicApi.create({ properties: { name: 'Node Corp', domain: 'node.example' }, associations: [] });
  const contact = await client.crm.contacts.basicApi.create({
    properties: { email: 'node@example.com', firstname: 'Node' },
    associations: [{ to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }],
  });
  state.contact = contact.id;
  const byEmail = await client.crm.contacts.basicApi.getById('node@example.com', ['email'], undefined, ['companies'], false, 'email');
  assert.equal(byEmail.id, contact.id);
  assert.equal(byEmail.associations.companies.results[0].id, company.id);
  const product = await client.crm.products.basicApi.create({ properties: { name: 'Widget', price: '12.34', hs_sku: 'W-1' }, associations: [] });
  assert.equal(product.properties.price, '12.34');
  const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Node deal', dealstage: 'contractsent', amount: '99.99' }, associations: [] });
  state.deal = deal.id;
  const dealRead = await client.crm.deals.basicApi.getById(deal.id, ['amount']);
  assert.equal(dealRead.properties.amount, '99.99');
  const page = await client.crm.companies.basicApi.getPage(2);
  assert.equal(page.results.length, 2);
  assert.ok(page.paging.next.after);
});

check('deals: the connector\'s deal property defined, then batch read and batch update', async (client, url, state) => {
  // deal_latest_invoice.cpp: its properties in the ledgersync group of deals; deals read and written in batches.
  await client.crm.properties.groupsApi.create('deals', { name: 'ledgersync', label: 'LedgerSync', displayOrder: -1 });
  await client.crm.properties.coreApi.create('deals', {
    name: 'ledgersync_qbo_invoice_total', label: 'QuickBooks invoice total', type: 'number', fieldType: 'number', groupName: 'ledgersync',
  });
  const before = await client.crm.deals.batchApi.read({ inputs: [{ id: state.deal }], properties: ['ledgersync_qbo_invoice_total', 'dealname'], propertiesWithHistory: [] });
  assert.equal(before.results[0].properties.dealname, 'Node deal');
  assert.ok(!before.results[0].properties.ledgersync_qbo_invoice_total);
  const updated = await client.crm.deals.batchApi.update({ inputs: [{ id: state.deal, properties: { ledgersync_qbo_invoice_total: '1234.56' } }] });
  assert.equal(updated.results.length, 1);
  assert.equal(updated.results[0].properties.ledgersync_qbo_invoice_total, '1234.56');
  const after = await client.crm.deals.basicApi.getById(state.deal, ['ledgersync_qbo_invoice_total', 'amount']);
  assert.equal(after.properties.ledgersync_qbo_invoice_total, '1234.56');
  assert.equal(after.properties.amount, '99.99');
});

// ---- line items and invoices ----------------------------------------------------------------

check('line items: batch create, read, update, upsert-free search', async (client, url, state) => {
  const batch = await client.crm.lineItems.batchApi.create({ inputs: [
    { properties: { name: 'Hours', price: '150.00', quantity: '3' }, associations: [] },
    { properties: { name: 'Setup', price: '49.99', quantity: '1' }, associations: [] },
  ] });
  assert.equal(batch.results.length, 2);
  state.lines = batch.results.map((r) => r.id);
  const read = await client.crm.lineItems.batchApi.read({ inputs: state.lines.map((id) => ({ id })), properties: ['amount'], propertiesWithHistory: [] });
  assert.deepEqual(read.results.map((r) => r.properties.amount).sort(), ['450.00', '49.99']);
  const one = await client.crm.lineItems.basicApi.getById(state.lines[1], ['price']);
  assert.equal(one.properties.price, '49.99');
  await client.crm.lineItems.basicApi.update(state.lines[1], { properties: { quantity: '2' } });
  const updated = await client.crm.lineItems.batchApi.update({ inputs: [{ id: state.lines[1], properties: { name: 'Setup fee' } }] });
  assert.equal(updated.results[0].properties.name, 'Setup fee');
  const found = await client.crm.lineItems.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: 'Setup fee' }] }],
    sorts: [], properties: ['amount'], limit: 10, after: '0',
  });
  assert.equal(found.total, 1);
  assert.equal(found.results[0].properties.amount, '99.98');
});

check('invoices: create with associations, finalize, totals, get, page, search', async (client, url, state) => {
  const invoice = await client.crm.commerce.invoices.basicApi.create({
    properties: { hs_currency: 'USD', qbo_invoice_id: 'QBO-100' },
    associations: [
      { to: { id: state.contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 177 }] },
      { to: { id: state.lines[0] }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 409 }] },
    ],
  });
  state.invoice = invoice.id;
  await client.crm.commerce.invoices.basicApi.update(invoice.id, { properties: { hs_invoice_status: 'open' } });
  const read = await client.crm.commerce.invoices.basicApi.getById(invoice.id,
    ['hs_invoice_status', 'hs_number', 'hs_amount_billed', 'hs_balance_due'], undefined, ['line_items', 'contacts']);
  assert.equal(read.properties.hs_invoice_status, 'open');
  assert.equal(read.properties.hs_amount_billed, '450.00');
  assert.ok(read.properties.hs_number);
  assert.equal(read.associations.line_items.results.length, 1);
  const byUnique = await client.crm.commerce.invoices.basicApi.getById('QBO-100', ['hs_currency'], undefined, undefined, false, 'qbo_invoice_id');
  assert.equal(byUnique.id, invoice.id);
  const page = await client.crm.commerce.invoices.basicApi.getPage(100, undefined, ['hs_invoice_status']);
  assert.ok(page.results.length >= 5);
  const search = await client.crm.commerce.invoices.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'qbo_invoice_id', operator: 'HAS_PROPERTY' }] }],
    sorts: [{ propertyName: 'hs_createdate', direction: 'DESCENDING' }], properties: ['qbo_invoice_id'], limit: 10, after: '0',
  });
  assert.equal(search.total, 1);
  assert.equal(search.results[0].properties.qbo_invoice_id, 'QBO-100');
});

check('invoices: batch upsert by unique property, batch read by it, 409 on a duplicate create', async (client) => {
  const first = await client.crm.commerce.invoices.batchApi.upsert({ inputs: [
    { id: 'QBO-200', idProperty: 'qbo_invoice_id', properties: { hs_currency: 'USD', hs_comments: 'one' } },
  ] });
  assert.equal(first.results[0]._new ?? first.results[0]['new'], true);
  const second = await client.crm.commerce.invoices.batchApi.upsert({ inputs: [
    { id: 'QBO-200', idProperty: 'qbo_invoice_id', properties: { hs_comments: 'two' } },
  ] });
  assert.equal(second.results[0].id, first.results[0].id);
  const read = await client.crm.commerce.invoices.batchApi.read({ inputs: [{ id: 'QBO-200' }], idProperty: 'qbo_invoice_id', properties: ['hs_comments'], propertiesWithHistory: [] });
  assert.equal(read.results[0].properties.hs_comments, 'two');
  await assert.rejects(
    client.crm.commerce.invoices.basicApi.create({ properties: { hs_currency: 'USD', qbo_invoice_id: 'QBO-200' }, associations: [] }),
    (e) => e.code === 409 && /Existing ID/.test(JSON.stringify(e.body)));
});

check('invoices: batch create, update and archive; single archive', async (client) => {
  const created = await client.crm.commerce.invoices.batchApi.create({ inputs: [
    { properties: { hs_currency: 'EUR' }, associations: [] },
    { properties: { hs_currency: 'EUR' }, associations: [] },
  ] });
  const ids = created.results.map((r) => r.id);
  const updated = await client.crm.commerce.invoices.batchApi.update({ inputs: ids.map((id) => ({ id, properties: { hs_comments: 'batch' } })) });
  assert.equal(updated.results.length, 2);
  await client.crm.commerce.invoices.batchApi.archive({ inputs: [{ id: ids[0] }] });
  await client.crm.commerce.invoices.basicApi.archive(ids[1]);
  await assert.rejects(client.crm.commerce.invoices.basicApi.getById(ids[1]), (e) => e.code === 404);
});

// ---- associations v4 ------------------------------------------------------------------------

check('associations v4: default, labelled, page, batch create and read, archive', async (client, url, state) => {
  const def = await client.crm.associations.v4.basicApi.createDefault('invoices', state.invoice, 'companies',
    (await client.crm.companies.basicApi.getPage(1)).results[0].id);
  assert.equal(def.results[0].associationSpec.associationTypeId, 179);
  const line = await client.crm.lineItems.basicApi.create({ properties: { name: 'Extra', price: '10', quantity: '1' }, associations: [] });
  const labelled = await client.crm.associations.v4.basicApi.create('invoices', state.invoice, 'line_items', line.id,
    [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 409 }]);
  assert.equal(String(labelled.toObjectId), line.id);
  const page = await client.crm.associations.v4.basicApi.getPage('invoices', state.invoice, 'line_items');
  assert.equal(page.results.length, 2);
  assert.equal(page.results[0].associationTypes[0].typeId, 409);
  const more = await client.crm.lineItems.basicApi.create({ properties: { name: 'More', price: '1.50', quantity: '2' }, associations: [] });
  const batch = await client.crm.associations.v4.batchApi.create('invoices', 'line_items', { inputs: [
    { _from: { id: state.invoice }, to: { id: more.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 409 }] },
  ] });
  assert.equal(batch.results.length, 1);
  const read = await client.crm.associations.v4.batchApi.getPage('invoices', 'line_items', { inputs: [{ id: state.invoice }] });
  assert.equal(read.results[0].to.length, 3);
  await client.crm.associations.v4.basicApi.archive('invoices', state.invoice, 'line_items', more.id);
  const invoice = await client.crm.commerce.invoices.basicApi.getById(state.invoice, ['hs_amount_billed']);
  assert.equal(invoice.properties.hs_amount_billed, '460.00');
});

check('associations v4: batch default associations, then batch archive (stale children), read back', async (client, url, state) => {
  // writer.cpp: invoices -> contacts and line items by batch/associate/default; stale_children.cpp: batch/archive.
  const invoice = await client.crm.commerce.invoices.basicApi.create({ properties: { hs_currency: 'USD' }, associations: [] });
  const lines = await client.crm.lineItems.batchApi.create({ inputs: [
    { properties: { name: 'Kept', price: '20.00', quantity: '1' }, associations: [] },
    { properties: { name: 'Stale', price: '5.00', quantity: '1' }, associations: [] },
  ] });
  const [kept, stale] = lines.results.map((r) => r.id);
  const linked = await client.crm.associations.v4.batchApi.createDefault('invoices', 'line_items', { inputs: [
    { _from: { id: invoice.id }, to: { id: kept } }, { _from: { id: invoice.id }, to: { id: stale } },
  ] });
  assert.equal(linked.results.length, 2);
  assert.ok(linked.results.every((r) => r.associationSpec.associationTypeId === 409));
  const toContact = await client.crm.associations.v4.batchApi.createDefault('invoices', 'contacts', { inputs: [
    { _from: { id: invoice.id }, to: { id: state.contact } },
  ] });
  assert.equal(toContact.results[0].associationSpec.associationTypeId, 177);
  const lineIds = async () => {
    const read = await client.crm.associations.v4.batchApi.getPage('invoices', 'line_items', { inputs: [{ id: invoice.id }] });
    return (read.results[0]?.to ?? []).map((t) => String(t.toObjectId)).sort();
  };
  assert.deepEqual(await lineIds(), [kept, stale].sort());
  let read = await client.crm.commerce.invoices.basicApi.getById(invoice.id, ['hs_amount_billed'], undefined, ['contacts']);
  assert.equal(read.properties.hs_amount_billed, '25.00');
  assert.equal(read.associations.contacts.results[0].id, state.contact);
  await client.crm.associations.v4.batchApi.archive('invoices', 'line_items', { inputs: [{ _from: { id: invoice.id }, to: [{ id: stale }] }] });
  assert.deepEqual(await lineIds(), [kept]);
  read = await client.crm.commerce.invoices.basicApi.getById(invoice.id, ['hs_amount_billed']);
  assert.equal(read.properties.hs_amount_billed, '20.00');
  state.associatedInvoice = invoice.id;
});

// ---- payments, discounts, fees, taxes through the generic objects API ----------------------

check('generic objects: payment, discount, fee and tax move the invoice totals', async (client, url, state) => {
  const objects = client.crm.objects;
  const discount = await objects.basicApi.create('discounts', { properties: { hs_label: 'Loyal', hs_type: 'PERCENT', hs_value: '10' }, associations: [] });
  const fee = await objects.basicApi.create('fees', { properties: { hs_label: 'Shipping', hs_type: 'FIXED', hs_value: '5.00' }, associations: [] });
  const tax = await objects.basicApi.create('taxes', { properties: { hs_label: 'VAT', hs_type: 'PERCENT', hs_value: '20' }, associations: [] });
  for (const [type, id] of [['discounts', discount.id], ['fees', fee.id], ['taxes', tax.id]]) {
    await client.crm.associations.v4.basicApi.createDefault('invoices', state.invoice, type, id);
  }
  // 460.00 - 10% = 414.00; + 5.00 = 419.00; + 20% = 502.80
  let invoice = await client.crm.commerce.invoices.basicApi.getById(state.invoice, ['hs_amount_billed', 'hs_balance_due']);
  assert.equal(invoice.properties.hs_amount_billed, '502.80');
  const payment = await objects.basicApi.create('commerce_payments', {
    properties: { hs_initial_amount: '502.80', hs_initiated_date: '2025-06-01T09:00:00Z', hs_latest_status: 'succeeded', hs_processor_type: 'quickbooks' },
    associations: [{ to: { id: state.invoice }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 542 }] }],
  });
  invoice = await client.crm.commerce.invoices.basicApi.getById(state.invoice, ['hs_invoice_status', 'hs_balance_due']);
  assert.equal(invoice.properties.hs_invoice_status, 'paid');
  assert.equal(invoice.properties.hs_balance_due, '0.00');
  const found = await objects.searchApi.doSearch('commerce_payments', {
    filterGroups: [{ filters: [{ propertyName: 'hs_latest_status', operator: 'EQ', value: 'succeeded' }] }],
    sorts: [], properties: ['hs_initial_amount'], limit: 10, after: '0',
  });
  assert.ok(found.results.some((p) => p.id === payment.id));
  const read = await objects.batchApi.read('taxes', { inputs: [{ id: tax.id }], properties: ['hs_value'], propertiesWithHistory: [] });
  assert.equal(read.results[0].properties.hs_value, '20');
  const page = await objects.basicApi.getPage('fees', 10);
  assert.equal(page.results.length, 1);
  const one = await objects.basicApi.getById('discounts', discount.id, ['hs_type']);
  assert.equal(one.properties.hs_type, 'PERCENT');
  await objects.basicApi.update('fees', fee.id, { properties: { hs_label: 'Freight' } });
  const upserted = await objects.batchApi.upsert('contacts', { inputs: [{ id: 'upsert@example.com', idProperty: 'email', properties: { firstname: 'Up' } }] });
  assert.equal(upserted.results.length, 1);
  await objects.basicApi.archive('fees', fee.id);
});

check('payments: a payment upserted on its source id, batch-associated with its invoice by default (542), pays it', async (client, url, state) => {
  // payment_writer.cpp: payments upserted on their source id, then payment -> invoice by batch/associate/default.
  const invoice = state.associatedInvoice;
  await client.crm.commerce.invoices.basicApi.update(invoice, { properties: { hs_invoice_status: 'open' } });
  await client.crm.properties.groupsApi.create('commerce_payments', { name: 'ledgersync', label: 'LedgerSync', displayOrder: -1 });
  await client.crm.properties.coreApi.create('commerce_payments', {
    name: 'ledgersync_source_id', label: 'LedgerSync source id', type: 'string', fieldType: 'text', groupName: 'ledgersync', hasUniqueValue: true,
  });
  const properties = { hs_initial_amount: '20.00', hs_initiated_date: '2025-06-02T09:00:00Z', hs_latest_status: 'succeeded', hs_processor_type: 'quickbooks' };
  const upsert = () => client.crm.objects.batchApi.upsert('commerce_payments', { inputs: [
    { id: 'qbo-payment-7', idProperty: 'ledgersync_source_id', properties, objectWriteTraceId: '0' },
  ] });
  const first = await upsert();
  assert.equal(first.results[0]._new, true);
  assert.equal(first.results[0].objectWriteTraceId, '0');
  const again = await upsert();
  assert.equal(again.results[0]._new, false);
  assert.equal(again.results[0].id, first.results[0].id);
  const payment = first.results[0];
  let read = await client.crm.commerce.invoices.basicApi.getById(invoice, ['hs_balance_due']);
  assert.equal(read.properties.hs_balance_due, '20.00');
  const linked = await client.crm.associations.v4.batchApi.createDefault('commerce_payments', 'invoices', { inputs: [
    { _from: { id: payment.id }, to: { id: invoice } },
  ] });
  assert.equal(linked.results[0].associationSpec.associationTypeId, 542);
  read = await client.crm.commerce.invoices.basicApi.getById(invoice, ['hs_invoice_status', 'hs_balance_due'], undefined, ['commerce_payments']);
  assert.equal(read.properties.hs_balance_due, '0.00');
  assert.equal(read.properties.hs_invoice_status, 'paid');
  assert.deepEqual(read.associations.commerce_payments.results.map((r) => r.id), [payment.id]);
});

check('errors: the client surfaces 400 PROPERTY_DOESNT_EXIST and 403 MISSING_SCOPES', async (client, url) => {
  await assert.rejects(
    client.crm.commerce.invoices.basicApi.create({ properties: { hs_currency: 'USD', nope: '1' }, associations: [] }),
    (e) => e.code === 400 && /PROPERTY_DOESNT_EXIST/.test(JSON.stringify(e.body)));
  const limited = await (await fetch(`${url}/__sandbox/hubspot/oauth/tokens`, { method: 'POST', body: JSON.stringify({ scopes: ['crm.objects.contacts.read'] }) })).json();
  const narrow = new hubspot.Client({ basePath: url, accessToken: limited.access_token });
  await assert.rejects(narrow.crm.commerce.invoices.basicApi.getPage(), (e) => e.code === 403 && /MISSING_SCOPES/.test(JSON.stringify(e.body)));
});

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
