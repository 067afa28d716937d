#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus/filter.hpp"
#include "bus/route_config.hpp"
#include "model/canonical_schemas.hpp"

namespace ledgersync::bus {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

const model::CanonicalSchemas& schemas() { return model::CanonicalSchemas::builtin(); }

Filter compile(const json& spec, sdk::ConfigProblems& problems) {
    return Filter::compile(spec, "invoice", schemas(), "/routes/0/when", problems);
}

json invoice(const std::string& status, const std::string& total, const std::string& currency = "USD") {
    return {{"status", status}, {"currency", currency}, {"issue_date", "2026-11-20"},
            {"totals", {{"total", total}}}, {"custom_fields", {{"po_number", "PO-7"}}}};
}

TEST(FilterTest, compares_decimals_as_numbers_and_dates_as_dates) {
    sdk::ConfigProblems problems;
    const Filter f = compile(json::parse(R"({"and": [{"gte": ["totals.total", "100"]},
                                                     {"lt": ["issue_date", "2026-12-01"]}]})"), problems);
    ASSERT_TRUE(problems.empty()) << problems.to_string();
    EXPECT_TRUE(f.matches(invoice("open", "100.00")));
    EXPECT_TRUE(f.matches(invoice("open", "1000.5")));
    EXPECT_FALSE(f.matches(invoice("open", "99.999")));
    json late = invoice("open", "500");
    late["issue_date"] = "2026-12-01";
    EXPECT_FALSE(f.matches(late));
}

TEST(FilterTest, compares_date_times_as_instants_not_as_text) {
    sdk::ConfigProblems problems;
    const Filter after = compile(json::parse(R"({"gt": ["updated_at", "2026-01-01T00:00:00Z"]})"), problems);
    const Filter at = compile(json::parse(R"({"eq": ["updated_at", "2026-01-01T01:00:00+01:00"]})"), problems);
    ASSERT_TRUE(problems.empty()) << problems.to_string();
    json half_second_later = invoice("open", "1");
    half_second_later["updated_at"] = "2026-01-01T00:00:00.5Z";  // sorts before "...00Z" as text
    EXPECT_TRUE(after.matches(half_second_later));
    json same_instant = invoice("open", "1");
    same_instant["updated_at"] = "2026-01-01T00:00:00Z";
    EXPECT_FALSE(after.matches(same_instant));
    EXPECT_TRUE(at.matches(same_instant));
    EXPECT_FALSE(at.matches(half_second_later));
    sdk::ConfigProblems bad;
    (void)compile(json::parse(R"({"gt": ["updated_at", "2026-02-30T00:00:00Z"]})"), bad);
    EXPECT_THAT(bad.to_string(), HasSubstr("expected an RFC 3339 date-time"));
}

TEST(FilterTest, in_not_exists_and_missing_fields) {
    sdk::ConfigProblems problems;
    const Filter in = compile(json::parse(R"({"in": ["currency", ["USD", "CAD"]]})"), problems);
    const Filter not_in = compile(json::parse(R"({"not_in": ["status", ["draft", "voided"]]})"), problems);
    const Filter exists = compile(json::parse(R"({"exists": "custom_fields.po_number"})"), problems);
    const Filter negated = compile(json::parse(R"({"not": {"eq": ["status", "paid"]}})"), problems);
    const Filter either = compile(json::parse(R"({"or": [{"eq": ["status", "paid"]}, {"eq": ["currency", "EUR"]}]})"), problems);
    ASSERT_TRUE(problems.empty()) << problems.to_string();
    EXPECT_TRUE(in.matches(invoice("open", "1", "CAD")));
    EXPECT_FALSE(in.matches(invoice("open", "1", "EUR")));
    EXPECT_TRUE(not_in.matches(invoice("open", "1")));
    EXPECT_FALSE(not_in.matches(invoice("draft", "1")));
    EXPECT_TRUE(exists.matches(invoice("open", "1")));
    EXPECT_FALSE(exists.matches(json{{"status", "open"}}));
    EXPECT_TRUE(negated.matches(invoice("open", "1")));
    EXPECT_TRUE(either.matches(invoice("open", "1", "EUR")));
    EXPECT_FALSE(either.matches(invoice("open", "1", "USD")));
    // A missing field: comparisons are false, except ne and not_in.
    const json bare = {{"status", "open"}};
    EXPECT_FALSE(in.matches(bare));
    sdk::ConfigProblems more;
    EXPECT_TRUE(compile(json::parse(R"({"ne": ["currency", "USD"]})"), more).matches(bare));
}

