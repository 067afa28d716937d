#include "hubspot/account_seed.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "hubspot/crm_writer.hpp"
#include "hubspot/property_endpoints.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

class Seeder {
public:
    Seeder(CrmAccount& account, std::int64_t now_ms)
        : account_(account), writer_(account, now_ms, changes_, "IMPORT") {}

    std::uint64_t create(const std::string& type_name, nlohmann::json input) {
        const ObjectType& type = object_type(type_name);
        if (!input.contains("properties"))
            input = {{"properties", input}};
        CrmObject& object = writer_.commit(writer_.prepare_create(type, input));
        writer_.finish();
        changes_.clear();
        created_[type_name].push_back(std::to_string(object.id));
        return object.id;
    }

    void update(const std::string& type_name, std::uint64_t id, const nlohmann::json& properties) {
        const ObjectType& type = object_type(type_name);
        CrmObject* object = account_.live(type, id);
        writer_.commit(writer_.prepare_update(type, *object, properties));
        writer_.finish();
        changes_.clear();
    }

    static nlohmann::json to(std::uint64_t id, int type_id) {
        return {{"to", {{"id", std::to_string(id)}}},
                {"types",
                 {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type_id}}}}};
    }

    // An invoice with `lines` line items and the contact; moved to `status`.
    /// An invoice of `contact` with `lines` (price, quantity), each selling the product of the
    /// same index in `products` (id, name) when there is one.
    std::uint64_t invoice(const std::string& status, std::uint64_t contact,
                          const std::vector<std::pair<std::string, std::string>>& lines,
                          const std::string& currency,
                          const std::vector<std::pair<std::string, std::string>>& products = {}) {
        nlohmann::json associations = nlohmann::json::array({to(contact, 177)});
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& [price, quantity] = lines[i];
            nlohmann::json properties = {
                {"name", "Consulting hours"}, {"price", price}, {"quantity", quantity}};
            if (i < products.size()) {
                properties["hs_product_id"] = products[i].first;
                properties["name"] = products[i].second;
            }
            associations.push_back(to(create("line_items", properties), 409));
        }
        const std::uint64_t id = create("invoices", {{"properties", {{"hs_currency", currency}}},
                                                     {"associations", associations}});
        if (status == "draft")
            return id;
        update("invoices", id, {{"hs_invoice_status", "open"}});
        if (status == "paid") {
            const CrmObject* invoice = account_.live(object_type("invoices"), id);
            create("commerce_payments", {{"properties",
                                          {{"hs_initial_amount", invoice->value("hs_balance_due")},
                                           {"hs_initiated_date", "2025-01-15T10:00:00Z"},
                                           {"hs_currency_code", currency},
                                           {"hs_latest_status", "succeeded"},
                                           {"hs_processor_type", "none"},
                                           {"hs_payment_method_type", "check"}}},
                                         {"associations", {to(id, 542)}}});
        } else if (status == "voided") {
            update("invoices", id, {{"hs_invoice_status", "voided"}});
        } else if (status != "open") {
            throw std::invalid_argument("invoice status " + status +
                                        " is not draft, open, paid or voided");
        }
        return id;
    }

    // An invoice of `contact` with the line items `lines` (line item create properties) and
    // the invoice `properties`; finalized (open) unless `finalize` is false.
    std::uint64_t invoice_of(std::uint64_t contact, const nlohmann::json& lines,
                             const nlohmann::json& properties, bool finalize) {
        nlohmann::json associations = nlohmann::json::array({to(contact, 177)});
        for (const auto& line : lines)
            associations.push_back(to(create("line_items", line), 409));
        const std::uint64_t id =
            create("invoices", {{"properties", properties}, {"associations", associations}});
        if (finalize)
            update("invoices", id, {{"hs_invoice_status", "open"}});
        return id;
    }

    nlohmann::json created() const { return created_; }
    void record_invoice(const std::string& status, std::uint64_t id) {
        invoices_by_status_[status].push_back(std::to_string(id));
    }
    nlohmann::json invoices_by_status() const { return invoices_by_status_; }

private:
    CrmAccount& account_;
    std::vector<ChangeEvent> changes_;
    CrmWriter writer_;
    nlohmann::json created_ = nlohmann::json::object();
    nlohmann::json invoices_by_status_ = nlohmann::json::object();
};

