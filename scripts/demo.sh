#!/usr/bin/env bash
# The demo, on a fresh Debian 12 machine: installs what it needs, builds, starts the HubSpot and
# QuickBooks Online sandboxes (emulators on 127.0.0.1), fills HubSpot with a small company's
# customers, products and finalized invoices, and runs the ledgersync host with config/demo.json
# and the shipped routes (config/routes/invoice-sync.json). The invoices sync into QuickBooks;
# the one QuickBooks cannot represent is shown with its reason and fix; the host keeps running
# until Ctrl-C, so invoices finalized in HubSpot meanwhile arrive too (the commands are printed).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset default
cmake --build --preset default --parallel "$(nproc)"

demo="$PWD/build/demo"
rm -rf "$demo"
mkdir -p "$demo"
ledgersync="$PWD/build/bin/ledgersync"
qbo_url=http://127.0.0.1:8788       # the ports config/demo.json names
hubspot_url=http://127.0.0.1:8789

pids=()
stop() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
trap 'echo; echo "demo: stopping"; exit 0' INT TERM

build/bin/ledgersync-sandbox --apis qbo,hubspot --qbo-port 8788 --hubspot-port 8789 --stripe-port off \
    --ready-file "$demo/sandbox.json" > "$demo/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$demo/sandbox.json" ] && break; sleep 0.1; done
[ -s "$demo/sandbox.json" ] || { echo "demo: the sandbox did not start; see $demo/sandbox.log"; exit 1; }

# field FILE EXPRESSION: a value of a JSON file (node is installed by setup.sh).
field() { node -e "const j=JSON.parse(require('fs').readFileSync(process.argv[1]));console.log(eval('j.'+process.argv[2]))" "$1" "$2"; }
post() { curl -sf -XPOST "$1" -H 'Content-Type: application/json' -d "$2"; }
realm=$(field "$demo/sandbox.json" qbo.realm_id)

# QuickBooks: the company with a "PO number" custom field, HubSpot's invoice numbers kept as
# DocNumber, and one customer it already has (the same person as in HubSpot: found, not duplicated).
post "$qbo_url/__sandbox/qbo/seed" "{\"realm_id\": \"$realm\", \"custom_fields\": [\"PO number\"], \"custom_txn_numbers\": true,
  \"entities\": {\"Customer\": [{\"DisplayName\": \"Siobhán O'Brien-Núñez\", \"PrimaryEmailAddr\": {\"Address\": \"siobhan@obrien.example\"}}]}}" > /dev/null
# What a user gets from Intuit's consent screen: the first refresh token of the connection.
post "$qbo_url/__sandbox/qbo/oauth/tokens" "{\"realm_id\": \"$realm\"}" > "$demo/qbo_tokens.json"
# HubSpot: the demo account (tests/sandbox/README.md, "HubSpot seeding": "demo") and a private
# app token for it.
post "$hubspot_url/__sandbox/hubspot/seed" '{"portal_id": "20000002", "defaults": false, "demo": true, "static_token": true}' \
    > "$demo/hubspot_seed.json"

umask 077
field "$demo/sandbox.json" qbo.client_secret | tr -d '\n' > "$demo/qbo_client_secret"
field "$demo/qbo_tokens.json" refresh_token | tr -d '\n' > "$demo/qbo_refresh_token"
field "$demo/hubspot_seed.json" static_token | tr -d '\n' > "$demo/hubspot_token"
umask 022
"$ledgersync" keys generate "$demo/secret.key" > /dev/null
# config/demo.json with the shipped routes: the configuration the host runs with, written into
# build/demo (its paths, relative to config/, made absolute).
node -e "
const fs = require('fs');
const config = JSON.parse(fs.readFileSync('config/demo.json', 'utf8').split('../build/').join(process.argv[2] + '/build/'));
config.routes = JSON.parse(fs.readFileSync('config/routes/invoice-sync.json', 'utf8')).routes;
fs.writeFileSync(process.argv[1], JSON.stringify(config, null, 2));" "$demo/ledgersync.json" "$PWD"
config="$demo/ledgersync.json"
"$ledgersync" config check "$config" > "$demo/config-check.log" || { cat "$demo/config-check.log"; exit 1; }

"$ledgersync" run --config "$config" --ready-file "$demo/host.json" > "$demo/host.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$demo/host.json" ] && break; sleep 0.1; done
[ -s "$demo/host.json" ] || { echo "demo: the host did not start; see $demo/host.log"; exit 1; }

