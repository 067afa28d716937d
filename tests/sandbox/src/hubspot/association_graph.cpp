#include "hubspot/association_graph.hpp"

namespace ledgersync::sandbox::hubspot {

bool AssociationGraph::add(const std::string& from_type, std::uint64_t from_id,
                           const std::string& to_type, std::uint64_t to_id,
                           const AssociationLabel& label) {
    return edges_[Key{from_type, from_id, to_type}][to_id].insert(label).second;
}

bool AssociationGraph::remove(const std::string& from_type, std::uint64_t from_id,
                              const std::string& to_type, std::uint64_t to_id,
                              const AssociationLabel& label) {
    const auto edge = edges_.find(Key{from_type, from_id, to_type});
    if (edge == edges_.end())
        return false;
    const auto target = edge->second.find(to_id);
    if (target == edge->second.end() || target->second.erase(label) == 0)
        return false;
    if (target->second.empty())
        edge->second.erase(target);
    if (edge->second.empty())
        edges_.erase(edge);
    return true;
}

std::set<AssociationLabel> AssociationGraph::remove_all(const std::string& from_type,
                                                        std::uint64_t from_id,
                                                        const std::string& to_type,
                                                        std::uint64_t to_id) {
    const auto edge = edges_.find(Key{from_type, from_id, to_type});
    if (edge == edges_.end())
        return {};
    const auto target = edge->second.find(to_id);
    if (target == edge->second.end())
        return {};
    std::set<AssociationLabel> removed = std::move(target->second);
    edge->second.erase(target);
    if (edge->second.empty())
        edges_.erase(edge);
    return removed;
}

const AssociationGraph::Targets& AssociationGraph::targets(const std::string& from_type,
                                                           std::uint64_t from_id,
                                                           const std::string& to_type) const {
    static const Targets kNone;
    const auto edge = edges_.find(Key{from_type, from_id, to_type});
    return edge == edges_.end() ? kNone : edge->second;
}

std::vector<std::pair<std::string, std::uint64_t>> AssociationGraph::neighbours(
    const std::string& from_type, std::uint64_t from_id) const {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (auto it = edges_.lower_bound(Key{from_type, from_id, std::string()});
         it != edges_.end() && std::get<0>(it->first) == from_type &&
         std::get<1>(it->first) == from_id;
         ++it) {
        for (const auto& [to_id, labels] : it->second)
            out.emplace_back(std::get<2>(it->first), to_id);
    }
    return out;
}

}  // namespace ledgersync::sandbox::hubspot
