// Commerce payments: translation into canonical payments (fees, net, invoice link, status) and
// refunds (one per increase of hs_refunds_amount in its history), the reader's batch read of the
// refunded payments' history, and the writer's checks (invoice link, currency, overpayment)
// before its upsert on ledgersync_source_id.

#include <algorithm>

#include <gtest/gtest.h>

#include "connector.hpp"
#include "hubspot_objects.hpp"
#include "hubspot_test_support.hpp"
#include "translate_payment.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::batch_read_answer;
using testing::crm_object;
using testing::FakeHost;
using testing::json_response;
using testing::private_app_config;
using testing::query_parameter;
using testing::Router;
using testing::url_path;

const PaymentSettings kByContact{"contact", ByoStripeBooking::stripe};
const PaymentSettings kByCompany{"company", ByoStripeBooking::stripe};

json hubspot_payment(const std::string& id, json properties, const std::map<std::string, std::vector<std::string>>& associations = {{"invoices", {"5001"}}, {"contacts", {"7001"}}}) {
    json defaults = {{"hs_initial_amount", "100.00"}, {"hs_initiated_date", "2026-11-20T15:30:00.000Z"}, {"hs_currency_code", "USD"},
                     {"hs_latest_status", "succeeded"}, {"hs_processor_type", "hs_payments"}, {"hs_payment_method_type", "card"}};
    defaults.update(properties);
    return crm_object(id, defaults, associations, "2026-11-22T09:00:00.000Z");
}

/// A history of hs_refunds_amount as HubSpot answers it: newest first.
json refunds_history(const std::vector<std::pair<std::string, std::string>>& oldest_first) {
    json versions = json::array();
    for (auto it = oldest_first.rbegin(); it != oldest_first.rend(); ++it) {
        versions.push_back({{"value", it->first}, {"timestamp", it->second}, {"sourceType", "PAYMENTS"}});
    }
    return {{"hs_refunds_amount", versions}};
}

TEST(HubSpotPaymentTranslation, a_hubspot_payments_payment_with_fees_has_processing_and_platform_fees_net_and_its_invoice) {
    const sdk::Record record =
        payment_record(hubspot_payment("9001", {{"hs_fees_amount", "3.20"}, {"hs_platform_fee", "0.50"}, {"hs_reference_number", "R-1"}}), kByContact);
    const json& body = record.body;
    EXPECT_EQ(record.identity.system, "hubspot_payments");
    EXPECT_EQ(record.identity.type, "payment");
    EXPECT_EQ(record.identity.id, "9001");
    EXPECT_EQ(record.version, "2026-11-22T09:00:00Z");
    EXPECT_EQ(body["amount"], "100.00");
    EXPECT_EQ(body["currency"], "USD");
    EXPECT_EQ(body["date"], "2026-11-20");
    EXPECT_EQ(body["status"], "succeeded");
    EXPECT_EQ(body["source"], "hubspot_payments");
    EXPECT_EQ(body["method"], "card");
    EXPECT_EQ(body["reference_number"], "R-1");
    EXPECT_EQ(body["fees"], (json{{"processing", "3.20"}, {"platform", "0.50"}, {"tax_on_fees", "0"}}));
    EXPECT_EQ(body["net"], "96.30");
    EXPECT_EQ(body["invoices"], (json::array({{{"type", "invoice"}, {"id", "5001"}}})));
    EXPECT_EQ(body["customer"]["id"], "7001");
    EXPECT_EQ(body["processor_ids"]["hubspot_payment"], "9001");
    ASSERT_EQ(record.links.size(), 2u);
    EXPECT_TRUE(refund_records(hubspot_payment("9001", json::object())).empty());
}

