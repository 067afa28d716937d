#pragma once
/// Unpredictable identifiers for tokens, codes and event ids (not cryptographic-grade, which a
/// local emulator does not need, but never repeating within a run).

#include <cstddef>
#include <string>

namespace ledgersync::sandbox {

/// `length` characters from [A-Za-z0-9].
std::string random_alphanumeric(std::size_t length);
/// `length` lower-case hex digits.
std::string random_hex(std::size_t length);
/// A version-4 style UUID text.
std::string random_uuid();

}  // namespace ledgersync::sandbox
