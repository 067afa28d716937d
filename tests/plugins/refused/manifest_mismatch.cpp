// Built as version 1.0.0 while its manifest claims 2.0.0: the host must refuse it.
#include <ledgersync/sdk.hpp>

namespace {
class Nothing final : public ledgersync::sdk::Mapper {
public:
    Nothing(ledgersync::sdk::HostServices, const nlohmann::json&) {}
    std::vector<ledgersync::sdk::Record> map(ledgersync::sdk::Record r) const override { return {r}; }
};
}  // namespace

LEDGERSYNC_MAPPER(Nothing, "manifest_mismatch", "1.0.0")
