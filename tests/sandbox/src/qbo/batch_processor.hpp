#pragma once
/// POST /batch (reference/qbo.md §1.3): at most 30 BatchItemRequest items, each an entity
/// operation (create, update, delete, void) or a Query; every item is carried out on its own
/// and answered in BatchItemResponse with its bId, its entity, QueryResponse or Fault, inside an
/// HTTP 200.

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "qbo/entity_kind.hpp"

namespace ledgersync::sandbox::qbo {

constexpr std::size_t kMaxBatchItems = 30;

/// Carries out one entity operation ("create", "update", "delete", "void") with `options`
/// (optionsData: "void" for Payment); returns the entity (or delete stub). Throws QboFault.
using BatchOperation =
    std::function<nlohmann::json(const EntityKind&, const std::string& operation,
                                 const nlohmann::json& body, const std::string& options)>;
/// Runs a query; returns the QueryResponse value. Throws QboFault.
using BatchQuery = std::function<nlohmann::json(const std::string& query)>;

/// The number of items in a batch body, for throttling (0 when it is not a batch body).
std::size_t batch_item_count(const nlohmann::json& body);

/// Checks the envelope (an object with a BatchItemRequest array of at most 30 items; QboFault
/// otherwise) and returns the BatchItemResponse array.
nlohmann::json process_batch(const nlohmann::json& body, const BatchOperation& operation,
                             const BatchQuery& query);

}  // namespace ledgersync::sandbox::qbo