/// An ISO 4217 code of a seed option (three upper-case letters).
std::string currency_option(const nlohmann::json& value, const std::string& option) {
    const std::string code = value.is_string() ? value.get<std::string>() : std::string();
    const bool valid = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) {
                           return std::isupper(static_cast<unsigned char>(c));
                       });
    if (!valid)
        throw std::invalid_argument("\"" + option + "\" holds currency codes such as \"EUR\", not " +
                                    value.dump());
    return code;
}

/// The seed options company_currency (default USD) and additional_currencies (a
/// multi-currency account). A multi-currency account's products have a price property per
/// currency, hs_price_<code in lower case> (HubSpot's multi-currency product prices), besides
/// `price`, which is in the company currency.
void seed_currencies(CrmAccount& account, const nlohmann::json& options) {
    AccountSettings& settings = account.settings();
    if (options.contains("company_currency"))
        settings.company_currency = currency_option(options.at("company_currency"), "company_currency");
    if (options.contains("additional_currencies")) {
        const auto& list = options.at("additional_currencies");
        if (!list.is_array())
            throw std::invalid_argument("\"additional_currencies\" is a list of currency codes");
        settings.additional_currencies.clear();
        for (const auto& value : list) {
            const std::string code = currency_option(value, "additional_currencies");
            if (code != settings.company_currency)
                settings.additional_currencies.push_back(code);
        }
    }
    if (settings.additional_currencies.empty())
        return;
    std::vector<std::string> codes = {settings.company_currency};
    codes.insert(codes.end(), settings.additional_currencies.begin(),
                 settings.additional_currencies.end());
    const ObjectType& products = object_type("products");
    auto& properties = account.properties(products);
    for (const auto& code : codes) {
        std::string lower = code;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        PropertyDefinition p;
        p.name = "hs_price_" + lower;
        p.label = "Unit price (" + code + ")";
        p.type = "number";
        p.field_type = "number";
        p.group_name = products.singular + "information";
        p.hubspot_defined = true;
        p.display_order = static_cast<int>(properties.size());
        properties[p.name] = p;
    }
}

void seed_defaults(Seeder& seeder) {
    const std::uint64_t acme =
        seeder.create("companies", {{"name", "Acme Corporation"}, {"domain", "acme.example"}});
    const std::uint64_t globex =
        seeder.create("companies", {{"name", "Globex"}, {"domain", "globex.example"}});
    const std::uint64_t ada = seeder.create(
        "contacts",
        {{"properties",
          {{"email", "ada@acme.example"}, {"firstname", "Ada"}, {"lastname", "Lovelace"}}},
         {"associations", {Seeder::to(acme, 279)}}});
    const std::uint64_t grace = seeder.create(
        "contacts",
        {{"properties",
          {{"email", "grace@globex.example"}, {"firstname", "Grace"}, {"lastname", "Hopper"}}},
         {"associations", {Seeder::to(globex, 279)}}});
    seeder.create("contacts",
                  {{"email", "alan@example.com"}, {"firstname", "Alan"}, {"lastname", "Turing"}});
    seeder.create("products", {{"name", "Consulting"}, {"price", "150.00"}, {"hs_sku", "CONSULT"}});
    seeder.create("products", {{"name", "Design"}, {"price", "95.50"}, {"hs_sku", "DESIGN"}});
    seeder.create("products",
                  {{"name", "Support plan"}, {"price", "49.99"}, {"hs_sku", "SUPPORT"}});
    seeder.record_invoice("draft", seeder.invoice("draft", ada, {{"150.00", "2"}}, "USD"));
    seeder.record_invoice("open",
                          seeder.invoice("open", ada, {{"150.00", "3"}, {"95.50", "1"}}, "USD"));
    seeder.record_invoice("paid", seeder.invoice("paid", grace, {{"49.99", "12"}}, "USD"));
    seeder.record_invoice("voided", seeder.invoice("voided", grace, {{"95.50", "2"}}, "USD"));
}

