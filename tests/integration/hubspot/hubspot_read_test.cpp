// Reads through the real plugin, the host's services and the HubSpot sandbox over HTTP: seeded
// invoices by id, a backfill whose HubSpot calls per invoice the sandbox counts, and a poll whose
// overlap does not pay again for what the host already stored.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "hubspot_backfill.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

TEST(HubSpotRead, seeded_invoices_read_by_id_come_with_their_lines_contact_and_totals) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}, {"static_token", true}});
    const std::string portal = seeded.at("portal_id");
    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot", "hubspot");
    const auto& by_status = seeded.at("created").at("invoices_by_status");
    const std::string open = by_status.at("open").at(0);
    const std::string paid = by_status.at("paid").at(0);
    sdk::ReadRequest request{"invoice", std::nullopt, {open, paid, "999999"}};
    const sdk::ReadResult result = harness.connector().read(request);
    ASSERT_TRUE(result.untranslated.empty()) << result.untranslated.front().reason;
    ASSERT_EQ(result.records.size(), 2u);
    const json& body = result.records[0].body;
    EXPECT_EQ(result.records[0].identity.id, open);
    EXPECT_EQ(body["status"], "open");
    EXPECT_EQ(body["customer"]["name"], "Ada Lovelace");
    ASSERT_EQ(body["lines"].size(), 2u);
    EXPECT_EQ(sdk::Decimal::parse(body["totals"]["total"].get<std::string>()), sdk::Decimal::parse("545.50")) << body.dump();
    EXPECT_EQ(sdk::Decimal::parse(body["totals"]["balance_due"].get<std::string>()), sdk::Decimal::parse("545.50"));
    EXPECT_EQ(result.records[1].body["status"], "paid");
    EXPECT_TRUE(sdk::Decimal::parse(result.records[1].body["totals"]["balance_due"].get<std::string>()).is_zero());
}

TEST(HubSpotRead, a_backfill_of_1200_invoices_reads_each_once_at_most_a_tenth_of_a_call_per_invoice) {
    testing::expect_backfill_costs_at_most_a_tenth_of_a_call_per_invoice(1200);
}

TEST(HubSpotRead, a_backfill_of_1200_invoices_with_a_discount_a_fee_and_a_tax_each_translates_them_all_at_most_a_tenth_of_a_call_per_invoice) {
    testing::expect_backfill_costs_at_most_a_tenth_of_a_call_per_invoice(1200, true);
}

TEST(HubSpotRead, a_poll_reads_again_only_what_changed_not_what_its_overlap_finds_stored_already) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", false}, {"bulk", {{"invoices", 150}, {"line_items_per_invoice", 2}, {"contacts", 10}}}});
    const std::string portal = seeded.at("portal_id");
    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot", "hubspot");
    // The backfill hands its cursor back page after page, as the host does once it stored a page.
    const testing::Backfill backfilled = testing::backfill(harness.connector(), "invoice");
    ASSERT_EQ(backfilled.records.size(), 150u);
    ASSERT_EQ(json::parse(backfilled.cursor)["mode"], "poll");

    // Reads pages from `from` until the poll is done: the records, the calls and the last cursor.
    struct Poll {
        std::vector<sdk::Record> records;
        std::int64_t calls = 0;
        std::string cursor;
    };
    const auto poll = [&](const std::string& from) {
        Poll out;
        const std::int64_t before = sandbox.api_calls();
        std::optional<std::string> cursor = from;
        for (int page = 0; page < 10; ++page) {
            sdk::ReadResult read = harness.connector().read({"invoice", cursor});
            for (auto& r : read.records) out.records.push_back(std::move(r));
            cursor = read.cursor;
            if (!read.has_more) break;
        }
        out.calls = sandbox.api_calls() - before;
        out.cursor = cursor.value_or("");
        return out;
    };

    // The first poll's overlap reaches back before the backfill began: all 150 come again, at the
    // versions the host stored. One search page (limit 200), nothing else.
    const Poll overlap = poll(backfilled.cursor);
    EXPECT_EQ(overlap.records.size(), 0u);
    EXPECT_EQ(overlap.calls, 1) << "one search page, no association or batch read";

    // A change is read in full; the others stay skipped. (The poll spacing is lifted by hand.)
    const std::string invoice = seeded.at("created").at("invoices_by_status").at("open").at(0);
    sandbox.api("PATCH", "/crm/v3/objects/invoices/" + invoice, {{"properties", {{"hs_comments", "changed"}}}}, portal);
    json spaced = json::parse(overlap.cursor);
    spaced["polled_at_ms"] = 0;
    const Poll changed = poll(spaced.dump());
    ASSERT_EQ(changed.records.size(), 1u);
    EXPECT_EQ(changed.records[0].identity.id, invoice);
    EXPECT_EQ(changed.records[0].body["memo"], "changed");
    EXPECT_LE(changed.calls, 1 + 10) << "one search page and the parts of one invoice";
    // The host could not store the last page and reads from the old cursor again: the change
    // is not taken for stored.
    const Poll again = poll(spaced.dump());
    ASSERT_EQ(again.records.size(), 1u);
    EXPECT_EQ(again.records[0].identity.id, invoice);
}

}  // namespace
}  // namespace ledgersync
