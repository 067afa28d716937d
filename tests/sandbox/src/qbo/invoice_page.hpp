#pragma once
/// The sandbox's stand-in for QuickBooks' web app: GET /app/invoice?txnId=ID[&realmId=R] shows
/// an invoice as an HTML page, as https://app.qbo.intuit.com/app/invoice?txnId=ID does for a
/// signed-in user, so that the links an integration writes (HubSpot's ledgersync_qbo_link) lead
/// somewhere in a demo. GET /app/invoice/pdf?... serves its PDF. No sign-in: the sandbox is a
/// test tool on 127.0.0.1.

#include <string>

#include "qbo/sales_form_view.hpp"

namespace ledgersync::sandbox::qbo {

/// The HTML page of an invoice; `pdf_url` is the page's link to its PDF.
std::string render_invoice_page(const std::string& company_name, const SalesFormView& invoice, const std::string& pdf_url);

/// The HTML page saying why no invoice is shown (unknown id or company).
std::string render_missing_invoice_page(const std::string& message);

}  // namespace ledgersync::sandbox::qbo
