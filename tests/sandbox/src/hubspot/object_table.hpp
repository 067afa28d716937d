#pragma once
/// The records of one object type in one account, by id, with an index of every unique-value
/// property (value -> id of the live record holding it). Not thread-safe: the account's lock
/// guards it.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "hubspot/crm_object.hpp"

namespace ledgersync::sandbox::hubspot {

class ObjectTable {
public:
    /// The record (archived ones included), or nullptr.
    CrmObject* find(std::uint64_t id);
    const CrmObject* find(std::uint64_t id) const;
    CrmObject& insert(std::uint64_t id, std::int64_t now_ms);
    /// Sets (or clears, with "") a value, recording history and the unique index; false when
    /// the value did not change.
    bool set(CrmObject& object, const std::string& name, const std::string& value,
             std::int64_t now_ms, const std::string& source_type);
    void archive(CrmObject& object, std::int64_t now_ms);
    /// The live record whose unique property `name` holds `value`.
    std::optional<std::uint64_t> find_unique(const std::string& name,
                                             const std::string& value) const;
    /// Starts indexing `name` (a property that became unique-valued).
    void add_unique_property(const std::string& name);
    bool is_unique(const std::string& name) const { return unique_.count(name) > 0; }

    const std::map<std::uint64_t, CrmObject>& objects() const { return objects_; }
    std::size_t size() const { return objects_.size(); }

private:
    std::map<std::uint64_t, CrmObject> objects_;
    std::set<std::string> unique_;
    std::map<std::string, std::map<std::string, std::uint64_t>> index_;
};

}  // namespace ledgersync::sandbox::hubspot
