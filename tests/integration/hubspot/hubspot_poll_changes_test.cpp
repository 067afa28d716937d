// Issue 11's acceptance "an incremental poll picks up changes made while it runs, including two in
// the same millisecond": the real plugin polls the HubSpot sandbox page by page (5 results a
// search page) while invoices change between its pages, before and after its position, several in
// one frozen millisecond with a page ending among them, one in the poll's last millisecond after
// it finished and one committed late (docs/connectors/hubspot.md, "Reading").

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "hubspot_backfill.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

constexpr int kInvoices = 20;
constexpr int kSearchPage = 5;

/// The invoices of `portal`, in the order of their ids (HubSpot's order for one millisecond).
std::vector<std::string> invoice_ids_in_order(const HubSpotSandbox& sandbox, const std::string& portal) {
    std::vector<std::string> ids;
    for (const auto& invoice : sandbox.objects("invoices", portal)) ids.push_back(invoice.at("id"));
    std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) { return std::stoull(a) < std::stoull(b); });
    return ids;
}

TEST(HubSpotPoll, a_poll_reads_every_change_made_while_it_runs_two_in_one_millisecond_and_one_where_a_page_ends) {
    HubSpotSandbox sandbox;
    const json seeded =
        sandbox.seed({{"defaults", false}, {"bulk", {{"invoices", kInvoices}, {"line_items_per_invoice", 1}, {"contacts", 3}}}});
    const std::string portal = seeded.at("portal_id");
    ConnectorHarness harness(sandbox.private_app_config(portal, {{"limits", {{"search_page_size", kSearchPage}}}}), {}, "hubspot",
                             "hubspot");
    const testing::Backfill backfilled = testing::backfill(harness.connector(), "invoice");
    ASSERT_EQ(backfilled.records.size(), static_cast<std::size_t>(kInvoices));
    const std::vector<std::string> ids = invoice_ids_in_order(sandbox, portal);
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(kInvoices));

    // The sandbox clock stands still: the invoices change one millisecond after the other from
    // t0, but 4, 5 and 6 in one millisecond, where the poll's first page ends. The changes made
    // while the poll runs come a minute later, at t1, all in that one millisecond, so that the
    // poll after it (which starts 10 s before the latest change it saw) cannot make up for one
    // lost before.
    const auto clock = [&](const json& body) { return sandbox.control("POST", "/__sandbox/clock", body); };
    // Rate windows follow the clock: one frozen millisecond would hold every call of the test.
    sandbox.control("POST", "/__sandbox/hubspot/rate-limits", {{"search_per_second", 1000}, {"private_app_ten_second", 1000}});
    const std::int64_t t0 =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 1000;
    clock({{"freeze", true}, {"set_ms", t0}});
    std::map<std::string, std::string> latest;  // invoice id -> its memo now (hs_comments)
    const auto change = [&](int invoice, const std::string& memo) {
        sandbox.api("PATCH", "/crm/v3/objects/invoices/" + ids.at(invoice), {{"properties", {{"hs_comments", memo}}}}, portal);
        latest[ids.at(invoice)] = memo;
    };
    for (int i = 0; i < kInvoices; ++i) {
        change(i, "v1");
        if (i < 4 || i >= 6) clock({{"advance_ms", 1}});
    }
    const std::int64_t t1 = clock({{"advance_seconds", 60}}).at("now_ms");

    std::map<std::pair<std::string, std::string>, int> reads;  // (id, memo) -> times read
    std::set<std::int64_t> pages_ended_at;  // the latest change of each page followed by another
    // One page of the poll from `cursor`; the host stores it and hands the cursor back.
    const auto read_page = [&](std::optional<std::string>& cursor) {
        sdk::ReadResult page = harness.connector().read({"invoice", cursor});
        for (const auto& record : page.records) ++reads[{record.identity.id, record.body.value("memo", std::string())}];
        EXPECT_TRUE(page.untranslated.empty());
        cursor = page.cursor;
        if (page.has_more && cursor) pages_ended_at.insert(json::parse(*cursor).value("latest_ms", std::int64_t{0}));
        return page.has_more;
    };

    // The poll (the first after the backfill) goes page by page; between its pages invoices
    // change in the millisecond t1: some it has read already (2, then 7), some it has yet to
    // read (15, then 10). Its pages then hold t1's four changes 2, 7 | 10, 15: a page ends
    // inside the millisecond.
    std::optional<std::string> cursor = backfilled.cursor;
    ASSERT_TRUE(read_page(cursor));
    change(2, "v2");
    change(15, "v2");
    ASSERT_TRUE(read_page(cursor));
    change(7, "v2");
    change(10, "v2");
    for (int page = 0; page < 20 && read_page(cursor); ++page) {
    }
    EXPECT_TRUE(pages_ended_at.count(t0 + 4)) << "the first page did not end inside the millisecond of 4, 5 and 6";
    EXPECT_TRUE(pages_ended_at.count(t1)) << "no page of the poll ended inside the millisecond of the changes";
    // After the poll ended: in t1, an invoice with an id below the last one the poll saw; and
    // one committed late, stamped 5 s before t1 (within the 10 s the next poll reads again).
    change(1, "v3");
    clock({{"set_ms", t1 - 5000}});
    change(3, "v3");

    // The host hands the last cursor back (stored): polled moments ago, nothing is searched.
    const sdk::ReadResult spaced_read = harness.connector().read({"invoice", cursor});
    EXPECT_TRUE(spaced_read.records.empty());
    EXPECT_FALSE(spaced_read.cursor.has_value());
    // The next poll, its 30 s spacing lifted by hand.
    json spaced = json::parse(*cursor);
    ASSERT_EQ(spaced.at("latest_ms"), t1);
    spaced["polled_at_ms"] = 0;
    cursor = spaced.dump();
    for (int page = 0; page < 20 && read_page(cursor); ++page) {
    }

    // Every invoice's latest version was read, none lost; none read twice at one version (the
    // overlap finds what the host stored, and it is skipped).
    for (const auto& [id, memo] : latest) {
        EXPECT_EQ(reads.count({id, memo}), 1u) << "invoice " << id << " at " << memo << " was never read";
    }
    for (const auto& [version, times] : reads) {
        EXPECT_EQ(times, 1) << "invoice " << version.first << " at " << version.second << " was read " << times << " times";
    }
    EXPECT_EQ(reads.size(), static_cast<std::size_t>(kInvoices) + 4) << "each latest version, and 1, 2, 3 and 7 before they changed";
}

}  // namespace
}  // namespace ledgersync
