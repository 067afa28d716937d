// Reading: the list-paging backfill with batch reads of what a page references, the switch to
// incremental search with a short overlap and periodic sweeps, versions the host has (or their
// content) skipped, each next page of a poll a slice from where the page before ended (id
// tie-break), reads by id with the v4 association batch reads, and untranslated objects.

#include <gtest/gtest.h>

#include "connector.hpp"
#include "hubspot_test_support.hpp"

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

json invoice(const std::string& id, const std::string& line_id, const std::string& modified = "2026-11-18T10:00:00.000Z") {
    return crm_object(id,
                      {{"hs_invoice_status", "open"}, {"hs_number", "INV-" + id}, {"hs_currency", "USD"},
                       {"hs_invoice_date", "2026-11-18T00:00:00.000Z"}, {"hs_amount_billed", "10.00"}, {"hs_amount_paid", "0"},
                       {"hs_balance_due", "10.00"}, {"hs_lastmodifieddate", modified}},
                      {{"line_items", {line_id}}, {"contacts", {"7001"}}}, modified);
}

std::map<std::string, json> lines_for(const std::vector<std::string>& ids) {
    std::map<std::string, json> out;
    for (const auto& id : ids) out[id] = crm_object(id, {{"name", "Line"}, {"quantity", "1"}, {"price", "10.00"}, {"amount", "10.00"}});
    return out;
}

const std::map<std::string, json> kContacts = {{"7001", crm_object("7001", {{"firstname", "Ada"}, {"lastmodifieddate", "2026-11-01T00:00:00Z"}})}};

