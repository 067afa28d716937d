#pragma once
/// The associations between records of an account: for each (from type, from id, to type) the
/// associated records and the types (category + typeId) of each association. Both directions
/// are stored; the caller adds the inverse. Not thread-safe: the account's lock guards it.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ledgersync::sandbox::hubspot {

struct AssociationLabel {
    std::string category;
    int type_id = 0;
    bool operator<(const AssociationLabel& other) const {
        return std::tie(category, type_id) < std::tie(other.category, other.type_id);
    }
};

class AssociationGraph {
public:
    using Targets = std::map<std::uint64_t, std::set<AssociationLabel>>;

    /// False when the association existed already.
    bool add(const std::string& from_type, std::uint64_t from_id, const std::string& to_type,
             std::uint64_t to_id, const AssociationLabel& label);
    /// Removes one label; false when it was not there.
    bool remove(const std::string& from_type, std::uint64_t from_id, const std::string& to_type,
                std::uint64_t to_id, const AssociationLabel& label);
    /// The labels `from` -> `to` had (now removed).
    std::set<AssociationLabel> remove_all(const std::string& from_type, std::uint64_t from_id,
                                          const std::string& to_type, std::uint64_t to_id);
    /// The records of `to_type` associated with `from` (an empty map when none).
    const Targets& targets(const std::string& from_type, std::uint64_t from_id,
                           const std::string& to_type) const;
    /// Every (to type, to id) associated with `from`, for clean-up when it is archived.
    std::vector<std::pair<std::string, std::uint64_t>> neighbours(const std::string& from_type,
                                                                  std::uint64_t from_id) const;
    void clear() { edges_.clear(); }

private:
    using Key = std::tuple<std::string, std::uint64_t, std::string>;
    std::map<Key, Targets> edges_;
};

}  // namespace ledgersync::sandbox::hubspot
