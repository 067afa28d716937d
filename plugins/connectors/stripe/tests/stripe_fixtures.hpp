#pragma once
// Stripe's own fixtures (shared/specs/stripe/fixtures3.2023-08-16.json, MIT licence), read at
// test time from LEDGERSYNC_SHARED_DIR and parsed exactly, never copied into the project.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::stripe::testing {

/// The fixture of resource `name` ("charge", "balance_transaction", "refund", ...).
inline nlohmann::json stripe_fixture(const std::string& name) {
    static const nlohmann::json resources = [] {
        const std::string path = std::string(LEDGERSYNC_SHARED_DIR) + "/specs/stripe/fixtures3.2023-08-16.json";
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read Stripe's fixtures at " + path);
        std::ostringstream text;
        text << in.rdbuf();
        return sdk::parse_json_exact(text.str()).at("resources");
    }();
    return resources.at(name);
}

}  // namespace ledgersync::connectors::stripe::testing
