#pragma once
// What the Stripe integration tests share: the sandbox's Stripe emulator, the connector loaded
// by the host with its real services against it, reads until a stream is caught up, and webhook
// deliveries handed to the connector as the host hands them.

#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>
#include <nlohmann/json.hpp>

#include "connector_harness.hpp"
#include "stripe_sandbox.hpp"
#include "support/sandbox_process.hpp"

namespace ledgersync::testing {

using sandbox::testing::StripeSandbox;
using sandbox::testing::WebhookReceiver;

/// The connector's configuration against `stripe`, with `extra` merged in.
inline nlohmann::json stripe_connector_config(const StripeSandbox& stripe, const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json config = {{"api_key", StripeSandbox::kTestKey}, {"environment", {{"base_url", stripe.url()}}}};
    config.update(extra);
    return config;
}

/// The Stripe plugin loaded by the host (connection "qbo" is the harness's name for it).
inline ConnectorHarness stripe_harness(const nlohmann::json& config) { return ConnectorHarness(config, {}, "stripe"); }

/// What a stream's reads returned until it had nothing more right away, and its cursor then.
struct StreamRead {
    std::vector<sdk::Record> records;
    std::vector<sdk::UntranslatedRecord> untranslated;
    std::optional<std::string> cursor;
    int reads = 0;
};

inline StreamRead read_until_caught_up(plugin::ConnectorInstance& connector, const std::string& stream,
                                       std::optional<std::string> cursor = std::nullopt) {
    StreamRead out;
    out.cursor = std::move(cursor);
    while (true) {
        sdk::ReadResult page = connector.read({stream, out.cursor});
        ++out.reads;
        for (auto& r : page.records) out.records.push_back(std::move(r));
        for (auto& u : page.untranslated) out.untranslated.push_back(std::move(u));
        out.cursor = page.cursor;
        if (!page.has_more) return out;
    }
}

/// The last record of `id` among `records`, or nullptr.
inline const sdk::Record* last_record_of(const std::vector<sdk::Record>& records, const std::string& id) {
    const sdk::Record* found = nullptr;
    for (const auto& r : records) {
        if (r.identity.id == id) found = &r;
    }
    return found;
}

/// A delivery received from the sandbox as the host hands it to webhook().
inline sdk::HttpRequest as_webhook(const WebhookReceiver::Delivery& delivery) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = "/webhooks/stripe";
    for (const auto& [name, value] : delivery.headers) request.headers.emplace_back(name, value);
    request.body = delivery.body;
    return request;
}

}  // namespace ledgersync::testing
