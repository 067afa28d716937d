#include "hubspot_objects.hpp"

#include <algorithm>
#include <set>

#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

std::optional<std::string> property(const json& object, const std::string& name) {
    const auto properties = object.find("properties");
    if (properties == object.end() || !properties->is_object()) return std::nullopt;
    const auto value = properties->find(name);
    if (value == properties->end() || !value->is_string() || value->get<std::string>().empty()) return std::nullopt;
    return value->get<std::string>();
}

std::optional<std::string> decimal_property(const json& object, const std::string& name) {
    const auto text = property(object, name);
    if (!text) return std::nullopt;
    try {
        return sdk::Decimal::parse(*text).to_string();
    } catch (const sdk::DecimalError& e) {
        throw TranslationError("property " + name + " is not a decimal: \"" + *text + "\" (" + e.what() + ")");
    }
}

std::vector<std::string> associated_ids(const json& object, const std::string& to_type) {
    std::vector<std::string> ids;
    const auto associations = object.find("associations");
    if (associations == object.end() || !associations->is_object()) return ids;
    const auto of_type = associations->find(to_type);
    if (of_type == associations->end() || !of_type->is_object()) return ids;
    const auto results = of_type->find("results");
    if (results == of_type->end() || !results->is_array()) return ids;
    std::set<std::string> seen;
    for (const auto& result : *results) {
        if (!result.is_object() || !result.contains("id")) continue;
        const json& id = result["id"];
        const std::string text = id.is_string() ? id.get<std::string>() : id.is_number_integer() ? std::to_string(id.get<std::int64_t>()) : "";
        if (!text.empty() && seen.insert(text).second) ids.push_back(text);
    }
    return ids;
}

std::string object_id_of(const json& object) {
    const auto it = object.find("id");
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int compare_ids(const std::string& a, const std::string& b) {
    const auto digits = [](const std::string& text) {
        return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (digits(a) && digits(b)) {
        const std::string x = a.substr(std::min(a.find_first_not_of('0'), a.size()));
        const std::string y = b.substr(std::min(b.find_first_not_of('0'), b.size()));
        if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
        return x.compare(y) < 0 ? -1 : x.compare(y) > 0 ? 1 : 0;
    }
    return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

std::optional<std::int64_t> hubspot_time_ms(const std::string& text) {
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) && text.size() <= 15) {
        return std::stoll(text);
    }
    if (const auto instant = sdk::Timestamp::parse(text)) return instant->epoch_milliseconds();
    return std::nullopt;
}

std::optional<std::int64_t> modified_ms(const json& object) {
    for (const char* name : {"hs_lastmodifieddate", "lastmodifieddate"}) {
        if (const auto text = property(object, name)) {
            if (const auto ms = hubspot_time_ms(*text)) return ms;
        }
    }
    const auto updated = object.find("updatedAt");
    if (updated != object.end() && updated->is_string()) return hubspot_time_ms(updated->get<std::string>());
    return std::nullopt;
}

sdk::Record deleted_record(const std::string& system, const std::string& type, const std::string& id, const std::string& updated_at) {
    sdk::Record record;
    record.identity = {system, "", type, id};
    record.operation = sdk::RecordOperation::remove;
    record.version = "deleted:" + updated_at;
    record.updated_at = updated_at;
    record.schema = "ledgersync." + type;
    record.body = json::object();
    record.raw = json{{"id", id}, {"archived", true}};
    return record;
}

}  // namespace ledgersync::connectors::hubspot
