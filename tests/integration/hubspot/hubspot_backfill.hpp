#pragma once
// Reading a stream's backfill to its end through a loaded connector, as the host's poller does.

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "connector_harness.hpp"
#include "hubspot_sandbox.hpp"
#include "plugin/connector_instance.hpp"

namespace ledgersync::testing {

struct Backfill {
    std::map<std::string, nlohmann::json> records;  ///< id -> body
    std::int64_t seen_twice = 0;
    std::int64_t untranslated = 0;
    std::int64_t pages = 0;
    std::string cursor;
};

/// Reads `stream` from its start until the backfill hands over to polling.
inline Backfill backfill(plugin::ConnectorInstance& connector, const std::string& stream) {
    Backfill out;
    std::optional<std::string> cursor;
    while (true) {
        const sdk::ReadResult page = connector.read({stream, cursor});
        ++out.pages;
        for (const auto& record : page.records) {
            if (!out.records.emplace(record.identity.id, record.body).second) ++out.seen_twice;
        }
        out.untranslated += static_cast<std::int64_t>(page.untranslated.size());
        cursor = page.cursor;
        if (!page.has_more) break;
    }
    out.cursor = cursor.value_or("");
    return out;
}

/// Gives every invoice of `portal` a 10% discount, a 5.00 fee and an 8.25% tax, as an app would
/// (batch creates of 100, then v4 default associations).
inline void add_a_discount_a_fee_and_a_tax_to_every_invoice(const HubSpotSandbox& sandbox, const std::string& portal) {
    std::vector<std::string> ids;
    for (const auto& invoice : sandbox.objects("invoices", portal)) ids.push_back(invoice.at("id"));
    const std::map<std::string, nlohmann::json> adjustments = {
        {"discounts", {{"hs_label", "Loyalty"}, {"hs_type", "PERCENT"}, {"hs_value", "10"}}},
        {"fees", {{"hs_label", "Shipping"}, {"hs_type", "FIXED"}, {"hs_value", "5.00"}}},
        {"taxes", {{"hs_label", "Sales tax"}, {"hs_type", "PERCENT"}, {"hs_value", "8.25"}}}};
    for (const auto& [type, properties] : adjustments) {
        nlohmann::json pairs = nlohmann::json::array();
        for (std::size_t from = 0; from < ids.size(); from += 100) {
            nlohmann::json inputs = nlohmann::json::array();
            for (std::size_t i = from; i < std::min(ids.size(), from + 100); ++i) inputs.push_back({{"properties", properties}});
            const nlohmann::json created = sandbox.api("POST", "/crm/v3/objects/" + type + "/batch/create", {{"inputs", inputs}}, portal);
            for (std::size_t r = 0; r < created.at("results").size(); ++r) {
                pairs.push_back({{"from", {{"id", ids[from + r]}}}, {"to", {{"id", created["results"][r].at("id")}}}});
            }
        }
        sandbox.api("POST", "/crm/v4/associations/invoices/" + type + "/batch/associate/default", {{"inputs", pairs}}, portal);
    }
}

/// Seeds an account with `invoices` open invoices (two lines, one of 50 contacts each; with
/// `adjustments`, a discount, a fee and a tax each), backfills them and checks that each is
/// read once and translated, for at most 0.1 HubSpot calls per invoice as the sandbox counts
/// them; prints the figure (docs/performance.md).
inline void expect_backfill_costs_at_most_a_tenth_of_a_call_per_invoice(int invoices, bool adjustments = false) {
    HubSpotSandbox sandbox;
    const nlohmann::json seeded = sandbox.seed({{"defaults", false}, {"bulk", {{"invoices", invoices}, {"line_items_per_invoice", 2}, {"contacts", 50}}}});
    const std::string portal = seeded.at("portal_id");
    if (adjustments) add_a_discount_a_fee_and_a_tax_to_every_invoice(sandbox, portal);
    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot", "hubspot");
    const std::int64_t before = sandbox.api_calls();
    const Backfill result = backfill(harness.connector(), "invoice");
    const std::int64_t calls = sandbox.api_calls() - before;
    EXPECT_EQ(static_cast<int>(result.records.size()), invoices);
    EXPECT_EQ(result.seen_twice, 0);
    EXPECT_EQ(result.untranslated, 0);
    EXPECT_EQ(nlohmann::json::parse(result.cursor)["mode"], "poll");
    const std::int64_t thousandths = calls * 1000 / invoices;
    std::cout << "[ figure ] backfill of " << invoices << " invoices" << (adjustments ? " with a discount, a fee and a tax each" : "") << ": " << calls << " HubSpot calls, 0."
              << (thousandths < 100 ? "0" : "") << (thousandths < 10 ? "0" : "") << thousandths << " per invoice, " << result.pages
              << " pages\n";
    EXPECT_LE(calls * 10, invoices) << calls << " calls for " << invoices << " invoices";
}

}  // namespace ledgersync::testing
