#include "payment_books.hpp"

#include <csignal>
#include <ctime>
#include <stdexcept>

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::testing {

using nlohmann::json;

json shipped_fee_routes(const std::string& since) {
    json routes = sdk::parse_json_exact(read_file(std::string(LEDGERSYNC_SOURCE_DIR) + "/config/routes/payment-fees.json")).at("routes");
    for (auto& route : routes) route["since"] = since;
    return routes;
}

json payment_reading_route() {
    // Takes no payment (the sandbox makes no failed ones): the host reads and mirrors them all.
    return {{"name", "stripe-payments-read"}, {"from", "stripe.payment"}, {"to", "qbo.payment"},
            {"when", {{"eq", json::array({"status", "failed"})}}}};
}

std::string utc_date(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[11];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

PaymentBooks::PaymentBooks(json routes, json qbo_mapping) : qbo_mapping_(std::move(qbo_mapping)) {
    key_file_ = dir_ / "secret.key";
    const auto keys = run_command(LEDGERSYNC_BINARY, {"keys", "generate", key_file_.string()});
    if (keys.exit_code != 0) throw std::runtime_error("keys generate failed: " + keys.err);
    set_routes(std::move(routes));
}

PaymentBooks::~PaymentBooks() {
    if (host_ && host_->running()) {
        host_->signal(SIGTERM);
        host_->wait(std::chrono::seconds(20));
    }
}

void PaymentBooks::set_routes(json routes) {
    const json config = {
        {"data_dir", (dir_ / "data").string()},
        {"server", {{"listen", "127.0.0.1:0"}}},
        {"plugins", {{"paths", {LEDGERSYNC_BUILD_PLUGIN_DIR}}}},
        {"bus", {{"workers", 2}, {"idle_poll_ms", 50}}},
        {"secrets", {{"key_file", key_file_.string()}}},
        {"connections",
         {{"stripe", {{"plugin", "stripe"}, {"poll_interval_seconds", 1},
                      {"config", {{"api_key", StripeSandbox::kTestKey}, {"environment", {{"base_url", stripe_.url()}}}}}}},
          {"qbo", {{"plugin", "quickbooks"}, {"poll_interval_seconds", 1}, {"config", qbo_.connector_config({{"sync_from", "2020-01-01"}, {"mapping", qbo_mapping_}})}}}}},
        {"routes", std::move(routes)},
    };
    config_file_ = dir_.write("ledgersync.json", config.dump(2));
}

void PaymentBooks::start_host() { host_ = start_ledgersync(LEDGERSYNC_BINARY, config_file_, dir_.path(), ++runs_); }

void PaymentBooks::stop_host() {
    if (!host_) return;
    host_->signal(SIGTERM);
    if (host_->wait(std::chrono::seconds(30)) != 0) throw std::runtime_error("the host did not stop cleanly: " + last_log());
}

void PaymentBooks::freeze_stripe_clock(std::int64_t unix_seconds) const {
    stripe_.control("POST", "/__sandbox/clock", {{"set_ms", unix_seconds * 1000}, {"freeze", true}});
    // A fresh account from then on: its daily payouts start the next day.
    stripe_.control("POST", "/__sandbox/stripe/reset");
    stripe_.control("POST", "/__sandbox/stripe/rate_limits", {{"enabled", false}});
}

void PaymentBooks::advance_stripe_days(std::int64_t days) const {
    stripe_.control("POST", "/__sandbox/stripe/clock", {{"advance_days", days}});
}

CommandResult PaymentBooks::cli(std::vector<std::string> args) const {
    args.insert(args.end(), {"--config", config_file_.string()});
    return run_command(LEDGERSYNC_BINARY, args);
}

bool PaymentBooks::host_has_read(const std::string& charge) const {
    return cli({"objects", "show", "stripe/payment/" + charge}).exit_code == 0;
}

std::vector<json> PaymentBooks::purchases_mentioning(const std::string& text) const {
    std::vector<json> found;
    for (const auto& purchase : qbo_.entities("Purchase")) {
        if (purchase.value("PrivateNote", "").find(text) != std::string::npos) found.push_back(purchase);
    }
    return found;
}

std::string PaymentBooks::log() const {
    std::string all;
    for (int run = 1; run <= runs_; ++run) {
        all += "--- host run " + std::to_string(run) + " ---\n" + read_file(host_log_file(dir_.path(), run));
    }
    return all;
}

std::string PaymentBooks::last_log() const { return runs_ == 0 ? std::string() : read_file(host_log_file(dir_.path(), runs_)); }

}  // namespace ledgersync::testing