TEST(FilterTest, says_which_conditions_a_record_did_not_meet_with_its_values) {
    sdk::ConfigProblems problems;
    const Filter f = compile(json::parse(R"({"and": [{"in": ["status", ["open", "paid"]]}, {"in": ["currency", ["USD"]]},
                                                     {"lte": ["totals.total", "1000.00"]},
                                                     {"ne": ["custom_fields.po_number", "NO-SYNC"]},
                                                     {"exists": "memo"}]})"), problems);
    ASSERT_TRUE(problems.empty()) << problems.to_string();
    json record = invoice("draft", "1500.00", "EUR");
    record["custom_fields"]["po_number"] = "NO-SYNC";
    ASSERT_FALSE(f.matches(record));
    EXPECT_EQ(f.why_not(record),
              "status is \"draft\", and the route takes only status in [\"open\",\"paid\"]; "
              "currency is \"EUR\", and the route takes only currency in [\"USD\"]; "
              "totals.total is \"1500.00\", and the route takes only totals.total <= \"1000.00\"; "
              "custom_fields.po_number is \"NO-SYNC\", and the route takes only custom_fields.po_number != \"NO-SYNC\"; "
              "memo is absent, and the route takes only records where it exists");
    // Only the conditions that failed are named.
    json euro = invoice("open", "10.00", "EUR");
    euro["memo"] = "m";
    EXPECT_EQ(f.why_not(euro), "currency is \"EUR\", and the route takes only currency in [\"USD\"]");
    const Filter either = compile(json::parse(R"({"or": [{"eq": ["currency", "USD"]}, {"not": {"eq": ["status", "open"]}}]})"), problems);
    EXPECT_EQ(either.why_not(euro), "none of the alternatives holds: currency is \"EUR\", and the route takes only currency = \"USD\"; "
                                    "status = \"open\" holds, and the route takes only records where it does not");
}

TEST(FilterTest, names_every_mistake_with_its_path) {
    sdk::ConfigProblems problems;
    compile(json::parse(R"({"and": [{"eq": ["totals.totl", "1"]}, {"between": ["x", 1]}, {"gt": ["status", "open"]},
                                     {"eq": ["status", "pending"]}, {"gte": ["totals.total", "lots"]},
                                     {"lt": ["issue_date", "26/11/2026"]}, {"eq": ["lines", "x"]}]})"),
            problems);
    const std::string text = problems.to_string();
    EXPECT_EQ(problems.all().size(), 7u) << text;
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/0/eq/0: \"totals.totl\" is not a field of invoice"));
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/1/between: unknown filter operator \"between\""));
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/2/gt: \"status\" is an enumeration; gt, gte, lt and lte compare"));
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/3/eq/1: expected one of draft, open, paid, voided"));
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/4/gte/1: expected a decimal written as a string"));
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/5/lt/1: expected a date written \"YYYY-MM-DD\""));
    EXPECT_THAT(text, HasSubstr("/routes/0/when/and/6/eq/0: \"lines\" is an array"));
}

TEST(RouteConfigTest, reads_routes_and_reports_every_problem) {
    sdk::ConfigProblems problems;
    const auto routes = read_routes(json::parse(R"([
        {"name": "ok", "from": ["a.invoice", "b.invoice"], "to": "c.invoice", "mode": "create",
         "retry": {"max_attempts": 3, "base_delay_ms": 10, "max_delay_ms": 100}},
        {"name": "ok", "from": "nowhere.invoice", "to": "c", "mode": "sometimes", "colour": 1},
        {"name": "Bad Name", "from": ["a.invoice", "a.payment"], "to": "c.invoice",
         "retry": {"base_delay_ms": 1000, "max_delay_ms": 10}}
    ])"), {"a", "b", "c"}, schemas(), problems);
    ASSERT_EQ(routes.size(), 3u);
    EXPECT_EQ(routes[0].from.size(), 2u);
    EXPECT_EQ(routes[0].mode, WriteMode::create);
    EXPECT_EQ(routes[0].retry.max_attempts, 3);
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/routes/1/name: another route is already named \"ok\""));
    EXPECT_THAT(text, HasSubstr("/routes/1/from: no connection named \"nowhere\"; configured connections: a, b, c."));
    EXPECT_THAT(text, HasSubstr("/routes/1/to: \"c\" is not CONNECTION.TYPE"));
    EXPECT_THAT(text, HasSubstr("/routes/1/mode: \"sometimes\" is not allowed"));
    EXPECT_THAT(text, HasSubstr("/routes/1/colour: unknown key"));
    EXPECT_THAT(text, HasSubstr("/routes/2/name: \"Bad Name\" is not allowed"));
    EXPECT_THAT(text, HasSubstr("/routes/2/from: a route takes one canonical type"));
    EXPECT_THAT(text, HasSubstr("/routes/2/retry/base_delay_ms: is larger than max_delay_ms"));
}

