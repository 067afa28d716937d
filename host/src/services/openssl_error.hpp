#pragma once
/// The text of OpenSSL's most recent error on this thread, for messages.

#include <string>

namespace ledgersync::services {

/// Pops the oldest queued OpenSSL error and returns its text ("unknown OpenSSL error" if none).
std::string openssl_error();

}  // namespace ledgersync::services
