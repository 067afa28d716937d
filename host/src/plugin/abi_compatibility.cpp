#include "plugin/abi_compatibility.hpp"

#include <ledgersync/abi.h>

namespace ledgersync::plugin {

std::string abi_text(unsigned major, unsigned minor) { return std::to_string(major) + "." + std::to_string(minor); }

std::optional<std::string> abi_refusal(unsigned major, unsigned minor) {
    const std::string host = abi_text(LS_ABI_MAJOR, LS_ABI_MINOR);
    if (major != LS_ABI_MAJOR) {
        return "plugin was built for ABI " + abi_text(major, minor) + " but this host speaks ABI " + host +
               "; the major versions must match: rebuild the plugin against SDK " + std::to_string(LS_ABI_MAJOR) + ".x";
    }
    if (minor > LS_ABI_MINOR) {
        return "plugin was built for ABI " + abi_text(major, minor) + ", newer than this host's ABI " + host +
               "; upgrade ledgersync or rebuild the plugin against an older SDK";
    }
    return std::nullopt;
}

}  // namespace ledgersync::plugin