TEST(HubSpotReader, the_backfill_lists_pages_and_batch_reads_what_they_reference_then_polls_by_search) {
    FakeHost host;
    Router router;
    router.on("GET /crm/v3/objects/invoices", [&](const sdk::HttpRequest& r) {
        EXPECT_EQ(query_parameter(r.url, "limit"), "100");
        EXPECT_NE(query_parameter(r.url, "associations").find("line_items"), std::string::npos);
        if (query_parameter(r.url, "after").empty()) {
            return json_response(200, json{{"results", {invoice("5001", "6001"), invoice("5002", "6002")}},
                                           {"paging", {{"next", {{"after", "5003"}}}}}}.dump());
        }
        EXPECT_EQ(query_parameter(r.url, "after"), "5003");
        return json_response(200, json{{"results", {invoice("5003", "6003")}}}.dump());
    });
    router.on("POST /crm/v3/objects/line_items/batch/read",
              [&](const sdk::HttpRequest& r) { return batch_read_answer(r, lines_for({"6001", "6002", "6003"})); });
    router.on("POST /crm/v3/objects/contacts/batch/read", [&](const sdk::HttpRequest& r) { return batch_read_answer(r, kContacts); });
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());

    sdk::ReadResult first = connector.read({"invoice", std::nullopt});
    EXPECT_EQ(first.records.size(), 2u);
    EXPECT_TRUE(first.untranslated.empty());
    EXPECT_TRUE(first.has_more);
    EXPECT_EQ(host.requests().size(), 3u);  // one page, its line items, its contacts
    EXPECT_EQ(first.records[0].body["customer"]["name"], "Ada");

    sdk::ReadResult second = connector.read({"invoice", first.cursor});
    EXPECT_EQ(second.records.size(), 1u);
    EXPECT_FALSE(second.has_more);
    const json cursor = json::parse(*second.cursor);
    EXPECT_EQ(cursor["mode"], "poll");
    EXPECT_EQ(cursor["since_ms"], host.now_ms - 300'000);

    const std::int64_t backfill_started = host.now_ms;
    router.on("POST /crm/v3/objects/invoices/search", [&](const sdk::HttpRequest& r) {
        EXPECT_EQ(r.budget, "search");
        const json body = json::parse(r.body);
        EXPECT_EQ(body["filterGroups"][0]["filters"][0],
                  (json{{"propertyName", "hs_lastmodifieddate"}, {"operator", "GTE"}, {"value", std::to_string(backfill_started - 300'000)}}));
        EXPECT_EQ(body["sorts"][0]["direction"], "ASCENDING");
        json edited = invoice("5002", "6002", "2026-11-18T11:00:00.000Z");
        edited["properties"]["hs_comments"] = "Net 30";
        return json_response(200, json{{"total", 1}, {"results", {edited}}}.dump());
    });
    router.on("POST /crm/v4/associations/invoices/line_items/batch/read", [&](const sdk::HttpRequest&) {
        return json_response(200, R"({"status":"COMPLETE","results":[{"from":{"id":"5002"},"to":[{"toObjectId":6002,"associationTypes":[]}]}]})");
    });
    router.on("POST /crm/v4/associations/invoices/contacts/batch/read", [&](const sdk::HttpRequest&) {
        return json_response(200, R"({"status":"COMPLETE","results":[{"from":{"id":"5002"},"to":[{"toObjectId":7001,"associationTypes":[]}]}]})");
    });
    for (const std::string to : {"companies", "deals", "discounts", "fees", "taxes", "commerce_payments"}) {
        router.on("POST /crm/v4/associations/invoices/" + to + "/batch/read",
                  [](const sdk::HttpRequest&) { return json_response(200, R"({"status":"COMPLETE","results":[{"from":{"id":"5002"},"to":[]}]})"); });
    }
    sdk::ReadResult poll = connector.read({"invoice", second.cursor});
    ASSERT_EQ(poll.records.size(), 1u);
    EXPECT_EQ(poll.records[0].body["lines"][0]["id"], "6002");
    EXPECT_EQ(poll.records[0].updated_at, "2026-11-18T11:00:00Z");
    EXPECT_FALSE(poll.has_more);
    // The backfill's overlap was searched; the change seen is older than it: the watermark stays.
    EXPECT_EQ(json::parse(*poll.cursor)["since_ms"], backfill_started - 300'000);

    // Polled again at once (the host polls every stream while another has more): no search.
    const std::size_t calls = host.requests().size();
    EXPECT_TRUE(connector.read({"invoice", poll.cursor}).records.empty());
    EXPECT_EQ(host.requests().size(), calls);
    // Later the search finds the same version again: searched, but its parts are not read again.
    host.now_ms += 31'000;
    EXPECT_TRUE(connector.read({"invoice", poll.cursor}).records.empty());
    EXPECT_EQ(host.requests().size(), calls + 1);
    EXPECT_EQ(host.counter("hubspot_poll_rereads_skipped_total", "stream=invoice"), 1);
}

/// A reader of invoices that has committed the backfill of invoice 5001 (line 6001, contact
/// 7001) and is polling; `search` answers the polls.
struct PollingReader {
    FakeHost host;
    Router router;
    std::unique_ptr<HubSpotConnector> connector;
    std::optional<std::string> cursor;
    std::function<json()> search;

    PollingReader() {
        router.on("GET /crm/v3/objects/invoices",
                  [](const sdk::HttpRequest&) { return json_response(200, json{{"results", {invoice("5001", "6001")}}}.dump()); });
        router.on("POST /crm/v3/objects/line_items/batch/read",
                  [](const sdk::HttpRequest& r) { return batch_read_answer(r, lines_for({"6001"})); });
        router.on("POST /crm/v3/objects/contacts/batch/read", [](const sdk::HttpRequest& r) { return batch_read_answer(r, kContacts); });
        router.on("POST /crm/v3/objects/invoices/search",
                  [this](const sdk::HttpRequest&) { return json_response(200, json{{"total", 1}, {"results", {search()}}}.dump()); });
        for (const std::string to : {"line_items", "contacts"}) {
            router.on("POST /crm/v4/associations/invoices/" + to + "/batch/read", [to](const sdk::HttpRequest&) {
                const std::string id = to == "line_items" ? "6001" : "7001";
                return json_response(200, R"({"status":"COMPLETE","results":[{"from":{"id":"5001"},"to":[{"toObjectId":)" + id +
                                              R"(,"associationTypes":[]}]}]})");
            });
        }
        for (const std::string to : {"companies", "deals", "discounts", "fees", "taxes", "commerce_payments"}) {
            router.on("POST /crm/v4/associations/invoices/" + to + "/batch/read",
                      [](const sdk::HttpRequest&) { return json_response(200, R"({"status":"COMPLETE","results":[{"from":{"id":"5001"},"to":[]}]})"); });
        }
        host.on_http(std::ref(router));
        connector = std::make_unique<HubSpotConnector>(host.services(), private_app_config());
        cursor = connector->read({"invoice", std::nullopt}).cursor;
    }

    /// The next poll, 31 seconds on.
    sdk::ReadResult poll() {
        host.now_ms += 31'000;
        sdk::ReadResult result = connector->read({"invoice", cursor});
        cursor = result.cursor;
        return result;
    }

    std::size_t association_reads() const {
        std::size_t n = 0;
        for (const auto& r : host.requests()) n += r.url.find("/crm/v4/associations/") != std::string::npos ? 1 : 0;
        return n;
    }
};

TEST(HubSpotReader, an_invoice_modified_only_in_properties_the_connector_does_not_read_is_not_read_again_in_full) {
    PollingReader reader;
    // Its sync status written (properties the connector does not read): only the modification time moved.
    reader.search = [] { return invoice("5001", "6001", "2026-11-18T12:30:00.000Z"); };
    const sdk::ReadResult synced = reader.poll();
    EXPECT_TRUE(synced.records.empty());
    EXPECT_EQ(reader.association_reads(), 0u) << "skipped before its parts are read";
    EXPECT_EQ(reader.host.counter("hubspot_poll_rereads_skipped_total", "stream=invoice"), 1);

    // An edit of a property it reads: read in full, a new record.
    reader.search = [] {
        json edited = invoice("5001", "6001", "2026-11-18T12:40:00.000Z");
        edited["properties"]["hs_due_date"] = "2026-12-31T00:00:00.000Z";
        return edited;
    };
    const sdk::ReadResult edited = reader.poll();
    ASSERT_EQ(edited.records.size(), 1u);
    EXPECT_EQ(edited.records[0].updated_at, "2026-11-18T12:40:00Z");
    EXPECT_GT(reader.association_reads(), 0u);

    // Going back to the backfill's content is a change too: only the latest committed content counts.
    reader.search = [] { return invoice("5001", "6001", "2026-11-18T12:50:00.000Z"); };
    const std::size_t before = reader.association_reads();
    EXPECT_EQ(reader.poll().records.size(), 1u);
    EXPECT_GT(reader.association_reads(), before);
}

TEST(HubSpotReader, polls_search_from_the_latest_change_less_ten_seconds_and_a_sweep_searches_the_whole_overlap_every_overlap_period) {
    FakeHost host;
    Router router;
    std::vector<std::int64_t> searched_from;
    std::int64_t changed_ms = 1795003000000;
    router.on("POST /crm/v3/objects/products/search", [&](const sdk::HttpRequest& r) {
        const json body = json::parse(r.body);
        EXPECT_EQ(body["limit"], 200);
        searched_from.push_back(std::stoll(body["filterGroups"][0]["filters"][0]["value"].get<std::string>()));
        return json_response(200, json{{"total", 1},
                                       {"results", {crm_object("9100", {{"name", "P"}, {"hs_lastmodifieddate", std::to_string(changed_ms)}})}}}
                                      .dump());
    });
    testing::on_account_details(router);
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    // A poll cursor whose last sweep was decided 120 s ago, to start from 1795002000000.
    std::optional<std::string> cursor = json{{"mode", "poll"},          {"since_ms", 1795002500000}, {"tie_id", ""},
                                             {"offset", 0},             {"latest_ms", 1795002500000}, {"latest_id", "9000"},
                                             {"polled_at_ms", 0},       {"sweep_from_ms", 1795002000000},
                                             {"swept_at_ms", host.now_ms - 120'000}}
                                            .dump();
    auto poll = [&] {
        cursor = connector.read({"product", cursor}).cursor;
        host.now_ms += 31'000;
        changed_ms += 31'000;
        return json::parse(*cursor);
    };
    json next = poll();
    EXPECT_EQ(next["since_ms"], 1795003000000 - 10'000) << "the latest change less 10 s";
    for (int i = 0; i < 5; ++i) next = poll();  // 120 + 6 x 31 s: the next one is a sweep
    EXPECT_EQ(next["since_ms"], 1795003000000 + 5 * 31'000 - 10'000);
    next = poll();
    EXPECT_EQ(next["since_ms"], 1795002000000) << "a sweep from the latest change seen at the last sweep less the overlap";
    const std::int64_t latest_at_sweep = 1795003000000 + 6 * 31'000;
    EXPECT_EQ(next["sweep_from_ms"], latest_at_sweep - 300'000);
    next = poll();
    EXPECT_EQ(next["since_ms"], latest_at_sweep + 31'000 - 10'000) << "then back to the short overlap";
    EXPECT_EQ(searched_from[7], 1795002000000);
}

TEST(HubSpotReader, each_next_page_of_a_poll_is_a_new_slice_from_where_the_page_before_ended_with_an_id_tie_break) {
    FakeHost host;
    Router router;
    router.on("POST /crm/v3/objects/products/search", [&](const sdk::HttpRequest& r) {
        const json body = json::parse(r.body);
        if (body["filterGroups"].size() == 2) {
            EXPECT_EQ(body["filterGroups"][1]["filters"][1], (json{{"propertyName", "hs_object_id"}, {"operator", "GT"}, {"value", "9100"}}));
            return json_response(200, R"({"total":0,"results":[]})");
        }
        EXPECT_FALSE(body.contains("after")) << "never the search's offset";
        return json_response(200, json{{"total", 12000},
                                       {"results", {crm_object("9100", {{"name", "P"}}, {}, "2026-11-18T12:00:00.000Z")}},
                                       {"paging", {{"next", {{"after", "1"}}}}}}
                                      .dump());
    });
    testing::on_account_details(router);
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    // The poll before saw a later change (the overlap reads what came before it): the next slice
    // starts where this page ended, not at that change.
    const std::string cursor =
        json{{"mode", "poll"}, {"since_ms", 0}, {"tie_id", ""}, {"offset", 0}, {"latest_ms", 1795009999999}, {"latest_id", "99999"}}
            .dump();
    const sdk::ReadResult page = connector.read({"product", cursor});
    EXPECT_TRUE(page.has_more);
    const json next = json::parse(*page.cursor);
    EXPECT_EQ(next["since_ms"], 1795003200000);
    EXPECT_EQ(next["tie_id"], "9100");
    EXPECT_EQ(next["offset"], 0);
    EXPECT_FALSE(connector.read({"product", page.cursor}).has_more);
}

TEST(HubSpotReader, reads_by_id_leave_out_what_is_gone_and_report_what_cannot_be_translated) {
    FakeHost host;
    Router router;
    json broken = invoice("5002", "6002");
    broken["properties"].erase("hs_currency");
    router.on("POST /crm/v3/objects/invoices/batch/read",
              [&](const sdk::HttpRequest& r) { return batch_read_answer(r, {{"5001", invoice("5001", "6001")}, {"5002", broken}}); });
    for (const std::string to : {"line_items", "contacts", "companies", "deals", "discounts", "fees", "taxes", "commerce_payments"}) {
        router.on("POST /crm/v4/associations/invoices/" + to + "/batch/read", [to](const sdk::HttpRequest&) {
            const std::string target = to == "line_items" ? "[{\"toObjectId\":6001}]" : to == "contacts" ? "[{\"toObjectId\":7001}]" : "[]";
            return json_response(200, R"({"results":[{"from":{"id":"5001"},"to":)" + target + R"(},{"from":{"id":"5002"},"to":[]}]})");
        });
    }
    router.on("POST /crm/v3/objects/line_items/batch/read", [&](const sdk::HttpRequest& r) { return batch_read_answer(r, lines_for({"6001"})); });
    router.on("POST /crm/v3/objects/contacts/batch/read", [&](const sdk::HttpRequest& r) { return batch_read_answer(r, kContacts); });
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    sdk::ReadRequest request{"invoice", std::nullopt, {"5001", "5002", "5999"}};
    const sdk::ReadResult result = connector.read(request);
    EXPECT_TRUE(result.answers_ids);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].identity.id, "5001");
    ASSERT_EQ(result.untranslated.size(), 1u);
    EXPECT_EQ(result.untranslated[0].identity.id, "5002");
    EXPECT_NE(result.untranslated[0].reason.find("no currency"), std::string::npos) << result.untranslated[0].reason;
    EXPECT_EQ(host.counter("hubspot_records_untranslated_total", "stream=invoice"), 1);
}

TEST(HubSpotReader, an_unknown_stream_is_unsupported) {
    FakeHost host;
    HubSpotConnector connector(host.services(), private_app_config());
    EXPECT_THROW(connector.read({"expense", std::nullopt}), sdk::Unsupported);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