TEST(RouteConfigTest, when_synced_is_a_second_filter_checked_like_when) {
    sdk::ConfigProblems problems;
    const auto routes = read_routes(json::parse(R"([
        {"name": "follow", "from": "a.invoice", "to": "c.invoice", "when": {"eq": ["status", "open"]},
         "when_synced": {"in": ["status", ["open", "voided"]]}},
        {"name": "plain", "from": "a.invoice", "to": "c.invoice"},
        {"name": "typo", "from": "a.invoice", "to": "c.invoice", "when_synced": {"in": ["state", ["voided"]]}}
    ])"), {"a", "c"}, schemas(), problems);
    ASSERT_EQ(routes.size(), 3u);
    ASSERT_NE(routes[0].when_synced, nullptr);
    EXPECT_TRUE(routes[0].when_synced->matches(json{{"status", "voided"}}));
    EXPECT_FALSE(routes[0].when->matches(json{{"status", "voided"}}));
    EXPECT_EQ(routes[1].when_synced, nullptr) << "without when_synced, when decides for every version";
    EXPECT_THAT(problems.to_string(), HasSubstr("/routes/2/when_synced/in/0: \"state\" is not a field of invoice"));
}

TEST(FilterTest, exists_asks_an_array_field_whether_it_is_there_and_comparisons_still_refuse_it) {
    sdk::ConfigProblems problems;
    const Filter f = Filter::compile(json{{"exists", "invoices"}}, "payment", schemas(), "/routes/0/when", problems);
    ASSERT_TRUE(problems.empty()) << problems.to_string();
    EXPECT_TRUE(f.matches(json{{"invoices", json::array({json{{"type", "invoice"}, {"id", "10042"}}})}}));
    EXPECT_FALSE(f.matches(json{{"amount", "10.00"}}));
    Filter::compile(json{{"eq", json::array({"invoices", "10042"})}}, "payment", schemas(), "/routes/0/when", problems);
    EXPECT_THAT(problems.to_string(), HasSubstr("/routes/0/when/eq/0: \"invoices\" is an array"));
}

TEST(RouteConfigTest, references_in_and_to_name_configured_connections_and_drop_references_takes_rels) {
    sdk::ConfigProblems problems;
    const auto routes = read_routes(json::parse(R"([
        {"name": "pay", "from": "s.payment", "to": "q.payment", "references_in": {"invoice": "h"},
         "references_to": {"invoice": "h"}, "drop_references": ["customer"]},
        {"name": "bad", "from": "s.payment", "to": "q.payment", "references_in": {"invoice": "nowhere", "customer": "h"},
         "references_to": {"invoice": "elsewhere", "customer": "h", "product": 3}, "drop_references": ["customer", 7]}
    ])"), {"s", "q", "h"}, schemas(), problems);
    ASSERT_EQ(routes.size(), 2u);
    EXPECT_EQ(routes[0].references_in, (std::map<std::string, std::string>{{"invoice", "h"}}));
    EXPECT_EQ(routes[0].drop_references, (std::set<std::string>{"customer"}));
    const std::string text = problems.to_string();
    EXPECT_THAT(text, Not(HasSubstr("/routes/0/")));
    EXPECT_THAT(text, HasSubstr("/routes/1/references_in/invoice: no connection named \"nowhere\" is configured"));
    EXPECT_THAT(text, HasSubstr("/routes/1/drop_references/1: expected a reference rel"));
    EXPECT_THAT(text, HasSubstr("/routes/1/references_in/customer: the customer references are also dropped"));
    EXPECT_EQ(routes[0].references_to, (std::map<std::string, std::string>{{"invoice", "h"}}));
    EXPECT_THAT(text, HasSubstr("/routes/1/references_to/invoice: no connection named \"elsewhere\" is configured"));
    EXPECT_THAT(text, HasSubstr("/routes/1/references_to/product: expected the name of the connection"));
    EXPECT_THAT(text, HasSubstr("/routes/1/references_to/customer: the customer references are also dropped"));
}

