#pragma once
/// Text encodings the QBO API needs: base64 (Basic auth, intuit-signature), percent-encoding
/// (query strings, form bodies), quoting of values in the QBO query language, and a
/// constant-time comparison for signatures.

#include <optional>
#include <string>
#include <string_view>

namespace ledgersync::connectors::quickbooks {

/// Standard base64 (RFC 4648 §4) with padding.
std::string base64_encode(std::string_view bytes);

/// Decodes standard base64 with padding; nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

/// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), for a
/// query parameter value or an application/x-www-form-urlencoded value.
std::string percent_encode(std::string_view text);

/// A string literal of the QBO query language: 'O\'Brien' (qbo.md §1.2: backslash escapes).
std::string query_literal(std::string_view value);

/// Compares two byte strings in time that depends only on their lengths, so that a forged
/// signature learns nothing from how long the comparison took.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ledgersync::connectors::quickbooks
