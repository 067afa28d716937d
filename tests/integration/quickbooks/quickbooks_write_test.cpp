// Writing to QuickBooks through the host's services and the real plugin, against the sandbox:
// customers, items and invoices created, updated and voided; batches; stale SyncTokens; lost
// answers; expired tokens; the invoice PDF.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "qbo_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using sdk::OutcomeClass;
using testing::canonical_invoice;
using testing::ConnectorHarness;
using testing::QboSandbox;
using testing::WriteItemBuilder;

json mapping() { return {{"mapping", {{"income_account_id", "1"}}}}; }

std::int64_t endpoint_count(const json& counters, const std::string& endpoint) {
    const auto& by = counters.at("by_endpoint");
    return by.contains(endpoint) ? by.at(endpoint).get<std::int64_t>() : 0;
}

/// The sandbox's entity with `id`, or null.
json find_entity(const QboSandbox& sandbox, const std::string& entity, const std::string& id) {
    for (const auto& e : sandbox.entities(entity)) {
        if (e.value("Id", "") == id) return e;
    }
    return nullptr;
}

/// Creates a customer and a service item through the connector; their QBO ids.
std::pair<std::string, std::string> customer_and_item(ConnectorHarness& h, const std::string& suffix = "") {
    const auto outcomes = h.connector().write(
        {WriteItemBuilder::make("customer", "cust" + suffix,
                                {{"display_name", "Sonnenschein Family Store" + suffix}, {"email", "family@example.com"}}, {}),
         WriteItemBuilder::make("product", "prod" + suffix, {{"name", "Garden Design" + suffix}, {"type", "service"},
                                                             {"unit_price", "75.00"}, {"currency", "USD"}},
                                {})});
    EXPECT_EQ(outcomes.at(0).kind, OutcomeClass::ok) << outcomes.at(0).reason;
    EXPECT_EQ(outcomes.at(1).kind, OutcomeClass::ok) << outcomes.at(1).reason;
    return {outcomes.at(0).target_id, outcomes.at(1).target_id};
}

std::vector<sdk::RecordLink> invoice_links(const std::string& customer, const std::string& item, int lines = 1) {
    std::vector<sdk::RecordLink> links = {{"customer", "customer", "cust", "/customer", customer}};
    for (int i = 0; i < lines; ++i) links.push_back({"product", "product", "prod", "/lines/" + std::to_string(i) + "/product", item});
    return links;
}

