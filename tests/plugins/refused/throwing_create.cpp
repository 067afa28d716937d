// Its constructor throws: the SDK's shim must turn that into a status, never an unwinding.
#include <stdexcept>

#include <ledgersync/sdk.hpp>

namespace {
class Throwing final : public ledgersync::sdk::Connector {
public:
    Throwing(ledgersync::sdk::HostServices, const nlohmann::json&) {
        throw std::runtime_error("the database is on fire");
    }
};
}  // namespace

LEDGERSYNC_CONNECTOR(Throwing, "throwing_create", "1.0.0")