TEST(HubSpotPaymentTranslation, statuses_and_sources_map_and_a_dispute_or_an_inexact_amount_is_refused) {
    const json manual = payment_record(hubspot_payment("1", {{"hs_processor_type", "none"}, {"hs_latest_status", "processing"}}), kByContact).body;
    EXPECT_EQ(manual["source"], "manual");
    EXPECT_EQ(manual["status"], "pending");
    EXPECT_EQ(manual["net"], "100.00");
    EXPECT_FALSE(manual.contains("fees"));
    EXPECT_EQ(payment_record(hubspot_payment("3", {{"hs_processor_type", "quickbooks"}}), kByContact).body["source"], "qbo");
    EXPECT_EQ(payment_record(hubspot_payment("4", {{"hs_latest_status", "failed"}}), kByContact).body["status"], "failed");
    // The customer follows customer_from.
    EXPECT_FALSE(payment_record(hubspot_payment("5", json::object()), kByCompany).body.contains("customer"));
    try {
        payment_record(hubspot_payment("6", {{"hs_latest_status", "disputed_lost"}}), kByContact);
        FAIL() << "a lost dispute has no canonical form";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("disputed_lost"), std::string::npos) << e.what();
    }
    try {
        payment_record(hubspot_payment("7", {{"hs_fees_amount", "3.2x"}}), kByContact);
        FAIL() << "an inexact fee is refused";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("hs_fees_amount"), std::string::npos) << e.what();
    }
    EXPECT_THROW(payment_record(hubspot_payment("8", {{"hs_currency_code", ""}}), kByContact), TranslationError);
}

TEST(HubSpotPaymentTranslation, the_byo_stripe_rule_names_the_source_that_books_a_payment_and_keeps_its_stripe_id) {
    const json byo = hubspot_payment("2", {{"hs_processor_type", "byo_stripe"}, {"hs_reference_number", "ch_3Q1"},
                                          {"hs_refunds_amount", "30.00"}, {"hs_latest_status", "partially_refunded"}});
    // The default: a Stripe connection books it; this record says so, its routes filter it out.
    const json by_stripe = payment_record(byo, kByContact).body;
    EXPECT_EQ(by_stripe["source"], "stripe");
    EXPECT_EQ(by_stripe["processor_ids"]["stripe_charge"], "ch_3Q1");
    EXPECT_EQ(by_stripe["processor_ids"]["hubspot_payment"], "2");
    EXPECT_EQ(by_stripe["invoices"], (json::array({{{"type", "invoice"}, {"id", "5001"}}})));  // the invoice link is kept
    EXPECT_EQ(by_stripe["refunded_amount"], "30.00");
    EXPECT_FALSE(refunds_booked_here(byo, kByContact));
    // Booked here: its source is hubspot_payments, its refunds are this connection's.
    const PaymentSettings here{"contact", ByoStripeBooking::hubspot_payments};
    EXPECT_EQ(payment_record(byo, here).body["source"], "hubspot_payments");
    EXPECT_TRUE(refunds_booked_here(byo, here));
    // A payment intent id is kept as one; a reference that is no Stripe id is only the reference.
    const json intent = hubspot_payment("3", {{"hs_processor_type", "byo_stripe"}, {"hs_reference_number", "pi_9"}});
    EXPECT_EQ(payment_record(intent, kByContact).body["processor_ids"]["stripe_payment_intent"], "pi_9");
    const json other = payment_record(hubspot_payment("4", {{"hs_processor_type", "byo_stripe"}, {"hs_reference_number", "R-1"}}), kByContact).body;
    EXPECT_EQ(other["processor_ids"], (json{{"hubspot_payment", "4"}}));
    EXPECT_EQ(other["reference_number"], "R-1");
    // HubSpot payments' own processing is always this connection's.
    const json own = hubspot_payment("5", {{"hs_reference_number", "ch_5"}, {"hs_refunds_amount", "1.00"}});
    EXPECT_EQ(payment_record(own, kByContact).body["source"], "hubspot_payments");
    EXPECT_TRUE(refunds_booked_here(own, kByContact));
    EXPECT_FALSE(payment_record(own, kByContact).body["processor_ids"].contains("stripe_charge"));
}

