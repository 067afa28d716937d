#include "invoice_sync_host.hpp"

#include <algorithm>
#include <csignal>
#include <random>
#include <stdexcept>

namespace ledgersync::testing {

using nlohmann::json;

sdk::Decimal decimal(const json& value) { return sdk::Decimal::from_json(value); }

json shipped_routes(const std::string& file) {
    const std::string text = read_file(std::string(LEDGERSYNC_SOURCE_DIR) + "/config/routes/" + file);
    return sdk::parse_json_exact(text).at("routes");
}

InvoiceSync::InvoiceSync(InvoiceSyncOptions options) : options_(std::move(options)) {
    // QuickBooks: the PO number custom field, HubSpot's numbers as DocNumber, and the customer
    // with an apostrophe and accents already there (same name and e-mail as in HubSpot).
    json entities = options_.qbo_entities;
    entities["Customer"].push_back(
        {{"DisplayName", kCustomerWithApostrophe}, {"PrimaryEmailAddr", {{"Address", "siobhan@obrien.example"}}}});
    qbo_.control("POST", "/__sandbox/qbo/seed",
                 {{"realm_id", qbo_.realm()}, {"custom_fields", {"PO number"}}, {"custom_txn_numbers", true}, {"entities", entities}});
    seeded_ = hubspot_.seed(options_.hubspot_seed);
    portal_ = seeded_.at("portal_id");
    token_ = seeded_.at("static_token");

    const auto key = dir_ / "secret.key";
    const auto keys = run_command(LEDGERSYNC_BINARY, {"keys", "generate", key.string()});
    if (keys.exit_code != 0) throw std::runtime_error("keys generate failed: " + keys.err);
    json mapping = {{"income_account_id", "1"}, {"custom_field_ids", {{"PO number", "1"}}}};
    mapping.update(options_.qbo_mapping);
    json config = {
        {"data_dir", (dir_ / "data").string()},
        {"server", {{"listen", "127.0.0.1:0"}}},
        {"plugins", {{"paths", {LEDGERSYNC_BUILD_PLUGIN_DIR}}}},
        {"bus", {{"workers", options_.bus_workers}, {"idle_poll_ms", 50}}},
        {"secrets", {{"key_file", key.string()}}},
        {"connections",
         {{"hubspot", {{"plugin", "hubspot"}, {"poll_interval_seconds", options_.poll_interval_seconds}, {"config", hubspot_.private_app_config(portal_)}}},
          {"qbo",
           {{"plugin", "quickbooks"},
            {"poll_interval_seconds", options_.poll_interval_seconds},
            {"config", qbo_.connector_config({{"sync_from", "2020-01-01"}, {"mapping", mapping}})}}}}},
        {"routes", shipped_routes()},
    };
    if (options_.hubspot_payments) {
        // Payments written from QuickBooks link to its web app: here the sandbox's, as the host's
        // own links of the qbo connection (environment base_url).
        json payments_config = hubspot_.private_app_config(portal_);
        payments_config["qbo_payment_link"] = qbo_.url() + "/app/recvpayment?txnId={id}";
        config["connections"]["hubspot_payments"] = {
            {"plugin", "hubspot_payments"}, {"poll_interval_seconds", options_.poll_interval_seconds}, {"config", payments_config}};
    }
    config["connections"].update(options_.extra_connections);
    if (!options_.admin_api.is_null()) config["admin_api"] = options_.admin_api;
    for (const auto& route : options_.extra_routes) config["routes"].push_back(route);
    config_file_ = dir_.write("ledgersync.json", config.dump(2));
    if (options_.start_host) start_host();
}

InvoiceSync::~InvoiceSync() {
    if (host_ && host_->running()) {
        host_->signal(SIGTERM);
        host_->wait(std::chrono::seconds(20));
    }
}

void InvoiceSync::start_host() { host_ = start_ledgersync(LEDGERSYNC_BINARY, config_file_, dir_.path(), ++runs_); }

void InvoiceSync::kill_host() {
    if (!host_) return;
    host_->signal(SIGKILL);
    if (host_->wait(std::chrono::seconds(10)) != 128 + SIGKILL) throw std::runtime_error("the host did not die of SIGKILL");
}

std::string InvoiceSync::pay_through_hubspot(const std::string& id) const {
    const std::string due = hubspot_object("invoices", id).at("properties").at("hs_balance_due");
    const json paid = hubspot_.control("POST", "/__sandbox/hubspot/accounts/" + portal_ + "/payments", {{"invoice_id", id}, {"amount", due}});
    return paid.at("id");
}

json InvoiceSync::hubspot_object(const std::string& type, const std::string& id) const {
    for (const auto& o : hubspot_.objects(type, portal_)) {
        if (o.at("id") == id) return o;
    }
    return nullptr;
}

std::string InvoiceSync::hubspot_number(const std::string& label) const {
    return hubspot_object("invoices", invoice_id(label)).at("properties").value("hs_number", "");
}

std::vector<json> InvoiceSync::qbo_invoices(const std::string& number) const {
    std::vector<json> found;
    for (const auto& e : qbo_.entities("Invoice")) {
        if (e.value("DocNumber", "") == number) found.push_back(e);
    }
    return found;
}

json InvoiceSync::qbo_entity(const std::string& entity, const std::string& member, const std::string& value) const {
    for (const auto& e : qbo_.entities(entity)) {
        if (e.value(member, "") == value) return e;
    }
    return nullptr;
}

CommandResult InvoiceSync::cli(std::vector<std::string> args) const {
    args.insert(args.end(), {"--config", config_file_.string()});
    return run_command(LEDGERSYNC_BINARY, args);
}

json InvoiceSync::cli_json(std::vector<std::string> args) const {
    args.push_back("--json");
    const auto r = cli(args);
    return r.exit_code == 0 ? json::parse(r.out) : json::object();
}

std::vector<json> InvoiceSync::failures_of(const std::string& object, const std::string& state) const {
    std::vector<json> found;
    const json all = cli_json({"failures", "list", "--state", state});
    for (const auto& f : all.is_array() ? all : json::array()) {
        if (f.value("object", "") == object) found.push_back(f);
    }
    return found;
}

std::string InvoiceSync::create_paid_invoice_for(const std::string& contact, const std::string& amount,
                                                 const std::string& payment) const {
    const auto association = [](const std::string& id, int type_id) {
        return json{{"to", {{"id", id}}}, {"types", {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type_id}}}}};
    };
    const auto line = hubspot_api("POST", "/crm/v3/objects/line_items",
                                  {{"properties", {{"name", "Paid order"}, {"price", amount}, {"quantity", "1"}}}});
    if (line.status != 201) throw std::runtime_error("line item refused: " + line.body);
    const auto created = hubspot_api(
        "POST", "/crm/v3/objects/invoices",
        {{"properties", {{"hs_currency", "USD"}}},
         {"associations", {association(contact, 177), association(json::parse(line.body).at("id"), 409), association(payment, 541)}}});
    if (created.status != 201) throw std::runtime_error("invoice refused: " + created.body);
    const std::string id = json::parse(created.body).at("id");
    const auto finalized = hubspot_api("PATCH", "/crm/v3/objects/invoices/" + id, {{"properties", {{"hs_invoice_status", "open"}}}});
    if (finalized.status != 200) throw std::runtime_error("finalizing refused: " + finalized.body);
    return id;
}

