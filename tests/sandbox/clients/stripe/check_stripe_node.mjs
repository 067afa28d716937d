// Stripe's official Node client (stripe@13.11.0, API 2023-08-16), unchanged, against the
// sandbox's Stripe emulator: every operation a payments connector uses. Run by the ctest test
// StripeNodeClient.official_client_works_unchanged_against_the_sandbox, which starts the
// sandbox and passes its URL:
//   STRIPE_SANDBOX_URL=http://127.0.0.1:PORT node check_stripe_node.mjs
// Uses node's own test runner, so its summary line ("# pass N", "# fail N") reports the result.

import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import Stripe from 'stripe';

const base = new URL(process.env.STRIPE_SANDBOX_URL ?? 'http://127.0.0.1:12111');
if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') {
  throw new Error('the sandbox must be on 127.0.0.1, got ' + base.href);
}
const stripe = new Stripe('sk_test_ledgersync_node_client', {
  host: base.hostname,
  port: Number(base.port),
  protocol: 'http',
  maxNetworkRetries: 2,
  telemetry: false,
});

async function control(method, path, body) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status !== 200) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

await control('POST', '/__sandbox/stripe/reset');
await control('POST', '/__sandbox/stripe/rate_limits', { enabled: false });
await control('POST', '/__sandbox/stripe/fees', { percent: '2.9', fixed: 30 });

test('customers: create, retrieve, update metadata, list with auto-pagination', async () => {
  const created = await stripe.customers.create({ email: 'node@example.com', name: 'Node', metadata: { crm_id: '42' } });
  assert.match(created.id, /^cus_/);
  assert.equal(created.lastResponse.statusCode, 200);
  assert.match(created.lastResponse.requestId, /^req_/);
  const updated = await stripe.customers.update(created.id, { metadata: { tier: 'gold' } });
  assert.deepEqual(updated.metadata, { crm_id: '42', tier: 'gold' });
  for (let i = 0; i < 4; i++) await stripe.customers.create({ name: `extra ${i}` });
  const all = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
  assert.equal(all.length, 5);
  assert.equal((await stripe.customers.retrieve(created.id)).email, 'node@example.com');
});

test('payment intents and charges: confirm, retrieve with expand, list', async () => {
  const customer = await stripe.customers.create({ email: 'payer@example.com' });
  const intent = await stripe.paymentIntents.create({
    amount: 10000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true,
    metadata: { invoice: 'INV-1' },
  });
  assert.equal(intent.status, 'succeeded');
  const again = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge.balance_transaction', 'customer'] });
  assert.equal(again.customer.email, 'payer@example.com');
  const bt = again.latest_charge.balance_transaction;
  assert.equal(bt.amount, 10000);
  assert.equal(bt.fee, 320);
  assert.deepEqual(bt.fee_details.map((f) => [f.type, f.amount]), [['stripe_fee', 320]]);
  const charge = await stripe.charges.retrieve(again.latest_charge.id, { expand: ['balance_transaction'] });
  assert.equal(charge.balance_transaction.net, 9680);
  const charges = await stripe.charges.list({ customer: customer.id, expand: ['data.balance_transaction'] });
  assert.equal(charges.data.length, 1);
  assert.equal(charges.data[0].balance_transaction.object, 'balance_transaction');
  const intents = await stripe.paymentIntents.list({ customer: customer.id });
  assert.equal(intents.data[0].id, intent.id);
});

test('refunds: create with idempotencyKey replays, list by charge', async () => {
  const intent = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const first = await stripe.refunds.create({ charge: intent.latest_charge, amount: 1500 }, { idempotencyKey: 'node-refund-1' });
  const second = await stripe.refunds.create({ charge: intent.latest_charge, amount: 1500 }, { idempotencyKey: 'node-refund-1' });
  assert.equal(second.id, first.id);
  const refunds = await stripe.refunds.list({ charge: intent.latest_charge });
  assert.equal(refunds.data.length, 1);
  const refund = await stripe.refunds.retrieve(first.id, { expand: ['balance_transaction'] });
  assert.equal(refund.balance_transaction.amount, -1500);
  assert.equal(refund.balance_transaction.fee, 0);
  await assert.rejects(
    stripe.refunds.create({ charge: intent.latest_charge, amount: 1 }, { idempotencyKey: 'node-refund-1' }),
    (error) => error.type === 'StripeIdempotencyError' && error.statusCode === 400,
  );
});

