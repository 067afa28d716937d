#include "stripe/stripe_json.hpp"

#include "common/exact_json_writer.hpp"

namespace ledgersync::sandbox::stripe {

std::string render_stripe_json(const nlohmann::json& value) {
    return write_exact_json(value, [](std::string_view, std::string_view key) {
        return key == "exchange_rate";
    });
}

}  // namespace ledgersync::sandbox::stripe