TEST(QuickBooksWrites, invoices_are_created_updated_and_voided_with_their_customer_and_items) {
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();  // the invoices are found by their numbers
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    ASSERT_FALSE(customer.empty());
    const json created_customer = find_entity(sandbox, "Customer", customer);
    EXPECT_EQ(created_customer["DisplayName"], "Sonnenschein Family Store");
    EXPECT_EQ(find_entity(sandbox, "Item", item)["Type"], "Service");

    // Create.
    const auto create = h.connector().write(
        {WriteItemBuilder::make("invoice", "inv", canonical_invoice("LS-1001", "cust", "prod", "275.00"), invoice_links(customer, item))});
    ASSERT_EQ(create[0].kind, OutcomeClass::ok) << create[0].reason;
    EXPECT_EQ(create[0].action, "created");
    const std::string id = create[0].target_id;
    json invoice = find_entity(sandbox, "Invoice", id);
    EXPECT_EQ(invoice["DocNumber"], "LS-1001");
    EXPECT_EQ(invoice["CustomerRef"]["value"], customer);
    EXPECT_EQ(sdk::Decimal::from_json(invoice["TotalAmt"]), sdk::Decimal::parse("275.00"));

    // Update: two lines and a new due date, as a sparse update on the SyncToken we got.
    json changed = canonical_invoice("LS-1001", "cust", "prod", "137.50", 2);
    changed["due_date"] = "2027-01-05";
    const auto update = h.connector().write({WriteItemBuilder::make("invoice", "inv", changed, invoice_links(customer, item, 2),
                                                                    "update", id, create[0].target_version)});
    ASSERT_EQ(update[0].kind, OutcomeClass::ok) << update[0].reason;
    EXPECT_EQ(update[0].action, "updated");
    invoice = find_entity(sandbox, "Invoice", id);
    EXPECT_EQ(invoice["DueDate"], "2027-01-05");
    EXPECT_EQ(sdk::Decimal::from_json(invoice["TotalAmt"]), sdk::Decimal::parse("275.00"));
    int item_lines = 0;
    for (const auto& line : invoice["Line"]) item_lines += line.value("DetailType", "") == "SalesItemLineDetail" ? 1 : 0;
    EXPECT_EQ(item_lines, 2);

    // Void (a delete of a transaction).
    const auto voided = h.connector().write(
        {WriteItemBuilder::make("invoice", "inv", json::object(), {}, "delete", id, update[0].target_version)});
    ASSERT_EQ(voided[0].kind, OutcomeClass::ok) << voided[0].reason;
    EXPECT_EQ(voided[0].action, "voided");
    invoice = find_entity(sandbox, "Invoice", id);
    EXPECT_TRUE(sdk::Decimal::from_json(invoice["TotalAmt"]).is_zero());
    EXPECT_EQ(invoice["PrivateNote"].get<std::string>().rfind("Voided", 0), 0u);

    // The connector reads it back as voided.
    const sdk::ReadResult read = h.connector().read({"invoice", std::nullopt});
    bool seen = false;
    for (const auto& record : read.records) {
        if (record.identity.id == id) {
            seen = true;
            EXPECT_EQ(record.body["status"], "voided");
        }
    }
    EXPECT_TRUE(seen);
}

TEST(QuickBooksWrites, a_hundred_invoices_handed_over_together_cost_four_batch_calls) {
    QboSandbox sandbox;
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    sandbox.control("POST", "/__sandbox/counters/reset", json::object());

    std::vector<sdk::WriteItem> items;
    for (int i = 0; i < 100; ++i) {
        items.push_back(WriteItemBuilder::make("invoice", "inv" + std::to_string(i),
                                               canonical_invoice("LS-" + std::to_string(2000 + i), "cust", "prod", "19.99"),
                                               invoice_links(customer, item)));
    }
    const auto batch_size = static_cast<std::size_t>(h.manifest().batch_size);
    ASSERT_EQ(batch_size, 30u);
    std::set<std::string> ids;
    for (std::size_t start = 0; start < items.size(); start += batch_size) {
        const std::vector<sdk::WriteItem> chunk(items.begin() + static_cast<long>(start),
                                                items.begin() + static_cast<long>(std::min(items.size(), start + batch_size)));
        for (const auto& o : h.connector().write(chunk)) {
            ASSERT_EQ(o.kind, OutcomeClass::ok) << o.reason;
            ids.insert(o.target_id);
        }
    }
    EXPECT_EQ(ids.size(), 100u);
    const json counters = sandbox.counters();
    EXPECT_EQ(counters["batch_requests"], 4);
    EXPECT_EQ(counters["batch_items"], 100);
    EXPECT_EQ(endpoint_count(counters, "POST /v3/company/{realmId}/batch"), 4);
    // and the one read of the company's preferences (are custom transaction numbers on?).
    EXPECT_EQ(endpoint_count(counters, "GET /v3/company/{realmId}/preferences"), 1);
    EXPECT_EQ(counters["total"], 5) << counters.dump();
    std::size_t landed = 0;
    for (const auto& invoice : sandbox.entities("Invoice")) {
        if (ids.count(invoice.value("Id", "")) != 0) {
            ++landed;
            EXPECT_EQ(sdk::Decimal::from_json(invoice["TotalAmt"]), sdk::Decimal::parse("19.99"));
        }
    }
    EXPECT_EQ(landed, 100u);
}

