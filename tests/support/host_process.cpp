#include "host_process.hpp"

#include <stdexcept>
#include <vector>

namespace ledgersync::testing {

std::filesystem::path host_log_file(const std::filesystem::path& dir, int run) {
    return dir / ("host-" + std::to_string(run) + ".log");
}

std::unique_ptr<ChildProcess> start_ledgersync(const std::string& binary, const std::filesystem::path& config,
                                               const std::filesystem::path& dir, int run) {
    const auto ready = dir / "ready";
    std::filesystem::remove(ready);
    auto host = std::make_unique<ChildProcess>(
        binary, std::vector<std::string>{"run", "--config", config.string(), "--ready-file", ready.string()},
        host_log_file(dir, run));
    if (!wait_for_file(ready, std::chrono::seconds(60))) throw std::runtime_error("the host did not start: " + host->log());
    return host;
}

}  // namespace ledgersync::testing
