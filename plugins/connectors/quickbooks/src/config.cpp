#include "config.hpp"

#include <algorithm>
#include <vector>

#include <ledgersync/sdk/config_instant.hpp>
#include <ledgersync/sdk/config_reader.hpp>
#include <ledgersync/sdk/model/enum_names.hpp>
#include <ledgersync/sdk/model/payment.hpp>
#include <ledgersync/sdk/money.hpp>
#include <ledgersync/sdk/service_endpoints.hpp>


namespace ledgersync::connectors::quickbooks {

namespace {

// Intuit's hosts (reference/qbo.md §1.1 and §3).
constexpr const char* kProductionApi = "https://quickbooks.api.intuit.com";
constexpr const char* kSandboxApi = "https://sandbox-quickbooks.api.intuit.com";
constexpr const char* kIntuitTokenUrl = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer";
constexpr const char* kTokenPath = "/oauth2/v1/tokens/bearer";

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Endpoints read_environment(sdk::ConfigReader& cfg) {
    Endpoints endpoints;
    const nlohmann::json* value = cfg.raw("environment");
    const std::string path = cfg.path_of("environment");
    const char* hint = "\"production\", \"sandbox\", or {\"base_url\": \"http://127.0.0.1:PORT\"} for an emulator";
    if (value == nullptr) {
        cfg.problems().add(path, std::string("required key is missing; set it to ") + hint + ".");
        return endpoints;
    }
    if (value->is_string()) {
        const std::string name = value->get<std::string>();
        if (name == "production" || name == "sandbox") {
            endpoints.environment = name;
            endpoints.api_base_url = name == "production" ? kProductionApi : kSandboxApi;
            endpoints.token_url = kIntuitTokenUrl;
        } else {
            cfg.problems().add(path, "\"" + name + "\" is not an environment; use " + hint + ".");
        }
        return endpoints;
    }
    sdk::ConfigReader custom(*value, cfg.problems(), path);
    if (!value->is_object()) return endpoints;
    endpoints.environment = "custom";
    const auto service = sdk::read_service_endpoints(custom, "QBO", kTokenPath);
    endpoints.api_base_url = service.api_base_url;
    endpoints.token_url = service.token_url;
    return endpoints;
}

std::optional<std::int64_t> read_sync_from(sdk::ConfigReader& cfg) {
    const auto instant = sdk::read_config_instant(cfg, "sync_from");
    if (!instant) return std::nullopt;
    return instant->epoch_milliseconds();
}

Limits read_limits(sdk::ConfigReader& cfg) {
    Limits limits;
    const nlohmann::json* value = cfg.raw("limits");
    if (value == nullptr) return limits;
    sdk::ConfigReader r(*value, cfg.problems(), cfg.path_of("limits"));
    limits.batch_items = r.integer_in("batch_items", limits.batch_items, 1, 30, "a number of operations per /batch request");
    limits.query_page_size = r.integer_in("query_page_size", limits.query_page_size, 1, 1000, "a number of rows per /query page");
    limits.request_timeout_seconds =
        r.integer_in("request_timeout_seconds", limits.request_timeout_seconds, 5, 300, "a number of seconds");
    limits.cdc_overlap_seconds = r.integer_in("cdc_overlap_seconds", limits.cdc_overlap_seconds, 0, 3600, "a number of seconds");
    r.finish();
    return limits;
}

/// An object of string values ({"Net 30": "3"}); `check_key` may report a bad key.
template <class CheckKey>
std::map<std::string, std::string> read_string_map(sdk::ConfigReader& r, const char* key, const char* hint,
                                                   CheckKey&& check_key) {
    std::map<std::string, std::string> out;
    const nlohmann::json* value = r.raw(key);
    if (value == nullptr) return out;
    if (!value->is_object()) {
        r.problems().add(r.path_of(key), std::string("expected an object, got ") + sdk::ConfigReader::describe(*value) +
                                             "; set it to " + hint + ".");
        return out;
    }
    for (auto it = value->begin(); it != value->end(); ++it) {
        const std::string name = it.key();
        const nlohmann::json& id = it.value();
        const std::string path = r.path_of(key) + "/" + sdk::detail::pointer_token(name);
        if (!id.is_string() || id.get<std::string>().empty()) {
            r.problems().add(path, std::string("expected a QuickBooks id as a non-empty string; set it to ") + hint + ".");
            continue;
        }
        if (!check_key(name, path)) continue;
        out.emplace(name, id.get<std::string>());
    }
    return out;
}

MappingSettings read_mapping(sdk::ConfigReader& cfg) {
    MappingSettings m;
    const nlohmann::json* value = cfg.raw("mapping");
    if (value == nullptr) return m;
    sdk::ConfigReader r(*value, cfg.problems(), cfg.path_of("mapping"));
    m.home_currency = r.value_or<std::string>("home_currency", m.home_currency, "the company's home currency, e.g. \"USD\"");
    if (!sdk::Currency::find(m.home_currency)) {
        r.problems().add(r.path_of("home_currency"), "\"" + m.home_currency + "\" is not an ISO 4217 currency code.");
    }
    const char* item_hint = "the Id of a QuickBooks Item";
    const char* account_hint = "the Id of a QuickBooks Account";
    m.fee_item_id = r.value_or<std::string>("fee_item_id", "", item_hint);
    m.tax_item_id = r.value_or<std::string>("tax_item_id", "", item_hint);
    m.discount_item_id = r.value_or<std::string>("discount_item_id", "", item_hint);
    m.discount_account_id = r.value_or<std::string>("discount_account_id", "", account_hint);
    m.line_tax_code = r.value_or<std::string>("line_tax_code", m.line_tax_code, "a TaxCode id such as \"NON\", or \"\"");
    m.tax_line_tax_code = r.value_or<std::string>("tax_line_tax_code", m.tax_line_tax_code,
                                                  "a TaxCode id that is not taxable, such as \"NON\"");
    if (m.tax_line_tax_code.empty()) {
        r.problems().add(r.path_of("tax_line_tax_code"),
                         "must name a non-taxable TaxCode (\"NON\" in US companies, the exempt or out-of-scope code "
                         "elsewhere): tax lines must never be taxed again.");
    }
    m.income_account_id = r.value_or<std::string>("income_account_id", "", account_hint);
    m.payment_deposit_account_id = r.value_or<std::string>("payment_deposit_account_id", "", account_hint);
    m.overpayment = r.one_of("overpayment", m.overpayment, {"fail", "leave_unapplied"},
                             "what a payment of more than its invoices' open balances becomes");
    m.refund_as = r.one_of("refund_as", m.refund_as, {"refund_receipt", "credit_memo"}, "what a refund becomes in QuickBooks");
    m.refund_item_id = r.value_or<std::string>("refund_item_id", "", item_hint);
    m.refund_account_id = r.value_or<std::string>("refund_account_id", "", account_hint);
    m.expense_payment_type =
        r.one_of("expense_payment_type", m.expense_payment_type, {"Cash", "Check", "CreditCard"}, "the PaymentType of purchases");
    m.payout_as = r.one_of("payout_as", m.payout_as, {"transfer", "deposit"}, "what a payout becomes in QuickBooks");
    m.payout_clearing_account_id = r.value_or<std::string>("payout_clearing_account_id", "", account_hint);
    m.payout_bank_account_id = r.value_or<std::string>("payout_bank_account_id", "", account_hint);
    m.dispute_account_id = r.value_or<std::string>("dispute_account_id", "", account_hint);
    m.dispute_fee_account_id = r.value_or<std::string>("dispute_fee_account_id", "", account_hint);
    m.dispute_vendor_id = r.value_or<std::string>("dispute_vendor_id", "", "the Id of a QuickBooks Vendor");
    m.payment_method_ids = read_string_map(r, "payment_method_ids", "{\"card\": \"3\"}", [&](const std::string& name, const std::string& path) {
        if (sdk::model::enum_from_name<sdk::model::PaymentMethod>(name)) return true;
        r.problems().add(path, "\"" + name + "\" is not a payment method; use " +
                                   sdk::model::enum_name_list<sdk::model::PaymentMethod>() + ".");
        return false;
    });
    m.custom_field_ids = read_string_map(r, "custom_field_ids", "{\"Crew #\": \"1\"}", [](const std::string&, const std::string&) { return true; });
    if (m.custom_field_ids.size() > 3) {
        r.problems().add(r.path_of("custom_field_ids"),
                         "QuickBooks has at most 3 sales-form custom fields; " + std::to_string(m.custom_field_ids.size()) + " are mapped.");
    }
    m.term_ids = read_string_map(r, "term_ids", "{\"Net 30\": \"3\"}", [](const std::string&, const std::string&) { return true; });
    for (const auto& id : r.value_or<std::vector<std::string>>("fee_item_ids", {}, "an array of Item ids")) m.fee_item_ids.insert(id);
    if (!m.fee_item_id.empty()) m.fee_item_ids.insert(m.fee_item_id);
    r.finish();
    return m;
}

}  // namespace

QboConfig QboConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    sdk::ConfigReader cfg(config, problems);
    QboConfig c;
    c.realm_id = cfg.required<std::string>("realm_id", "the QuickBooks company id (realmId), e.g. \"9130350000000001\"");
    if (!c.realm_id.empty() && !all_digits(c.realm_id)) {
        problems.add(cfg.path_of("realm_id"), "\"" + c.realm_id + "\" is not a realm id: QuickBooks company ids are digits only.");
    }
    c.endpoints = read_environment(cfg);
    c.client_id = cfg.required<std::string>("client_id", "the Client ID of your Intuit app (${env:QBO_CLIENT_ID})");
    c.client_secret = cfg.required<std::string>("client_secret", "the Client Secret of your Intuit app (${env:QBO_CLIENT_SECRET})");
    c.refresh_token = cfg.value_or<std::string>("refresh_token", "", "the first refresh token of the connection (${file:...})");
    c.webhook_verifier_token =
        cfg.value_or<std::string>("webhook_verifier_token", "", "the Verifier Token of your app's webhooks (${env:...})");
    c.minorversion = cfg.integer_in("minorversion", c.minorversion, 75, 999,
                                    "an API minor version (Intuit serves 75 and later since 2025-08-01)");
    c.sync_from_ms = read_sync_from(cfg);
    c.limits = read_limits(cfg);
    c.mapping = read_mapping(cfg);
    cfg.finish();
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"client_id", &c.client_id},
                                     {"client_secret", &c.client_secret}}) {
        if (config.is_object() && config.contains(key) && config[key].is_string() && value->empty()) {
            problems.add(cfg.path_of(key), "must not be empty; copy it from the Keys & credentials page of your Intuit app.");
        }
    }
    problems.throw_if_any();
    return c;
}

}  // namespace ledgersync::connectors::quickbooks