// The demo's invoices (scripts/demo.sh, tests/integration/invoice_sync): several customers and
// products, line discounts, a PO number, a customer name with an apostrophe and accents, a
// draft, invoices the shipped route filters out, and one QuickBooks cannot represent. Returns
// the invoice ids by label.
nlohmann::json seed_demo(Seeder& seeder) {
    const std::uint64_t acme =
        seeder.create("companies", {{"name", "Acme Corporation"}, {"domain", "acme.example"}});
    const std::uint64_t ada = seeder.create(
        "contacts",
        {{"properties",
          {{"email", "ada@acme.example"}, {"firstname", "Ada"}, {"lastname", "Lovelace"},
           {"company", "Acme Corporation"}}},
         {"associations", {Seeder::to(acme, 279)}}});
    const std::uint64_t siobhan = seeder.create(
        "contacts", {{"email", "siobhan@obrien.example"}, {"firstname", "Siobhán"},
                     {"lastname", "O'Brien-Núñez"}});
    const std::uint64_t grace = seeder.create(
        "contacts",
        {{"email", "grace@globex.example"}, {"firstname", "Grace"}, {"lastname", "Hopper"}});
    const std::uint64_t alan = seeder.create(
        "contacts", {{"email", "alan@example.com"}, {"firstname", "Alan"}, {"lastname", "Turing"}});
    auto product = [&](const char* name, const char* price, const char* sku) {
        return std::to_string(
            seeder.create("products", {{"name", name}, {"price", price}, {"hs_sku", sku}}));
    };
    const std::string consulting = product("Consulting", "150.00", "CONSULT");
    const std::string design = product("Design", "95.50", "DESIGN");
    const std::string support = product("Support plan", "49.99", "SUPPORT");
    const std::string labels = product("Shipping labels", "0.07", "LABEL");
    auto line = [](const std::string& product_id, const char* name, const char* price,
                   const char* quantity) {
        return nlohmann::json{
            {"name", name}, {"hs_product_id", product_id}, {"price", price}, {"quantity", quantity}};
    };
    auto usd = [](const std::string& date, const std::string& due) {
        return nlohmann::json{{"hs_currency", "USD"},
                              {"hs_invoice_date", date + "T00:00:00.000Z"},
                              {"hs_due_date", due + "T00:00:00.000Z"}};
    };
    nlohmann::json ids = nlohmann::json::object();
    auto record = [&](const char* label, std::uint64_t id) { ids[label] = std::to_string(id); };

    nlohmann::json po = usd("2026-11-02", "2026-12-02");
    po["hs_purchase_order_number"] = "PO-7781";
    nlohmann::json consulting_discounted = line(consulting, "Consulting", "150.00", "3");
    consulting_discounted["hs_discount_percentage"] = "10";
    record("discount_and_po",
           seeder.invoice_of(ada,
                             nlohmann::json::array({consulting_discounted, line(design, "Design", "95.50", "1")}), po,
                             true));
    nlohmann::json design_less_5 = line(design, "Design", "95.50", "2");
    design_less_5["discount"] = "5.00";
    record("apostrophe",
           seeder.invoice_of(siobhan,
                             nlohmann::json::array({line(support, "Support plan", "49.99", "12"), design_less_5}),
                             usd("2026-11-03", "2026-11-17"), true));
    record("plain", seeder.invoice_of(grace, nlohmann::json::array({line(consulting, "Consulting", "150.00", "4")}),
                                      usd("2026-11-04", "2026-12-04"), true));
    record("draft", seeder.invoice_of(alan, nlohmann::json::array({line(consulting, "Consulting", "150.00", "2")}),
                                      usd("2026-11-05", "2026-12-05"), false));
    nlohmann::json eur = usd("2026-11-06", "2026-12-06");
    eur["hs_currency"] = "EUR";
    record("euro", seeder.invoice_of(grace, nlohmann::json::array({line(design, "Design", "95.50", "1")}), eur, true));
    nlohmann::json no_sync = usd("2026-11-07", "2026-12-07");
    no_sync["hs_purchase_order_number"] = "NO-SYNC";
    record("no_sync", seeder.invoice_of(alan, nlohmann::json::array({line(support, "Support plan", "49.99", "1")}),
                                        no_sync, true));
    // 100,000 labels at 0.07 less 3.33%: 6,766.90, which no unit price of at most 5 decimals
    // gives for that quantity, and QuickBooks has no line discounts.
    nlohmann::json labels_discounted = line(labels, "Shipping labels", "0.07", "100000");
    labels_discounted["hs_discount_percentage"] = "3.33";
    record("unrepresentable", seeder.invoice_of(alan, nlohmann::json::array({labels_discounted}),
                                                usd("2026-11-08", "2026-12-08"), true));
    return ids;
}

