#include "bus/digest.hpp"

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>

namespace ledgersync::bus {

namespace {

std::string sha256_hex(const std::string& text) {
    return sdk::hex_encode(sdk::sha256(text));
}

}  // namespace

std::string idempotency_key(const std::string& route, const store::ObjectKey& source, const std::string& version,
                            std::size_t index) {
    // Length-prefixed fields: no two different inputs can serialize to the same text.
    std::string text;
    for (const std::string& part : {route, source.connection, source.type, source.id, version, std::to_string(index)}) {
        text += std::to_string(part.size()) + ":" + part + ";";
    }
    return sha256_hex(text).substr(0, 32);
}

std::string fingerprint(const nlohmann::json& body) { return sha256_hex(body.dump()); }

}  // namespace ledgersync::bus
