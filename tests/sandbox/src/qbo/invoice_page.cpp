#include "qbo/invoice_page.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

std::string escaped(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

std::string document(const std::string& title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escaped(title) +
           "</title><style>body{font-family:sans-serif;margin:2em auto;max-width:50em}"
           "table{border-collapse:collapse;width:100%}th,td{padding:.3em .6em;text-align:left}"
           "td.n,th.n{text-align:right}thead th{border-bottom:1px solid #888}"
           ".sandbox{color:#666;font-size:.85em}</style></head><body>\n" +
           body + "<p class=\"sandbox\">Shown by the ledgersync QuickBooks Online sandbox, not by QuickBooks.</p>\n</body></html>\n";
}

std::string row(const std::string& label, const std::string& value, bool bold = false) {
    const std::string shown = bold ? "<strong>" + escaped(value) + "</strong>" : escaped(value);
    return "<tr><th scope=\"row\" colspan=\"3\" class=\"n\">" + escaped(label) + "</th><td class=\"n\">" + shown + "</td></tr>\n";
}

}  // namespace

std::string render_invoice_page(const std::string& company_name, const SalesFormView& invoice, const std::string& pdf_url) {
    const std::string currency = invoice.currency.empty() ? "" : " " + invoice.currency;
    std::string body = "<header><p>" + escaped(company_name) + "</p><h1>Invoice " + escaped(invoice.number) + "</h1></header>\n";
    body += "<dl><dt>Customer</dt><dd>" + escaped(invoice.customer) + "</dd>";
    if (!invoice.billing_address.empty()) body += "<dt>Billing address</dt><dd>" + escaped(invoice.billing_address) + "</dd>";
    body += "<dt>Invoice date</dt><dd>" + escaped(invoice.date) + "</dd>";
    if (!invoice.due_date.empty()) body += "<dt>Due date</dt><dd>" + escaped(invoice.due_date) + "</dd>";
    for (const auto& [name, value] : invoice.custom_fields) body += "<dt>" + escaped(name) + "</dt><dd>" + escaped(value) + "</dd>";
    body += "</dl>\n<table><thead><tr><th scope=\"col\">Description</th><th scope=\"col\" class=\"n\">Qty</th>"
            "<th scope=\"col\" class=\"n\">Rate</th><th scope=\"col\" class=\"n\">Amount</th></tr></thead><tbody>\n";
    for (const auto& line : invoice.lines) {
        body += "<tr><td>" + escaped(line.description) + "</td><td class=\"n\">" + escaped(line.quantity) + "</td><td class=\"n\">" +
                escaped(line.rate) + "</td><td class=\"n\">" + escaped(line.amount) + "</td></tr>\n";
    }
    body += "</tbody><tfoot>\n" + row("Subtotal", invoice.subtotal);
    if (!invoice.discount.empty()) body += row("Discount", "-" + invoice.discount);
    body += row("Tax", invoice.tax) + row("Total", invoice.total + currency, true);
    if (!invoice.balance.empty()) body += row("Balance due", invoice.balance + currency, true);
    body += "</tfoot></table>\n";
    if (!invoice.memo.empty()) body += "<p>" + escaped(invoice.memo) + "</p>\n";
    body += "<p><a href=\"" + escaped(pdf_url) + "\">Download the PDF</a></p>\n";
    return document("Invoice " + invoice.number + " - " + company_name, body);
}

std::string render_missing_invoice_page(const std::string& message) {
    return document("No such invoice", "<h1>No such invoice</h1>\n<p>" + escaped(message) + "</p>\n");
}

}  // namespace ledgersync::sandbox::qbo
