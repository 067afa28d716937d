#include <gtest/gtest.h>

#include <cstddef>

#include <ledgersync/sdk/http.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/wire.hpp>

namespace ledgersync::sdk {
namespace {

using nlohmann::json;

TEST(OutcomeTest, round_trips_every_class_through_json) {
    const Outcome outcomes[] = {
        Outcome::ok("58", "3", "updated"),
        Outcome::transient("connection reset"),
        Outcome::rate_limited(std::chrono::milliseconds(60'000), "throttled"),
        Outcome::auth("token revoked", "reconnect"),
        Outcome::data("duplicate name", "rename one"),
        Outcome::fatal("bad config"),
    };
    for (const auto& o : outcomes) {
        const Outcome back = Outcome::from_json(o.to_json());
        EXPECT_EQ(back.kind, o.kind);
        EXPECT_EQ(back.reason, o.reason);
        EXPECT_EQ(back.fix_hint, o.fix_hint);
        EXPECT_EQ(back.retry_after, o.retry_after);
        EXPECT_EQ(back.target_id, o.target_id);
        EXPECT_EQ(back.target_version, o.target_version);
        EXPECT_EQ(to_status(back.kind), to_status(o.kind));
    }
}

TEST(OutcomeTest, an_unreadable_outcome_becomes_a_fatal_one_that_says_why) {
    EXPECT_EQ(Outcome::from_json(json{{"status", "maybe"}}).kind, OutcomeClass::fatal);
    EXPECT_EQ(Outcome::from_json(json{{"status", "ok"}}).kind, OutcomeClass::fatal);  // ok needs a target id
    EXPECT_EQ(Outcome::from_json(json::array()).kind, OutcomeClass::fatal);
}

TEST(WireTest, write_batches_round_trip_with_records_and_links) {
    WriteItem item;
    item.idempotency_key = "route-a:hubspot/invoice/1:create:v3";
    item.operation = "create";
    item.target_id = "";
    item.attempt = 2;
    item.record.identity = {"hubspot", "hs", "invoice", "1"};
    item.record.version = "3";
    item.record.schema = "ledgersync.invoice";
    item.record.body = {{"total", "19.99"}};
    item.record.links.push_back({"customer", "customer", "c-9", "/customer", "58"});
    const auto back = wire::write_batch_from_json(wire::write_batch_to_json({item}));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].idempotency_key, item.idempotency_key);
    EXPECT_EQ(back[0].attempt, 2);
    EXPECT_EQ(back[0].record.identity, item.record.identity);
    EXPECT_EQ(back[0].record.body, item.record.body);
    ASSERT_EQ(back[0].record.links.size(), 1u);
    EXPECT_EQ(back[0].record.links[0].target_id, "58");
}

TEST(WireTest, an_http_request_crosses_with_its_budget_and_cost_and_an_older_one_costs_one) {
    HttpRequest request;
    request.method = "POST";
    request.url = "https://quickbooks.api.intuit.com/v3/company/1/batch";
    request.headers = {{"Content-Type", "application/json"}};
    request.body = R"({"BatchItemRequest":[]})";
    request.budget = "batch";
    request.cost = 30;
    const WireHttpRequest wire(request);
    const HttpRequest back = from_wire(*wire.get());
    EXPECT_EQ(back.url, request.url);
    EXPECT_EQ(back.body, request.body);
    EXPECT_EQ(back.budget, "batch");
    EXPECT_EQ(back.cost, 30u);

    // A plugin built against ABI 1.1 knows nothing of cost: its struct ends before it.
    ls_http_request older = *wire.get();
    older.struct_size = static_cast<std::uint32_t>(offsetof(ls_http_request, cost));
    EXPECT_EQ(from_wire(older).budget, "batch");
    EXPECT_EQ(from_wire(older).cost, 1u);
    older = *wire.get();
    older.cost = 0;
    EXPECT_EQ(from_wire(older).cost, 1u);
}

TEST(ExactJsonTest, keeps_the_exact_text_of_non_integer_numbers) {
    const json j = parse_json_exact(R"({"a": 19.99, "b": 1234567890.123456789, "c": 7, "d": 1e3,
                                        "e": [0.1, -0.30], "f": 123456789012345678901234567890})");
    EXPECT_EQ(j["a"], "19.99");
    EXPECT_EQ(j["b"], "1234567890.123456789");
    EXPECT_EQ(j["c"], 7);
    EXPECT_EQ(j["d"], "1e3");
    EXPECT_EQ(j["e"][1], "-0.30");
    EXPECT_EQ(j["f"], "123456789012345678901234567890");
}

TEST(ExactJsonTest, reports_malformed_input) {
    EXPECT_THROW(parse_json_exact("{\"a\": }"), JsonParseError);
    EXPECT_THROW(parse_json_exact(""), JsonParseError);
}

}  // namespace
}  // namespace ledgersync::sdk
