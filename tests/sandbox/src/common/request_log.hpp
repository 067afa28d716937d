#pragma once
/// The last N API requests (a bounded ring: memory stays flat however long the sandbox runs),
/// so a test can check what a client did, e.g. that no 60-second window held more than 500
/// requests.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/request_record.hpp"

namespace ledgersync::sandbox {

class RequestLog {
public:
    static constexpr std::size_t kDefaultCapacity = 100'000;

    explicit RequestLog(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    /// Appends `record`, assigning its sequence number; returns it.
    std::uint64_t append(RequestRecord record);
    /// {"requests":[...], "next_seq":N, "evicted":M}: records with seq > after_seq, oldest
    /// first, at most `limit`; `realm`/`api` filter when not empty.
    nlohmann::json to_json(std::uint64_t after_seq, std::size_t limit, const std::string& realm,
                           const std::string& api) const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::size_t capacity_;
    std::deque<RequestRecord> records_;
    std::uint64_t next_seq_ = 1;
    std::uint64_t evicted_ = 0;
};

}  // namespace ledgersync::sandbox
