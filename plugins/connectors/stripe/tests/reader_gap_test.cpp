// A stream whose anchor event fell out of Stripe's 30-day events window: the balance transactions
// since then name what changed (old charges refunded or disputed during the gap), each object is
// read again once, what was created meanwhile is listed, and the stream follows a new anchor. The
// connector's real reader runs against the in-memory host, Stripe answered by the test.

#include <gtest/gtest.h>

#include <algorithm>

#include "client.hpp"
#include "fake_host.hpp"
#include "read_cursor.hpp"
#include "reader.hpp"
#include "stripe_fixtures.hpp"

namespace ledgersync::connectors::stripe {
namespace {

using nlohmann::json;
using quickbooks::testing::FakeHost;
using quickbooks::testing::json_response;
using quickbooks::testing::query_parameter;
using quickbooks::testing::url_path;
using testing::stripe_fixture;

constexpr std::int64_t kAnchorTime = 1'790'000'000;  // when the lost anchor event was created
constexpr std::int64_t kGapSince = kAnchorTime - 60;

json source(const std::string& object, const std::string& id, std::int64_t created, const std::string& charge = {}) {
    json s = {{"id", id}, {"object", object}, {"created", created}};
    if (!charge.empty()) s["charge"] = charge;
    return s;
}

json transaction(const std::string& id, const std::string& type, json source) {
    return {{"id", id}, {"object", "balance_transaction"}, {"type", type}, {"source", std::move(source)}};
}

sdk::HttpResponse list_of(json data, bool has_more) {
    return json_response(200, json{{"object", "list"}, {"url", "/v1/x"}, {"has_more", has_more}, {"data", std::move(data)}}.dump());
}

json charge(const std::string& id, std::int64_t created) {
    json c = stripe_fixture("charge");
    c["id"] = id;
    c["created"] = created;
    return c;
}

/// Stripe as the gap finds it: the anchor evt_lost is gone, evt_new is the newest charge event,
/// two pages of balance transactions since the gap began.
sdk::HttpResponse stripe_after_a_gap(const sdk::HttpRequest& request) {
    const std::string path = url_path(request.url);
    const auto parameter = [&](const std::string& name) { return query_parameter(request.url, name); };
    if (path == "/v1/events") {
        if (parameter("ending_before") == "evt_lost") {
            return json_response(404, R"({"error":{"type":"invalid_request_error","code":"resource_missing",)"
                                      R"("message":"No such event: 'evt_lost'","param":"ending_before"}})");
        }
        if (parameter("ending_before") == "evt_new" || !parameter("created%5Bgte%5D").empty()) return list_of(json::array(), false);
        if (parameter("limit") == "1") {
            return list_of(json::array({{{"id", "evt_new"}, {"object", "event"}, {"created", kAnchorTime + 40 * 86'400}}}), false);
        }
    }
    if (path == "/v1/balance_transactions" && parameter("created%5Bgte%5D") == std::to_string(kGapSince) &&
        parameter("expand%5B%5D") == "data.source") {
        if (parameter("starting_after").empty()) {
            // Newest first: the old charge refunded twice, and a charge made during the gap.
            return list_of(json::array({transaction("txn_5", "refund", source("refund", "re_2", kAnchorTime + 200, "ch_old")),
                                        transaction("txn_4", "charge", source("charge", "ch_new", kAnchorTime + 150)),
                                        transaction("txn_3", "refund", source("refund", "re_1", kAnchorTime + 100, "ch_old"))}),
                           true);
        }
        if (parameter("starting_after") == "txn_3") {
            // A dispute on another old charge, a payout, and a charge authorized before the gap
            // and captured during it.
            return list_of(json::array({transaction("txn_2", "adjustment", source("dispute", "dp_1", kAnchorTime + 50, "ch_disputed")),
                                        transaction("txn_1", "payout", source("payout", "po_1", kAnchorTime + 20)),
                                        transaction("txn_0", "charge", source("charge", "ch_captured", kAnchorTime - 3600))}),
                           false);
        }
    }
    if (path.rfind("/v1/charges/", 0) == 0 && parameter("expand%5B%5D") == "balance_transaction") {
        return json_response(200, charge(path.substr(std::string("/v1/charges/").size()), kAnchorTime - 86'400).dump());
    }
    if (path == "/v1/charges" && parameter("created%5Bgte%5D") == std::to_string(kGapSince)) {
        return list_of(json::array({charge("ch_new", kAnchorTime + 150)}), false);
    }
    return json_response(400, R"({"error":{"type":"invalid_request_error","message":"the test did not expect this request"}})");
}

/// "GET /v1/charges/ch_old"-like lines of the requests sent, with the parameters that matter.
std::vector<std::string> calls(const FakeHost& host) {
    std::vector<std::string> out;
    for (const auto& r : host.requests()) {
        std::string line = url_path(r.url);
        for (const char* name : {"ending_before", "starting_after", "limit"}) {
            const std::string value = query_parameter(r.url, name);
            if (!value.empty() && (std::string(name) != "limit" || value == "1")) line += " " + std::string(name) + "=" + value;
        }
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> ids_of(const sdk::ReadResult& result) {
    std::vector<std::string> ids;
    for (const auto& r : result.records) ids.push_back(r.identity.id);
    for (const auto& u : result.untranslated) ids.push_back(u.identity.id);
    return ids;
}

TEST(StripeGap, movements_name_the_streams_objects_once_oldest_first_leaving_out_what_the_backfill_lists) {
    const json transactions = json::array({
        transaction("txn_6", "payment_refund", source("refund", "pyr_1", kAnchorTime + 300, "py_1")),
        transaction("txn_5", "refund", source("refund", "re_2", kAnchorTime + 200, "ch_old")),
        transaction("txn_4", "charge", source("charge", "ch_new", kAnchorTime + 150)),
        transaction("txn_3", "refund_failure", source("refund", "re_0", kAnchorTime - 500, "ch_old")),
        transaction("txn_2", "adjustment", source("dispute", "dp_1", kAnchorTime + 50, "ch_disputed")),
        transaction("txn_1", "payout", source("payout", "po_1", kAnchorTime + 20)),
        transaction("txn_0", "stripe_fee", json(nullptr)),
    });
    EXPECT_EQ(Reader::objects_moved(*find_stream("payment"), transactions, kGapSince),
              (std::vector<std::string>{"ch_disputed", "ch_old", "py_1"}));
    // The refund re_0 is older than the gap (its failure is new); re_2 and pyr_1 are listed.
    EXPECT_EQ(Reader::objects_moved(*find_stream("refund"), transactions, kGapSince), (std::vector<std::string>{"re_0"}));
    EXPECT_TRUE(Reader::objects_moved(*find_stream("dispute"), transactions, kGapSince).empty());
    EXPECT_EQ(Reader::objects_moved(*find_stream("dispute"), transactions, kAnchorTime + 60), (std::vector<std::string>{"dp_1"}));
    EXPECT_EQ(Reader::objects_moved(*find_stream("payout"), transactions, kAnchorTime + 60), (std::vector<std::string>{"po_1"}));
}

TEST(StripeGap, a_lost_anchor_reads_the_movements_since_then_each_object_once_and_a_new_anchor_even_across_a_restart) {
    FakeHost host;
    host.on_http(stripe_after_a_gap);
    const auto config = StripeConfig::parse({{"api_key", "sk_test_abc"}, {"environment", {{"base_url", "http://stripe.test"}}}});
    ReadCursor lost;
    lost.phase = ReadCursor::Phase::events;
    lost.anchor = "evt_lost";
    lost.started_at = kAnchorTime;
    lost.anchored = true;

    std::optional<std::string> cursor = lost.to_text();
    std::vector<std::vector<std::string>> read_ids;
    {
        StripeClient client(host.services(), config);
        Reader reader(client, config);
        const sdk::ReadResult first = reader.read({"payment", cursor});
        EXPECT_TRUE(first.has_more);
        read_ids.push_back(ids_of(first));
        cursor = first.cursor;
    }
    // Saved mid-gap: the next instance (after a restart) goes on after the last movement listed.
    const ReadCursor saved = ReadCursor::parse(*cursor);
    EXPECT_EQ(saved.phase, ReadCursor::Phase::gap);
    EXPECT_EQ(saved.after, "txn_3");
    EXPECT_EQ(saved.gap_since, kGapSince);
    EXPECT_EQ(saved.anchor, "evt_new");
    {
        StripeClient client(host.services(), config);
        Reader reader(client, config);
        for (int reads = 0; reads < 5; ++reads) {
            const sdk::ReadResult next = reader.read({"payment", cursor});
            read_ids.push_back(ids_of(next));
            cursor = next.cursor;
            if (!next.has_more) break;
        }
    }

    EXPECT_EQ(read_ids, (std::vector<std::vector<std::string>>{{"ch_old"}, {"ch_captured", "ch_disputed"}, {"ch_new"}, {}}));
    EXPECT_EQ(calls(host), (std::vector<std::string>{
                               "/v1/events ending_before=evt_lost",  // 404: the anchor is gone
                               "/v1/events limit=1",                 // the new anchor
                               "/v1/balance_transactions",
                               "/v1/charges/ch_old",
                               "/v1/balance_transactions starting_after=txn_3",
                               "/v1/charges/ch_captured",
                               "/v1/charges/ch_disputed",
                               "/v1/charges",  // created since the gap began
                               "/v1/events ending_before=evt_new",
                           }));
    const ReadCursor last = ReadCursor::parse(*cursor);
    EXPECT_EQ(last.phase, ReadCursor::Phase::events);
    EXPECT_EQ(last.anchor, "evt_new");
    EXPECT_EQ(host.counter("stripe_gaps_total", "stream=payment"), 1);
    EXPECT_EQ(host.counter("stripe_gap_calls_total", "stream=payment"), 6);
    const auto warnings = std::count_if(host.log.begin(), host.log.end(),
                                        [](const std::string& line) { return line.find("no longer has the event evt_lost") != std::string::npos; });
    EXPECT_EQ(warnings, 1);
}

TEST(StripeGap, an_unanchored_catch_up_begun_more_than_29_days_ago_reads_the_gap_too) {
    FakeHost host;
    host.on_http(stripe_after_a_gap);
    host.now_ms = (kAnchorTime + 40 * 86'400) * 1000;
    const auto config = StripeConfig::parse({{"api_key", "sk_test_abc"}, {"environment", {{"base_url", "http://stripe.test"}}}});
    ReadCursor unanchored;  // no event existed when the backfill began, 40 days ago
    unanchored.phase = ReadCursor::Phase::events;
    unanchored.started_at = kAnchorTime;
    unanchored.anchored = true;
    StripeClient client(host.services(), config);
    Reader reader(client, config);
    const sdk::ReadResult first = reader.read({"payment", unanchored.to_text()});
    EXPECT_EQ(ids_of(first), (std::vector<std::string>{"ch_old"}));
    EXPECT_EQ(calls(host), (std::vector<std::string>{"/v1/events limit=1", "/v1/balance_transactions", "/v1/charges/ch_old"}));
    EXPECT_EQ(ReadCursor::parse(*first.cursor).phase, ReadCursor::Phase::gap);
    EXPECT_EQ(host.counter("stripe_gaps_total", "stream=payment"), 1);
}

TEST(StripeGap, a_quiet_unanchored_stream_moves_its_start_so_it_never_looks_like_a_gap) {
    FakeHost host;
    host.on_http(stripe_after_a_gap);
    host.now_ms = (kAnchorTime + 20 * 86'400) * 1000;
    const auto config = StripeConfig::parse({{"api_key", "sk_test_abc"}, {"environment", {{"base_url", "http://stripe.test"}}}});
    ReadCursor unanchored;
    unanchored.phase = ReadCursor::Phase::events;
    unanchored.started_at = kAnchorTime;
    unanchored.anchored = true;
    StripeClient client(host.services(), config);
    Reader reader(client, config);
    const sdk::ReadResult read = reader.read({"dispute", unanchored.to_text()});
    EXPECT_FALSE(read.has_more);
    const ReadCursor after = ReadCursor::parse(*read.cursor);
    EXPECT_EQ(after.phase, ReadCursor::Phase::events);
    EXPECT_EQ(after.started_at, kAnchorTime + 20 * 86'400 - 60);
    EXPECT_EQ(host.counter("stripe_gaps_total", "stream=dispute"), 0);
}

TEST(StripeReadCursor, a_gap_cursor_survives_a_round_trip_and_a_cursor_from_before_gaps_still_reads) {
    ReadCursor gap;
    gap.phase = ReadCursor::Phase::gap;
    gap.anchor = "evt_2";
    gap.anchored = true;
    gap.started_at = 1700000000;
    gap.gap_since = 1690000000;
    gap.after = "txn_9";
    const auto again = ReadCursor::parse(gap.to_text());
    EXPECT_EQ(again.phase, ReadCursor::Phase::gap);
    EXPECT_EQ(again.gap_since, 1690000000);
    EXPECT_EQ(again.after, "txn_9");
    EXPECT_EQ(again.anchor, "evt_2");

    const auto stored = ReadCursor::parse(R"({"phase":"events","anchor":"evt_1","started_at":1700000000,"anchored":true})");
    EXPECT_EQ(stored.phase, ReadCursor::Phase::events);
    EXPECT_EQ(stored.anchor, "evt_1");
    EXPECT_THROW(ReadCursor::parse(R"({"phase":"gap","anchor":"","started_at":0,"anchored":true})"), sdk::Error);
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
