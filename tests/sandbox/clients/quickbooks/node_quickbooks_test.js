// node-quickbooks (npm), unchanged, against ledgersync-sandbox's QBO emulator: every operation
// the ledgersync QuickBooks connector uses. The client is only pointed at the sandbox through
// its exported endpoint properties (V3_ENDPOINT_BASE_URL, TOKEN_URL, REVOKE_URL); nothing of it
// is patched. Any incompatibility found here is a fidelity bug of the emulator.
//
//   LEDGERSYNC_SANDBOX_BINARY=build/bin/ledgersync-sandbox node --test node_quickbooks_test.js
//
// The sandbox is started on a free 127.0.0.1 port and stopped at the end.
'use strict';

// Only 127.0.0.1 is ever contacted: no proxy from the environment applies.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
  delete process.env[name];
}
process.env.NO_PROXY = '*';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

let QuickBooks;
try {
  QuickBooks = require('node-quickbooks');
} catch (e) {
  throw new Error('node-quickbooks is not installed: run `npm ci --prefix ' + __dirname + '` (scripts/test.sh does)');
}

const binary = process.env.LEDGERSYNC_SANDBOX_BINARY;
let sandbox;
let baseUrl;
let realmId;
let clientId;
let clientSecret;
let workDir;

function waitForFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (fs.existsSync(file)) return resolve(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (Date.now() > deadline) return reject(new Error('the sandbox did not write its ready file ' + file));
      setTimeout(poll, 50);
    };
    poll();
  });
}

// A control-plane call over plain HTTP; resolves with the parsed JSON answer.
function control(method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const request = http.request(baseUrl + urlPath, {
      method,
      headers: data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {},
    }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(method + ' ' + urlPath + ' -> ' + response.statusCode + ' ' + text));
        resolve(JSON.parse(text));
      });
    });
    request.on('error', reject);
    request.end(data);
  });
}

// Calls a node-quickbooks method in its callback style; resolves with [err, data, response].
function call(qbo, method, ...args) {
  return new Promise((resolve) => {
    qbo[method](...args, (err, data, response) => resolve([err, data, response]));
  });
}

// Like call(), for calls that must succeed: the entity or document.
async function ok(qbo, method, ...args) {
  const [err, data] = await call(qbo, method, ...args);
  if (err) {
    const body = err.response ? err.response.data : err;
    assert.fail(method + ' failed: ' + JSON.stringify(body));
  }
  return data;
}

// The Fault a failed call got (node-quickbooks hands over axios' error; the body is its data).
function faultOf(err) {
  assert.ok(err, 'the call was expected to fail');
  const body = err.response ? err.response.data : err;
  assert.ok(body && body.Fault, 'no Fault in ' + JSON.stringify(body));
  return body.Fault;
}

async function client() {
  const tokens = await control('POST', '/__sandbox/qbo/oauth/tokens', { realm_id: realmId });
  return new QuickBooks(clientId, clientSecret, tokens.access_token, false, realmId,
                        true /* useSandbox: the V3_ENDPOINT_BASE_URL below */, false, 75, '2.0',
                        tokens.refresh_token);
}

before(async () => {
  assert.ok(binary, 'set LEDGERSYNC_SANDBOX_BINARY to the ledgersync-sandbox executable');
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-node-client-'));
  const ready = path.join(workDir, 'ready.json');
  sandbox = spawn(binary, ['--qbo-port', '0', '--ready-file', ready], { stdio: ['ignore', 'inherit', 'inherit'] });
  const info = await waitForFile(ready, 20000);
  baseUrl = info.qbo.url;
  realmId = info.qbo.realm_id;
  clientId = info.qbo.client_id;
  clientSecret = info.qbo.client_secret;
  assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  // Point the unchanged client at the sandbox through its exported endpoints.
  QuickBooks.V3_ENDPOINT_BASE_URL = baseUrl + '/v3/company/';
  QuickBooks.TOKEN_URL = baseUrl + '/oauth2/v1/tokens/bearer';
  QuickBooks.REVOKE_URL = baseUrl + '/v2/oauth2/tokens/revoke';
  await control('POST', '/__sandbox/clock', { set: '2025-06-02T17:00:00Z' });
  await control('POST', '/__sandbox/qbo/seed', { realm_id: realmId, multicurrency: true });
});

