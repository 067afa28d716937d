// Writing: batching, request ids that survive lost answers and regrouping, sparse updates with
// SyncToken and the 5010 retry, voids and deactivation, duplicate matching, and per-item
// outcomes.

#include <gtest/gtest.h>

#include <set>

#include <ledgersync/sdk.hpp>

#include "connector.hpp"
#include "fake_host.hpp"
#include "qbo_stub.hpp"
#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using sdk::OutcomeClass;
using testing::FakeHost;
using testing::QboStub;
using testing::connector_config;
using testing::fault_object;
using testing::query_parameter;
using testing::url_path;

std::string key_of(const std::string& source_id) { return sdk::hex_encode(sdk::sha256("key:" + source_id)).substr(0, 32); }

json invoice_body(const std::string& number, const std::string& amount = "100.00") {
    return {{"number", number}, {"status", "open"}, {"currency", "USD"}, {"issue_date", "2026-11-01"},
            {"customer", {{"type", "customer"}, {"id", "c1"}}},
            {"lines", json::array({{{"kind", "item"}, {"product", {{"type", "product"}, {"id", "p1"}}}, {"quantity", "1"},
                                    {"unit_price", amount}, {"amount", amount}}})},
            {"totals", {{"subtotal", amount}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", amount}, {"amount_paid", "0.00"},
                        {"balance_due", amount}}},
            {"source_system", "hubspot"}, {"updated_at", "2026-11-01T10:00:00Z"}};
}

sdk::WriteItem item(const std::string& type, const std::string& source_id, json body, std::vector<sdk::RecordLink> links,
                    const std::string& operation = "create", const std::string& target_id = "", const std::string& version = "",
                    std::int64_t attempt = 1) {
    sdk::WriteItem w;
    w.idempotency_key = key_of(source_id);
    w.operation = operation;
    w.record.identity = {"hubspot", "hs", type, source_id};
    w.record.version = "1";
    w.record.schema = "ledgersync." + type;
    w.record.body = std::move(body);
    w.record.links = std::move(links);
    w.target_id = target_id;
    w.target_version = version;
    w.attempt = attempt;
    return w;
}

sdk::WriteItem invoice(const std::string& source_id, const std::string& number, std::int64_t attempt = 1,
                       const std::string& amount = "100.00") {
    return item("invoice", source_id, invoice_body(number, amount),
                {{"customer", "customer", "c1", "/customer", "58"}, {"product", "product", "p1", "/lines/0/product", "1"}}, "create",
                "", "", attempt);
}

sdk::WriteItem retry(sdk::WriteItem w) {
    ++w.attempt;
    return w;
}

struct Fixture {
    /// The connector on connector_config() with `extra` merged in.
    explicit Fixture(const json& extra = json::object()) : connector{host.services(), connector_config(extra)} {}

    FakeHost host;
    QboStub qbo{host};
    QuickBooksConnector connector;

    /// The API calls made, without token refreshes and the read of the company's preferences.
    std::vector<sdk::HttpRequest> api_requests() const {
        std::vector<sdk::HttpRequest> out;
        for (const auto& r : host.requests()) {
            const std::string path = url_path(r.url);
            if (path != "/oauth2/v1/tokens/bearer" && path != "/v3/company/123/preferences") out.push_back(r);
        }
        return out;
    }
};

TEST(Writer, several_items_go_in_one_batch_with_short_request_and_batch_ids) {
    Fixture f;
    const auto outcomes = f.connector.write({invoice("a", "INV-1"), invoice("b", "INV-2", 1, "19.99"), invoice("c", "INV-3")});
    ASSERT_EQ(outcomes.size(), 3u);
    std::set<std::string> ids;
    for (const auto& o : outcomes) {
        EXPECT_EQ(o.kind, OutcomeClass::ok) << o.reason;
        EXPECT_EQ(o.action, "created");
        EXPECT_EQ(o.target_version, "0");
        ids.insert(o.target_id);
    }
    EXPECT_EQ(ids.size(), 3u);
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(url_path(requests[0].url), "/v3/company/123/batch");
    EXPECT_EQ(requests[0].budget, "batch");
    EXPECT_EQ(query_parameter(requests[0].url, "minorversion"), "75");
    const std::string requestid = query_parameter(requests[0].url, "requestid");
    EXPECT_FALSE(requestid.empty());
    EXPECT_LE(requestid.size(), 36u);
    const json body = sdk::parse_json_exact(requests[0].body);
    std::set<std::string> bids;
    for (const auto& entry : body["BatchItemRequest"]) {
        EXPECT_LE(entry["bId"].get<std::string>().size(), 10u);
        bids.insert(entry["bId"]);
        EXPECT_EQ(entry["operation"], "create");
    }
    EXPECT_EQ(bids.size(), 3u);
    // Amounts are JSON numbers with their exact text.
    EXPECT_NE(requests[0].body.find("\"Amount\":19.99"), std::string::npos) << requests[0].body;
    EXPECT_EQ(f.qbo.count("Invoice"), 3u);
}

