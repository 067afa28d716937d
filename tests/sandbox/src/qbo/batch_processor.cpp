#include "qbo/batch_processor.hpp"

#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::qbo {

std::size_t batch_item_count(const nlohmann::json& body) {
    if (!body.is_object() || !body.contains("BatchItemRequest") ||
        !body.at("BatchItemRequest").is_array())
        return 0;
    return body.at("BatchItemRequest").size();
}

nlohmann::json process_batch(const nlohmann::json& body, const BatchOperation& operation,
                             const BatchQuery& query) {
    if (!body.contains("BatchItemRequest"))
        throw faults::required_param_missing("BatchItemRequest");
    const auto& items = body.at("BatchItemRequest");
    if (!items.is_array())
        throw faults::invalid_property("BatchItemRequest", "must be an array");
    if (items.size() > kMaxBatchItems) {
        throw QboFault(
            400, "ValidationFault",
            {{"2050", "Length exceeds limit",
              "Batch request has " + std::to_string(items.size()) + " items; the maximum is " +
                  std::to_string(kMaxBatchItems) + " BatchItemRequest items per batch",
              "BatchItemRequest"}});
    }
    nlohmann::json responses = nlohmann::json::array();
    for (const auto& item : items) {
        nlohmann::json response = nlohmann::json::object();
        const std::string bid = string_member(item, "bId");
        response["bId"] = bid;
        try {
            if (!item.is_object())
                throw faults::invalid_property("BatchItemRequest", "each item must be an object");
            if (bid.empty())
                throw faults::required_param_missing("bId");
            if (item.contains("Query")) {
                if (!item.at("Query").is_string())
                    throw faults::invalid_property("Query", "must be a string");
                response["QueryResponse"] = query(item.at("Query").get<std::string>());
            } else {
                const std::string op = string_member(item, "operation");
                if (op.empty())
                    throw faults::required_param_missing("operation");
                const EntityKind* kind = nullptr;
                const nlohmann::json* entity = nullptr;
                for (auto it = item.begin(); it != item.end(); ++it) {
                    if (const EntityKind* k = find_kind_by_name(it.key());
                        k != nullptr && it.key() == k->name) {
                        kind = k;
                        entity = &it.value();
                    }
                }
                if (kind == nullptr || !entity->is_object()) {
                    throw faults::invalid_property("BatchItemRequest",
                                                   "the item names no entity the sandbox serves");
                }
                check_member_types(*entity);
                const nlohmann::json result =
                    operation(*kind, op, *entity, string_member(item, "optionsData"));
                response[kind->name] = result;
            }
        } catch (const QboFault& fault) {
            response["Fault"] = fault.to_json();
        } catch (const std::exception& e) {
            // One broken item never takes the batch down: it gets the SystemFault QBO sends.
            response["Fault"] = faults::system_failure(500, e.what()).to_json();
        }
        responses.push_back(std::move(response));
    }
    return responses;
}

}  // namespace ledgersync::sandbox::qbo
