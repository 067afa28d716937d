#include "association_reads.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "hubspot_objects.hpp"

namespace ledgersync::connectors::hubspot {

using nlohmann::json;

namespace {

constexpr std::size_t kAssociationInputs = 1000;

}  // namespace

void attach_associations(HubSpotClient& client, const std::string& object_type, std::vector<json>& objects,
                         const std::vector<std::string>& to_types) {
    std::map<std::string, json*> by_id;
    for (auto& object : objects) by_id[object_id_of(object)] = &object;
    for (const auto& to : to_types) {
        for (std::size_t from = 0; from < objects.size(); from += kAssociationInputs) {
            json inputs = json::array();
            for (std::size_t i = from; i < std::min(objects.size(), from + kAssociationInputs); ++i) {
                inputs.push_back({{"id", object_id_of(objects[i])}});
            }
            ApiCall call{"POST", "/crm/v4/associations/" + object_type + "/" + to + "/batch/read", {}, json{{"inputs", inputs}}.dump(), ""};
            const json answer = client.json_call(call, {"reading", "the " + to + " associated with " + std::to_string(inputs.size()) + " " + object_type});
            const auto results = answer.find("results");
            if (results == answer.end() || !results->is_array()) continue;
            for (const auto& result : *results) {
                const std::string id = result.contains("from") ? object_id_of(result["from"]) : std::string();
                const auto target = by_id.find(id);
                if (target == by_id.end()) continue;
                json list = json::array();
                for (const auto& to_object : result.value("to", json::array())) {
                    const json& to_id = to_object.value("toObjectId", json());
                    list.push_back({{"id", to_id.is_string() ? to_id.get<std::string>() : to_id.dump()}});
                }
                (*target->second)["associations"][to] = {{"results", list}};
            }
        }
    }
}

std::vector<std::string> invoices_of_parts(HubSpotClient& client, const std::string& part_type, const std::vector<std::string>& ids) {
    std::vector<json> parts;
    parts.reserve(ids.size());
    for (const auto& id : ids) parts.push_back({{"id", id}});
    attach_associations(client, part_type, parts, {"invoices"});
    std::set<std::string> invoices;
    for (const auto& part : parts) {
        for (const auto& invoice : associated_ids(part, "invoices")) invoices.insert(invoice);
    }
    return {invoices.begin(), invoices.end()};
}

}  // namespace ledgersync::connectors::hubspot