TEST(RouteConfigTest, since_takes_objects_dated_from_it_on_beside_when_and_is_checked) {
    sdk::ConfigProblems problems;
    const auto routes = read_routes(json::parse(R"([
        {"name": "fees", "from": "a.payment", "to": "c.expense", "since": "2026-11-01", "when": {"eq": ["status", "succeeded"]}},
        {"name": "all", "from": "a.payment", "to": "c.expense", "since": "2026-11-01"},
        {"name": "undated", "from": "a.invoice", "to": "c.invoice", "since": "2026-11-01"},
        {"name": "bad", "from": "a.payment", "to": "c.expense", "since": "November"}
    ])"), {"a", "c"}, schemas(), problems);
    ASSERT_EQ(routes.size(), 4u);
    EXPECT_EQ(routes[0].since, "2026-11-01");
    EXPECT_TRUE(routes[0].when->matches(json{{"status", "succeeded"}, {"date", "2026-11-01"}}));
    EXPECT_FALSE(routes[0].when->matches(json{{"status", "succeeded"}, {"date", "2026-10-31"}}));
    EXPECT_FALSE(routes[0].when->matches(json{{"status", "failed"}, {"date", "2026-11-02"}})) << "when still applies";
    EXPECT_NE(routes[0].when->why_not(json{{"status", "succeeded"}, {"date", "2026-10-31"}}).find("2026-10-31"), std::string::npos);
    EXPECT_TRUE(routes[1].when->matches(json{{"date", "2026-12-24"}}));
    EXPECT_FALSE(routes[1].when->matches(json{{"date", "2025-12-24"}}));
    const std::string text = problems.to_string();
    EXPECT_NE(text.find("/routes/2/since: invoice records have no \"date\""), std::string::npos) << text;
    EXPECT_NE(text.find("/routes/3/since: \"November\" is not a date"), std::string::npos) << text;
    EXPECT_EQ(text.find("/routes/0"), std::string::npos) << text;
    EXPECT_EQ(text.find("/routes/1"), std::string::npos) << text;
}

TEST(RouteConfigTest, a_two_way_pair_shares_one_conflict_rule_and_a_contradiction_is_refused) {
    sdk::ConfigProblems problems;
    const auto routes = read_routes(json::parse(R"([
        {"name": "out", "from": "a.invoice", "to": "c.invoice", "on_conflict": "source_wins"},
        {"name": "back", "from": "c.invoice", "to": "a.invoice"},
        {"name": "newest-out", "from": "a.customer", "to": "c.customer", "on_conflict": "newest_wins"},
        {"name": "newest-back", "from": "c.customer", "to": "a.customer"},
        {"name": "one-way", "from": "a.product", "to": "c.product"},
        {"name": "sure", "from": "a.payment", "to": "c.payment", "on_conflict": "source_wins"},
        {"name": "also-sure", "from": "c.payment", "to": "a.payment", "on_conflict": "source_wins"},
        {"name": "typo", "from": "a.refund", "to": "c.refund", "on_conflict": "first_wins"}
    ])"), {"a", "c"}, schemas(), problems);
    ASSERT_EQ(routes.size(), 8u);
    EXPECT_EQ(routes[0].on_conflict, ConflictRule::source_wins);
    EXPECT_EQ(routes[1].on_conflict, ConflictRule::target_wins) << "the partner takes the complement";
    EXPECT_EQ(routes[2].on_conflict, ConflictRule::newest_wins);
    EXPECT_EQ(routes[3].on_conflict, ConflictRule::newest_wins);
    EXPECT_EQ(routes[4].on_conflict, ConflictRule::hold);
    EXPECT_TRUE(carries_back(routes[1], routes[0], "a"));
    EXPECT_FALSE(carries_back(routes[4], routes[0], "a"));
    const std::string text = problems.to_string();
    EXPECT_THAT(text, HasSubstr("/routes/6/on_conflict: \"source_wins\" disagrees with \"source_wins\" of route \"sure\""));
    EXPECT_THAT(text, HasSubstr("/routes/7/on_conflict: \"first_wins\" is not allowed"));
    EXPECT_THAT(text, Not(HasSubstr("/routes/1/on_conflict")));
}

}  // namespace
}  // namespace ledgersync::bus