TEST(QuickBooksWrites, a_stale_sync_token_is_read_again_and_the_update_lands) {
    QboSandbox sandbox;
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    const auto create = h.connector().write(
        {WriteItemBuilder::make("invoice", "inv", canonical_invoice("LS-3001", "cust", "prod"), invoice_links(customer, item))});
    ASSERT_EQ(create[0].kind, OutcomeClass::ok) << create[0].reason;
    const std::string id = create[0].target_id;
    // Someone changes the invoice in QuickBooks meanwhile.
    const auto [status, answer] = sandbox.api(
        "POST", "invoice", json{{"Id", id}, {"SyncToken", create[0].target_version}, {"sparse", true}, {"PrivateNote", "edited in QBO"}}.dump());
    ASSERT_EQ(status, 200) << answer.dump();

    json changed = canonical_invoice("LS-3001", "cust", "prod");
    changed["memo"] = "Thank you";
    const auto update = h.connector().write(
        {WriteItemBuilder::make("invoice", "inv", changed, invoice_links(customer, item), "update", id, create[0].target_version)});
    ASSERT_EQ(update[0].kind, OutcomeClass::ok) << update[0].reason;
    const json invoice = find_entity(sandbox, "Invoice", id);
    EXPECT_EQ(invoice["CustomerMemo"]["value"], "Thank you");
    EXPECT_EQ(invoice["PrivateNote"], "edited in QBO");  // the other change survives: sparse update
    EXPECT_EQ(update[0].target_version, invoice["SyncToken"]);
    // The stale attempt, the re-read and the retry.
    int stale = 0;
    for (const auto& r : sandbox.request_log()) stale += r.value("status", 0) == 400 ? 1 : 0;
    EXPECT_EQ(stale, 1);
}

TEST(QuickBooksWrites, a_lost_answer_then_a_retry_with_the_same_requestid_creates_no_duplicate) {
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();  // the invoices are found by their numbers
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    // The sandbox commits the next invoice create and drops the connection before answering.
    sandbox.control("POST", "/__sandbox/faults",
                    {{"drop_after_commit", 1}, {"path_prefix", "/v3/company/" + sandbox.realm() + "/invoice"}});
    auto first = WriteItemBuilder::make("invoice", "inv", canonical_invoice("LS-4001", "cust", "prod"), invoice_links(customer, item));
    const auto lost = h.connector().write({first});
    EXPECT_EQ(lost[0].kind, OutcomeClass::transient) << lost[0].reason;
    sandbox.control("DELETE", "/__sandbox/faults");

    auto retry = first;
    retry.attempt = 2;  // the host's retry: same idempotency key
    const auto again = h.connector().write({retry});
    ASSERT_EQ(again[0].kind, OutcomeClass::ok) << again[0].reason;
    int with_number = 0;
    for (const auto& invoice : sandbox.entities("Invoice")) with_number += invoice.value("DocNumber", "") == "LS-4001" ? 1 : 0;
    EXPECT_EQ(with_number, 1);
    EXPECT_EQ(sandbox.counters()["replayed"], 1);
    std::vector<std::string> requestids;
    for (const auto& r : sandbox.request_log()) {
        if (r.value("endpoint", "") == "POST /v3/company/{realmId}/invoice") requestids.push_back(r.value("requestid", ""));
    }
    ASSERT_EQ(requestids.size(), 2u);
    EXPECT_FALSE(requestids[0].empty());
    EXPECT_EQ(requestids[0], requestids[1]);
}

