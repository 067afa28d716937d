#include "qbo_invoice_rules_mapper.hpp"

#include "data_failure.hpp"
#include "doc_number.hpp"
#include "fee_lines.hpp"
#include "invoice_discounts.hpp"
#include "line_discount_folding.hpp"
#include "tax_lines.hpp"
#include "totals_guard.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

using sdk::model::Invoice;

namespace {

/// The record's links with the lines' product links made again from `invoice`, whose lines
/// (and so their paths) the rules may have changed; links elsewhere (the customer) are kept.
std::vector<sdk::RecordLink> relinked(const std::vector<sdk::RecordLink>& old_links, const Invoice& invoice) {
    std::vector<sdk::RecordLink> links;
    for (const auto& link : old_links) {
        if (link.path.rfind("/lines/", 0) != 0) links.push_back(link);
    }
    for (auto& link : sdk::model::to_record_links(invoice.references())) {
        if (link.path.rfind("/lines/", 0) != 0) continue;
        for (const auto& old : old_links) {
            if (old.type == link.type && old.id == link.id && !old.target_id.empty()) link.target_id = old.target_id;
        }
        links.push_back(std::move(link));
    }
    return links;
}

}  // namespace

QboInvoiceRulesMapper::QboInvoiceRulesMapper(sdk::HostServices, const nlohmann::json& config)
    : config_(RulesConfig::parse(config)) {}

std::vector<sdk::Record> QboInvoiceRulesMapper::map(sdk::Record record) const {
    std::vector<sdk::Record> out;
    if (record.operation == sdk::RecordOperation::remove) {
        out.push_back(std::move(record));  // a delete carries no invoice to represent
        return out;
    }
    const std::string id_label = record.identity.type + " " + record.identity.id;
    if (record.identity.type != "invoice") {
        refuse(id_label, "qbo_invoice_rules makes invoices representable in QuickBooks and was given a " +
                             record.identity.type + " record",
               "remove qbo_invoice_rules from the route's via list, or route only invoices through it");
    }
    Invoice invoice;
    try {
        invoice = Invoice::from_json(record.body);
    } catch (const sdk::model::ModelError& e) {
        refuse(id_label, std::string("it is not a canonical invoice: ") + e.what(),
               "fix the source connector's translation or the mappers before this one in the route, then retry");
    }
    const std::string label = invoice.number ? "invoice " + *invoice.number : id_label;
    try {
        const sdk::model::InvoiceTotals before = invoice.totals;
        fold_line_discounts(invoice, config_.line_discounts, label);
        settle_invoice_discounts(invoice, config_.invoice_discounts, label);
        assign_fee_products(invoice, config_.fees, label);
        check_tax_lines(invoice, config_.tax, label);
        invoice.totals = invoice.computed_totals();
        check_totals_kept(before, invoice, label);
        if (invoice.number) invoice.number = doc_number(config_.invoice_numbers.prefix, *invoice.number);
    } catch (const sdk::DecimalError& e) {
        refuse(label, std::string("its amounts cannot be computed exactly: ") + e.what(),
               "check the amounts, quantities and unit prices of the invoice in the source, then retry");
    } catch (const sdk::MoneyError& e) {
        refuse(label, std::string("its amounts cannot be computed: ") + e.what(),
               "check the invoice's currency and amounts in the source, then retry");
    }
    record.body = invoice.to_json();
    record.links = relinked(record.links, invoice);
    out.push_back(std::move(record));
    return out;
}

}  // namespace ledgersync::mappers::qbo_invoice_rules
