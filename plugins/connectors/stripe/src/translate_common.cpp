#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/timestamp.hpp>

#include "translate.hpp"

namespace ledgersync::connectors::stripe {

using nlohmann::json;

namespace {

template <class T>
sdk::Record make_record(const T& body, const std::string& id, const json& object, const std::string& updated_at) {
    sdk::Record record;
    record.identity = {"stripe", "", std::string(T::kType), id};
    record.body = body.to_json();
    // Stripe objects carry no version: the digest of the canonical body is one, so that the same
    // state read twice (a redelivered event, a list overlapping a webhook) is the same version.
    record.version = sdk::hex_encode(sdk::sha256(record.body.dump())).substr(0, 16);
    record.updated_at = updated_at;
    record.schema = std::string(T::kSchemaId);
    record.schema_version = T::kSchemaVersion;
    record.raw = object;
    record.links = sdk::model::to_record_links(body.references());
    return record;
}

}  // namespace

std::string stripe_id(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object()) {
        const auto id = value.find("id");
        if (id != value.end() && id->is_string()) return id->get<std::string>();
    }
    return {};
}

std::string text_member(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string date_of(const json& unix_seconds, const std::string& where) {
    if (!unix_seconds.is_number_integer()) throw TranslationError(where + " has no \"created\" time");
    return sdk::Timestamp::from_epoch_seconds(unix_seconds.get<std::int64_t>()).date().to_string();
}

void translate_object(const std::string& type, const json& object, const TranslationSettings& settings, const std::string& updated_at,
                      std::vector<sdk::Record>& records, std::vector<sdk::UntranslatedRecord>& untranslated) {
    const std::string id = stripe_id(object);
    try {
        sdk::Record record = type == "payment" ? make_record(payment_from_charge(object, settings), id, object, updated_at)
                                               : make_record(refund_from_stripe(object), id, object, updated_at);
        records.push_back(std::move(record));
    } catch (const TranslationError& e) {
        untranslated.push_back({{"stripe", "", type, id}, "", updated_at, object, e.what(),
                                "correct the object in Stripe if it is wrong, or report it if Stripe is right; then retry the failure"});
    } catch (const sdk::DecimalError& e) {
        untranslated.push_back({{"stripe", "", type, id}, "", updated_at, object, std::string("an amount of ") + id + " is not exact: " + e.what(),
                                "report the object; then retry the failure"});
    }
}

}  // namespace ledgersync::connectors::stripe