after(() => {
  if (sandbox) sandbox.kill('SIGTERM');
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('refreshAccessToken gets a working access token and keeps the day-old refresh token', async () => {
  const qbo = await client();
  const firstRefresh = qbo.refreshToken;
  const answer = await ok(qbo, 'refreshAccessToken');
  assert.equal(answer.token_type, 'bearer');
  assert.equal(qbo.token, answer.access_token);
  assert.equal(qbo.refreshToken, firstRefresh);  // Intuit changes it about once a day
  const info = await ok(qbo, 'getCompanyInfo', realmId);
  assert.equal(info.CompanyName, 'Sandbox Company_US_1');

  await control('POST', '/__sandbox/clock', { advance_seconds: 86400 });
  await ok(qbo, 'refreshAccessToken');
  assert.notEqual(qbo.refreshToken, firstRefresh);
  await control('POST', '/__sandbox/clock', { set: '2025-06-02T17:00:00Z' });
});

test('customers and items: create, read, sparse update, deactivate, find', async () => {
  const qbo = await client();
  const customer = await ok(qbo, 'createCustomer', {
    DisplayName: "O'Neil Node Co", PrimaryEmailAddr: { Address: 'billing@oneil.example' },
  });
  assert.equal(customer.SyncToken, '0');
  const read = await ok(qbo, 'getCustomer', customer.Id);
  assert.equal(read.DisplayName, "O'Neil Node Co");
  const updated = await ok(qbo, 'updateCustomer', { Id: customer.Id, SyncToken: read.SyncToken, CompanyName: 'ONeil Ltd' });
  assert.equal(updated.CompanyName, 'ONeil Ltd');
  assert.equal(updated.SyncToken, '1');
  assert.equal(updated.PrimaryEmailAddr.Address, 'billing@oneil.example');  // sparse: kept

  const found = await ok(qbo, 'findCustomers', { DisplayName: "O'Neil Node Co" });
  assert.equal(found.QueryResponse.Customer.length, 1);
  assert.equal(found.QueryResponse.Customer[0].Id, customer.Id);
  const byMail = await ok(qbo, 'findCustomers', [{ field: 'PrimaryEmailAddr', value: 'billing@oneil.example', operator: '=' }]);
  assert.equal(byMail.QueryResponse.Customer[0].Id, customer.Id);

  const item = await ok(qbo, 'createItem', {
    Name: 'Node Widget', Type: 'Service', UnitPrice: 12.5, IncomeAccountRef: { value: '1' },
  });
  const item2 = await ok(qbo, 'updateItem', { Id: item.Id, SyncToken: item.SyncToken, Description: 'from node' });
  assert.equal(item2.Description, 'from node');
  assert.equal(item2.UnitPrice, 12.5);
  const items = await ok(qbo, 'findItems', { Name: 'Node Widget' });
  assert.equal(items.QueryResponse.Item[0].Id, item.Id);

  // Name-list entities are made inactive, never deleted; queries then leave them out.
  const inactive = await ok(qbo, 'updateItem', { Id: item.Id, SyncToken: item2.SyncToken, Active: false });
  assert.equal(inactive.Active, false);
  assert.deepEqual((await ok(qbo, 'findItems', { Name: 'Node Widget' })).QueryResponse, {});
  const counted = await ok(qbo, 'findItems', { Active: [true, false], count: true });
  assert.ok(counted.QueryResponse.totalCount >= 1);
});

test('invoices and payments: create, read, sparse update, pdf, void', async () => {
  const qbo = await client();
  const customer = await ok(qbo, 'createCustomer', { DisplayName: 'Node Invoice Customer' });
  const invoice = await ok(qbo, 'createInvoice', {
    CustomerRef: { value: customer.Id },
    DocNumber: 'NODE-1',
    Line: [{ DetailType: 'SalesItemLineDetail', Amount: 100.05,
             SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 3, UnitPrice: 33.35 } }],
  });
  assert.equal(invoice.TotalAmt, 100.05);
  assert.equal(invoice.Balance, 100.05);
  const read = await ok(qbo, 'getInvoice', invoice.Id);
  assert.equal(read.DocNumber, 'NODE-1');
  const updated = await ok(qbo, 'updateInvoice', { Id: invoice.Id, SyncToken: read.SyncToken, CustomerMemo: { value: 'Thanks' } });
  assert.equal(updated.CustomerMemo.value, 'Thanks');
  assert.equal(updated.Line.length, read.Line.length);  // sparse: lines kept

  const pdf = await ok(qbo, 'getInvoicePdf', invoice.Id);
  assert.ok(Buffer.isBuffer(pdf));
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');

  const found = await ok(qbo, 'findInvoices', [{ field: 'DocNumber', value: 'NODE-1', operator: '=' }]);
  assert.equal(found.QueryResponse.Invoice[0].Id, invoice.Id);

  const payment = await ok(qbo, 'createPayment', {
    CustomerRef: { value: customer.Id }, TotalAmt: 40,
    Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
  });
  assert.equal(payment.TotalAmt, 40);
  assert.equal((await ok(qbo, 'getInvoice', invoice.Id)).Balance, 60.05);
  const payment2 = await ok(qbo, 'updatePayment', { Id: payment.Id, SyncToken: payment.SyncToken, PaymentRefNum: 'ch_node' });
  assert.equal(payment2.PaymentRefNum, 'ch_node');
  assert.equal((await ok(qbo, 'getPayment', payment.Id)).PaymentRefNum, 'ch_node');
  // voidPayment: the sparse update with include=void.
  const voidedPayment = await ok(qbo, 'voidPayment', { Id: payment.Id, SyncToken: payment2.SyncToken });
  assert.equal(voidedPayment.TotalAmt, 0);
  assert.equal((await ok(qbo, 'getInvoice', invoice.Id)).Balance, 100.05);

  // voidInvoice with an Id reads the invoice and posts it back whole.
  const voidedInvoice = await call(qbo, 'voidInvoice', invoice.Id);
  assert.equal(voidedInvoice[0], null, JSON.stringify(voidedInvoice[1]));
  assert.equal(voidedInvoice[1].Invoice.TotalAmt, 0);
  assert.match(voidedInvoice[1].Invoice.PrivateNote, /^Voided/);
});

test('query faults reach the client: a property that cannot be filtered on, an unknown member', async () => {
  const qbo = await client();
  const [err] = await call(qbo, 'findVendors', { PrimaryEmailAddr: 'a@b.example' });
  const fault = faultOf(err);
  assert.equal(fault.Error[0].code, '4001');
  assert.equal(fault.Error[0].Detail, "QueryValidationError: property 'PrimaryEmailAddr' is not queryable");
  assert.equal(err.response.status, 400);

  const [createErr] = await call(qbo, 'createCustomer', { DisplayName: 'Typo Co', Nickname: 'typo' });
  const created = faultOf(createErr);
  assert.equal(created.Error[0].code, '2010');
  assert.match(created.Error[0].Detail, /Unrecognized field "Nickname"/);
});

test('batch: items answered by bId; what one item creates is not visible to the others', async () => {
  const qbo = await client();
  const answer = await ok(qbo, 'batch', [
    { bId: 'c1', operation: 'create', Customer: { DisplayName: 'Node Batch Co' } },
    { bId: 'q1', Query: "select * from Customer where DisplayName = 'Node Batch Co'" },
    { bId: 'q2', Query: "select * from Item where Name = 'Hours'" },
  ]);
  const byBid = Object.fromEntries(answer.BatchItemResponse.map((item) => [item.bId, item]));
  assert.equal(byBid.c1.Customer.DisplayName, 'Node Batch Co');
  assert.deepEqual(byBid.q1.QueryResponse, {});
  assert.equal(byBid.q2.QueryResponse.Item[0].Name, 'Hours');
  const after = await ok(qbo, 'findCustomers', { DisplayName: 'Node Batch Co' });
  assert.equal(after.QueryResponse.Customer.length, 1);
});

test('changeDataCapture lists what changed since a time', async () => {
  const qbo = await client();
  const since = (await control('GET', '/__sandbox/clock')).now;
  await control('POST', '/__sandbox/clock', { advance_seconds: 5 });
  const customer = await ok(qbo, 'createCustomer', { DisplayName: 'Node CDC Co' });
  const answer = await ok(qbo, 'changeDataCapture', ['Customer', 'Invoice'], since);
  const groups = answer.CDCResponse[0].QueryResponse;
  assert.equal(groups.length, 2);
  assert.deepEqual(groups[0].Customer.map((c) => c.Id), [customer.Id]);
  assert.deepEqual(groups[1], {});
});

test('exchange rates: getExchangeRate, findExchangeRates, updateExchangeRate', async () => {
  const qbo = await client();
  await control('POST', '/__sandbox/qbo/exchangerates', {
    realm_id: realmId, rates: [{ currency: 'EUR', date: '2025-05-01', rate: '1.0825' }],
  });
  const rate = await ok(qbo, 'getExchangeRate', { sourcecurrencycode: 'EUR', asofdate: '2025-05-20' });
  assert.equal(rate.ExchangeRate.Rate, 1.0825);
  assert.equal(rate.ExchangeRate.AsOfDate, '2025-05-01');
  assert.equal(rate.ExchangeRate.TargetCurrencyCode, 'USD');

  const set = await ok(qbo, 'updateExchangeRate', { SourceCurrencyCode: 'EUR', AsOfDate: '2025-06-01', Rate: 1.1 });
  assert.equal(set.ExchangeRate.Rate, 1.1);
  const found = await ok(qbo, 'findExchangeRates', [{ field: 'SourceCurrencyCode', value: 'EUR', operator: '=' },
                                                     { field: 'AsOfDate', value: '2025-06-02', operator: '=' }]);
  assert.equal(found.QueryResponse.ExchangeRate.length, 1);
  assert.equal(found.QueryResponse.ExchangeRate[0].Rate, 1.1);
});