TEST(QuickBooksWrites, a_lost_batch_answer_then_retries_in_other_groupings_create_no_duplicates) {
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();  // the invoices are found by their numbers
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    std::vector<sdk::WriteItem> items;
    for (int i = 0; i < 5; ++i) {
        items.push_back(WriteItemBuilder::make("invoice", "inv" + std::to_string(i),
                                               canonical_invoice("LS-50" + std::to_string(i), "cust", "prod"), invoice_links(customer, item)));
    }
    sandbox.control("POST", "/__sandbox/faults", {{"drop_after_commit", 1}, {"path_prefix", "/v3/company/" + sandbox.realm() + "/batch"}});
    for (const auto& o : h.connector().write(items)) EXPECT_EQ(o.kind, OutcomeClass::transient) << o.reason;
    sandbox.control("DELETE", "/__sandbox/faults");
    for (auto& item_ : items) item_.attempt = 2;
    // The host retries them in other groupings.
    const auto first = h.connector().write({items[3], items[0]});
    const auto second = h.connector().write({items[4], items[2], items[1]});
    std::set<std::string> ids;
    for (const auto& o : first) ids.insert(o.target_id);
    for (const auto& o : second) ids.insert(o.target_id);
    for (const auto& o : first) EXPECT_EQ(o.kind, OutcomeClass::ok) << o.reason;
    for (const auto& o : second) EXPECT_EQ(o.kind, OutcomeClass::ok) << o.reason;
    EXPECT_EQ(ids.size(), 5u);
    int created = 0;
    for (const auto& invoice : sandbox.entities("Invoice")) created += invoice.value("DocNumber", "").rfind("LS-50", 0) == 0 ? 1 : 0;
    EXPECT_EQ(created, 5);
}

TEST(QuickBooksWrites, an_expired_token_causes_one_refresh_the_rotated_token_is_persisted_and_the_call_succeeds) {
    QboSandbox sandbox;
    const json config = sandbox.connector_config(mapping());
    ConnectorHarness h(config);
    ASSERT_TRUE(h.connector().check().ok);  // the first token
    const auto stored_before = h.state().get(ConnectorHarness::kConnection, "oauth/refresh_token");
    ASSERT_TRUE(stored_before);
    const std::int64_t refreshes_before = endpoint_count(sandbox.counters(), "POST /oauth2/v1/tokens/bearer");

    // A day passes in QuickBooks: the access token the connector holds has expired there, and
    // its refresh token is old enough for Intuit to hand out a new one (about daily).
    sandbox.control("POST", "/__sandbox/clock", {{"advance_seconds", 86400}});
    const auto outcomes = h.connector().write({WriteItemBuilder::make("customer", "late", {{"display_name", "Late Customer"}}, {})});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;

    const json counters = sandbox.counters();
    EXPECT_EQ(endpoint_count(counters, "POST /oauth2/v1/tokens/bearer"), refreshes_before + 1);
    EXPECT_EQ(endpoint_count(counters, "POST /v3/company/{realmId}/customer"), 2);  // refused, then accepted
    const auto stored_after = h.state().get(ConnectorHarness::kConnection, "oauth/refresh_token");
    ASSERT_TRUE(stored_after);
    // Rotated and persisted.
    const std::string token = sdk::parse_json_exact(*stored_after).at("refresh_token");
    EXPECT_NE(token, sdk::parse_json_exact(*stored_before).at("refresh_token").get<std::string>());
    // Encrypted at rest: the database file does not hold the token's text.
    std::ifstream db(h.database_file(), std::ios::binary);
    std::stringstream bytes;
    bytes << db.rdbuf();
    EXPECT_EQ(bytes.str().find(token), std::string::npos);
    // A restarted instance uses the persisted tokens: no further refresh.
    auto restarted = h.another_instance(config);
    EXPECT_TRUE(restarted->check().ok);
    EXPECT_EQ(endpoint_count(sandbox.counters(), "POST /oauth2/v1/tokens/bearer"), refreshes_before + 1);
}

TEST(QuickBooksWrites, the_invoice_pdf_is_fetched) {
    QboSandbox sandbox;
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    const auto create = h.connector().write(
        {WriteItemBuilder::make("invoice", "inv", canonical_invoice("LS-6001", "cust", "prod"), invoice_links(customer, item))});
    ASSERT_EQ(create[0].kind, OutcomeClass::ok) << create[0].reason;
    const sdk::Document pdf = h.connector().fetch({"invoice_pdf", create[0].target_id});
    EXPECT_EQ(pdf.content_type, "application/pdf");
    EXPECT_EQ(pdf.bytes.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.bytes.find("%%EOF"), std::string::npos);
}

