#include "bus/canonical_check.hpp"

#include <ledgersync/sdk/model/record_validation.hpp>

namespace ledgersync::bus {

std::optional<std::string> invalid_record_reason(const nlohmann::json& record) {
    const auto problems = sdk::model::validate_record_json(record);
    if (problems.empty()) return std::nullopt;
    std::string schema;
    if (const auto it = record.find("schema"); it != record.end() && it->is_object()) {
        schema = it->value("id", std::string{});
    }
    std::string text = "is not a valid " + (schema.empty() ? std::string("record") : schema + " record") + " (" +
                       std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") + "): ";
    bool first = true;
    for (const auto& p : problems) {
        text += (first ? "" : "; ") + (p.path.empty() ? std::string("/") : p.path) + ": " + p.message;
        first = false;
    }
    return text;
}

}  // namespace ledgersync::bus
