#include "common/request_counters.hpp"

namespace ledgersync::sandbox {

void RequestCounters::Tally::add(const RequestRecord& record) {
    ++total;
    ++by_endpoint[record.endpoint];
    ++by_status[record.status == 0 ? std::string("none") : std::to_string(record.status)];
    ++by_outcome[to_string(record.outcome)];
    if (!record.family.empty())
        ++by_family[record.family];
    if (record.batch_items > 0) {
        ++batch_requests;
        batch_items += static_cast<std::uint64_t>(record.batch_items);
    }
}

nlohmann::json RequestCounters::Tally::to_json() const {
    const auto outcome = [&](const char* name) {
        const auto it = by_outcome.find(name);
        return it == by_outcome.end() ? 0 : it->second;
    };
    return {{"total", total},
            {"by_endpoint", by_endpoint},
            {"by_status", by_status},
            {"by_outcome", by_outcome},
            {"by_family", by_family},
            {"throttled", outcome("throttled")},
            {"dropped", outcome("dropped") + outcome("dropped_after_commit")},
            {"replayed", outcome("replayed")},
            {"batch_requests", batch_requests},
            {"batch_items", batch_items}};
}

void RequestCounters::add(const RequestRecord& record) {
    std::lock_guard lock(mutex_);
    all_.add(record);
    by_api_[record.api].add(record);
    if (!record.realm.empty())
        by_realm_[record.realm].add(record);
}

nlohmann::json RequestCounters::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json out = all_.to_json();
    nlohmann::json apis = nlohmann::json::object();
    for (const auto& [api, tally] : by_api_)
        apis[api] = tally.to_json();
    nlohmann::json realms = nlohmann::json::object();
    for (const auto& [realm, tally] : by_realm_)
        realms[realm] = tally.to_json();
    out["by_api"] = std::move(apis);
    out["by_realm"] = std::move(realms);
    return out;
}

void RequestCounters::clear() {
    std::lock_guard lock(mutex_);
    all_ = Tally{};
    by_api_.clear();
    by_realm_.clear();
}

}  // namespace ledgersync::sandbox
