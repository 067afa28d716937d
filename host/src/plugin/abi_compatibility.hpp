#pragma once
/// Whether this host can load a plugin built for a given ABI: the same major and a minor no
/// newer than the host's. Used both on a loaded library's descriptor and, without running any
/// plugin code, on a manifest's declared "abi".

#include <cstdint>
#include <optional>
#include <string>

namespace ledgersync::plugin {

/// "MAJOR.MINOR".
std::string abi_text(unsigned major, unsigned minor);

/// Why this host refuses a plugin built for ABI `major`.`minor` (naming both versions and what
/// to do), or nullopt when it can load it.
std::optional<std::string> abi_refusal(unsigned major, unsigned minor);

}  // namespace ledgersync::plugin
