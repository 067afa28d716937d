#pragma once
/// What a committed write changed, for webhooks: a record created, a property changed, a record
/// deleted, an association added or removed.

#include <cstdint>
#include <string>

namespace ledgersync::sandbox::hubspot {

struct ChangeEvent {
    enum class Kind { creation, property_change, deletion, association_change };
    Kind kind = Kind::creation;
    std::string object_type;  ///< "invoices"
    std::uint64_t object_id = 0;
    std::int64_t time_ms = 0;
    std::string property;  ///< property_change
    std::string value;
    /// association_change: the other record and the association's type.
    std::string to_type;
    std::uint64_t to_id = 0;
    int association_type_id = 0;
    std::string association_category;
    std::string association_name;  ///< "INVOICE_TO_CONTACT"
    bool association_removed = false;
    bool primary = false;
};

}  // namespace ledgersync::sandbox::hubspot
