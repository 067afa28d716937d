#include "bus/digest.hpp"

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

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

std::string content_digest(const std::vector<std::string>& record_texts) {
    nlohmann::json contents = nlohmann::json::array();
    for (const auto& text : record_texts) {
        // Parsed exactly: amounts are compared as written, never through a double.
        nlohmann::json record;
        try {
            record = sdk::parse_json_exact(text);
        } catch (const sdk::JsonParseError&) {
        }
        if (!record.is_object()) {
            contents.push_back(text);
            continue;
        }
        record.erase("version");
        record.erase("updated_at");
        record.erase("raw");
        if (auto body = record.find("body"); body != record.end() && body->is_object()) body->erase("updated_at");
        contents.push_back(std::move(record));
    }
    return fingerprint(contents);
}

std::string content_digest(const std::vector<MapperChain::Output>& outputs) {
    std::vector<std::string> texts;
    texts.reserve(outputs.size());
    for (const auto& output : outputs) texts.push_back(output.text);
    return content_digest(texts);
}

std::string fingerprint(const nlohmann::json& body) { return sha256_hex(body.dump()); }

}  // namespace ledgersync::bus
