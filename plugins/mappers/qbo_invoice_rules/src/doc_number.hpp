#pragma once
// Rule 6 (docs/mappings.md, "qbo_invoice_rules"): the source's invoice number becomes QBO's
// DocNumber, after a configured prefix, shortened deterministically when QBO could not take it.

#include <cstddef>
#include <string>
#include <string_view>

#include "qbo_limits.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

/// Characters of the number's own beginning that a shortened DocNumber keeps.
constexpr std::size_t kShortenedHeadLength = 14;
/// Hex digits of the SHA-256 of the full number that end a shortened DocNumber.
constexpr std::size_t kShortenedHashDigits = 6;
/// Characters of the configured prefix, at most.
constexpr std::size_t kMaxDocNumberPrefix = 10;

/// `prefix` + `number` when that has at most 21 characters; else its first 14 characters, "-",
/// and the first 6 hex digits of the SHA-256 of the whole (UTF-8) text: "HS-" +
/// "2026-00000001234567" (22 characters) becomes "HS-2026-000000-b16a98". The same number
/// always gives the same DocNumber; two numbers that share their first 14 characters differ in
/// the hash (unless they collide in 24 bits, which QBO then reports as a duplicate number). The
/// cut never falls inside a character.
std::string doc_number(std::string_view prefix, std::string_view number);

}  // namespace ledgersync::mappers::qbo_invoice_rules
