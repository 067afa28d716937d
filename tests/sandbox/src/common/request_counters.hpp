#pragma once
/// Request counters per endpoint, per realm, per status and per outcome. Benchmarks count API
/// calls with these, so every API request the sandbox receives is counted exactly once, dropped
/// and throttled ones included.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/request_record.hpp"

namespace ledgersync::sandbox {

class RequestCounters {
public:
    void add(const RequestRecord& record);
    nlohmann::json to_json() const;
    void clear();

private:
    struct Tally {
        std::uint64_t total = 0;
        std::map<std::string, std::uint64_t> by_endpoint;
        std::map<std::string, std::uint64_t> by_status;
        std::map<std::string, std::uint64_t> by_outcome;
        std::map<std::string, std::uint64_t> by_family;
        std::uint64_t batch_requests = 0;
        std::uint64_t batch_items = 0;

        void add(const RequestRecord& record);
        nlohmann::json to_json() const;
    };

    mutable std::mutex mutex_;
    Tally all_;
    std::map<std::string, Tally> by_api_;
    std::map<std::string, Tally> by_realm_;
};

}  // namespace ledgersync::sandbox
