#include "bus/mapper_chain.hpp"

#include "bus/record_array_scan.hpp"

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/json_writer.hpp>
#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::bus {

MapperChain::MapperChain(std::vector<std::unique_ptr<plugin::MapperInstance>> steps) : steps_(std::move(steps)) {}

std::vector<MapperChain::Output> MapperChain::map(const std::string& record_text) const {
    std::vector<Output> current;
    current.push_back({{}, record_text});
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        std::vector<Output> next;
        for (const auto& input : current) {
            try {
                std::string text = steps_[i]->map_text(input.text);
                std::vector<sdk::RecordIdentity> identities;
                try {
                    identities = scan_record_array(text);
                } catch (const std::invalid_argument& e) {
                    throw sdk::Error(sdk::Outcome::fatal(std::string("returned something other than records: ") + e.what(),
                                                         "fix the mapper plugin"));
                }
                if (identities.size() == 1) {
                    // One record (the usual case): its text is the array's text without the brackets.
                    const auto open = text.find('[');
                    const auto close = text.rfind(']');
                    next.push_back({std::move(identities[0]), text.substr(open + 1, close - open - 1)});
                } else {
                    // Each record passes on with its numbers as the mapper wrote them: parsed
                    // verbatim and written exactly, never through a double.
                    const auto produced = sdk::parse_json_exact(text, sdk::JsonNumbers::verbatim);
                    for (std::size_t k = 0; k < produced.size(); ++k) {
                        next.push_back({identities[k], sdk::write_json_exact(produced[k])});
                    }
                }
            } catch (const sdk::Error& e) {
                sdk::Outcome outcome = e.outcome();
                outcome.reason = "mapper " + steps_[i]->plugin().id() + " (step " + std::to_string(i + 1) + "): " + outcome.reason;
                throw sdk::Error(std::move(outcome));
            } catch (const sdk::Unsupported& e) {
                throw sdk::Error(sdk::Outcome::fatal("mapper " + steps_[i]->plugin().id() + " cannot map: " + e.what()));
            }
        }
        current = std::move(next);
    }
    return current;
}

}  // namespace ledgersync::bus
