#include "stripe/list_pager.hpp"

#include <algorithm>

#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

constexpr std::int64_t kMaxLimit = 100;

std::optional<std::int64_t> integer_member(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

}  // namespace

ListPager::ListPager(const nlohmann::json& parameters) {
    if (const auto limit = integer_member(parameters, "limit")) {
        if (*limit < 1 || *limit > kMaxLimit) {
            throw errors::parameter_invalid(
                "limit", "Invalid limit: " + std::to_string(*limit) +
                             ". The limit must be between 1 and 100.",
                "parameter_invalid_integer");
        }
        limit_ = *limit;
    }
    starting_after_ = parameters.value("starting_after", "");
    ending_before_ = parameters.value("ending_before", "");
    if (!starting_after_.empty() && !ending_before_.empty()) {
        throw errors::invalid_request(
            "You may only specify one of these parameters: ending_before, starting_after.",
            "ending_before");
    }
    if (const auto created = parameters.find("created"); created != parameters.end()) {
        if (created->is_number_integer()) {
            created_eq_ = created->get<std::int64_t>();
        } else if (created->is_object()) {
            created_gt_ = integer_member(*created, "gt");
            created_gte_ = integer_member(*created, "gte");
            created_lt_ = integer_member(*created, "lt");
            created_lte_ = integer_member(*created, "lte");
        }
    }
}

bool ListPager::created_matches(std::int64_t created) const {
    return (!created_eq_ || created == *created_eq_) && (!created_gt_ || created > *created_gt_) &&
           (!created_gte_ || created >= *created_gte_) && (!created_lt_ || created < *created_lt_) &&
           (!created_lte_ || created <= *created_lte_);
}

ListPage ListPager::page(const ObjectStore& store, const std::string& type,
                         const ObjectStore::Predicate& filter) const {
    const auto& ordered = store.ordered(type);
    const auto cursor_key = [&](const std::string& id, const char* param) {
        const nlohmann::json* object = store.find(id);
        if (object == nullptr || object->value("object", "") != type)
            throw errors::resource_missing(type, id, param);
        return *store.list_key(id);
    };
    const auto keep = [&](const std::string& id) {
        const nlohmann::json& object = *store.find(id);
        return created_matches(object.at("created").get<std::int64_t>()) &&
               (!filter || filter(object));
    };
    ListPage page;
    const auto wanted = static_cast<std::size_t>(limit_);
    // Takes up to `limit` kept objects walking from `begin`; has_more when one more exists.
    const auto collect = [&](auto begin, auto end) {
        for (auto it = begin; it != end; ++it) {
            if (!keep(it->second))
                continue;
            if (page.data.size() == wanted) {
                page.has_more = true;
                return;
            }
            page.data.push_back(store.find(it->second));
        }
    };
    if (!ending_before_.empty()) {
        // The objects just newer than the cursor, nearest first, then shown newest first.
        const auto key = cursor_key(ending_before_, "ending_before");
        collect(ordered.upper_bound(key), ordered.end());
        std::reverse(page.data.begin(), page.data.end());
        return page;
    }
    auto it = ordered.rbegin();
    if (!starting_after_.empty())
        it = std::make_reverse_iterator(ordered.lower_bound(cursor_key(starting_after_, "starting_after")));
    collect(it, ordered.rend());
    return page;
}

nlohmann::json list_envelope(const std::string& url, bool has_more, nlohmann::json data) {
    return {{"object", "list"}, {"data", std::move(data)}, {"has_more", has_more}, {"url", url}};
}

}  // namespace ledgersync::sandbox::stripe
