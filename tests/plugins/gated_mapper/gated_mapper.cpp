// A mapper for tests that stands in for a slow one: each map() creates `entered_file`, then
// waits until `gate_file` exists (at most max_wait_ms) and passes the record through unchanged.
// A test holds the gate closed to keep a mapping in progress for as long as it needs, without
// guessing durations. Built only through the SDK's public headers.

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <ledgersync/sdk.hpp>

namespace {

using namespace ledgersync;

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

class GatedMapper final : public sdk::Mapper {
public:
    GatedMapper(sdk::HostServices, const nlohmann::json& config) {
        sdk::ConfigProblems problems;
        sdk::ConfigReader reader(config, problems);
        gate_file_ = reader.required<std::string>("gate_file", "a file path");
        entered_file_ = reader.required<std::string>("entered_file", "a file path");
        max_wait_ms_ = reader.integer_in("max_wait_ms", 120'000, 0, 600'000, "milliseconds");
        reader.finish();
        problems.throw_if_any();
    }

    std::vector<sdk::Record> map(sdk::Record record) const override {
        std::ofstream(entered_file_, std::ios::app) << record.identity.key() << "\n";
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_wait_ms_);
        while (!file_exists(gate_file_) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        std::vector<sdk::Record> out;
        out.push_back(std::move(record));
        return out;
    }

private:
    std::string gate_file_;
    std::string entered_file_;
    std::int64_t max_wait_ms_ = 120'000;
};

}  // namespace

LEDGERSYNC_MAPPER(GatedMapper, "gated", "1.0.0")
