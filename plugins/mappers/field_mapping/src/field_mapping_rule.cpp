#include "field_mapping_rule.hpp"

#include <set>

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::mappers::field_mapping {

namespace {

[[noreturn]] void refuse(const std::string& reason, const std::string& fix) { throw sdk::Error(sdk::Outcome::data(reason, fix)); }

/// {"hubspot": x, "quickbooks": y} with each value checked by `read`; other keys refused.
template <class Read>
void read_per_system(const nlohmann::json& value, const std::array<std::string, 2>& systems, const std::string& path,
                     sdk::ConfigProblems& problems, Read read) {
    sdk::ConfigReader r(value, problems, path);
    for (const auto& system : systems) {
        if (const nlohmann::json* entry = r.raw(system)) read(system, *entry, r.path_of(system));
    }
    r.finish();
}

}  // namespace

std::optional<FieldMappingRule> FieldMappingRule::parse(const nlohmann::json& value, const std::array<std::string, 2>& systems,
                                                        std::size_t index, const std::string& path, sdk::ConfigProblems& problems) {
    const std::size_t before = problems.all().size();
    FieldMappingRule rule;
    rule.systems_ = systems;
    rule.number_ = index + 1;
    sdk::ConfigReader r(value, problems, path);

    // The fields of each side: one pointer, or several to concatenate.
    std::vector<std::string> concatenating;
    for (const auto& system : systems) {
        const nlohmann::json* side = r.raw(system);
        if (side == nullptr) continue;
        std::vector<FieldLocation> locations;
        if (side->is_string()) {
            if (auto location = FieldLocation::parse(side->get<std::string>(), r.path_of(system), problems)) locations.push_back(*location);
        } else if (side->is_array() && side->size() >= 2) {
            concatenating.push_back(system);
            for (std::size_t i = 0; i < side->size(); ++i) {
                const std::string at = r.path_of(system) + "/" + std::to_string(i);
                if (!(*side)[i].is_string()) {
                    problems.add(at, "expected a field (a JSON pointer string), got " + sdk::ConfigReader::describe((*side)[i]) + ".");
                } else if (auto location = FieldLocation::parse((*side)[i].get<std::string>(), at, problems)) {
                    locations.push_back(*location);
                }
            }
        } else {
            problems.add(r.path_of(system), "expected a field such as \"/custom_fields/PO number\", or an array of at least two "
                                            "fields to concatenate, got " + sdk::ConfigReader::describe(*side) + ".");
        }
        if (!locations.empty()) rule.locations_[system] = std::move(locations);
    }
    rule.constant_ = r.optional<std::string>("constant", "the text to write on the one side this mapping names");
    rule.separator_ = r.value_or<std::string>("separator", " ", "the text put between concatenated values");
    if (const nlohmann::json* formats = r.raw("date_format")) {
        read_per_system(*formats, systems, r.path_of("date_format"), problems,
                        [&](const std::string& system, const nlohmann::json& entry, const std::string& at) {
                            if (!entry.is_string()) {
                                problems.add(at, "expected a date format such as \"%m/%d/%Y\", got " + sdk::ConfigReader::describe(entry) + ".");
                            } else if (auto format = DateFormat::parse(entry.get<std::string>(), at, problems)) {
                                rule.date_formats_.emplace(system, *format);
                            }
                        });
        if (rule.date_formats_.size() != 2 && problems.all().size() == before) {
            problems.add(r.path_of("date_format"), "give the format of both sides: {\"" + systems[0] + "\": \"%Y-%m-%d\", \"" +
                                                       systems[1] + "\": \"%m/%d/%Y\"}.");
        }
    }
    if (const nlohmann::json* values = r.raw("values")) {
        if (!values->is_array() || values->empty()) {
            problems.add(r.path_of("values"), "expected an array of pairs such as [{\"" + systems[0] + "\": \"ups_ground\", \"" +
                                                  systems[1] + "\": \"UPS Ground\"}], got " + sdk::ConfigReader::describe(*values) + ".");
        } else {
            std::map<std::string, std::set<std::string>> seen;
            for (std::size_t i = 0; i < values->size(); ++i) {
                const std::string at = r.path_of("values") + "/" + std::to_string(i);
                std::map<std::string, std::string> pair;
                read_per_system((*values)[i], systems, at, problems,
                                [&](const std::string& system, const nlohmann::json& entry, const std::string& entry_at) {
                                    if (!entry.is_string()) {
                                        problems.add(entry_at, "expected a text value, got " + sdk::ConfigReader::describe(entry) + ".");
                                    } else if (!seen[system].insert(entry.get<std::string>()).second) {
                                        problems.add(entry_at, "\"" + entry.get<std::string>() + "\" is listed twice for " + system +
                                                                   ", so the mapping toward the other side could not choose; keep one.");
                                    } else {
                                        pair[system] = entry.get<std::string>();
                                    }
                                });
                if (pair.size() != 2 && (*values)[i].is_object() && (*values)[i].size() < 2) {
                    problems.add(at, "each pair gives the value of both sides: {\"" + systems[0] + "\": ..., \"" + systems[1] + "\": ...}.");
                }
                if (pair.size() == 2) rule.values_.push_back(std::move(pair));
            }
        }
    }
    if (const nlohmann::json* defaults = r.raw("default")) {
        if (r.raw("values") == nullptr) problems.add(r.path_of("default"), "a default belongs to \"values\"; add them or remove it.");
        read_per_system(*defaults, systems, r.path_of("default"), problems,
                        [&](const std::string& system, const nlohmann::json& entry, const std::string& at) {
                            if (!entry.is_string()) problems.add(at, "expected the text written toward " + system + ", got " + sdk::ConfigReader::describe(entry) + ".");
                            else rule.defaults_[system] = entry.get<std::string>();
                        });
    }
    if (const nlohmann::json* max_length = r.raw("max_length")) {
        const auto read_length = [&](const std::string& system, const nlohmann::json& entry, const std::string& at) {
            if (!entry.is_number_integer() || entry.get<std::int64_t>() < 1) {
                problems.add(at, "expected a number of characters (an integer of at least 1), got " + sdk::ConfigReader::describe(entry) + ".");
            } else {
                rule.max_length_[system] = static_cast<std::size_t>(entry.get<std::int64_t>());
            }
        };
        if (max_length->is_object()) {
            read_per_system(*max_length, systems, r.path_of("max_length"), problems, read_length);
        } else {
            for (const auto& system : systems) read_length(system, *max_length, r.path_of("max_length"));
        }
    }
    rule.allow_truncation_ = r.value_or<bool>("allow_truncation", false, "true to cut values longer than max_length instead of failing");
    rule.required_ = r.value_or<bool>("required", false, "true to fail a record whose source value is absent");
    r.finish();

    // Shape: a copy needs both sides, a constant exactly one, a concatenation reads one side.
    const std::size_t sides = rule.locations_.size();
    if (rule.constant_) {
        if (sides != 1 || !concatenating.empty()) {
            problems.add(path, "a constant is written on one side: name exactly one field, on the side it is written to.");
        }
        if (!rule.values_.empty() || !rule.date_formats_.empty()) {
            problems.add(r.path_of("constant"), "a constant is written as it is: remove values and date_format.");
        }
    } else if (sides != 2 && problems.all().size() == before) {
        problems.add(path, "name the field of both sides (\"" + systems[0] + "\" and \"" + systems[1] +
                               "\"), or give one side a \"constant\".");
    }
    if (concatenating.size() > 1) problems.add(path, "only one side may concatenate several fields.");
    if (!rule.values_.empty() && !rule.date_formats_.empty()) {
        problems.add(path, "use either \"values\" or \"date_format\", not both.");
    }
    if (problems.all().size() == before && !rule.runs_from(systems[0]) && !rule.runs_from(systems[1])) {
        problems.add(path, "this mapping can run in no direction: a raw: field can only be read, and a concatenation only "
                           "read from; write at least one side as a body field.");
    }
    if (problems.all().size() != before) return std::nullopt;
    return rule;
}

bool FieldMappingRule::runs_from(const std::string& source) const {
    const std::string to = other(source);
    const auto target_side = locations_.find(to);
    if (target_side == locations_.end() || target_side->second.size() != 1 || target_side->second.front().in_raw()) return false;
    return constant_.has_value() || locations_.count(source) != 0;
}

const std::vector<FieldLocation>& FieldMappingRule::sources(const std::string& system) const {
    static const std::vector<FieldLocation> none;
    const auto side = locations_.find(system);
    return constant_ || side == locations_.end() ? none : side->second;
}

std::string FieldMappingRule::describe() const {
    std::string text = "mapping " + std::to_string(number_) + " (";
    bool first = true;
    for (const auto& system : systems_) {
        const auto side = locations_.find(system);
        if (side == locations_.end()) continue;
        text += first ? "" : " <-> ";
        first = false;
        text += system;
        for (std::size_t i = 0; i < side->second.size(); ++i) text += (i == 0 ? " " : " + ") + side->second[i].text();
    }
    if (constant_) text += " = \"" + *constant_ + "\"";
    return text + ")";
}

std::optional<std::string> FieldMappingRule::value_from(const sdk::Record& record, const std::string& source,
                                                        sdk::CharacterUnit length_unit) const {
    const std::string to = other(source);
    std::optional<std::string> value = constant_;
    if (!constant_) {
        for (const auto& location : sources(source)) {
            auto part = location.read(record, source + " field " + location.text() + " of " + record.identity.type + " " +
                                                  record.identity.id + " (" + describe() + ")");
            if (!part) continue;  // absent parts are left out of a concatenation
            value = value ? *value + separator_ + *part : *part;
        }
        if (!value) {
            if (!required_) return std::nullopt;
            refuse(record.identity.type + " " + record.identity.id + " has no value in " + source + " field " +
                       sources(source).front().text() + ", which " + describe() + " requires",
                   "fill the field in " + source + ", or make the mapping optional (\"required\": false), then retry");
        }
        value = convert(*value, source, to, record.identity.type + " " + record.identity.id);
    }

    const auto limit = max_length_.find(to);
    if (limit != max_length_.end()) {
        const std::size_t length = sdk::character_count(*value, length_unit);
        if (length > limit->second) {
            if (!allow_truncation_) {
                refuse(record.identity.type + " " + record.identity.id + ": the value \"" + *value + "\" for " + to + " field " +
                           target(to).text() + " is " + std::to_string(length) + " characters long, and " + describe() +
                           " allows " + std::to_string(limit->second) + "; it is not cut, so nothing is lost",
                       "shorten the value in " + source + ", or set \"allow_truncation\": true on the mapping to cut it to " +
                           std::to_string(limit->second) + " characters, then retry");
            }
            value = std::string(sdk::truncate_to_characters(*value, limit->second, length_unit));
        }
    }
    return value;
}

std::string FieldMappingRule::convert(const std::string& value, const std::string& source, const std::string& to,
                                      const std::string& label) const {
    if (!date_formats_.empty()) {
        const DateFormat& from = date_formats_.at(source);
        const auto date = from.read(value);
        if (!date) {
            refuse(label + ": the value \"" + value + "\" of " + source + " field " + sources(source).front().text() +
                       " is not a date in the format \"" + from.text() + "\" that " + describe() + " reads",
                   "write the date as \"" + from.text() + "\" in " + source + " (or correct date_format), then retry");
        }
        return date_formats_.at(to).write(*date);
    }
    if (!values_.empty()) {
        for (const auto& pair : values_) {
            if (pair.at(source) == value) return pair.at(to);
        }
        if (const auto fallback = defaults_.find(to); fallback != defaults_.end()) return fallback->second;
        std::string known;
        for (const auto& pair : values_) known += (known.empty() ? "\"" : ", \"") + pair.at(source) + "\"";
        refuse(label + ": the value \"" + value + "\" of " + source + " field " + sources(source).front().text() + " has no entry in the "
                   "values of " + describe() + " (known: " + known + ")",
               "add {\"" + source + "\": \"" + value + "\", \"" + to + "\": ...} to the mapping's values, or give it a "
               "\"default\" for " + to + ", then retry");
    }
    return value;
}

}  // namespace ledgersync::mappers::field_mapping
