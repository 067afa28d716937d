#include "bus/echo_check.hpp"

#include "bus/digest.hpp"

namespace ledgersync::bus {

std::optional<std::string> echo_of_our_write(const store::LinkMember& member, const std::string& version,
                                             const nlohmann::json& body) {
    if (!member.last_written_version.empty() && member.last_written_version == version) return "same version";
    if (!member.last_written_fingerprint.empty() && member.last_written_fingerprint == fingerprint(body)) {
        return "same content";
    }
    return std::nullopt;
}

}  // namespace ledgersync::bus
