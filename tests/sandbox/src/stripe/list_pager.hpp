#pragma once
/// Stripe's cursor paging over an ObjectStore type (stripe.md §1.4): newest first, `limit`
/// 1..100 (default 10), `starting_after` / `ending_before` object ids (mutually exclusive),
/// `created` as an exact timestamp or a range (`created[gte]=..`), plus the endpoint's own
/// filters as a predicate; `has_more` says whether another page exists in that direction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stripe/object_store.hpp"

namespace ledgersync::sandbox::stripe {

struct ListPage {
    std::vector<const nlohmann::json*> data;  ///< newest first
    bool has_more = false;
};

class ListPager {
public:
    /// Reads limit, starting_after, ending_before and created from validated `parameters`;
    /// throws StripeError for a limit out of range or both cursors at once.
    explicit ListPager(const nlohmann::json& parameters);

    /// One page of `type` from `store`; `filter` keeps an object when true. Throws StripeError
    /// (resource_missing) when a cursor names no object of the type.
    ListPage page(const ObjectStore& store, const std::string& type,
                  const ObjectStore::Predicate& filter) const;

private:
    bool created_matches(std::int64_t created) const;

    std::int64_t limit_ = 10;
    std::string starting_after_;
    std::string ending_before_;
    std::optional<std::int64_t> created_eq_, created_gt_, created_gte_, created_lt_, created_lte_;
};

/// {"object": "list", "url": url, "has_more": .., "data": rendered}.
nlohmann::json list_envelope(const std::string& url, bool has_more, nlohmann::json data);

}  // namespace ledgersync::sandbox::stripe