TEST(Writer, one_item_is_a_single_request_whose_request_id_comes_from_its_idempotency_key) {
    Fixture f;
    const auto w = invoice("a", "INV-1");
    const auto outcomes = f.connector.write({w});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(url_path(requests[0].url), "/v3/company/123/invoice");
    EXPECT_EQ(requests[0].budget, "");
    EXPECT_EQ(query_parameter(requests[0].url, "requestid"), w.idempotency_key + "-1");
}

TEST(Writer, a_total_qbo_computes_otherwise_fails_with_both_totals_and_keeps_the_invoice_for_the_retry) {
    Fixture f;
    // The company adds sales tax of its own: QBO's TotalAmt is not the source total.
    f.qbo.adjust = [](const std::string& entity, json& stored) {
        if (entity == "Invoice") stored["TotalAmt"] = "108.25";
    };
    const auto outcomes = f.connector.write({invoice("a", "INV-1")});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::data) << outcomes[0].reason;
    EXPECT_NE(outcomes[0].reason.find("with TotalAmt 108.25, but the source total is 100.00"), std::string::npos)
        << outcomes[0].reason;
    EXPECT_NE(outcomes[0].fix_hint.find("sales tax"), std::string::npos) << outcomes[0].fix_hint;
    EXPECT_EQ(outcomes[0].details["qbo_total"], "108.25");
    EXPECT_EQ(outcomes[0].details["expected_total"], "100.00");
    // QBO holds the invoice: its id and SyncToken travel with the failure, so the host links it.
    EXPECT_EQ(outcomes[0].target_id, "1");
    EXPECT_EQ(outcomes[0].target_version, "0");
    EXPECT_EQ(f.qbo.count("Invoice"), 1u);
    EXPECT_EQ(f.host.counter("qbo_total_mismatches_total", ""), 1);

    // Fixed in QBO; the retry comes with the link's id and updates that invoice.
    f.qbo.adjust = nullptr;
    const auto again = f.connector.write({item("invoice", "a", invoice_body("INV-1"),
                                                {{"customer", "customer", "c1", "/customer", "58"},
                                                 {"product", "product", "p1", "/lines/0/product", "1"}},
                                                "update", "1", "0", 2)});
    ASSERT_EQ(again[0].kind, OutcomeClass::ok) << again[0].reason;
    EXPECT_EQ(again[0].target_id, "1");
    EXPECT_EQ(again[0].action, "updated");
    EXPECT_EQ(f.qbo.count("Invoice"), 1u);
}

TEST(Writer, totals_are_compared_as_exact_decimals) {
    Fixture f;
    f.qbo.adjust = [](const std::string& entity, json& stored) {
        if (entity == "Invoice") stored["TotalAmt"] = "100.0";  // the same amount, written otherwise
    };
    const auto outcomes = f.connector.write({invoice("a", "INV-1")});
    EXPECT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
}

TEST(Writer, a_lost_answer_is_retried_under_the_same_request_id_and_creates_nothing_twice) {
    Fixture f;
    const auto w = invoice("a", "INV-1");
    f.qbo.drop_after_commit = 1;
    const auto lost = f.connector.write({w});
    EXPECT_EQ(lost[0].kind, OutcomeClass::transient) << lost[0].reason;
    EXPECT_EQ(f.qbo.count("Invoice"), 1u);  // QBO did it
    const auto replayed = f.connector.write({retry(w)});
    ASSERT_EQ(replayed[0].kind, OutcomeClass::ok) << replayed[0].reason;
    EXPECT_EQ(replayed[0].target_id, "1");
    EXPECT_EQ(f.qbo.count("Invoice"), 1u);
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(query_parameter(requests[0].url, "requestid"), query_parameter(requests[1].url, "requestid"));
}

TEST(Writer, a_lost_batch_retried_in_other_groupings_creates_nothing_twice) {
    Fixture f;
    const auto a = invoice("a", "INV-1"), b = invoice("b", "INV-2"), c = invoice("c", "INV-3"), d = invoice("d", "INV-4");
    f.qbo.drop_after_commit = 1;
    for (const auto& o : f.connector.write({a, b, c})) EXPECT_EQ(o.kind, OutcomeClass::transient);
    EXPECT_EQ(f.qbo.count("Invoice"), 3u);
    // The host retries them apart, and with a new item.
    const auto first = f.connector.write({retry(a)});
    ASSERT_EQ(first[0].kind, OutcomeClass::ok) << first[0].reason;
    const auto rest = f.connector.write({retry(c), d, retry(b)});
    for (const auto& o : rest) ASSERT_EQ(o.kind, OutcomeClass::ok) << o.reason;
    EXPECT_EQ(f.qbo.count("Invoice"), 4u);
    std::set<std::string> ids = {first[0].target_id, rest[0].target_id, rest[1].target_id, rest[2].target_id};
    EXPECT_EQ(ids.size(), 4u);
}

