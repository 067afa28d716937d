#include "qbo/change_data_capture.hpp"

#include <algorithm>
#include <vector>

#include "common/iso_time.hpp"
#include "qbo/company_time.hpp"
#include "qbo/entity_kind.hpp"
#include "qbo/ledger.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        std::string part = text.substr(start, comma - start);
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        if (!part.empty())
            out.push_back(part);
        start = comma + 1;
    }
    return out;
}

}  // namespace

nlohmann::json change_data_capture(const Ledger& ledger, const std::string& entities,
                                   const std::string& changed_since) {
    if (entities.empty())
        throw faults::required_param_missing("entities");
    if (changed_since.empty())
        throw faults::required_param_missing("changedSince");
    const auto since = parse_iso_datetime(changed_since, pacific_offset_minutes(ledger.now_ms()));
    if (!since)
        throw faults::invalid_query("QueryValidationError: changedSince \"" + changed_since +
                                    "\" is not an ISO 8601 date-time");
    const std::int64_t oldest = ledger.now_ms() - kCdcMaxLookbackDays * 86'400'000;
    if (*since < oldest) {
        throw faults::invalid_query("QueryValidationError: changedSince " + changed_since +
                                    " is more than 30 days in the past; the oldest allowed is " +
                                    company_datetime(oldest));
    }
    std::vector<const EntityKind*> kinds;
    for (const auto& name : split_list(entities)) {
        const EntityKind* k = find_kind_by_name(name);
        if (k == nullptr)
            throw faults::invalid_query("QueryParserError: Invalid context declaration : " + name);
        if (k->name == "TaxCode" || k->name == "TaxRate") {
            throw faults::invalid_query("QueryValidationError: " + k->name +
                                        " is not supported by change data capture");
        }
        kinds.push_back(k);
    }
    nlohmann::json responses = nlohmann::json::array();
    std::size_t budget = kCdcMaxObjects;
    for (const EntityKind* k : kinds) {
        std::vector<const StoredEntity*> changed;
        ledger.for_each(k->name, [&](const StoredEntity& e) {
            if (e.updated_ms >= *since)
                changed.push_back(&e);
        });
        std::stable_sort(changed.begin(), changed.end(),
                         [](const StoredEntity* a, const StoredEntity* b) {
                             return a->updated_ms < b->updated_ms;
                         });
        nlohmann::json objects = nlohmann::json::array();
        for (const StoredEntity* e : changed) {
            if (objects.size() >= budget)
                break;
            objects.push_back(e->body);
        }
        // Deleted objects come after the active ones (CDC ref).
        std::vector<std::pair<std::int64_t, std::string>> deleted;
        for (const auto& [key, stub] : ledger.store_deleted(k->name)) {
            if (stub.deleted_ms >= *since)
                deleted.emplace_back(stub.deleted_ms, stub.id);
        }
        std::stable_sort(deleted.begin(), deleted.end());
        for (const auto& [when, id] : deleted) {
            if (objects.size() >= budget)
                break;
            objects.push_back({{"domain", "QBO"},
                               {"status", "Deleted"},
                               {"Id", id},
                               {"MetaData", {{"LastUpdatedTime", company_datetime(when)}}}});
        }
        budget -= objects.size();
        if (objects.empty()) {
            responses.push_back(nlohmann::json::object());
        } else {
            const std::size_t count = objects.size();
            responses.push_back({{k->name, std::move(objects)},
                                 {"startPosition", 1},
                                 {"maxResults", count},
                                 {"totalCount", count}});
        }
    }
    return nlohmann::json::array({{{"QueryResponse", std::move(responses)}}});
}

}  // namespace ledgersync::sandbox::qbo