TEST(HubSpotPaymentTranslation, each_increase_of_hs_refunds_amount_in_its_history_is_one_refund) {
    json payment = hubspot_payment("9002", {{"hs_refunds_amount", "35.00"}, {"hs_latest_status", "partially_refunded"}});
    payment["propertiesWithHistory"] = refunds_history({{"0", "2026-11-20T15:30:00.000Z"},
                                                        {"10.00", "2026-11-21T08:00:00.000Z"},
                                                        {"35.00", "2026-11-23T12:00:00.000Z"}});
    const json body = payment_record(payment, kByContact).body;
    EXPECT_EQ(body["status"], "partially_refunded");
    EXPECT_EQ(body["refunded_amount"], "35.00");
    const auto refunds = refund_records(payment);
    ASSERT_EQ(refunds.size(), 2u);
    EXPECT_EQ(refunds[0].identity.type, "refund");
    EXPECT_EQ(refunds[0].identity.id, "9002-refund-1");
    EXPECT_EQ(refunds[0].body["amount"], "10.00");
    EXPECT_EQ(refunds[0].body["date"], "2026-11-21");
    EXPECT_EQ(refunds[0].body["status"], "succeeded");
    EXPECT_EQ(refunds[0].body["payment"], (json{{"type", "payment"}, {"id", "9002"}}));
    EXPECT_EQ(refunds[1].identity.id, "9002-refund-2");
    EXPECT_EQ(refunds[1].body["amount"], "25.00");
    EXPECT_EQ(refunds[1].body["date"], "2026-11-23");
    EXPECT_EQ(payment_id_of_refund(refunds[1].identity.id), "9002");
    EXPECT_EQ(payment_id_of_refund("9002"), "");
    // Read again with a later change of the payment, a refund keeps its version.
    json later = payment;
    later["properties"]["hs_lastmodifieddate"] = "2026-12-01T00:00:00.000Z";
    EXPECT_EQ(refund_records(later)[0].version, refunds[0].version);
}

TEST(HubSpotPaymentTranslation, a_full_refund_a_refund_in_processing_and_a_history_too_short_or_going_down) {
    json full = hubspot_payment("9003", {{"hs_refunds_amount", "100.00"}, {"hs_latest_status", "refunded"}});
    EXPECT_EQ(payment_record(full, kByContact).body["status"], "refunded");
    // No history: the whole total is one refund dated at the last change.
    auto refunds = refund_records(full);
    ASSERT_EQ(refunds.size(), 1u);
    EXPECT_EQ(refunds[0].body["amount"], "100.00");
    EXPECT_EQ(refunds[0].body["date"], "2026-11-22");

    json processing = hubspot_payment("9004", {{"hs_refunds_amount", "40.00"}, {"hs_latest_status", "processing_refund"}});
    processing["propertiesWithHistory"] = refunds_history({{"15.00", "2026-11-21T08:00:00Z"}, {"40.00", "2026-11-22T08:00:00Z"}});
    EXPECT_EQ(payment_record(processing, kByContact).body["status"], "partially_refunded");
    refunds = refund_records(processing);
    ASSERT_EQ(refunds.size(), 2u);
    EXPECT_EQ(refunds[0].body["status"], "succeeded");
    EXPECT_EQ(refunds[1].body["status"], "pending");

    json down = hubspot_payment("9005", {{"hs_refunds_amount", "5.00"}});
    down["propertiesWithHistory"] = refunds_history({{"20.00", "2026-11-21T08:00:00Z"}, {"5.00", "2026-11-22T08:00:00Z"}});
    try {
        refund_records(down);
        FAIL() << "a refund taken back is not a canonical refund";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("went down from 20.00 to 5.00"), std::string::npos) << e.what();
    }
    // A status that contradicts the amounts is refused by the canonical rules, not guessed.
    EXPECT_THROW(payment_record(hubspot_payment("9006", {{"hs_refunds_amount", "150.00"}}), kByContact), TranslationError);
}