TEST(Writer, items_a_replayed_batch_never_ran_are_sent_under_a_new_request_id) {
    Fixture f;
    const auto a = invoice("a", "INV-1"), b = invoice("b", "INV-2");
    f.qbo.drop_before = 1;  // the batch never arrives
    for (const auto& o : f.connector.write({a, b})) EXPECT_EQ(o.kind, OutcomeClass::transient);
    EXPECT_EQ(f.qbo.count("Invoice"), 0u);
    ASSERT_EQ(f.connector.write({retry(a)})[0].kind, OutcomeClass::ok);  // runs the batch id with a alone
    const auto second = f.connector.write({retry(b)});                    // the replay has no b
    ASSERT_EQ(second[0].kind, OutcomeClass::ok) << second[0].reason;
    EXPECT_EQ(f.qbo.count("Invoice"), 2u);
    const auto requests = f.api_requests();
    EXPECT_EQ(query_parameter(requests[1].url, "requestid"), query_parameter(requests[2].url, "requestid"));
    EXPECT_NE(query_parameter(requests[2].url, "requestid"), query_parameter(requests[3].url, "requestid"));
}

TEST(Writer, a_fault_drops_the_request_record_so_the_retry_after_a_fix_is_executed) {
    Fixture f;
    int faults = 1;
    f.qbo.fault = [&](const std::string&, const json&) -> std::optional<json> {
        if (faults-- > 0) return fault_object("2500", "Invalid Reference Id", "Invalid Reference Id : Customer assigned to this transaction has been deleted.");
        return std::nullopt;
    };
    const auto w = invoice("a", "INV-1");
    const auto refused = f.connector.write({w});
    EXPECT_EQ(refused[0].kind, OutcomeClass::data);
    EXPECT_NE(refused[0].reason.find("invoice INV-1"), std::string::npos) << refused[0].reason;
    EXPECT_EQ(f.host.state.count("requestid/" + w.idempotency_key), 0u);
    const auto fixed = f.connector.write({retry(w)});
    ASSERT_EQ(fixed[0].kind, OutcomeClass::ok) << fixed[0].reason;
    const auto requests = f.api_requests();
    EXPECT_NE(query_parameter(requests[0].url, "requestid"), query_parameter(requests[1].url, "requestid"));
}

TEST(Writer, updates_are_sparse_with_the_sync_token_and_a_stale_one_is_read_again_once) {
    Fixture f;
    f.qbo.put("Invoice", {{"Id", "7"}, {"SyncToken", "3"}, {"DocNumber", "INV-7"}});
    auto w = item("invoice", "a", invoice_body("INV-7", "50.00"),
                  {{"customer", "customer", "c1", "/customer", "58"}, {"product", "product", "p1", "/lines/0/product", "1"}}, "update",
                  "7", "2");
    const auto outcomes = f.connector.write({w});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(outcomes[0].action, "updated");
    EXPECT_EQ(outcomes[0].target_version, "4");
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 3u);  // stale update, read, update
    const json first = sdk::parse_json_exact(requests[0].body);
    EXPECT_EQ(first["Id"], "7");
    EXPECT_EQ(first["SyncToken"], "2");
    EXPECT_EQ(first["sparse"], true);
    EXPECT_EQ(requests[1].method, "GET");
    EXPECT_EQ(url_path(requests[1].url), "/v3/company/123/invoice/7");
    EXPECT_EQ(sdk::parse_json_exact(requests[2].body)["SyncToken"], "3");
    EXPECT_EQ(f.host.counter("qbo_stale_retries_total"), 1);
}

TEST(Writer, an_update_without_a_known_version_reads_the_sync_token_first) {
    Fixture f;
    f.qbo.put("Customer", {{"Id", "58"}, {"SyncToken", "5"}, {"DisplayName", "ABC"}});
    const auto outcomes = f.connector.write({item("customer", "c1", {{"display_name", "ABC Corp"}}, {}, "update", "58", "")});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(f.qbo.entities["Customer/58"]["DisplayName"], "ABC Corp");
}

TEST(Writer, deletes_void_transactions_and_deactivate_name_lists) {
    Fixture f;
    f.qbo.put("Invoice", {{"Id", "7"}, {"SyncToken", "0"}});
    f.qbo.put("Payment", {{"Id", "8"}, {"SyncToken", "1"}});
    f.qbo.put("Customer", {{"Id", "9"}, {"SyncToken", "2"}, {"DisplayName", "Gone"}});
    const auto one = f.connector.write({item("invoice", "i", json::object(), {}, "delete", "7", "0")});
    const auto two = f.connector.write({item("payment", "p", json::object(), {}, "delete", "8", "1")});
    const auto three = f.connector.write({item("customer", "c", json::object(), {}, "delete", "9", "2")});
    EXPECT_EQ(one[0].action, "voided");
    EXPECT_EQ(two[0].action, "voided");
    EXPECT_EQ(three[0].action, "deactivated");
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(query_parameter(requests[0].url, "operation"), "void");
    EXPECT_EQ(sdk::parse_json_exact(requests[0].body), (json{{"Id", "7"}, {"SyncToken", "0"}}));
    EXPECT_EQ(query_parameter(requests[1].url, "operation"), "update");
    EXPECT_EQ(query_parameter(requests[1].url, "include"), "void");
    EXPECT_EQ(sdk::parse_json_exact(requests[1].body), (json{{"Id", "8"}, {"SyncToken", "1"}, {"sparse", true}}));
    EXPECT_EQ(sdk::parse_json_exact(requests[2].body), (json{{"Active", false}, {"Id", "9"}, {"SyncToken", "2"}, {"sparse", true}}));
    // A voided invoice from the source becomes a void too.
    json voided = invoice_body("INV-7");
    voided["status"] = "voided";
    f.qbo.entities["Invoice/7"]["SyncToken"] = "5";
    const auto four = f.connector.write({item("invoice", "i", voided, {}, "update", "7", "5")});
    EXPECT_EQ(four[0].action, "voided") << four[0].reason;
}

