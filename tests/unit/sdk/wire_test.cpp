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

TEST(WireTest, a_read_result_carries_untranslated_objects_and_an_older_plugins_result_has_none) {
    ReadResult result;
    result.records.push_back(Record{});
    result.records[0].identity = {"quickbooks", "", "invoice", "129"};
    UntranslatedRecord u;
    u.identity = {"quickbooks", "", "invoice", "130"};
    u.version = "4";
    u.updated_at = "2026-11-20T10:00:00Z";
    u.raw = {{"Id", "130"}, {"TotalAmt", "19.99"}};
    u.reason = "line 2: DetailType \"GroupLineDetail\" has no canonical form";
    u.fix_hint = "correct the invoice, then retry";
    result.untranslated.push_back(u);
    result.cursor = "c2";
    const std::string text = wire::to_json(result).dump();
    const ReadResult back = wire::read_result_from_json(parse_json_exact(text));
    ASSERT_EQ(back.records.size(), 1u);
    ASSERT_EQ(back.untranslated.size(), 1u);
    EXPECT_EQ(back.untranslated[0].identity, u.identity);
    EXPECT_EQ(back.untranslated[0].version, "4");
    EXPECT_EQ(back.untranslated[0].updated_at, u.updated_at);
    EXPECT_EQ(back.untranslated[0].raw["TotalAmt"], "19.99");
    EXPECT_EQ(back.untranslated[0].reason, u.reason);
    EXPECT_EQ(back.untranslated[0].fix_hint, u.fix_hint);
    EXPECT_FALSE(back.answers_ids);
    // What a plugin built against an older SDK sends: no untranslated, no answers_ids.
    const ReadResult older = wire::read_result_from_json(json{{"records", json::array()}, {"cursor", "c"}, {"has_more", false}});
    EXPECT_TRUE(older.untranslated.empty());
    EXPECT_FALSE(older.answers_ids);
}

TEST(WireTest, a_read_by_ids_names_them_and_a_page_request_does_not) {
    EXPECT_FALSE(wire::to_json(ReadRequest{"invoice", std::string("c1")}).contains("ids"));
    const json by_ids = wire::to_json(ReadRequest{"invoice", std::nullopt, {"130", "131"}});
    EXPECT_EQ(by_ids["ids"], json::array({"130", "131"}));
    EXPECT_TRUE(by_ids["cursor"].is_null());
    const ReadRequest back = wire::read_request_from_json(by_ids);
    EXPECT_EQ(back.ids, (std::vector<std::string>{"130", "131"}));
    ReadResult answer;
    answer.answers_ids = true;
    EXPECT_TRUE(wire::read_result_from_json(wire::to_json(answer)).answers_ids);
}

TEST(WireTest, a_record_the_host_cannot_read_is_an_untranslated_object_not_a_failed_page) {
    const json page = {{"records", json::array({
                           {{"identity", {{"system", "x"}, {"connection", ""}, {"type", "invoice"}, {"id", "1"}}},
                            {"version", "1"}, {"schema", {{"id", "ledgersync.invoice"}, {"version", 1}}},
                            {"body", {{"memo", "fine"}}}, {"links", json::array()}},
                           {{"identity", {{"type", "invoice"}, {"id", "2"}}}, {"version", "7"},
                            {"body", {{"memo", "kept"}}}},  // no system: unreadable
                           {{"identity", {{"system", "x"}, {"connection", ""}, {"type", "invoice"}, {"id", "3"}}},
                            {"body", {{"total", "5.00"}}}, {"raw", {{"Id", 3}}}, {"links", json::array({{{"rel", 1}}})}},
                       })},
                       {"cursor", "c9"}};
    const ReadResult result = wire::read_result_from_json(page);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].body["memo"], "fine");
    ASSERT_EQ(result.untranslated.size(), 2u);
    EXPECT_EQ(result.untranslated[0].identity.id, "2");
    EXPECT_EQ(result.untranslated[0].version, "7");
    EXPECT_NE(result.untranslated[0].reason.find("records[1]"), std::string::npos) << result.untranslated[0].reason;
    EXPECT_EQ(result.untranslated[0].raw["body"]["memo"], "kept");  // the record as received, whole
    EXPECT_EQ(result.untranslated[1].identity.id, "3");
    EXPECT_EQ(result.untranslated[1].raw["body"]["total"], "5.00");  // nothing lost to the bad links
    EXPECT_EQ(result.untranslated[1].raw["raw"]["Id"], 3);
    EXPECT_EQ(result.cursor, "c9");
}

TEST(WireTest, a_failure_outcome_keeps_the_id_of_the_object_it_created) {
    Outcome refused = Outcome::data("TotalAmt 108.25, but the source total is 100.00", "check the tax settings");
    refused.target_id = "130";
    refused.target_version = "0";
    refused.action = "created";
    const auto back = wire::outcomes_from_json(wire::outcomes_to_json({refused, Outcome::transient("timeout")}));
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].kind, OutcomeClass::data);
    EXPECT_EQ(back[0].target_id, "130");
    EXPECT_EQ(back[0].target_version, "0");
    EXPECT_EQ(back[0].action, "created");
    EXPECT_TRUE(back[1].target_id.empty());
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
