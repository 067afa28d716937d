// The deal rule's order (deal_latest_invoice.hpp): a later update time wins; on equal times the
// higher source id, as a number when both are digits, so the result never depends on arrival.

#include <gtest/gtest.h>

#include "deal_latest_invoice.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

TEST(HubSpotDealRule, a_later_update_wins_and_equal_times_go_to_the_higher_id_as_a_number) {
    EXPECT_TRUE(at_least_as_recent(2000, "9", 1000, "10"));
    EXPECT_FALSE(at_least_as_recent(1000, "10", 2000, "9"));
    // Equal times: 10 beats 9 (not "9" > "10" as text), in either order.
    EXPECT_TRUE(at_least_as_recent(1000, "10", 1000, "9"));
    EXPECT_FALSE(at_least_as_recent(1000, "9", 1000, "10"));
    EXPECT_TRUE(at_least_as_recent(1000, "010", 1000, "9")) << "leading zeros do not make a number larger";
    // The same invoice at the same time is written again (a retried write changes nothing).
    EXPECT_TRUE(at_least_as_recent(1000, "130", 1000, "130"));
    // Ids that are not numbers compare as text.
    EXPECT_TRUE(at_least_as_recent(1000, "b", 1000, "a"));
    EXPECT_FALSE(at_least_as_recent(1000, "a", 1000, "b"));
}

TEST(HubSpotDealRule, a_deal_gets_the_invoice_id_number_status_amounts_currency_time_and_hubspot_invoice) {
    DealCandidate candidate;
    candidate.invoice_id = "5001";
    candidate.source_id = "130";
    candidate.number = "1037";
    candidate.status = "open";
    candidate.total = "445.50";
    candidate.balance_due = "100.00";
    candidate.currency = "USD";
    candidate.updated_ms = 1763719200000;
    const auto properties = deal_properties_of(candidate);
    EXPECT_EQ(properties.at(kDealInvoiceIdProperty), "130");
    EXPECT_EQ(properties.at(kDealInvoiceNumberProperty), "1037");
    EXPECT_EQ(properties.at(kDealInvoiceStatusProperty), "open");
    EXPECT_EQ(properties.at(kDealInvoiceTotalProperty), "445.50");
    EXPECT_EQ(properties.at(kDealInvoiceBalanceDueProperty), "100.00");
    EXPECT_EQ(properties.at(kDealInvoiceCurrencyProperty), "USD");
    EXPECT_EQ(properties.at(kDealInvoiceUpdatedAtProperty), "1763719200000");
    EXPECT_EQ(properties.at(kDealInvoiceHubSpotIdProperty), "5001");
    for (const auto& definition : deal_invoice_property_definitions()) {
        EXPECT_TRUE(properties.contains(definition.at("name").get<std::string>())) << definition.dump();
        EXPECT_EQ(definition.at("groupName"), "ledgersync");
    }
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