TEST(Writer, a_duplicate_customer_name_is_matched_by_email_or_refused_with_the_issue_message) {
    Fixture f;
    f.qbo.put("Customer", {{"Id", "58"}, {"DisplayName", "ABC Corp"}, {"PrimaryEmailAddr", {{"Address", "john@abccorp.com"}}}});
    f.qbo.fault = [](const std::string& entity, const json&) -> std::optional<json> {
        if (entity == "Customer") {
            return fault_object("6240", "Duplicate Name Exists Error",
                                "The name supplied already exists. : Another customer, vendor or employee is already using this name.");
        }
        return std::nullopt;
    };
    const auto same = f.connector.write({item("customer", "c1", {{"display_name", "ABC Corp"}, {"email", "John@ABCcorp.com"}}, {})});
    ASSERT_EQ(same[0].kind, OutcomeClass::ok) << same[0].reason;
    EXPECT_EQ(same[0].action, "matched");
    EXPECT_EQ(same[0].target_id, "58");
    const auto other = f.connector.write({item("customer", "c2", {{"display_name", "ABC Corp"}, {"email", "other@example.com"}}, {})});
    EXPECT_EQ(other[0].kind, OutcomeClass::data);
    EXPECT_NE(other[0].reason.find("a customer, vendor or employee named 'ABC Corp' already exists in QuickBooks; rename one "
                                   "of them or map this customer to the existing one"),
              std::string::npos)
        << other[0].reason;
}

/// Field 1 "PO number" is on; field 2 "Tracking number" is defined but off; field 3 is unused.
void po_number_on_tracking_number_off(QboStub& qbo) {
    qbo.preferences["SalesFormsPrefs"]["CustomField"] = json::array(
        {{{"CustomField", json::array({{{"Name", "SalesFormsPrefs.UseSalesCustom1"}, {"Type", "BooleanType"}, {"BooleanValue", true}},
                                       {{"Name", "SalesFormsPrefs.UseSalesCustom2"}, {"Type", "BooleanType"}, {"BooleanValue", false}}})}},
         {{"CustomField", json::array({{{"Name", "SalesFormsPrefs.SalesCustomName1"}, {"Type", "StringType"}, {"StringValue", "PO number"}},
                                       {{"Name", "SalesFormsPrefs.SalesCustomName2"}, {"Type", "StringType"}, {"StringValue", "Tracking number"}}})}}});
}

TEST(Writer, a_custom_field_the_company_has_not_turned_on_or_names_otherwise_fails_instead_of_being_dropped) {
    FakeHost host;
    QboStub qbo{host};
    po_number_on_tracking_number_off(qbo);
    QuickBooksConnector connector{host.services(),
                                  connector_config({{"mapping", {{"custom_field_ids", {{"PO number", "1"}, {"Tracking number", "2"},
                                                                                       {"Ship via", "1"}}}}}})};
    const std::vector<sdk::RecordLink> links = {{"customer", "customer", "c1", "/customer", "58"},
                                                {"product", "product", "p1", "/lines/0/product", "1"}};
    const auto with_field = [&](const std::string& id, const std::string& field) {
        json body = invoice_body("INV-" + id);
        body["custom_fields"] = {{field, "value of " + field}};
        return item("invoice", id, body, links);
    };
    const auto outcomes = connector.write({with_field("a", "PO number"), with_field("b", "Tracking number"), with_field("c", "Ship via")});
    ASSERT_EQ(outcomes.size(), 3u);
    EXPECT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(outcomes[1].kind, OutcomeClass::data);
    EXPECT_NE(outcomes[1].reason.find("mapping.custom_field_ids sends \"Tracking number\" to QuickBooks custom field 2, which the "
                                      "company has not turned on (its sales-form custom fields: 1 \"PO number\")"),
              std::string::npos)
        << outcomes[1].reason;
    EXPECT_NE(outcomes[1].fix_hint.find("Settings > Account and settings > Sales > Custom fields"), std::string::npos);
    EXPECT_EQ(outcomes[2].kind, OutcomeClass::data);
    EXPECT_NE(outcomes[2].reason.find("custom field 1, which the company names \"PO number\""), std::string::npos) << outcomes[2].reason;
    // Only the invoice whose field exists was sent; the preferences were read once.
    EXPECT_EQ(std::count_if(qbo.entities.begin(), qbo.entities.end(), [](const auto& e) { return e.first.rfind("Invoice/", 0) == 0; }), 1);
    EXPECT_EQ(qbo.preference_reads, 1);
}

