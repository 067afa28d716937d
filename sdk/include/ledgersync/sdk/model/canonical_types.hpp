#pragma once
/// The canonical types by name, for code that handles any of them: the host validating a
/// record's body, a tool checking documents, a mapper that passes types it does not know.

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/model/canonical_type.hpp"
#include "ledgersync/sdk/model/customer.hpp"
#include "ledgersync/sdk/model/dispute.hpp"
#include "ledgersync/sdk/model/expense.hpp"
#include "ledgersync/sdk/model/invoice.hpp"
#include "ledgersync/sdk/model/payment.hpp"
#include "ledgersync/sdk/model/payout.hpp"
#include "ledgersync/sdk/model/product.hpp"
#include "ledgersync/sdk/model/refund.hpp"
#include "ledgersync/sdk/model/validation.hpp"

namespace ledgersync::sdk::model {

/// One canonical type: its names and its checks on canonical JSON.
struct CanonicalType {
    /// Record identity type: "invoice".
    std::string_view type;
    /// Record schema id and version: "ledgersync.invoice", 1.
    std::string_view schema_id;
    std::int64_t schema_version;
    /// $id of its JSON Schema in sdk/schema.
    std::string_view schema_uri;
    /// Only what the JSON Schema checks (the shape tier).
    ValidationProblems (*check_shape)(const nlohmann::json&);
    /// Every problem: the shape, then the rules when the shape is right.
    ValidationProblems (*validate)(const nlohmann::json&);
};

namespace detail {

template <class T>
constexpr CanonicalType canonical_type_of() {
    return {T::kType, T::kSchemaId, T::kSchemaVersion, T::kSchemaUri, &check_canonical_shape<T>,
            &validate_canonical<T>};
}

inline constexpr CanonicalType kCanonicalTypes[] = {
    canonical_type_of<Customer>(), canonical_type_of<Product>(), canonical_type_of<Invoice>(),
    canonical_type_of<Payment>(),  canonical_type_of<Refund>(),  canonical_type_of<Expense>(),
    canonical_type_of<Payout>(),   canonical_type_of<Dispute>(),
};

}  // namespace detail

/// Every canonical type of this SDK.
inline std::vector<CanonicalType> canonical_types() {
    return {std::begin(detail::kCanonicalTypes), std::end(detail::kCanonicalTypes)};
}

/// The canonical type whose identity type ("invoice") or schema id ("ledgersync.invoice") is
/// `name`; nullptr when there is none.
inline const CanonicalType* find_canonical_type(std::string_view name) {
    for (const auto& t : detail::kCanonicalTypes) {
        if (t.type == name || t.schema_id == name) return &t;
    }
    return nullptr;
}

}  // namespace ledgersync::sdk::model
