#pragma once
// Payments booked in QuickBooks end to end, the fixture: the Stripe and QuickBooks Online
// sandboxes and the `ledgersync run` process with the real stripe, quickbooks and fee_expense
// plugins and the routes a test gives it, all over real HTTP on 127.0.0.1, with what the tests
// assert on: the sandboxes' own records and the host's CLI.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "eventually.hpp"
#include "host_process.hpp"
#include "qbo_sandbox.hpp"
#include "stripe_sandbox.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

using sandbox::testing::StripeSandbox;

/// The shipped fee route (config/routes/payment-fees.json) from `since` on.
nlohmann::json shipped_fee_routes(const std::string& since);

/// A route that reads Stripe's payments (so the host mirrors them) and writes none: the payments a
/// host read before the fee route was turned on.
nlohmann::json payment_reading_route();

/// "YYYY-MM-DD" of a Unix time in seconds (UTC).
std::string utc_date(std::int64_t unix_seconds);

class PaymentBooks {
public:
    /// Both sandboxes started (QuickBooks with its default company: vendor 1 "Stripe", account 90
    /// "Merchant Fees", 91 "Stripe Clearing"); the host is not running yet.
    /// `qbo_mapping`: the QuickBooks connection's mapping settings (the payout accounts).
    explicit PaymentBooks(nlohmann::json routes, nlohmann::json qbo_mapping = nlohmann::json::object());
    ~PaymentBooks();
    PaymentBooks(const PaymentBooks&) = delete;
    PaymentBooks& operator=(const PaymentBooks&) = delete;

    /// Writes the host's configuration with `routes` (the next start_host runs them).
    void set_routes(nlohmann::json routes);
    void start_host();
    /// SIGTERM, and waits for the host to finish.
    void stop_host();

    const StripeSandbox& stripe() const { return stripe_; }
    const QboSandbox& qbo() const { return qbo_; }
    /// Freezes the Stripe sandbox's clock at `unix_seconds` (payments are dated by it) and starts
    /// its Stripe account afresh then (daily payouts from the next day on). Call it first.
    void freeze_stripe_clock(std::int64_t unix_seconds) const;
    void advance_stripe_days(std::int64_t days) const;

    /// `ledgersync ARGS... --config FILE` beside the host.
    CommandResult cli(std::vector<std::string> args) const;
    /// True once the host has read (mirrored) Stripe payment `charge`.
    bool host_has_read(const std::string& charge) const;
    /// QuickBooks' Purchases whose PrivateNote mentions `text`.
    std::vector<nlohmann::json> purchases_mentioning(const std::string& text) const;
    /// The host's log (every run so far).
    std::string log() const;
    /// The log of the latest run only.
    std::string last_log() const;

private:
    StripeSandbox stripe_;
    QboSandbox qbo_;
    TempDir dir_;
    std::filesystem::path config_file_;
    std::filesystem::path key_file_;
    nlohmann::json qbo_mapping_;
    std::unique_ptr<ChildProcess> host_;
    int runs_ = 0;
};

}  // namespace ledgersync::testing
