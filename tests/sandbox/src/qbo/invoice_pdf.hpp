#pragma once
/// The PDF QBO serves for a sales form (GET .../invoice/{id}/pdf): a real PDF 1.4 document
/// (objects, a cross-reference table with exact byte offsets, trailer, %%EOF) that renders the
/// company, the document number and dates, the customer, each line with quantity, rate and
/// amount, then subtotal, discount, tax, total and balance, as text pdftotext extracts.

#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::qbo {

/// `kind_title` is "INVOICE", "CREDIT MEMO", ...; `txn` the stored transaction.
std::string render_transaction_pdf(const std::string& company_name, const std::string& kind_title,
                                   const nlohmann::json& txn);

}  // namespace ledgersync::sandbox::qbo