TEST(QuickBooksWrites, a_number_quickbooks_already_has_fails_naming_both_invoices_and_the_prefixed_number_lands) {
    QboSandbox sandbox;
    sandbox.use_custom_transaction_numbers();
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    // Someone made an invoice in QuickBooks with the number the HubSpot invoice has (with a
    // quote, which the connector's lookup by number must escape).
    const json made_in_qbo = {
        {"DocNumber", "O'B-1001"}, {"TxnDate", "2026-11-02"}, {"CustomerRef", {{"value", customer}}},
        {"Line", json::array({{{"Amount", 50}, {"DetailType", "SalesItemLineDetail"},
                               {"SalesItemLineDetail", {{"ItemRef", {{"value", item}}}, {"Qty", 1}, {"UnitPrice", 50}}}}})}};
    const auto [status, answer] = sandbox.api("POST", "invoice", made_in_qbo.dump());
    ASSERT_EQ(status, 200) << answer.dump();
    const std::string existing = answer.at("Invoice").at("Id");

    const auto item_of = [&](const std::string& number, std::int64_t attempt) {
        auto w = WriteItemBuilder::make("invoice", "hs-77", canonical_invoice(number, "cust", "prod"), invoice_links(customer, item));
        w.attempt = attempt;
        return w;
    };
    const auto refused = h.connector().write({item_of("O'B-1001", 1)});
    ASSERT_EQ(refused[0].kind, OutcomeClass::data) << refused[0].reason;
    EXPECT_NE(refused[0].reason.find("QuickBooks refused creating invoice O'B-1001 (ledger invoice hs-77): its number \"O'B-1001\" "
                                     "is already the DocNumber of QuickBooks invoice " + existing +
                                     " (customer 'Sonnenschein Family Store', dated 2026-11-02, total 50.00 USD), which is a "
                                     "different invoice"),
              std::string::npos)
        << refused[0].reason;
    EXPECT_NE(refused[0].reason.find("6140"), std::string::npos) << refused[0].reason;
    EXPECT_NE(refused[0].fix_hint.find("set invoice_numbers.prefix in the qbo_invoice_rules mapper config"), std::string::npos)
        << refused[0].fix_hint;
    EXPECT_NE(refused[0].fix_hint.find("renumber QuickBooks invoice " + existing), std::string::npos) << refused[0].fix_hint;
    int numbered = 0;
    for (const auto& invoice : sandbox.entities("Invoice")) numbered += invoice.value("DocNumber", "") == "O'B-1001" ? 1 : 0;
    EXPECT_EQ(numbered, 1);

    // The fix: the route's qbo_invoice_rules gets "invoice_numbers": {"prefix": "HS-"}; the retry
    // carries the number it makes.
    const auto landed = h.connector().write({item_of("HS-O'B-1001", 2)});
    ASSERT_EQ(landed[0].kind, OutcomeClass::ok) << landed[0].reason;
    EXPECT_EQ(find_entity(sandbox, "Invoice", landed[0].target_id)["DocNumber"], "HS-O'B-1001");
}

TEST(QuickBooksWrites, without_custom_transaction_numbers_quickbooks_numbers_the_invoice_itself) {
    QboSandbox sandbox;  // the default company: custom transaction numbers off, as QBO's default
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const auto [customer, item] = customer_and_item(h);
    const auto created = h.connector().write(
        {WriteItemBuilder::make("invoice", "inv", canonical_invoice("LS-7001", "cust", "prod"), invoice_links(customer, item))});
    ASSERT_EQ(created[0].kind, OutcomeClass::ok) << created[0].reason;
    const std::string number = find_entity(sandbox, "Invoice", created[0].target_id).value("DocNumber", "");
    EXPECT_FALSE(number.empty());
    EXPECT_NE(number, "LS-7001");  // QBO's own sequence, not the number QBO would store unchecked
}