TEST(HubSpotPaymentReader, a_page_of_payments_costs_one_list_call_plus_one_history_read_for_the_refunded_ones) {
    FakeHost host;
    Router router;
    router.on("GET /crm/v3/objects/commerce_payments", [&](const sdk::HttpRequest& r) {
        EXPECT_NE(query_parameter(r.url, "associations").find("invoices"), std::string::npos);
        EXPECT_NE(query_parameter(r.url, "properties").find("hs_platform_fee"), std::string::npos);
        return json_response(200, json{{"results", {hubspot_payment("9001", json::object()),
                                                    hubspot_payment("9002", {{"hs_refunds_amount", "35.00"}, {"hs_latest_status", "partially_refunded"}})}}}
                                      .dump());
    });
    router.on("POST /crm/v3/objects/commerce_payments/batch/read", [&](const sdk::HttpRequest& r) {
        const json request = json::parse(r.body);
        EXPECT_EQ(request["propertiesWithHistory"], json::array({"hs_refunds_amount"}));
        EXPECT_EQ(request["inputs"], json::array({{{"id", "9002"}}}));
        json refunded = hubspot_payment("9002", {{"hs_refunds_amount", "35.00"}, {"hs_latest_status", "partially_refunded"}});
        refunded["propertiesWithHistory"] = refunds_history({{"10.00", "2026-11-21T08:00:00Z"}, {"35.00", "2026-11-23T12:00:00Z"}});
        return json_response(200, json{{"status", "COMPLETE"}, {"results", {refunded}}}.dump());
    });
    host.on_http(std::ref(router));
    HubSpotPaymentsConnector connector(host.services(), private_app_config());
    const sdk::ReadResult page = connector.read({"payment", std::nullopt});
    EXPECT_TRUE(page.untranslated.empty()) << page.untranslated.front().reason;
    ASSERT_EQ(page.records.size(), 4u);  // two payments, two refunds of the second
    EXPECT_EQ(page.records[0].identity.type, "payment");
    EXPECT_EQ(page.records[2].identity.id, "9002-refund-1");
    EXPECT_EQ(page.records[3].identity.id, "9002-refund-2");
    EXPECT_EQ(host.requests().size(), 2u);

    // A refund read again by id (a retried failure) is its payment read again.
    router.on("POST /crm/v4/associations/commerce_payments/invoices/batch/read",
              [&](const sdk::HttpRequest&) { return json_response(200, R"({"status":"COMPLETE","results":[]})"); });
    router.on("POST /crm/v4/associations/commerce_payments/contacts/batch/read",
              [&](const sdk::HttpRequest&) { return json_response(200, R"({"status":"COMPLETE","results":[]})"); });
    router.on("POST /crm/v4/associations/commerce_payments/companies/batch/read",
              [&](const sdk::HttpRequest&) { return json_response(200, R"({"status":"COMPLETE","results":[]})"); });
    const sdk::ReadResult by_id = connector.read({"refund", std::nullopt, {"9002-refund-2"}});
    EXPECT_TRUE(by_id.answers_ids);
    ASSERT_EQ(by_id.records.size(), 1u);
    EXPECT_EQ(by_id.records[0].identity.id, "9002-refund-2");
    EXPECT_EQ(by_id.records[0].body["amount"], "25.00");
}

TEST(HubSpotPaymentReader, a_refund_webhook_rereads_the_payment_with_its_refunds) {
    FakeHost host;
    Router router;
    int history_reads = 0;
    router.on("POST /crm/v3/objects/commerce_payments/batch/read", [&](const sdk::HttpRequest& r) {
        if (json::parse(r.body).contains("propertiesWithHistory")) ++history_reads;
        json refunded = hubspot_payment("9002", {{"hs_refunds_amount", "100.00"}, {"hs_latest_status", "refunded"}});
        refunded["propertiesWithHistory"] = refunds_history({{"100.00", "2026-11-23T12:00:00Z"}});
        return batch_read_answer(r, {{"9002", refunded}});
    });
    for (const std::string to : {"invoices", "contacts", "companies"}) {
        router.on("POST /crm/v4/associations/commerce_payments/" + to + "/batch/read",
                  [](const sdk::HttpRequest&) { return json_response(200, R"({"status":"COMPLETE","results":[]})"); });
    }
    host.on_http(std::ref(router));
    HubSpotPaymentsConnector connector(host.services(), private_app_config({{"webhook_secret", "app-secret"}}));
    const std::string body = R"([{"eventId":7,"subscriptionType":"object.propertyChange","objectTypeId":"0-101","objectId":9002,)"
                             R"("propertyName":"hs_refunds_amount","occurredAt":)" + std::to_string(host.now_ms) + "}]";
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = "/webhooks/hubspot";
    request.body = body;
    request.headers = {{"Host", "example.com"},
                       {kSignatureV3Header, signature_v3("app-secret", "POST", "https://example.com/webhooks/hubspot", body, std::to_string(host.now_ms))},
                       {kRequestTimestampHeader, std::to_string(host.now_ms)}};
    const sdk::WebhookResult result = connector.webhook(request);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].identity.type, "payment");
    EXPECT_EQ(result.records[0].body["status"], "refunded");
    EXPECT_EQ(result.records[1].identity.id, "9002-refund-1");
    EXPECT_EQ(history_reads, 1);  // one read, with the history
}

