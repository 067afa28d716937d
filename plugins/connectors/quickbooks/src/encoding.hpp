#pragma once
/// Text encodings of QBO's own: the quoting of values in its query language. The general ones
/// (base64, percent-encoding, hex) are the SDK's (ledgersync/sdk/encoding.hpp); percent_encode
/// is named here for the request paths and query strings the client builds.

#include <string>
#include <string_view>

#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::connectors::quickbooks {

using sdk::percent_encode;

/// A string literal of the QBO query language: 'O\'Brien' (qbo.md §1.2: backslash escapes).
std::string query_literal(std::string_view value);

}  // namespace ledgersync::connectors::quickbooks