HttpResult InvoiceSync::hubspot_api(const std::string& method, const std::string& path, const json& body) const {
    return http_request(method, hubspot_.url() + path, body.dump(),
                        {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}});
}

std::string InvoiceSync::host_url() const { return json::parse(read_file(dir_ / "ready")).at("url"); }

std::string InvoiceSync::log() const {
    std::string all;
    for (int run = 1; run <= runs_; ++run) {
        if (runs_ > 1) all += "--- host run " + std::to_string(run) + " ---\n";
        all += read_file(host_log_file(dir_.path(), run));
    }
    return all;
}

std::vector<std::size_t> kill_during(InvoiceSync& sync, const std::function<std::size_t()>& progress, std::size_t work,
                                     int percent, int kills, int jitter, unsigned seed, std::chrono::seconds stall) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> spread(-jitter, jitter);
    std::vector<std::size_t> killed_at;
    for (int kill = 0; kill < kills; ++kill) {
        const std::size_t point = static_cast<std::size_t>(
            static_cast<int>(static_cast<std::size_t>(kill + 1) * work * static_cast<std::size_t>(percent) / 100 /
                             static_cast<std::size_t>(kills)) +
            spread(random));
        const std::size_t target = std::max(point, progress() + 1);
        if (target >= work) break;
        if (!eventually([&] { return progress() >= target; }, stall)) {
            throw std::runtime_error("no progress after restart " + std::to_string(kill) + "\n" + sync.log().substr(0, 20000));
        }
        sync.kill_host();
        killed_at.push_back(progress());
        sync.start_host();
    }
    return killed_at;
}

json wait_for_qbo_invoice(const InvoiceSync& sync, const std::string& label) {
    const std::string number = sync.hubspot_number(label);
    json invoice;
    eventually([&] {
        const auto found = sync.qbo_invoices(number);
        if (found.size() == 1) invoice = found.front();
        return found.size() == 1;
    });
    return invoice;
}

std::size_t shown_synced(const json& hubspot_invoices) {
    std::size_t synced = 0;
    for (const auto& invoice : hubspot_invoices) {
        synced += invoice.at("properties").value("ledgersync_sync_status", "") == "synced" ? 1 : 0;
    }
    return synced;
}

json item_lines(const json& invoice) {
    json lines = json::array();
    for (const auto& line : invoice.at("Line")) {
        if (line.value("DetailType", "") == "SalesItemLineDetail") lines.push_back(line);
    }
    return lines;
}

}  // namespace ledgersync::testing