test('disputes: list, retrieve, update with evidence, close', async () => {
  const won = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
  const lost = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
  const disputes = await stripe.disputes.list({ limit: 10 });
  assert.equal(disputes.data.length, 2);
  const dispute = (await stripe.disputes.list({ charge: won.latest_charge })).data[0];
  assert.equal((await stripe.disputes.retrieve(dispute.id)).status, 'needs_response');
  const updated = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
  assert.equal(updated.status, 'won');
  const other = (await stripe.disputes.list({ charge: lost.latest_charge })).data[0];
  assert.equal((await stripe.disputes.close(other.id)).status, 'lost');
});

test('errors: typed errors with code, param and request id', async () => {
  await assert.rejects(stripe.charges.retrieve('ch_missing'), (error) =>
    error.type === 'StripeInvalidRequestError' && error.statusCode === 404 && error.code === 'resource_missing' &&
    /^req_/.test(error.requestId));
  await assert.rejects(stripe.customers.create({ nmae: 'typo' }), (error) =>
    error.code === 'parameter_unknown' && error.param === 'nmae');
  await assert.rejects(
    stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }),
    (error) => error.type === 'StripeCardError' && error.decline_code === 'generic_decline');
});

test('lock_timeout is retried by the client with the same idempotency key', async () => {
  await control('POST', '/__sandbox/stripe/faults', { lock_timeout: 1 });
  const customer = await stripe.customers.create({ name: 'after a lock timeout' });
  assert.match(customer.id, /^cus_/);
  const found = await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  assert.equal(found.filter((c) => c.name === 'after a lock timeout').length, 1);
});

test('webhooks: constructEvent accepts what the sandbox signs; the sandbox accepts generateTestHeaderString', async () => {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ body, signature: req.headers['stripe-signature'] });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/stripe`;
    const secret = 'whsec_node_client_check';
    await control('POST', '/__sandbox/stripe/webhooks', { endpoints: [{ url, enabled_events: ['charge.succeeded'], secret }] });
    const intent = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const deadline = Date.now() + 10000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 1);
    const event = stripe.webhooks.constructEvent(received[0].body, received[0].signature, secret);
    assert.equal(event.type, 'charge.succeeded');
    assert.equal(event.data.object.payment_intent, intent.id);
    assert.throws(() => stripe.webhooks.constructEvent(received[0].body + ' ', received[0].signature, secret));

    const payload = JSON.stringify({ id: 'evt_from_node', object: 'event' });
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
    const verdict = await control('POST', '/__sandbox/stripe/webhooks/verify', { payload, header, secret });
    assert.equal(verdict.valid, true, JSON.stringify(verdict));
    const forged = await control('POST', '/__sandbox/stripe/webhooks/verify', { payload, header, secret: 'whsec_other' });
    assert.equal(forged.valid, false);
  } finally {
    server.close();
  }
});

// Last: these move the sandbox clock, after which signatures made with the real clock are stale.
test('payouts and balance transactions: automatic payout contents by auto-pagination', async () => {
  await control('POST', '/__sandbox/stripe/clock', { advance_days: 3 });
  const payouts = await stripe.payouts.list({ limit: 10 });
  assert.ok(payouts.data.length >= 1);
  const payout = await stripe.payouts.retrieve(payouts.data[0].id);
  const contents = await stripe.balanceTransactions.list({ payout: payout.id, limit: 2 }).autoPagingToArray({ limit: 1000 });
  assert.ok(contents.length >= 2);
  assert.equal(contents.reduce((sum, bt) => sum + bt.net, 0), 0);
  const withSource = await stripe.balanceTransactions.retrieve(contents[contents.length - 1].id, { expand: ['source'] });
  assert.equal(typeof withSource.source, 'object');
  const balance = await stripe.balance.retrieve();
  assert.equal(balance.object, 'balance');
  let seen = 0;
  for await (const bt of stripe.balanceTransactions.list({ limit: 3 })) {
    assert.equal(bt.object, 'balance_transaction');
    seen++;
  }
  assert.ok(seen > contents.length);
});

test('events: list with a type wildcard and retrieve', async () => {
  const events = await stripe.events.list({ type: 'charge.*', limit: 100 });
  assert.ok(events.data.length > 0);
  assert.ok(events.data.every((e) => e.type.startsWith('charge.')));
  const event = await stripe.events.retrieve(events.data[0].id);
  assert.equal(event.api_version, '2023-08-16');
});