invoice() { field "$demo/hubspot_seed.json" "created.demo_invoices.$1"; }
portal=$(field "$demo/hubspot_seed.json" portal_id)
qbo_invoices() { curl -sf "$qbo_url/__sandbox/qbo/realms/$realm/Invoice" | node -e "
const j = JSON.parse(require('fs').readFileSync(0)); const list = Array.isArray(j) ? j : (j.Invoice || j.entities || []);
console.log(list.length)"; }
echo "demo: syncing HubSpot's invoices into QuickBooks..."
for _ in $(seq 1 240); do
    failed=$("$ledgersync" failures list --json --config "$config" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).length)")
    [ "$(qbo_invoices)" -ge 3 ] && [ "$failed" -ge 1 ] && break
    sleep 0.5
done

echo
echo "== QuickBooks now holds these invoices (from HubSpot) =="
curl -sf "$qbo_url/__sandbox/qbo/realms/$realm/Invoice" | node -e "
const j = JSON.parse(require('fs').readFileSync(0)); const list = Array.isArray(j) ? j : (j.Invoice || j.entities || []);
for (const i of list) {
  const po = (i.CustomField || []).find(f => f.Name === 'PO number' && f.StringValue);
  console.log('  ' + i.DocNumber + '  ' + i.TxnDate + '  ' + i.CustomerRef.name + '  ' + i.TotalAmt + ' USD' + (po ? '  PO ' + po.StringValue : ''));
}"
echo
echo "== HubSpot shows each sync (the invoices' ledgersync_sync_status and ledgersync_qbo_link) =="
hubspot_statuses() {
    curl -sf "$hubspot_url/__sandbox/hubspot/accounts/$portal/invoices" | node -e "
const list = JSON.parse(require('fs').readFileSync(0)).invoices || [];
for (const i of list) {
  const p = i.properties;
  if (p.ledgersync_sync_status) console.log('  ' + (p.hs_number || i.id) + '  ' + p.ledgersync_sync_status + '  ' + (p.ledgersync_qbo_link || p.ledgersync_last_error || ''));
}"
}
for _ in $(seq 1 60); do
    [ "$(hubspot_statuses | grep -c ' synced ')" -ge 3 ] && break
    sleep 0.5
done
hubspot_statuses
echo "  (each link opens the invoice in the QuickBooks sandbox's app view)"
echo
echo "== Not synced, and why (ledgersync objects show) =="
for label in draft euro no_sync; do
    "$ledgersync" objects show "hubspot/invoice/$(invoice "$label")" --config "$config" | grep -m1 'filtered' | sed "s/^ */  $label: /"
done
echo
echo "== The invoice QuickBooks cannot represent (ledgersync failures list / show) =="
"$ledgersync" failures list --config "$config"
failure=$("$ledgersync" failures list --json --config "$config" | node -e "const l=JSON.parse(require('fs').readFileSync(0)); console.log(l.length ? l[0].id : '')")
[ -n "$failure" ] && "$ledgersync" failures show "$failure" --config "$config" | sed -n '1,8p'

contact=$(field "$demo/hubspot_seed.json" 'created.contacts[0]')
product=$(field "$demo/hubspot_seed.json" 'created.products[1]')
auth="Authorization: Bearer \$(cat $demo/hubspot_token)"
cat <<TEXT

== Where to look ==
  ledgersync:  http://127.0.0.1:8787/healthz      (config: $config, log: $demo/host.log)
  QuickBooks:  $qbo_url/app/invoice?txnId=ID   (an invoice as a page; all of them: curl -s $qbo_url/__sandbox/qbo/realms/$realm/Invoice)
  HubSpot:     curl -s $hubspot_url/__sandbox/hubspot/accounts/$portal/invoices
  failures:    build/bin/ledgersync failures list --config $config
  why not:     build/bin/ledgersync objects show hubspot/invoice/$(invoice euro) --config $config

== Finalize a new invoice in HubSpot and watch it arrive in QuickBooks (within a minute: HubSpot is polled) ==
LINE=\$(curl -s -XPOST $hubspot_url/crm/v3/objects/line_items -H "$auth" -H 'Content-Type: application/json' \\
  -d '{"properties": {"name": "Design", "hs_product_id": "$product", "price": "95.50", "quantity": "4"}}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
INVOICE=\$(curl -s -XPOST $hubspot_url/crm/v3/objects/invoices -H "$auth" -H 'Content-Type: application/json' \\
  -d '{"properties": {"hs_currency": "USD", "hs_purchase_order_number": "PO-9000"}, "associations": [{"to": {"id": "'\$LINE'"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 409}]}, {"to": {"id": "$contact"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 177}]}]}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
curl -s -XPATCH $hubspot_url/crm/v3/objects/invoices/\$INVOICE -H "$auth" -H 'Content-Type: application/json' -d '{"properties": {"hs_invoice_status": "open"}}'
build/bin/ledgersync objects show hubspot/invoice/\$INVOICE --config $config

demo: running; press Ctrl-C to stop
TEXT
wait "${pids[1]}"