// Checked at start as well: `check` (run by `ledgersync run` and `connections check`) names each
// mapped field QuickBooks would not honour, before any invoice carries one.
TEST(Writer, check_names_each_mapped_custom_field_the_company_has_not_turned_on_or_names_otherwise) {
    FakeHost host;
    QboStub qbo{host};
    po_number_on_tracking_number_off(qbo);
    QuickBooksConnector wrong{host.services(), connector_config({{"mapping", {{"custom_field_ids", {{"PO number", "1"},
                                                                                                   {"Tracking number", "2"},
                                                                                                   {"Ship via", "1"}}}}}})};
    const sdk::CheckResult checked = wrong.check();
    EXPECT_FALSE(checked.ok);
    EXPECT_NE(checked.details.find("\"Tracking number\" to QuickBooks custom field 2, which the company has not turned on"),
              std::string::npos)
        << checked.details;
    EXPECT_NE(checked.details.find("\"Ship via\" to QuickBooks custom field 1, which the company names \"PO number\""), std::string::npos)
        << checked.details;
    EXPECT_EQ(checked.details.find("\"PO number\" to"), std::string::npos) << "a field mapped as the company has it is no problem";
    EXPECT_NE(checked.details.find("Settings > Account and settings > Sales > Custom fields"), std::string::npos) << checked.details;

    QuickBooksConnector right{host.services(), connector_config({{"mapping", {{"custom_field_ids", {{"PO number", "1"}}}}}})};
    EXPECT_TRUE(right.check().ok);
}

TEST(Writer, a_duplicate_document_number_of_the_same_invoice_is_matched) {
    Fixture f;
    f.qbo.put("Invoice", {{"Id", "70"}, {"DocNumber", "INV-1"}, {"CustomerRef", {{"value", "58"}}}, {"TotalAmt", "100.00"}});
    f.qbo.fault = [](const std::string& entity, const json&) -> std::optional<json> {
        if (entity == "Invoice") return fault_object("6140", "Duplicate Document Number Error", "DocNumber=INV-1 is assigned to TxnType=Invoice with TxnId=70");
        return std::nullopt;
    };
    const auto same = f.connector.write({invoice("a", "INV-1")});
    ASSERT_EQ(same[0].kind, OutcomeClass::ok) << same[0].reason;
    EXPECT_EQ(same[0].action, "matched");
    EXPECT_EQ(same[0].target_id, "70");
    const auto other = f.connector.write({invoice("b", "INV-1", 1, "90.00")});
    EXPECT_EQ(other[0].kind, OutcomeClass::data);
}

TEST(Writer, a_duplicate_document_number_of_another_invoice_names_both_invoices_and_the_prefix_fix) {
    Fixture f;
    f.qbo.put("Invoice", {{"Id", "70"}, {"DocNumber", "INV-1"}, {"CustomerRef", {{"value", "59"}, {"name", "Cool Cars"}}},
                          {"TxnDate", "2026-10-01"}, {"TotalAmt", "250.00"}, {"CurrencyRef", {{"value", "USD"}}}});
    f.qbo.fault = [](const std::string& entity, const json&) -> std::optional<json> {
        if (entity == "Invoice") return fault_object("6140", "Duplicate Document Number Error", "DocNumber=INV-1 is assigned to TxnType=Invoice with TxnId=70");
        return std::nullopt;
    };
    const auto outcomes = f.connector.write({invoice("a", "INV-1")});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::data) << outcomes[0].reason;
    const std::string& reason = outcomes[0].reason;
    EXPECT_NE(reason.find("QuickBooks refused creating invoice INV-1 (hubspot invoice a): its number \"INV-1\" is already the "
                          "DocNumber of QuickBooks invoice 70 (customer 'Cool Cars', dated 2026-10-01, total 250.00 USD), "
                          "which is a different invoice"),
              std::string::npos)
        << reason;
    EXPECT_NE(outcomes[0].fix_hint.find("set invoice_numbers.prefix in the qbo_invoice_rules mapper config"), std::string::npos)
        << outcomes[0].fix_hint;
    EXPECT_NE(outcomes[0].fix_hint.find("renumber QuickBooks invoice 70"), std::string::npos) << outcomes[0].fix_hint;
    EXPECT_EQ(outcomes[0].details["existing_id"], "70");
    // The lookup was the query by number, quoted.
    EXPECT_EQ(query_parameter(f.api_requests().back().url, "query"), "SELECT * FROM Invoice WHERE DocNumber = 'INV-1'");
}

TEST(Writer, without_custom_transaction_numbers_the_number_is_left_to_qbo_and_the_preference_is_read_once) {
    Fixture f;
    f.qbo.preferences["SalesFormsPrefs"]["CustomTxnNumbers"] = false;
    const auto first = f.connector.write({invoice("a", "INV-1")});
    ASSERT_EQ(first[0].kind, OutcomeClass::ok) << first[0].reason;
    EXPECT_FALSE(f.qbo.entities.at("Invoice/" + first[0].target_id).contains("DocNumber"));
    // Updates leave QBO's own number alone too; so does a number QBO could not take.
    const auto update = f.connector.write({item("invoice", "a", invoice_body("INV-2026-0000000000001"),
                                                {{"customer", "customer", "c1", "/customer", "58"}, {"product", "product", "p1", "/lines/0/product", "1"}},
                                                "update", first[0].target_id, first[0].target_version)});
    ASSERT_EQ(update[0].kind, OutcomeClass::ok) << update[0].reason;
    EXPECT_FALSE(f.qbo.entities.at("Invoice/" + first[0].target_id).contains("DocNumber"));
    EXPECT_EQ(f.qbo.preference_reads, 1);
}

