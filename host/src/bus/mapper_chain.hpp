#pragma once
/// A route's mapper plugins, applied in order: each maps every record the previous produced.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/record.hpp>

#include "plugin/mapper_instance.hpp"

namespace ledgersync::bus {

class MapperChain {
public:
    MapperChain() = default;
    explicit MapperChain(std::vector<std::unique_ptr<plugin::MapperInstance>> steps);

    /// A mapped record: who it is and its JSON text.
    struct Output {
        sdk::RecordIdentity identity;
        std::string text;
    };

    /// Maps one record envelope, given as JSON text, to the records to write (possibly none).
    /// Throws sdk::Error: the plugin's own classified error, its reason prefixed with the step.
    std::vector<Output> map(const std::string& record_text) const;

    bool empty() const noexcept { return steps_.empty(); }

private:
    std::vector<std::unique_ptr<plugin::MapperInstance>> steps_;
};

}  // namespace ledgersync::bus
