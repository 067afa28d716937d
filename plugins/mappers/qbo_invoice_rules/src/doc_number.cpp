#include "doc_number.hpp"

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/utf8_text.hpp>

namespace ledgersync::mappers::qbo_invoice_rules {

std::string doc_number(std::string_view prefix, std::string_view number) {
    std::string full = std::string(prefix) + std::string(number);
    if (sdk::character_count(full, sdk::CharacterUnit::utf16) <= kMaxDocNumber) return full;
    const std::string hash = sdk::hex_encode(sdk::sha256(full)).substr(0, kShortenedHashDigits);
    return std::string(sdk::truncate_to_characters(full, kShortenedHeadLength, sdk::CharacterUnit::utf16)) + "-" + hash;
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
