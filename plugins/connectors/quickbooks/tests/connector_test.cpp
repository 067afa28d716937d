// The connector's webhook and fetch: signatures checked over the raw bytes before anything is
// read, the entities named re-read, deletes and merges; the invoice PDF.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "connector.hpp"
#include "fake_host.hpp"
#include "qbo_stub.hpp"
#include "webhooks.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using testing::FakeHost;
using testing::QboStub;
using testing::connector_config;
using testing::url_path;

sdk::HttpRequest signed_webhook(const std::string& body, const std::string& token = "verifier") {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = "/webhooks/qbo";
    request.headers = {{"intuit-signature", webhook_signature(token, body)}, {"Content-Type", "application/json"}};
    request.body = body;
    return request;
}

struct Fixture {
    FakeHost host;
    QboStub qbo{host};
    QuickBooksConnector connector{host.services(), connector_config()};
};

TEST(ConnectorWebhook, a_wrong_signature_is_refused_and_counted_before_anything_is_read) {
    Fixture f;
    const std::string body = R"({"eventNotifications":[{"realmId":"123","dataChangeEvent":{"entities":[{"name":"Customer","id":"9","operation":"Create","lastUpdated":"2026-11-18T10:00:00.000Z"}]}}]})";
    try {
        f.connector.webhook(signed_webhook(body, "another token"));
        FAIL() << "expected a refusal";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_NE(e.outcome().reason.find("intuit-signature"), std::string::npos);
    }
    EXPECT_EQ(f.host.counter("qbo_webhooks_rejected_total", "reason=signature"), 1);
    EXPECT_TRUE(f.qbo.calls.empty());
}

TEST(ConnectorWebhook, legacy_events_are_re_read_deduplicated_and_deletes_become_delete_records) {
    Fixture f;
    f.qbo.put("Customer", {{"Id", "9"}, {"DisplayName", "Cool Cars"}});
    const std::string body = R"({"eventNotifications":[
        {"realmId":"123","dataChangeEvent":{"entities":[
            {"name":"Customer","id":"9","operation":"Create","lastUpdated":"2026-11-18T10:00:00.000Z"},
            {"name":"Customer","id":"9","operation":"Update","lastUpdated":"2026-11-18T10:00:01.000Z"},
            {"name":"Invoice","id":"44","operation":"Delete","lastUpdated":"2026-11-18T10:00:02-0800"},
            {"name":"Vendor","id":"40","operation":"Update","lastUpdated":"2026-11-18T10:00:03.000Z"}]}},
        {"realmId":"999","dataChangeEvent":{"entities":[{"name":"Customer","id":"1","operation":"Create","lastUpdated":"2026-11-18T10:00:00.000Z"}]}}]})";
    const sdk::WebhookResult result = f.connector.webhook(signed_webhook(body));
    EXPECT_EQ(result.response_status, 200);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].identity.type, "customer");
    EXPECT_EQ(result.records[0].body["display_name"], "Cool Cars");
    EXPECT_EQ(result.records[1].operation, sdk::RecordOperation::remove);
    EXPECT_EQ(result.records[1].identity.type, "invoice");
    EXPECT_EQ(result.records[1].updated_at, "2026-11-18T18:00:02Z");
    EXPECT_EQ(f.qbo.calls, (std::vector<std::string>{"GET /v3/company/123/customer/9"}));
    EXPECT_EQ(f.host.counter("qbo_webhook_events_ignored_total", "reason=other_realm"), 1);
}

TEST(ConnectorWebhook, cloudevents_merges_delete_the_merged_entity_and_re_read_the_survivor) {
    Fixture f;
    f.qbo.put("Customer", {{"Id", "123"}, {"DisplayName", "Survivor"}});
    const std::string body =
        R"([{"specversion":"1.0","id":"e1","source":"intuit.x","type":"qbo.customer.merged.v1","datacontenttype":"application/json","time":"2026-11-18T15:25:05Z","intuitentityid":"123","intuitaccountid":"123","data":{"deletedid":"27"}}])";
    sdk::HttpRequest request = signed_webhook(body);
    request.headers[1].second = "application/cloudevents+json";
    const sdk::WebhookResult result = f.connector.webhook(request);
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].identity.id, "27");
    EXPECT_EQ(result.records[0].operation, sdk::RecordOperation::remove);
    EXPECT_EQ(result.records[1].identity.id, "123");
    EXPECT_EQ(result.records[1].body["display_name"], "Survivor");
}

TEST(ConnectorWebhook, a_verified_but_unreadable_body_is_acknowledged) {
    Fixture f;
    const sdk::WebhookResult result = f.connector.webhook(signed_webhook("{\"not\":\"a payload\"}"));
    EXPECT_EQ(result.response_status, 200);
    EXPECT_TRUE(result.records.empty());
    EXPECT_EQ(f.host.counter("qbo_webhooks_rejected_total", "reason=format"), 1);
}

TEST(ConnectorFetch, the_invoice_pdf_is_fetched_as_pdf) {
    FakeHost host;
    QboStub qbo(host);
    host.on_http([&](const sdk::HttpRequest& r) {
        if (url_path(r.url) == "/oauth2/v1/tokens/bearer") return qbo.handle(r);
        EXPECT_EQ(url_path(r.url), "/v3/company/123/invoice/130/pdf");
        EXPECT_EQ(r.header("Accept"), "application/pdf");
        sdk::HttpResponse response;
        response.status = 200;
        response.headers = {{"Content-Type", "application/pdf"}};
        response.body = std::string("%PDF-1.4\n\x00\xff binary", 19);
        return response;
    });
    QuickBooksConnector connector(host.services(), connector_config());
    const sdk::Document document = connector.fetch({"invoice_pdf", "130"});
    EXPECT_EQ(document.content_type, "application/pdf");
    EXPECT_EQ(document.bytes.size(), 19u);
    EXPECT_THROW(connector.fetch({"payment_receipt", "1"}), sdk::Unsupported);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
