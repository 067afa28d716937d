// Reading streams: the first read pages through /query from sync_from, then change data capture
// from a watermark kept in the cursor; deletions; watermarks older than CDC's 30 days.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "connector.hpp"
#include "fake_host.hpp"
#include "qbo_stub.hpp"
#include "timestamps.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using testing::FakeHost;
using testing::QboStub;
using testing::connector_config;
using testing::json_response;
using testing::query_parameter;
using testing::sample;
using testing::url_path;

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

json invoice_row(const std::string& id, const std::string& updated) {
    json invoice = sdk::parse_json_exact(sample("json-intuit-docs/invoice_object.json"))["Invoice"];
    invoice["Id"] = id;
    invoice["MetaData"]["LastUpdatedTime"] = updated;
    return invoice;
}

struct Fixture {
    FakeHost host;
    QboStub qbo{host};
    std::function<sdk::HttpResponse(const sdk::HttpRequest&)> api;

    explicit Fixture(const json& extra = json::object()) : connector(host.services(), connector_config(extra)) {
        host.on_http([this](const sdk::HttpRequest& r) {
            if (url_path(r.url) == "/oauth2/v1/tokens/bearer") return qbo.handle(r);
            return api(r);
        });
    }
    QuickBooksConnector connector;
};

TEST(Reader, the_first_read_pages_through_queries_from_sync_from_then_switches_to_cdc) {
    Fixture f(json{{"sync_from", "2026-11-01"}});
    std::string sql;
    f.api = [&](const sdk::HttpRequest& r) {
        EXPECT_EQ(url_path(r.url), "/v3/company/123/query");
        sql = query_parameter(r.url, "query");
        return json_response(200, json{{"QueryResponse", {{"Invoice", json::array({invoice_row("1", "2026-11-02T10:00:00-08:00"),
                                                                                      invoice_row("2", "2026-11-03T10:00:00-08:00")})},
                                                          {"startPosition", 1}, {"maxResults", 2}}},
                                       {"time", "2026-11-18T10:00:00-08:00"}}
                                          .dump());
    };
    const sdk::ReadResult result = f.connector.read({"invoice", std::nullopt});
    EXPECT_EQ(sql,
              "SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime >= '2026-11-01T00:00:00+00:00' ORDERBY "
              "MetaData.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 1000");
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].identity.id, "1");
    EXPECT_EQ(result.records[1].updated_at, "2026-11-03T18:00:00Z");
    EXPECT_FALSE(result.has_more);
    ASSERT_TRUE(result.cursor);
    const json cursor = sdk::parse_json_exact(*result.cursor);
    EXPECT_EQ(cursor["mode"], "cdc");
    // CDC resumes from when the backfill began, less the overlap.
    EXPECT_EQ(cursor["since"], format_utc(f.host.now_ms - 60'000));
}

TEST(Reader, a_full_query_page_continues_from_the_latest_change_seen) {
    Fixture f(json{{"limits", {{"query_page_size", 2}}}});
    std::vector<std::string> queries;
    f.api = [&](const sdk::HttpRequest& r) {
        queries.push_back(query_parameter(r.url, "query"));
        if (queries.size() == 1) {
            return json_response(200, json{{"QueryResponse", {{"Invoice", json::array({invoice_row("1", "2026-11-02T10:00:00Z"),
                                                                                          invoice_row("2", "2026-11-03T10:00:00Z")})}}},
                                           {"time", "2026-11-18T10:00:00Z"}}
                                              .dump());
        }
        return json_response(200, R"({"QueryResponse":{},"time":"2026-11-18T10:00:01Z"})");
    };
    const sdk::ReadResult first = f.connector.read({"invoice", std::nullopt});
    EXPECT_TRUE(first.has_more);
    const sdk::ReadResult second = f.connector.read({"invoice", first.cursor});
    ASSERT_EQ(queries.size(), 2u);
    EXPECT_NE(queries[1].find(">= '2026-11-03T10:00:00+00:00'"), std::string::npos) << queries[1];
    EXPECT_NE(queries[1].find("STARTPOSITION 1 MAXRESULTS 2"), std::string::npos) << queries[1];
    EXPECT_FALSE(second.has_more);
}

TEST(Reader, change_data_capture_reads_changes_and_deletions_from_the_watermark) {
    Fixture f;
    const std::int64_t since = f.host.now_ms - kDay;
    const std::string cursor = json{{"mode", "cdc"}, {"since", format_utc(since)}}.dump();
    std::string url;
    f.api = [&](const sdk::HttpRequest& r) {
        url = r.url;
        json deleted = {{"domain", "QBO"}, {"status", "Deleted"}, {"Id", "979"}, {"MetaData", {{"LastUpdatedTime", "2026-11-17T12:55:50-08:00"}}}};
        return json_response(200, json{{"CDCResponse", json::array({{{"QueryResponse", json::array({{{"Invoice", json::array({invoice_row("5", "2026-11-17T10:00:00-08:00"), deleted})}}})}}})},
                                       {"time", "2026-11-17T13:00:00-08:00"}}
                                          .dump());
    };
    const sdk::ReadResult result = f.connector.read({"invoice", cursor});
    EXPECT_EQ(url_path(url), "/v3/company/123/cdc");
    EXPECT_EQ(query_parameter(url, "entities"), "Invoice");
    EXPECT_EQ(query_parameter(url, "changedSince"), format_qbo_instant(since));
    ASSERT_EQ(result.records.size(), 2u);
    EXPECT_EQ(result.records[0].identity.id, "5");
    EXPECT_EQ(result.records[1].operation, sdk::RecordOperation::remove);
    EXPECT_EQ(result.records[1].identity.id, "979");
    EXPECT_EQ(result.records[1].updated_at, "2026-11-17T20:55:50Z");
    const json next = sdk::parse_json_exact(*result.cursor);
    EXPECT_EQ(next["since"], "2026-11-17T20:59:00Z");  // the answer's time less 60 s
    EXPECT_FALSE(result.has_more);
}

TEST(Reader, the_refund_stream_reads_refund_receipts_and_credit_memos) {
    Fixture f;
    std::string entities;
    f.api = [&](const sdk::HttpRequest& r) {
        entities = query_parameter(r.url, "entities");
        return json_response(200, R"({"CDCResponse":[{"QueryResponse":[{}]}],"time":"2026-11-18T10:00:00Z"})");
    };
    const std::string cursor = json{{"mode", "cdc"}, {"since", format_utc(f.host.now_ms - kDay)}}.dump();
    EXPECT_TRUE(f.connector.read({"refund", cursor}).records.empty());
    EXPECT_EQ(entities, "RefundReceipt,CreditMemo");
}

TEST(Reader, a_watermark_older_than_cdc_covers_is_read_with_queries) {
    Fixture f;
    f.api = [&](const sdk::HttpRequest& r) {
        EXPECT_EQ(url_path(r.url), "/v3/company/123/query");
        return json_response(200, R"({"QueryResponse":{},"time":"2026-11-18T10:00:00Z"})");
    };
    const std::string cursor = json{{"mode", "cdc"}, {"since", format_utc(f.host.now_ms - 40 * kDay)}}.dump();
    const sdk::ReadResult result = f.connector.read({"payment", cursor});
    EXPECT_EQ(sdk::parse_json_exact(*result.cursor)["mode"], "cdc");
}

TEST(Reader, entities_without_a_canonical_form_are_reported_untranslated_counted_and_read_past) {
    Fixture f;
    f.api = [&](const sdk::HttpRequest&) { return json_response(200, sample("json-intuit-docs/cdc_response.json")); };
    const std::string cursor = json{{"mode", "cdc"}, {"since", format_utc(f.host.now_ms - kDay)}}.dump();
    const sdk::ReadResult result = f.connector.read({"customer", cursor});
    EXPECT_TRUE(result.records.empty());  // the sample's customers carry only an Id
    ASSERT_EQ(result.untranslated.size(), 2u);
    for (const auto& u : result.untranslated) {
        EXPECT_EQ(u.identity.system, "quickbooks");
        EXPECT_EQ(u.identity.type, "customer");
        EXPECT_FALSE(u.identity.id.empty());
        EXPECT_EQ(u.raw["Id"], u.identity.id);  // the entity as QBO returned it
        EXPECT_NE(u.reason.find("Customer " + u.identity.id + " has no canonical form"), std::string::npos) << u.reason;
        EXPECT_NE(u.reason.find("no DisplayName"), std::string::npos) << u.reason;
        EXPECT_NE(u.fix_hint.find("retry"), std::string::npos) << u.fix_hint;
    }
    EXPECT_EQ(f.host.counter("qbo_records_untranslated_total", "stream=customer"), 2);
    EXPECT_TRUE(result.cursor);  // the page ends with a cursor as usual: they are the host's failures now
}

TEST(Reader, a_read_by_ids_queries_exactly_those_entities_and_says_it_answered_them) {
    Fixture f;
    std::vector<std::string> queries;
    f.api = [&](const sdk::HttpRequest& r) {
        queries.push_back(query_parameter(r.url, "query"));
        json broken = invoice_row("7", "2026-11-17T10:00:00Z");
        broken.erase("TxnDate");
        return json_response(200, json{{"QueryResponse", {{"Invoice", json::array({invoice_row("5", "2026-11-17T10:00:00Z"), broken})}}},
                                       {"time", "2026-11-18T10:00:00Z"}}
                                          .dump());
    };
    const sdk::ReadResult result = f.connector.read({"invoice", std::nullopt, {"5", "7", "9"}});
    ASSERT_EQ(queries.size(), 1u);
    EXPECT_EQ(queries[0], "SELECT * FROM Invoice WHERE Id IN ('5', '7', '9') MAXRESULTS 100");
    EXPECT_TRUE(result.answers_ids);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].identity.id, "5");
    ASSERT_EQ(result.untranslated.size(), 1u);  // still without a canonical form
    EXPECT_EQ(result.untranslated[0].identity.id, "7");
    EXPECT_EQ(result.untranslated[0].updated_at, "2026-11-17T10:00:00Z");
    // 9 no longer exists: it is simply not in the answer.
}

TEST(Reader, a_read_by_ids_of_refunds_asks_each_entity_for_the_ids_that_name_it) {
    Fixture f;
    std::vector<std::string> queries;
    f.api = [&](const sdk::HttpRequest& r) {
        queries.push_back(query_parameter(r.url, "query"));
        return json_response(200, R"({"QueryResponse":{},"time":"2026-11-18T10:00:00Z"})");
    };
    // QuickBooks numbers the two apart: "41" is refund receipt 41, "creditmemo-41" credit memo 41.
    const sdk::ReadResult result = f.connector.read({"refund", std::nullopt, {"41", "creditmemo-41", "creditmemo-3"}});
    EXPECT_TRUE(result.answers_ids);
    ASSERT_EQ(queries.size(), 2u);
    EXPECT_EQ(queries[0], "SELECT * FROM RefundReceipt WHERE Id IN ('41') MAXRESULTS 100");
    EXPECT_EQ(queries[1], "SELECT * FROM CreditMemo WHERE Id IN ('41', '3') MAXRESULTS 100");
}

TEST(Reader, unknown_streams_are_unsupported) {
    Fixture f;
    EXPECT_THROW(f.connector.read({"timesheet", std::nullopt}), sdk::Unsupported);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