TEST(Writer, with_custom_transaction_numbers_the_number_is_the_doc_number) {
    Fixture f;
    const auto outcomes = f.connector.write({invoice("a", "INV-1")});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(f.qbo.entities.at("Invoice/" + outcomes[0].target_id)["DocNumber"], "INV-1");
    EXPECT_EQ(f.qbo.preference_reads, 1);
}

TEST(Writer, preferences_that_cannot_be_read_fail_the_invoice_for_now_and_are_read_again) {
    Fixture f;
    f.host.on_http([&](const sdk::HttpRequest& request) -> sdk::HttpResponse {
        if (url_path(request.url) == "/v3/company/123/preferences") throw sdk::Error(sdk::Outcome::transient("connection reset by peer"));
        return f.qbo.handle(request);
    });
    const auto failed = f.connector.write({invoice("a", "INV-1")});
    EXPECT_EQ(failed[0].kind, OutcomeClass::transient) << failed[0].reason;
    EXPECT_EQ(f.qbo.count("Invoice"), 0u);
    f.host.on_http([&](const sdk::HttpRequest& request) { return f.qbo.handle(request); });
    const auto retried = f.connector.write({retry(invoice("a", "INV-1"))});
    EXPECT_EQ(retried[0].kind, OutcomeClass::ok) << retried[0].reason;
    EXPECT_EQ(f.qbo.preference_reads, 1);
}

TEST(Writer, what_qbo_cannot_take_fails_alone_without_a_call) {
    Fixture f;
    const auto outcomes = f.connector.write({invoice("a", "INV-2026-0000000000001"), invoice("b", "INV-2")});
    EXPECT_EQ(outcomes[0].kind, OutcomeClass::data);
    EXPECT_NE(outcomes[0].reason.find("at most 21"), std::string::npos) << outcomes[0].reason;
    EXPECT_EQ(outcomes[1].kind, OutcomeClass::ok);
    ASSERT_EQ(f.api_requests().size(), 1u);
    EXPECT_EQ(url_path(f.api_requests()[0].url), "/v3/company/123/invoice");
    const auto unknown = f.connector.write({item("timesheet", "t", json::object(), {})});
    EXPECT_EQ(unknown[0].kind, OutcomeClass::fatal);
}

sdk::WriteItem payment_of_100_for_invoice_67() {
    return item("payment", "pay",
                {{"amount", "100.00"}, {"currency", "USD"}, {"date", "2026-11-02"}, {"status", "succeeded"}, {"source", "stripe"},
                 {"invoices", json::array({{{"type", "invoice"}, {"id", "in1"}}})}, {"processor_ids", {{"stripe_charge", "ch_1"}}}},
                {{"invoice", "invoice", "in1", "/invoices/0", "67"}});
}

TEST(Writer, an_overpayment_is_refused_with_the_amounts_and_nothing_is_written) {
    Fixture f;
    f.qbo.put("Invoice", {{"Id", "67"}, {"Balance", "60.0"}, {"CustomerRef", {{"value", "20"}}}});
    const auto outcomes = f.connector.write({payment_of_100_for_invoice_67()});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::data) << outcomes[0].reason;
    EXPECT_NE(outcomes[0].reason.find("100.00 USD is more than the open balance of the invoices it pays (invoice 67 60.00 USD), by 40.00 USD"),
              std::string::npos) << outcomes[0].reason;
    EXPECT_NE(outcomes[0].fix_hint.find("mapping.overpayment"), std::string::npos) << outcomes[0].fix_hint;
    ASSERT_EQ(f.api_requests().size(), 1u);  // the invoice's balance read, no payment
}

TEST(Writer, a_payment_is_applied_to_its_invoice_up_to_the_open_balance) {
    Fixture f(json{{"mapping", {{"overpayment", "leave_unapplied"}}}});
    f.qbo.put("Invoice", {{"Id", "67"}, {"Balance", "60.00"}, {"CustomerRef", {{"value", "20"}}}});
    const auto outcomes = f.connector.write({payment_of_100_for_invoice_67()});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 2u);
    const json body = sdk::parse_json_exact(requests[1].body);
    EXPECT_EQ(body["TotalAmt"], "100.00");
    EXPECT_EQ(body["CustomerRef"]["value"], "20");  // from the invoice
    EXPECT_EQ(body["Line"][0]["Amount"], "60.00");
    EXPECT_EQ(body["Line"][0]["LinkedTxn"][0], (json{{"TxnId", "67"}, {"TxnType", "Invoice"}}));
}

