#include "bus/echo_check.hpp"

#include <algorithm>

#include "bus/digest.hpp"

namespace ledgersync::bus {

std::optional<std::string> echo_of_our_write(const store::LinkMember& member, const std::string& version,
                                             const nlohmann::json& body) {
    if (!member.last_written_version.empty() && member.last_written_version == version) return "same version";
    if (!member.last_written_fingerprint.empty() && member.last_written_fingerprint == fingerprint(body)) {
        return "same content";
    }
    const auto& earlier = member.earlier_written_versions;
    if (!version.empty() && std::find(earlier.begin(), earlier.end(), version) != earlier.end()) {
        return "a version we wrote before the last";
    }
    return std::nullopt;
}

std::vector<std::string> earlier_versions_after_write(const store::LinkMember& previous, const std::string& next_version) {
    std::vector<std::string> earlier;
    const auto keep = [&](const std::string& version) {
        if (version.empty() || version == next_version || earlier.size() == kEarlierWrittenVersionsKept) return;
        if (std::find(earlier.begin(), earlier.end(), version) == earlier.end()) earlier.push_back(version);
    };
    keep(previous.last_written_version);
    for (const auto& version : previous.earlier_written_versions) keep(version);
    return earlier;
}

}  // namespace ledgersync::bus
