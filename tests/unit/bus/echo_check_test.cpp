// Which reads of a linked object are our own writes coming back.
#include <gtest/gtest.h>

#include "bus/echo_check.hpp"

namespace ledgersync::bus {
namespace {

store::LinkMember written(const std::string& version, std::vector<std::string> earlier = {}) {
    store::LinkMember member{"e1", {"qbo", "payment", "1"}, version, "", 1};
    member.earlier_written_versions = std::move(earlier);
    return member;
}

TEST(EchoCheckTest, a_version_written_before_the_last_is_an_echo_and_one_never_written_is_not) {
    const auto member = written("2", {"1", "0"});
    EXPECT_EQ(echo_of_our_write(member, "2", {}), "same version");
    EXPECT_EQ(echo_of_our_write(member, "0", {}), "a version we wrote before the last");
    EXPECT_FALSE(echo_of_our_write(member, "3", {}).has_value());
    EXPECT_FALSE(echo_of_our_write(written("", {""}), "", {}).has_value()) << "an unknown version matches nothing";
}

TEST(EchoCheckTest, each_write_moves_the_last_version_to_the_front_of_the_earlier_ones_and_keeps_a_few) {
    EXPECT_EQ(earlier_versions_after_write(written("1", {"0"}), "2"), (std::vector<std::string>{"1", "0"}));
    // An update that left the version as it was (nothing changed there) repeats nothing.
    EXPECT_EQ(earlier_versions_after_write(written("1", {"0"}), "1"), (std::vector<std::string>{"0"}));
    EXPECT_TRUE(earlier_versions_after_write(written(""), "0").empty());
    store::LinkMember many = written("100");
    for (int v = 99; v >= 80; --v) many.earlier_written_versions.push_back(std::to_string(v));
    const auto kept = earlier_versions_after_write(many, "101");
    ASSERT_EQ(kept.size(), kEarlierWrittenVersionsKept);
    EXPECT_EQ(kept.front(), "100");
    EXPECT_EQ(kept.back(), std::to_string(100 - static_cast<int>(kEarlierWrittenVersionsKept) + 1));
}

}  // namespace
}  // namespace ledgersync::bus