TEST(Writer, a_foreign_currency_transaction_carries_qbos_own_exchange_rate) {
    Fixture f;
    auto euro = [](const std::string& id, const std::string& number) {
        json body = invoice_body(number);
        body["currency"] = "EUR";
        return item("invoice", id, body,
                    {{"customer", "customer", "c1", "/customer", "58"}, {"product", "product", "p1", "/lines/0/product", "1"}});
    };
    ASSERT_EQ(f.connector.write({euro("a", "EU-1")})[0].kind, OutcomeClass::ok);
    ASSERT_EQ(f.connector.write({euro("b", "EU-2")})[0].kind, OutcomeClass::ok);
    const auto requests = f.api_requests();
    ASSERT_EQ(requests.size(), 3u);  // one rate lookup for both
    EXPECT_EQ(url_path(requests[0].url), "/v3/company/123/exchangerate");
    EXPECT_EQ(query_parameter(requests[0].url, "sourcecurrencycode"), "EUR");
    EXPECT_EQ(query_parameter(requests[0].url, "asofdate"), "2026-11-01");
    EXPECT_NE(requests[1].body.find("\"ExchangeRate\":1.0825"), std::string::npos) << requests[1].body;
    EXPECT_NE(requests[2].body.find("\"ExchangeRate\":1.0825"), std::string::npos) << requests[2].body;
    // The home currency needs none.
    ASSERT_EQ(f.connector.write({invoice("c", "US-1")})[0].kind, OutcomeClass::ok);
    EXPECT_EQ(f.api_requests().back().body.find("ExchangeRate"), std::string::npos);
}

/// One money movement of dispute dp_1 (as the mapper dispute_movements makes them).
sdk::WriteItem dispute_movement(const std::string& txn, const std::string& type, const std::string& gross,
                                const std::string& target_id = "") {
    const json movement{{"id", txn}, {"type", type}, {"gross", gross}, {"fee", "0"}, {"net", gross}, {"currency", "USD"}};
    return item("dispute", txn,
                {{"payment", {{"type", "payment"}, {"id", "ch_1"}}}, {"amount", "100.00"}, {"currency", "USD"},
                 {"reason", "fraudulent"}, {"status", "won"}, {"date", "2026-11-28"}, {"transactions", json::array({movement})},
                 {"processor_ids", {{"stripe_dispute", "dp_1"}}}},
                {}, "create", target_id);
}

TEST(Writer, a_disputes_purchase_and_deposit_are_linked_by_entity_and_never_written_again) {
    Fixture f(json{{"mapping", {{"payment_deposit_account_id", "91"}, {"dispute_account_id", "92"}}}});
    const auto outcomes =
        f.connector.write({dispute_movement("txn_w", "dispute", "-100.00"), dispute_movement("txn_r", "dispute_reversal", "100.00")});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    ASSERT_EQ(outcomes[1].kind, OutcomeClass::ok) << outcomes[1].reason;
    // QuickBooks may number purchases and deposits apart: the links must never meet.
    EXPECT_EQ(outcomes[0].target_id.rfind("purchase-", 0), 0u) << outcomes[0].target_id;
    EXPECT_EQ(outcomes[1].target_id.rfind("deposit-", 0), 0u) << outcomes[1].target_id;
    EXPECT_EQ(f.qbo.count("Purchase"), 1u);
    EXPECT_EQ(f.qbo.count("Deposit"), 1u);
    const std::size_t calls = f.qbo.calls.size();
    const auto again = f.connector.write({dispute_movement("txn_w", "dispute", "-100.00", outcomes[0].target_id)});
    EXPECT_EQ(again[0].kind, OutcomeClass::data);
    EXPECT_NE(again[0].reason.find("booked once"), std::string::npos) << again[0].reason;
    EXPECT_EQ(f.qbo.calls.size(), calls) << "nothing sent";
    EXPECT_EQ(f.qbo.count("Purchase"), 1u);
}

/// A succeeded refund `id` of 25.00 of payment ch_1 (QuickBooks payment 125), booked as `book_as`
/// ("": the connection's default).
sdk::WriteItem refund(const std::string& id, const std::string& book_as, const std::string& operation = "create",
                      const std::string& target_id = "") {
    json body{{"amount", "25.00"}, {"currency", "USD"}, {"reason", "duplicate"}, {"status", "succeeded"},
              {"payment", {{"type", "payment"}, {"id", "ch_1"}}}, {"date", "2026-11-02"}, {"processor_ids", {{"stripe_refund", id}}}};
    if (!book_as.empty()) body["book_as"] = book_as;
    return item("refund", id, body, {{"payment", "payment", "ch_1", "/payment", "125"}}, operation, target_id);
}

struct RefundFixture : Fixture {
    RefundFixture() : Fixture(json{{"mapping", {{"refund_item_id", "40"}, {"refund_account_id", "91"}}}}) {
        qbo.put("Payment", {{"Id", "125"}, {"SyncToken", "0"}, {"CustomerRef", {{"value", "20"}}}, {"TotalAmt", "100.00"}});
    }
};