TEST(HubSpotPaymentReader, a_byo_stripe_payment_booked_by_stripe_is_handed_out_without_its_refunds_and_without_their_history_read) {
    for (const bool booked_here : {false, true}) {
        FakeHost host;
        Router router;
        int history_reads = 0;
        json byo = hubspot_payment("9010", {{"hs_processor_type", "byo_stripe"}, {"hs_reference_number", "ch_1"},
                                            {"hs_refunds_amount", "20.00"}, {"hs_latest_status", "partially_refunded"}});
        router.on("GET /crm/v3/objects/commerce_payments",
                  [&](const sdk::HttpRequest&) { return json_response(200, json{{"results", {byo}}}.dump()); });
        router.on("POST /crm/v3/objects/commerce_payments/batch/read", [&](const sdk::HttpRequest& r) {
            ++history_reads;
            json refunded = byo;
            refunded["propertiesWithHistory"] = refunds_history({{"20.00", "2026-11-23T12:00:00Z"}});
            return batch_read_answer(r, {{"9010", refunded}});
        });
        host.on_http(std::ref(router));
        HubSpotPaymentsConnector connector(
            host.services(), private_app_config({{"byo_stripe_booked_by", booked_here ? "hubspot_payments" : "stripe"}}));
        const sdk::ReadResult page = connector.read({"payment", std::nullopt});
        ASSERT_EQ(page.records.size(), booked_here ? 2u : 1u);
        EXPECT_EQ(page.records[0].body["source"], booked_here ? "hubspot_payments" : "stripe");
        EXPECT_EQ(history_reads, booked_here ? 1 : 0);
        if (booked_here) {
            EXPECT_EQ(page.records[1].identity.id, "9010-refund-1");
        }
    }
}

sdk::WriteItem payment_item(const std::string& id, const std::string& amount, const std::string& invoice_target, const std::string& currency = "USD") {
    sdk::WriteItem item;
    item.idempotency_key = "key-" + id;
    item.operation = "create";
    item.record.identity = {"quickbooks", "qbo", "payment", id};
    item.record.schema = "ledgersync.payment";
    item.record.body = {{"amount", amount},     {"currency", currency}, {"date", "2026-11-25"}, {"status", "succeeded"},
                        {"source", "qbo"},      {"method", "check"},    {"reference_number", "CHK-7"},
                        {"processor_ids", {{"qbo_payment", id}}}, {"invoices", {{{"type", "invoice"}, {"id", "130"}}}}};
    item.record.links = {{"invoice", "invoice", "130", "/invoices/0", invoice_target}};
    return item;
}

/// A HubSpot with one open invoice 5001 (USD, 100.00 due) answering the payment writer.
struct FakePayments {
    Router router;
    json upserts = json::array();
    json associations = json::array();
    std::map<std::string, json> written;  ///< by source id
    std::vector<std::string> defined;     ///< the commerce payment properties created