void seed_bulk(Seeder& seeder, const nlohmann::json& bulk) {
    const auto count = bulk.value("invoices", 0);
    const auto lines = bulk.value("line_items_per_invoice", 1);
    const auto contacts = bulk.value("contacts", 10);
    const std::string status = bulk.value("status", std::string("open"));
    const std::string currency = bulk.value("currency", std::string("USD"));
    const auto products = bulk.value("products", 0);
    if (count < 0 || count > 200'000 || lines < 1 || lines > 50 || contacts < 1 || products < 0 ||
        products > 10'000)
        throw std::invalid_argument(
            "bulk: invoices 0..200000, line_items_per_invoice 1..50, "
            "contacts >= 1, products 0..10000");
    // Line items sell these products in turn (none: lines without a product).
    std::vector<std::pair<std::string, std::string>> product_list;  // id, name
    for (int p = 0; p < products; ++p) {
        const std::string name = "Bulk product " + std::to_string(p);
        product_list.emplace_back(
            std::to_string(seeder.create("products", {{"name", name},
                                                      {"price", std::to_string(10 + p % 90) + ".25"},
                                                      {"hs_sku", "BULK-" + std::to_string(p)}})),
            name);
    }
    std::vector<std::uint64_t> contact_ids;
    for (int i = 0; i < contacts; ++i) {
        contact_ids.push_back(
            seeder.create("contacts", {{"email", "bulk" + std::to_string(i) + "@example.com"},
                                       {"firstname", "Bulk"},
                                       {"lastname", "Customer " + std::to_string(i)}}));
    }
    const char* statuses[] = {"draft", "open", "paid", "voided"};
    for (int i = 0; i < count; ++i) {
        const std::string this_status = status == "mixed" ? statuses[i % 4] : status;
        std::vector<std::pair<std::string, std::string>> line_list;
        std::vector<std::pair<std::string, std::string>> line_products;
        for (int l = 0; l < lines; ++l) {
            line_list.emplace_back(std::to_string(10 + (i + l) % 90) + ".25",
                                   std::to_string(1 + l % 3));
            if (!product_list.empty())
                line_products.push_back(
                    product_list[static_cast<std::size_t>(i + l) % product_list.size()]);
        }
        seeder.record_invoice(
            this_status,
            seeder.invoice(this_status,
                           contact_ids[static_cast<std::size_t>(i) % contact_ids.size()], line_list,
                           currency, line_products));
    }
}

}  // namespace

nlohmann::json seed_account(CrmAccount& account, const nlohmann::json& options,
                            std::int64_t now_ms) {
    seed_currencies(account, options);
    Seeder seeder(account, now_ms);
    if (options.contains("properties")) {
        const auto& by_type = options.at("properties");
        if (!by_type.is_object())
            throw std::invalid_argument("\"properties\" maps object types to definitions");
        for (auto it = by_type.begin(); it != by_type.end(); ++it) {
            for (const auto& definition : *it)
                define_property(account, object_type(it.key()), definition, now_ms);
        }
    }
    if (options.value("defaults", true))
        seed_defaults(seeder);
    if (options.contains("objects")) {
        const auto& by_type = options.at("objects");
        if (!by_type.is_object())
            throw std::invalid_argument("\"objects\" maps object types to create inputs");
        for (auto it = by_type.begin(); it != by_type.end(); ++it) {
            for (const auto& input : *it)
                seeder.create(it.key(), input);
        }
    }
    nlohmann::json demo;
    if (options.value("demo", false))
        demo = seed_demo(seeder);
    nlohmann::json demo_deal;
    if (options.contains("demo_deal")) {
        // A deal associated with demo invoices named by label (their ids are only known now).
        const auto& deal = options.at("demo_deal");
        if (demo.is_null() || !deal.is_object())
            throw std::invalid_argument(
                "\"demo_deal\" is {\"properties\": {...}, \"invoices\": [labels]} and needs \"demo\": true");
        nlohmann::json associations = nlohmann::json::array();
        for (const auto& label : deal.value("invoices", nlohmann::json::array())) {
            const std::string name = label.get<std::string>();
            if (!demo.contains(name))
                throw std::invalid_argument("\"demo_deal\": the demo has no invoice \"" + name + "\"");
            associations.push_back(Seeder::to(std::stoull(demo.at(name).get<std::string>()), 176));
        }
        demo_deal = std::to_string(seeder.create(
            "deals", {{"properties", deal.value("properties", nlohmann::json{{"dealname", "Demo deal"}, {"dealstage", "appointmentscheduled"}})},
                      {"associations", associations}}));
    }
    if (options.contains("bulk"))
        seed_bulk(seeder, options.at("bulk"));
    nlohmann::json out = seeder.created();
    if (!demo.is_null())
        out["demo_invoices"] = demo;
    if (!demo_deal.is_null())
        out["demo_deal"] = demo_deal;
    out["invoices_by_status"] = seeder.invoices_by_status();
    return out;
}

}  // namespace ledgersync::sandbox::hubspot