TEST(Writer, a_refund_is_booked_as_its_record_says_and_a_credit_memo_is_linked_by_its_entity) {
    RefundFixture f;
    const auto outcomes = f.connector.write({refund("re_1", ""), refund("re_2", "credit_memo")});
    ASSERT_EQ(outcomes[0].kind, OutcomeClass::ok) << outcomes[0].reason;
    ASSERT_EQ(outcomes[1].kind, OutcomeClass::ok) << outcomes[1].reason;
    EXPECT_EQ(f.qbo.count("RefundReceipt"), 1u);  // the connection's default
    EXPECT_EQ(f.qbo.count("CreditMemo"), 1u);
    EXPECT_EQ(outcomes[0].target_id.find('-'), std::string::npos) << outcomes[0].target_id;
    ASSERT_EQ(outcomes[1].target_id.rfind("creditmemo-", 0), 0u) << outcomes[1].target_id;
    const std::string memo = outcomes[1].target_id.substr(std::string("creditmemo-").size());
    ASSERT_EQ(f.qbo.entities.count("CreditMemo/" + memo), 1u);

    // An update through the link reaches the credit memo, whatever the connection's default.
    const auto updated = f.connector.write({refund("re_2", "", "update", outcomes[1].target_id)});
    ASSERT_EQ(updated[0].kind, OutcomeClass::ok) << updated[0].reason;
    EXPECT_EQ(updated[0].target_id, outcomes[1].target_id);
    EXPECT_EQ(f.qbo.calls.back(), "POST /v3/company/123/creditmemo");
    EXPECT_EQ(f.qbo.entities["CreditMemo/" + memo]["SyncToken"], "1");
    EXPECT_EQ(f.qbo.count("RefundReceipt"), 1u);
    EXPECT_EQ(f.qbo.count("CreditMemo"), 1u);
}

TEST(Writer, a_plain_refund_link_reaches_the_entity_whose_memo_names_the_refund_and_changes_nothing_else) {
    RefundFixture f;
    // Id 7 in both entities: the receipt is another refund's, the credit memo (written by an
    // older version, linked by its plain Id) this one's.
    f.qbo.put("RefundReceipt", {{"Id", "7"}, {"SyncToken", "0"}, {"TotalAmt", "10.00"},
                                {"PrivateNote", "stripe_refund: re_other\n[ledgersync] payment=125; reason=duplicate"}});
    f.qbo.put("CreditMemo", {{"Id", "7"}, {"SyncToken", "2"}, {"TotalAmt", "25.00"},
                             {"PrivateNote", "stripe_refund: re_old\n[ledgersync] payment=125; reason=duplicate"}});
    const auto old = f.connector.write({refund("re_old", "", "update", "7")});
    ASSERT_EQ(old[0].kind, OutcomeClass::ok) << old[0].reason;
    EXPECT_EQ(old[0].target_id, "creditmemo-7");
    EXPECT_EQ(f.qbo.entities["CreditMemo/7"]["SyncToken"], "3");
    EXPECT_EQ(f.qbo.entities["RefundReceipt/7"]["SyncToken"], "0");
    // The receipt's own refund still reaches it.
    const auto other = f.connector.write({refund("re_other", "", "update", "7")});
    ASSERT_EQ(other[0].kind, OutcomeClass::ok) << other[0].reason;
    EXPECT_EQ(other[0].target_id, "7");
    EXPECT_EQ(f.qbo.entities["RefundReceipt/7"]["SyncToken"], "1");
    // A link naming neither entity of this refund changes nothing and says why.
    const std::size_t calls = f.qbo.calls.size();
    const auto stray = f.connector.write({refund("re_stray", "", "update", "7")});
    EXPECT_EQ(stray[0].kind, OutcomeClass::data);
    EXPECT_NE(stray[0].reason.find("neither RefundReceipt 7 (another refund's) nor CreditMemo 7 (another refund's)"), std::string::npos)
        << stray[0].reason;
    for (std::size_t i = calls; i < f.qbo.calls.size(); ++i) EXPECT_EQ(f.qbo.calls[i].rfind("GET ", 0), 0u) << f.qbo.calls[i];
    // A void through the old link voids the credit memo too.
    sdk::WriteItem void_old = refund("re_old", "", "void", "7");
    void_old.idempotency_key += "-void";  // another operation: another key, as the host makes them
    const auto voided = f.connector.write({void_old});
    ASSERT_EQ(voided[0].kind, OutcomeClass::ok) << voided[0].reason;
    EXPECT_EQ(f.qbo.calls.back(), "POST /v3/company/123/creditmemo");
    EXPECT_EQ(f.qbo.entities["CreditMemo/7"]["PrivateNote"], "Voided");
    EXPECT_EQ(f.qbo.entities["RefundReceipt/7"]["SyncToken"], "1");
}

TEST(Writer, a_throttled_batch_is_rate_limited_and_keeps_its_request_id) {
    Fixture f;
    sdk::HttpResponse throttled;
    throttled.status = 429;
    throttled.retry_after = std::chrono::seconds(30);
    throttled.body = testing::sample("xml-quickbooks-ruby/too_many_requests_error.xml");
    f.qbo.next_response = throttled;
    const auto a = invoice("a", "INV-1"), b = invoice("b", "INV-2");
    const auto outcomes = f.connector.write({a, b});
    for (const auto& o : outcomes) {
        EXPECT_EQ(o.kind, OutcomeClass::rate_limited) << o.reason;
        EXPECT_EQ(o.retry_after, std::chrono::seconds(30));
    }
    const auto again = f.connector.write({retry(a), retry(b)});
    for (const auto& o : again) EXPECT_EQ(o.kind, OutcomeClass::ok) << o.reason;
    const auto requests = f.api_requests();
    EXPECT_EQ(query_parameter(requests[0].url, "requestid"), query_parameter(requests[1].url, "requestid"));
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
