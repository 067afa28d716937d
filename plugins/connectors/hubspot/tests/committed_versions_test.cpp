// CommittedVersions: a page's versions count once the host hands back that page's cursor; a
// later version with the same content counts as committed too.

#include <gtest/gtest.h>

#include "committed_versions.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

TEST(CommittedVersions, a_page_counts_once_its_cursor_comes_back_and_only_then) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c1", {{"10", 1000}, {"11", 1005}});
    EXPECT_FALSE(versions.committed("invoice", {"10", 1000})) << "not before the host stored the page";
    versions.confirm("invoice", std::string("c1"));
    EXPECT_TRUE(versions.committed("invoice", {"10", 1000}));
    EXPECT_TRUE(versions.committed("invoice", {"11", 1005}));
    EXPECT_FALSE(versions.committed("invoice", {"10", 1001})) << "another version is read";
    EXPECT_FALSE(versions.committed("customer", {"10", 1000})) << "per stream";
}

TEST(CommittedVersions, a_read_with_another_cursor_drops_what_the_host_did_not_store) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c2", {{"12", 2000}});
    versions.confirm("invoice", std::string("c1"));  // the host could not store the page: the old cursor again
    versions.confirm("invoice", std::string("c2"));
    EXPECT_FALSE(versions.committed("invoice", {"12", 2000}));
    versions.handed_out("invoice", "c3", {{"13", 3000}});
    versions.confirm("invoice", std::nullopt);  // a reset stream
    EXPECT_FALSE(versions.committed("invoice", {"13", 3000}));
}

TEST(CommittedVersions, a_later_version_replaces_the_earlier) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c1", {{"10", 1000, 7}});
    versions.confirm("invoice", std::string("c1"));
    versions.handed_out("invoice", "c2", {{"10", 4000, 8}});
    versions.confirm("invoice", std::string("c2"));
    EXPECT_FALSE(versions.committed("invoice", {"10", 1000, 7})) << "the earlier content is no longer the host's";
    EXPECT_TRUE(versions.committed("invoice", {"10", 4000, 8}));
    // A late page handing out an older version does not take the newer one's place.
    versions.handed_out("invoice", "c3", {{"10", 2000, 9}});
    versions.confirm("invoice", std::string("c3"));
    EXPECT_TRUE(versions.committed("invoice", {"10", 4000, 8}));
}

TEST(CommittedVersions, a_later_version_with_the_same_content_counts_as_committed_and_other_content_does_not) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c1", {{"10", 1000, 42}, {"11", 1000, 0}});
    versions.confirm("invoice", std::string("c1"));
    EXPECT_TRUE(versions.committed("invoice", {"10", 5000, 42})) << "modified only in what the connector does not read";
    EXPECT_FALSE(versions.committed("invoice", {"10", 5000, 43}));
    EXPECT_FALSE(versions.committed("invoice", {"11", 5000, 0})) << "an unknown content matches nothing";
    EXPECT_FALSE(versions.committed("invoice", {"12", 5000, 42})) << "per object";
}

TEST(CommittedVersions, past_the_bound_the_least_recently_modified_are_forgotten) {
    CommittedVersions versions;
    std::vector<CommittedVersions::Version> page;
    const std::size_t count = CommittedVersions::kMaxRememberedPerStream + 1;
    for (std::size_t i = 0; i < count; ++i) page.push_back({std::to_string(i), static_cast<std::int64_t>(i), 1});
    versions.handed_out("invoice", "c1", page);
    versions.confirm("invoice", std::string("c1"));
    EXPECT_FALSE(versions.committed("invoice", {"0", 0, 1}));
    EXPECT_FALSE(versions.committed("invoice", {std::to_string(count / 10 - 1), static_cast<std::int64_t>(count / 10 - 1), 1}));
    EXPECT_TRUE(versions.committed("invoice", {std::to_string(count / 10), static_cast<std::int64_t>(count / 10), 1}));
    EXPECT_TRUE(versions.committed("invoice", {std::to_string(count - 1), static_cast<std::int64_t>(count - 1), 1}));
}

TEST(CommittedVersions, the_content_digest_covers_the_properties_read_except_the_modification_time) {
    const std::vector<std::string> read = {"hs_number", "hs_amount_billed", "hs_lastmodifieddate"};
    const nlohmann::json before = {{"id", "10"}, {"properties", {{"hs_number", "INV-1"}, {"hs_amount_billed", "10.00"}, {"hs_lastmodifieddate", "1"}}}};
    nlohmann::json synced = before;
    synced["properties"]["hs_lastmodifieddate"] = "2";
    synced["properties"]["ledgersync_sync_status"] = "synced";  // not read: its own write
    synced["properties"]["hs_object_id"] = "10";                // search adds defaults
    EXPECT_EQ(content_digest(before, read, "hs_lastmodifieddate"), content_digest(synced, read, "hs_lastmodifieddate"));
    nlohmann::json edited = before;
    edited["properties"]["hs_amount_billed"] = "12.00";
    EXPECT_NE(content_digest(before, read, "hs_lastmodifieddate"), content_digest(edited, read, "hs_lastmodifieddate"));
    nlohmann::json emptied = before;
    emptied["properties"]["hs_amount_billed"] = nullptr;
    nlohmann::json missing = before;
    missing["properties"].erase("hs_amount_billed");
    EXPECT_NE(content_digest(before, read, "hs_lastmodifieddate"), content_digest(missing, read, "hs_lastmodifieddate"));
    EXPECT_EQ(content_digest(emptied, read, "hs_lastmodifieddate"), content_digest(missing, read, "hs_lastmodifieddate"));
    EXPECT_EQ(content_digest(nlohmann::json{{"id", "10"}}, read, "hs_lastmodifieddate"), 0u);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
