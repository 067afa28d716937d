// CommittedVersions: a page's versions count once the host hands back that page's cursor.

#include <gtest/gtest.h>

#include "committed_versions.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

TEST(CommittedVersions, a_page_counts_once_its_cursor_comes_back_and_only_then) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c1", {{"10", 1000}, {"11", 1005}});
    EXPECT_FALSE(versions.committed("invoice", "10", 1000)) << "not before the host stored the page";
    versions.confirm("invoice", std::string("c1"));
    EXPECT_TRUE(versions.committed("invoice", "10", 1000));
    EXPECT_TRUE(versions.committed("invoice", "11", 1005));
    EXPECT_FALSE(versions.committed("invoice", "10", 1001)) << "another version is read";
    EXPECT_FALSE(versions.committed("customer", "10", 1000)) << "per stream";
}

TEST(CommittedVersions, a_read_with_another_cursor_drops_what_the_host_did_not_store) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c2", {{"12", 2000}});
    versions.confirm("invoice", std::string("c1"));  // the host could not store the page: the old cursor again
    versions.confirm("invoice", std::string("c2"));
    EXPECT_FALSE(versions.committed("invoice", "12", 2000));
    versions.handed_out("invoice", "c3", {{"13", 3000}});
    versions.confirm("invoice", std::nullopt);  // a reset stream
    EXPECT_FALSE(versions.committed("invoice", "13", 3000));
}

TEST(CommittedVersions, a_later_version_replaces_the_earlier_and_old_ones_are_forgotten) {
    CommittedVersions versions;
    versions.handed_out("invoice", "c1", {{"10", 1000}});
    versions.confirm("invoice", std::string("c1"));
    versions.handed_out("invoice", "c2", {{"10", 4000}});
    versions.confirm("invoice", std::string("c2"));
    EXPECT_FALSE(versions.committed("invoice", "10", 1000));
    EXPECT_TRUE(versions.committed("invoice", "10", 4000));
    versions.forget_before("invoice", 4001);
    EXPECT_FALSE(versions.committed("invoice", "10", 4000));
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
