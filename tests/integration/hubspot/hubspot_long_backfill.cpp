// The 12,000-invoice backfill, above the search API's 10,000-result ceiling: none missed, none
// twice, at most 0.1 HubSpot calls per invoice. Labelled `long` (not run by default CI):
//   ctest --test-dir build -L long -R HubSpotLong --output-on-failure

#include <gtest/gtest.h>

#include "hubspot_backfill.hpp"

namespace ledgersync {
namespace {

TEST(HubSpotLong, a_backfill_of_12000_invoices_reads_each_once_at_most_a_tenth_of_a_call_per_invoice) {
    testing::expect_backfill_costs_at_most_a_tenth_of_a_call_per_invoice(12'000);
}

}  // namespace
}  // namespace ledgersync
