#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus/record_array_scan.hpp"

namespace ledgersync::bus {
namespace {

TEST(RecordArrayScanTest, takes_each_records_identity_without_being_fooled_by_nested_fields) {
    const auto ids = scan_record_array(R"([
        {"body": {"identity": {"type": "decoy", "id": "x"}, "lines": [{"id": "L1"}]},
         "identity": {"system": "hubspot", "connection": "hs", "type": "invoice", "id": "42"}},
        {"identity": {"connection": "hs", "type": "payment", "id": "p-1"}, "links": [{"type": "invoice", "id": "42"}]}
    ])");
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(ids[0].key(), "hs/invoice/42");
    EXPECT_EQ(ids[0].system, "hubspot");
    EXPECT_EQ(ids[1].key(), "hs/payment/p-1");
    EXPECT_TRUE(scan_record_array("[]").empty());
}

TEST(RecordArrayScanTest, refuses_what_is_not_an_array_of_identified_records) {
    for (const char* bad : {R"({"identity": {}})", R"([1, 2])", R"([[]])", R"([{"body": {}}])", R"([{"identity": )", "null"}) {
        EXPECT_THROW(scan_record_array(bad), std::invalid_argument) << bad;
    }
}

}  // namespace
}  // namespace ledgersync::bus