TEST(QuickBooksWrites, a_duplicate_customer_name_fails_with_the_actionable_message) {
    QboSandbox sandbox;
    ConnectorHarness h(sandbox.connector_config(mapping()));
    ASSERT_EQ(h.connector().write({WriteItemBuilder::make("customer", "a", {{"display_name", "Red Rock Diner"}}, {})})[0].kind,
              OutcomeClass::ok);
    const auto second = h.connector().write(
        {WriteItemBuilder::make("customer", "b", {{"display_name", "Red Rock Diner"}, {"email", "other@example.com"}}, {})});
    EXPECT_EQ(second[0].kind, OutcomeClass::data);
    EXPECT_NE(second[0].reason.find("a customer, vendor or employee named 'Red Rock Diner' already exists in QuickBooks; "
                                    "rename one of them or map this customer to the existing one"),
              std::string::npos)
        << second[0].reason;
}

TEST(QuickBooksWrites, customers_and_items_quickbooks_holds_already_are_matched_with_one_lookup_per_batch) {
    QboSandbox sandbox;
    ConnectorHarness h(sandbox.connector_config(mapping()));
    const std::vector<std::string> names = {"O'Brien & Sons", "Zoë's Bakery", "Red Rock Diner"};
    std::vector<sdk::WriteItem> first;
    for (std::size_t i = 0; i < names.size(); ++i) {
        first.push_back(WriteItemBuilder::make("customer", "old" + std::to_string(i),
                                               {{"display_name", names[i]}, {"email", "c" + std::to_string(i) + "@example.com"}}, {}));
    }
    first.push_back(WriteItemBuilder::make("product", "old-item", {{"name", "Garden Design"}, {"type", "service"},
                                                                  {"unit_price", "75.00"}, {"currency", "USD"}}, {}));
    std::vector<std::string> existing;
    for (const auto& outcome : h.connector().write(first)) {
        ASSERT_EQ(outcome.kind, OutcomeClass::ok) << outcome.reason;
        existing.push_back(outcome.target_id);
    }
    const auto queries_before = endpoint_count(sandbox.counters(), "GET /v3/company/{realmId}/query");
    const std::size_t customers = sandbox.entities("Customer").size();
    const std::size_t items = sandbox.entities("Item").size();

    // The same customers (names and e-mail addresses, another source) and the same item, once
    // more in one batch, with a fourth customer of an existing name and another e-mail.
    std::vector<sdk::WriteItem> again;
    for (std::size_t i = 0; i < names.size(); ++i) {
        again.push_back(WriteItemBuilder::make("customer", "new" + std::to_string(i),
                                               {{"display_name", names[i]}, {"email", "C" + std::to_string(i) + "@Example.com"}}, {}));
    }
    again.push_back(WriteItemBuilder::make("product", "new-item", {{"name", "Garden Design"}, {"type", "service"},
                                                                  {"unit_price", "75.00"}, {"currency", "USD"}}, {}));
    again.push_back(WriteItemBuilder::make("customer", "namesake", {{"display_name", names[2]}, {"email", "someone@else.example"}}, {}));
    const auto outcomes = h.connector().write(again);
    ASSERT_EQ(outcomes.size(), 5u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(outcomes[i].kind, OutcomeClass::ok) << i << ": " << outcomes[i].reason;
        EXPECT_EQ(outcomes[i].action, "matched") << i;
        EXPECT_EQ(outcomes[i].target_id, existing[i]) << i;
    }
    EXPECT_EQ(outcomes[4].kind, OutcomeClass::data) << "a namesake is not the same customer";
    EXPECT_NE(outcomes[4].reason.find("named 'Red Rock Diner' already exists"), std::string::npos) << outcomes[4].reason;
    // One lookup for the customers, one for the item: not one per name.
    EXPECT_EQ(endpoint_count(sandbox.counters(), "GET /v3/company/{realmId}/query") - queries_before, 2);
    EXPECT_EQ(sandbox.entities("Customer").size(), customers) << "no customer made twice";
    EXPECT_EQ(sandbox.entities("Item").size(), items) << "no item made twice";
}

}  // namespace
}  // namespace ledgersync
