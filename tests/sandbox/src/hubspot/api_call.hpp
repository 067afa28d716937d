#pragma once
/// What an endpoint handler works with: the request, the account it addresses (locked by the
/// caller), the writer that applies the rules, and the emulator's limits.

#include <cstdint>

#include "common/http_message.hpp"
#include "hubspot/crm_account.hpp"
#include "hubspot/crm_writer.hpp"

namespace ledgersync::sandbox::hubspot {

/// HubSpot's documented limits, configurable where HubSpot's own numbers moved over time.
struct ApiLimits {
    int batch_inputs = 100;        ///< objects batch endpoints
    int list_page = 100;           ///< GET /crm/v3/objects/{type}?limit
    int search_page = 200;         ///< search "limit"
    int search_total = 10'000;     ///< paging past this is a 400
    int search_filter_groups = 5;  ///< 2024 changelog said 5/10/25; current docs 5/6/18
    int search_filters_per_group = 6;
    int search_filters_total = 18;
    int search_query_chars = 3000;
    int association_batch_read = 1000;
    int association_batch_create = 2000;
    int association_page = 500;
    /// Records created or changed less than this long ago are not found by search yet (index
    /// lag, hubspot.md §2.5); 0 = search sees every write at once.
    std::int64_t search_index_lag_ms = 0;
};

struct ApiCall {
    const HttpRequest& request;
    CrmAccount& account;
    CrmWriter& writer;
    std::int64_t now_ms;
    const ApiLimits& limits;
};

}  // namespace ledgersync::sandbox::hubspot
