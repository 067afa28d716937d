#pragma once
// Invoice sync end to end, the fixture: the HubSpot and QuickBooks Online sandboxes and the
// `ledgersync run` process with the real hubspot, quickbooks, field_mapping and qbo_invoice_rules
// plugins and the shipped routes (config/routes/invoice-sync.json), all over real HTTP on
// 127.0.0.1, with the reads of both sandboxes and of the host (CLI) the tests assert on.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk.hpp>

#include "child_process.hpp"
#include "eventually.hpp"
#include "host_process.hpp"
#include "http_request.hpp"
#include "hubspot_sandbox.hpp"
#include "qbo_sandbox.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

/// The customer with an apostrophe and accents that both the demo seed and QuickBooks hold.
inline constexpr const char* kCustomerWithApostrophe = "Siobhán O'Brien-Núñez";

sdk::Decimal decimal(const nlohmann::json& value);

/// The shipped routes of `file` under config/routes/, as an admin copies them into the host
/// configuration.
nlohmann::json shipped_routes(const std::string& file = "invoice-sync.json");

/// What the fixture seeds and how it runs the host.
struct InvoiceSyncOptions {
    /// The HubSpot seed (POST /__sandbox/hubspot/seed); the default is the demo's content.
    nlohmann::json hubspot_seed = {{"defaults", false}, {"demo", true}, {"static_token", true}};
    /// QuickBooks entities seeded besides the customer with an apostrophe ({"Item": [...]}).
    nlohmann::json qbo_entities = nlohmann::json::object();
    /// Merged into the QuickBooks connection's `mapping` (accounts and items of payments).
    nlohmann::json qbo_mapping = nlohmann::json::object();
    /// A connection "hubspot_payments" (plugin hubspot_payments) on the seeded HubSpot account
    /// beside "hubspot": where the payment routes write HubSpot's commerce payments.
    bool hubspot_payments = false;
    /// More connections beside "hubspot" and "qbo" (a Stripe one), by name.
    nlohmann::json extra_connections = nlohmann::json::object();
    /// More routes after the shipped invoice routes (config/routes/payment-sync.json's).
    nlohmann::json extra_routes = nlohmann::json::array();
    /// The host's admin_api section (its tokens); none when null.
    nlohmann::json admin_api = nullptr;
    int bus_workers = 2;
    int poll_interval_seconds = 1;
    /// False: the test starts the host (start_host) when it is ready to measure.
    bool start_host = true;
};

/// Both sandboxes seeded (by default like the demo), and the host process running the shipped
/// routes.
class InvoiceSync {
public:
    explicit InvoiceSync(InvoiceSyncOptions options = {});
    ~InvoiceSync();
    InvoiceSync(const InvoiceSync&) = delete;
    InvoiceSync& operator=(const InvoiceSync&) = delete;

    /// Starts the host on the same configuration and data (after stop_host or kill_host).
    void start_host();
    /// SIGKILLs the host (no shutdown of any kind) and waits for it to be gone.
    void kill_host();

    /// The seed's answer (`created`: the ids of what it made).
    const nlohmann::json& seeded() const noexcept { return seeded_; }
    /// The HubSpot id of a demo invoice by its seed label ("apostrophe").
    std::string invoice_id(const std::string& label) const { return seeded_.at("created").at("demo_invoices").at(label); }
    /// A HubSpot record of `type` as the sandbox holds it (properties, associations by type).
    nlohmann::json hubspot_object(const std::string& type, const std::string& id) const;
    /// Every HubSpot record of `type` of the seeded account.
    nlohmann::json hubspot_objects(const std::string& type) const { return hubspot_.objects(type, portal_); }
    std::string hubspot_number(const std::string& label) const;
    /// QuickBooks' invoices with DocNumber `number`.
    std::vector<nlohmann::json> qbo_invoices(const std::string& number) const;
    nlohmann::json qbo_entity(const std::string& entity, const std::string& member, const std::string& value) const;
    /// `ledgersync ARGS... --config FILE` beside the running host.
    CommandResult cli(std::vector<std::string> args) const;
    /// The same with --json, parsed (an empty object when the command failed).
    nlohmann::json cli_json(std::vector<std::string> args) const;
    /// The failures the CLI lists for an object ("hubspot/invoice/ID").
    std::vector<nlohmann::json> failures_of(const std::string& object, const std::string& state = "open") const;
    /// A buyer pays HubSpot invoice `id` (its whole balance) through HubSpot payments; the
    /// payment's id.
    std::string pay_through_hubspot(const std::string& id) const;
    /// What a "create paid invoice" workflow makes for `payment`: an invoice of one line of
    /// `amount` for `contact`, associated with the payment, finalized (HubSpot then shows it
    /// paid); its id. Throws when HubSpot refuses a step.
    std::string create_paid_invoice_for(const std::string& contact, const std::string& amount, const std::string& payment) const;
    /// A HubSpot API call with the private app's token.
    HttpResult hubspot_api(const std::string& method, const std::string& path, const nlohmann::json& body) const;
    const QboSandbox& qbo() const { return qbo_; }
    const HubSpotSandbox& hubspot() const { return hubspot_; }
    /// "http://127.0.0.1:PORT" of the running host (webhooks, admin API).
    std::string host_url() const;
    /// The host's log (every run so far).
    std::string log() const;

private:
    HubSpotSandbox hubspot_;
    QboSandbox qbo_;
    TempDir dir_;
    InvoiceSyncOptions options_;
    std::string portal_;
    std::string token_;
    nlohmann::json seeded_;
    std::filesystem::path config_file_;
    std::unique_ptr<ChildProcess> host_;
    int runs_ = 0;
};

/// The kills of a crash test: SIGKILLs the host and restarts it `kills` times, each once
/// `progress()` (objects written so far) reaches its point, spread evenly (give or take `jitter`,
/// drawn from `seed`) over the first `percent` % of `work`, and never before the run since the
/// last restart wrote something; so that each kill lands at a different stage however fast the
/// machine is. Stops early when the work is nearly done. Returns the progress at each kill; throws
/// when progress stalls for `stall`.
std::vector<std::size_t> kill_during(InvoiceSync& sync, const std::function<std::size_t()>& progress, std::size_t work,
                                     int percent, int kills, int jitter, unsigned seed, std::chrono::seconds stall);

/// The QuickBooks invoice of a demo invoice, once it is there (null after the wait otherwise).
nlohmann::json wait_for_qbo_invoice(const InvoiceSync& sync, const std::string& label);

/// How many of these HubSpot invoices show ledgersync_sync_status "synced".
std::size_t shown_synced(const nlohmann::json& hubspot_invoices);

/// The SalesItemLineDetail lines of a QuickBooks invoice.
nlohmann::json item_lines(const nlohmann::json& invoice);

}  // namespace ledgersync::testing
