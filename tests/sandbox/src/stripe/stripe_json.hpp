#pragma once
/// JSON text of Stripe objects. Stripe's amounts are integers of minor units and stay JSON
/// integers; the only decimal members (`exchange_rate` of balance transactions) are held as
/// exact text and written as number tokens by sdk::write_json_exact.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::stripe {

std::string render_stripe_json(const nlohmann::json& value);

}  // namespace ledgersync::sandbox::stripe