    FakePayments() {
        testing::on_property_listings(router);
        router.on("POST /crm/v3/properties/commerce_payments/groups", [](const sdk::HttpRequest&) { return json_response(201, "{}"); });
        router.on("POST /crm/v3/properties/commerce_payments", [this](const sdk::HttpRequest& r) {
            const json definition = json::parse(r.body);
            defined.push_back(definition.at("name"));
            EXPECT_EQ(definition.value("hasUniqueValue", false), definition.at("name") == kSourceIdProperty) << r.body;
            return json_response(201, r.body);
        });
        router.on("POST /crm/v3/objects/invoices/batch/read", [](const sdk::HttpRequest& r) {
            return batch_read_answer(r, {{"5001", crm_object("5001", {{"hs_currency", "USD"}, {"hs_balance_due", "100.00"}, {"hs_invoice_status", "open"},
                                                                      {"hs_number", "INV-1"}})}});
        });
        router.on("POST /crm/v3/objects/commerce_payments/batch/read", [this](const sdk::HttpRequest& r) {
            EXPECT_EQ(json::parse(r.body)["idProperty"], kSourceIdProperty);
            return batch_read_answer(r, written);
        });
        router.on("POST /crm/v3/objects/commerce_payments/batch/upsert", [this](const sdk::HttpRequest& r) {
            json results = json::array();
            const json request = json::parse(r.body);
            for (const auto& input : request["inputs"]) {
                upserts.push_back(input);
                results.push_back({{"id", "900" + std::to_string(upserts.size())}, {"new", true}, {"updatedAt", "2026-11-25T10:00:00.000Z"},
                                   {"objectWriteTraceId", input["objectWriteTraceId"]}});
            }
            return json_response(200, json{{"status", "COMPLETE"}, {"results", results}}.dump());
        });
        router.on("POST /crm/v4/associations/commerce_payments/invoices/batch/associate/default", [this](const sdk::HttpRequest& r) {
            const json request = json::parse(r.body);
            for (const auto& input : request["inputs"]) associations.push_back(input);
            return json_response(200, R"({"status":"COMPLETE","results":[]})");
        });
    }
};

TEST(HubSpotPaymentWriter, a_partial_payment_is_upserted_on_its_source_id_and_associated_with_its_invoice) {
    FakeHost host;
    FakePayments crm;
    host.on_http(std::ref(crm.router));
    HubSpotPaymentsConnector connector(host.services(), private_app_config());
    const auto outcomes = connector.write({payment_item("77", "40.00", "5001")});
    ASSERT_EQ(outcomes.size(), 1u);
    ASSERT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(outcomes[0].target_id, "9001");
    EXPECT_EQ(outcomes[0].action, "created");
    const json& input = crm.upserts.at(0);
    EXPECT_EQ(input["id"], "quickbooks/qbo/77");
    EXPECT_EQ(input["idProperty"], kSourceIdProperty);
    const json& p = input["properties"];
    EXPECT_EQ(p["hs_initial_amount"], "40.00");
    EXPECT_EQ(p["hs_currency_code"], "USD");
    EXPECT_EQ(p["hs_initiated_date"], "1795564800000");  // 2026-11-25T00:00:00Z
    EXPECT_EQ(p["hs_latest_status"], "succeeded");
    EXPECT_EQ(p["hs_processor_type"], "quickbooks");
    EXPECT_EQ(p["hs_payment_method_type"], "check");
    EXPECT_EQ(p["hs_reference_number"], "CHK-7");
    EXPECT_NE(p["hs_internal_comment"].get<std::string>().find("quickbooks payment 77"), std::string::npos);
    EXPECT_EQ(p["ledgersync_qbo_link"], "https://app.qbo.intuit.com/app/recvpayment?txnId=77");
    EXPECT_FALSE(p.contains("hs_platform_fee"));  // read-only in HubSpot
    EXPECT_EQ(crm.associations.at(0), (json{{"from", {{"id", "9001"}}}, {"to", {{"id", "5001"}}}}));
    std::sort(crm.defined.begin(), crm.defined.end());
    EXPECT_EQ(crm.defined, (std::vector<std::string>{"ledgersync_qbo_link", "ledgersync_source_id"}));
}

