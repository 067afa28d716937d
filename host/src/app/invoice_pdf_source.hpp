#pragma once
/// Where an invoice's PDF comes from: the connections whose plugin makes invoice PDFs, and the
/// copy of the invoice each of them holds. `ledgersync invoices pdf` and the admin API's PDF
/// download locate it the same way.

#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "plugin/plugin_catalog.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

/// The document type a connector fetches for an invoice's PDF.
inline constexpr const char* kInvoicePdfDocument = "invoice_pdf";

/// The connections of `config` whose plugin serves invoice PDFs.
std::vector<std::string> pdf_connections(const config::HostConfig& config, const plugin::PluginCatalog& catalog);

/// A connection that makes PDFs and the invoice's id there.
struct PdfSource {
    std::string connection;
    std::string id;
};

/// What the store knows that locates the PDF of an invoice.
struct PdfLocation {
    /// The bus has seen the object (received it, linked it or routed it).
    bool known = false;
    std::vector<PdfSource> sources;
    /// "quickbooks: failed: <reason>" for the targets that make PDFs and hold no copy yet.
    std::vector<std::string> not_synced;
};

/// The sources of `located` the PDF may come from: the one in connection `wanted` when it is
/// given; otherwise the invoice's own when `key` names a connection that makes PDFs (the key
/// says which copy), else every copy (more than one: the caller asks which).
std::vector<PdfSource> pdf_sources_to_use(const PdfLocation& located, const store::ObjectKey& key, const std::string& wanted);

/// Locates the PDF of `key` among the connections `makers` (pdf_connections): the invoice itself
/// when its connection makes PDFs, its linked copies, and the targets it was synced to.
PdfLocation locate_invoice_pdf(store::Store& store, const store::ObjectKey& key, const std::vector<std::string>& makers);

}  // namespace ledgersync::app
