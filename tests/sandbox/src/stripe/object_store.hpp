#pragma once
/// Every Stripe object of the sandbox account, by id and per type in list order. Stripe lists
/// newest first; objects created in the same second keep their creation order (a sequence
/// number breaks the tie), so cursors (`starting_after`, `ending_before`) are stable. Not
/// thread-safe: the account's lock guards it.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

class ObjectStore {
public:
    /// Where an object sits in its type's list: (created, sequence).
    using ListKey = std::pair<std::int64_t, std::uint64_t>;
    using Predicate = std::function<bool(const nlohmann::json&)>;

    /// Stores `object` (members "id", "object", "created" required); returns the stored copy.
    nlohmann::json& insert(nlohmann::json object);
    nlohmann::json* find(const std::string& id);
    const nlohmann::json* find(const std::string& id) const;
    /// The object `id` when it is of type `type` ("charge").
    nlohmann::json* find(const std::string& type, const std::string& id);
    /// Removes `id` (deleted customers and webhook endpoints).
    void erase(const std::string& id);
    void clear();
    std::size_t count(const std::string& type) const;

    /// The ids of `type` in list order, ascending (oldest first).
    const std::map<ListKey, std::string>& ordered(const std::string& type) const;
    std::optional<ListKey> list_key(const std::string& id) const;

private:
    struct Entry {
        nlohmann::json object;
        ListKey key;
    };
    std::unordered_map<std::string, Entry> objects_;
    std::map<std::string, std::map<ListKey, std::string>> lists_;
    std::uint64_t next_sequence_ = 1;
};

}  // namespace ledgersync::sandbox::stripe
