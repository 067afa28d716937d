#include "eventually.hpp"

#include <thread>

namespace ledgersync::testing {

bool eventually(const std::function<bool()>& condition, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return condition();
}

}  // namespace ledgersync::testing
