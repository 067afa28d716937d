#include <gtest/gtest.h>

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
