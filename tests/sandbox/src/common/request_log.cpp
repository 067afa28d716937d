#include "common/request_log.hpp"

#include "common/iso_time.hpp"

namespace ledgersync::sandbox {

const char* to_string(RequestOutcome outcome) {
    switch (outcome) {
        case RequestOutcome::answered:
            return "answered";
        case RequestOutcome::replayed:
            return "replayed";
        case RequestOutcome::throttled:
            return "throttled";
        case RequestOutcome::injected_error:
            return "injected_error";
        case RequestOutcome::dropped:
            return "dropped";
        case RequestOutcome::dropped_after_commit:
            return "dropped_after_commit";
    }
    return "unknown";
}

std::uint64_t RequestLog::append(RequestRecord record) {
    std::lock_guard lock(mutex_);
    record.seq = next_seq_++;
    records_.push_back(std::move(record));
    while (records_.size() > capacity_) {
        records_.pop_front();
        ++evicted_;
    }
    return records_.back().seq;
}

nlohmann::json RequestLog::to_json(std::uint64_t after_seq, std::size_t limit,
                                   const std::string& realm, const std::string& api) const {
    std::lock_guard lock(mutex_);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : records_) {
        if (r.seq <= after_seq)
            continue;
        if (!realm.empty() && r.realm != realm)
            continue;
        if (!api.empty() && r.api != api)
            continue;
        if (list.size() >= limit)
            break;
        list.push_back({{"seq", r.seq},
                        {"time", format_iso_datetime(r.time_ms, 0, true, true)},
                        {"time_ms", r.time_ms},
                        {"api", r.api},
                        {"realm", r.realm},
                        {"method", r.method},
                        {"path", r.path},
                        {"endpoint", r.endpoint},
                        {"family", r.family},
                        {"requestid", r.requestid},
                        {"status", r.status},
                        {"outcome", to_string(r.outcome)},
                        {"duration_ms", r.duration_ms},
                        {"batch_items", r.batch_items}});
    }
    return {{"requests", std::move(list)},
            {"next_seq", next_seq_},
            {"evicted", evicted_},
            {"capacity", capacity_}};
}

void RequestLog::clear() {
    std::lock_guard lock(mutex_);
    records_.clear();
    evicted_ = 0;
}

}  // namespace ledgersync::sandbox
