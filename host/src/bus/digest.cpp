#include "bus/digest.hpp"

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

namespace ledgersync::bus {

namespace {

std::string sha256_hex(const std::string& text) {
    return sdk::hex_encode(sdk::sha256(text));
}

/// `text` parsed exactly (amounts compared as written, never through a double), without the
/// envelope's parts that change when the content does not; a string when it is not a JSON object.
nlohmann::json comparable_record(const std::string& text) {
    nlohmann::json record;
    try {
        record = sdk::parse_json_exact(text);
    } catch (const sdk::JsonParseError&) {
    }
    if (!record.is_object()) return text;
    record.erase("version");
    record.erase("updated_at");
    record.erase("raw");
    if (auto body = record.find("body"); body != record.end() && body->is_object()) body->erase("updated_at");
    return record;
}

bool is_invoice(const nlohmann::json& record) {
    if (!record.is_object()) return false;
    const auto identity = record.find("identity");
    return identity != record.end() && identity->is_object() && identity->value("type", "") == "invoice";
}

/// Leaves out of a comparable invoice record what its payments make (edit_digest).
void erase_payment_effects(nlohmann::json& record) {
    auto body = record.find("body");
    if (body == record.end() || !body->is_object()) return;
    body->erase("payments");
    if (auto totals = body->find("totals"); totals != body->end() && totals->is_object()) {
        totals->erase("amount_paid");
        totals->erase("balance_due");
    }
    if (auto status = body->find("status"); status != body->end() && *status == "paid") *status = "open";
    if (auto links = record.find("links"); links != record.end() && links->is_array()) {
        nlohmann::json kept = nlohmann::json::array();
        for (auto& link : *links) {
            const bool of_a_payment = link.is_object() && link.value("path", "").rfind("/payments", 0) == 0;
            if (!of_a_payment) kept.push_back(std::move(link));
        }
        *links = std::move(kept);
    }
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
    for (const auto& text : record_texts) contents.push_back(comparable_record(text));
    return fingerprint(contents);
}

std::string content_digest(const std::vector<MapperChain::Output>& outputs) {
    std::vector<std::string> texts;
    texts.reserve(outputs.size());
    for (const auto& output : outputs) texts.push_back(output.text);
    return content_digest(texts);
}

std::string edit_digest(const std::string& record_text) {
    nlohmann::json record = comparable_record(record_text);
    if (is_invoice(record)) erase_payment_effects(record);
    return fingerprint(record);
}

std::string fingerprint(const nlohmann::json& body) { return sha256_hex(body.dump()); }

}  // namespace ledgersync::bus