TEST(HubSpotPaymentWriter, a_payment_from_quickbooks_links_to_it_by_qbo_payment_link_and_one_from_elsewhere_does_not) {
    FakeHost host;
    FakePayments crm;
    host.on_http(std::ref(crm.router));
    HubSpotPaymentsConnector connector(
        host.services(), private_app_config({{"qbo_payment_link", "https://app.sandbox.qbo.intuit.com/app/recvpayment?txnId={id}"}}));
    sdk::WriteItem from_stripe = payment_item("ch_1", "10.00", "5001");
    from_stripe.record.identity = {"stripe", "stripe", "payment", "ch_1"};
    from_stripe.idempotency_key = "k-stripe";
    const auto outcomes = connector.write({payment_item("77", "40.00", "5001"), from_stripe});
    ASSERT_EQ(outcomes.size(), 2u);
    ASSERT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    ASSERT_EQ(outcomes[1].kind, sdk::OutcomeClass::ok) << outcomes[1].reason;
    ASSERT_EQ(crm.upserts.size(), 2u);
    EXPECT_EQ(crm.upserts[0]["properties"]["ledgersync_qbo_link"], "https://app.sandbox.qbo.intuit.com/app/recvpayment?txnId=77");
    // A payment from elsewhere has no QuickBooks page to link to.
    EXPECT_FALSE(crm.upserts[1]["properties"].contains("ledgersync_qbo_link")) << crm.upserts[1].dump();
}

TEST(HubSpotPaymentWriter, records_other_than_payments_are_refused_and_point_to_the_hubspot_connection) {
    FakeHost host;
    FakePayments crm;
    host.on_http(std::ref(crm.router));
    HubSpotPaymentsConnector connector(host.services(), private_app_config());
    sdk::WriteItem invoice = payment_item("5", "10.00", "5001");
    invoice.record.identity.type = "invoice";
    const auto outcomes = connector.write({invoice, payment_item("6", "10.00", "5001")});
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[0].fix_hint.find("hubspot connection"), std::string::npos) << outcomes[0].fix_hint;
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::ok) << outcomes[1].reason;
    ASSERT_EQ(crm.upserts.size(), 1u);
}

TEST(HubSpotPaymentWriter, an_overpayment_another_currency_and_an_invoice_not_in_hubspot_are_data_failures_and_nothing_is_written) {
    FakeHost host;
    FakePayments crm;
    host.on_http(std::ref(crm.router));
    HubSpotPaymentsConnector connector(host.services(), private_app_config());
    // 60 + 50 on a balance of 100: the second of the batch overpays.
    const auto outcomes = connector.write({payment_item("1", "60.00", "5001"), payment_item("2", "50.00", "5001"),
                                           payment_item("3", "10.00", "5001", "EUR"), payment_item("4", "10.00", "")});
    ASSERT_EQ(outcomes.size(), 4u);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason;
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[1].reason.find("overpayment: it pays 50.00 on HubSpot invoice INV-1, whose balance due is 40.00"), std::string::npos)
        << outcomes[1].reason;
    EXPECT_EQ(outcomes[2].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[2].reason.find("in EUR, HubSpot invoice INV-1 in USD"), std::string::npos) << outcomes[2].reason;
    EXPECT_EQ(outcomes[3].kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcomes[3].reason.find("not in HubSpot yet"), std::string::npos) << outcomes[3].reason;
    ASSERT_EQ(crm.upserts.size(), 1u);
    EXPECT_EQ(crm.upserts[0]["id"], "quickbooks/qbo/1");

    // Replayed, the payment already counted on the invoice is not counted twice.
    crm.written["quickbooks/qbo/1"] = crm_object("9001", {{kSourceIdProperty, "quickbooks/qbo/1"}, {"hs_initial_amount", "60.00"},
                                                          {"hs_latest_status", "succeeded"}, {"hs_has_associated_invoice", "true"}});
    crm.router.on("POST /crm/v3/objects/invoices/batch/read", [](const sdk::HttpRequest& r) {
        return batch_read_answer(r, {{"5001", crm_object("5001", {{"hs_currency", "USD"}, {"hs_balance_due", "40.00"}, {"hs_invoice_status", "open"}})}});
    });
    const auto replay = connector.write({payment_item("1", "60.00", "5001")});
    EXPECT_EQ(replay[0].kind, sdk::OutcomeClass::ok) << replay[0].reason;
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
