#include "stripe/stripe_json.hpp"

#include <ledgersync/sdk/json_writer.hpp>

namespace ledgersync::sandbox::stripe {

std::string render_stripe_json(const nlohmann::json& value) {
    sdk::JsonWriteOptions options;
    options.number_members = [](std::string_view, std::string_view key) { return key == "exchange_rate"; };
    return sdk::write_json_exact(value, options);
}

}  // namespace ledgersync::sandbox::stripe
