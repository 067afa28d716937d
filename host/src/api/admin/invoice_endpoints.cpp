#include "api/admin/invoice_endpoints.hpp"

#include <algorithm>
#include <regex>

#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "api/admin/api_error.hpp"
#include "api/admin/query_params.hpp"
#include "app/invoice_pdf_source.hpp"
#include "app/invoice_view.hpp"
#include "bus/operator_json.hpp"

namespace ledgersync::api::admin {

namespace {

/// Timeline entries an invoice's detail shows at most (the newest are kept by the store's order).
constexpr std::int64_t kTimelineLimit = 500;

std::string invoice_path(const store::ObjectKey& key) {
    return "/api/v1/invoices/" + sdk::percent_encode(key.connection) + "/" + sdk::percent_encode(key.id);
}

/// A payment booked against the invoice as `invoices show --json` shows it, with its own
/// connection and id and the paths of the actions on it (refund, delete).
nlohmann::json payment_json(const config::HostConfig& config, const app::MoneyMovement& payment) {
    nlohmann::json j = app::movement_json(config, payment);
    const std::string path = "/api/v1/payments/" + sdk::percent_encode(payment.key.connection) + "/" + sdk::percent_encode(payment.key.id);
    j["connection"] = payment.key.connection;
    j["id"] = payment.key.id;
    j["href"] = path;
    j["refund_href"] = path + "/refund";
    return j;
}

nlohmann::json summary_json(const store::InvoiceSummary& i) {
    return {{"object", i.object.str()},
            {"connection", i.object.connection},
            {"id", i.object.id},
            {"number", i.number},
            {"customer", {{"id", i.customer_id}, {"name", i.customer_name}}},
            {"total", i.total},
            {"currency", i.currency},
            {"status", i.status},
            {"source_system", i.source_system},
            {"issue_date", i.issue_date},
            {"due_date", i.due_date},
            {"updated_at", i.updated_at},
            {"sync_state", i.sync_state},
            {"href", invoice_path(i.object)}};
}

store::InvoiceQuery read_query(const std::string& uri) {
    const QueryParams params(uri, {"q", "number", "customer", "amount", "status", "sync_status", "source_system", "currency",
                                   "connection", "issued_from", "issued_to", "limit", "offset"});
    store::InvoiceQuery query;
    query.text = params.text("q");
    query.number = params.text("number");
    query.customer = params.text("customer");
    query.amount = params.decimal("amount");
    query.status = params.one_of("status", {"draft", "open", "paid", "voided"});
    query.sync_state = params.one_of("sync_status", {"pending", "failed", "refused", "synced", "none"});
    query.source_system = params.text("source_system");
    query.currency = params.text("currency");
    static const std::regex currency("[A-Z]{3}");
    if (!query.currency.empty() && !std::regex_match(query.currency, currency)) {
        throw ApiError::bad_parameter("currency", "\"" + query.currency + "\" is not an ISO 4217 code",
                                      "give three upper-case letters, e.g. USD");
    }
    query.connection = params.text("connection");
    query.issued_from = params.date("issued_from");
    query.issued_to = params.date("issued_to");
    if (!query.issued_from.empty() && !query.issued_to.empty() && query.issued_from > query.issued_to) {
        throw ApiError::bad_parameter("issued_to", query.issued_to + " is before issued_from " + query.issued_from,
                                      "give a range whose end is on or after its start");
    }
    query.limit = params.integer("limit", 50, 1, 500);
    query.offset = params.integer("offset", 0, 0, 1'000'000'000);
    return query;
}

}  // namespace

InvoiceEndpoints::InvoiceEndpoints(store::Store& store, const config::HostConfig& config,
                                   std::vector<std::string> pdf_makers, ConnectorLookup connector)
    : store_(store), config_(config), pdf_makers_(std::move(pdf_makers)), connector_(std::move(connector)) {}

void InvoiceEndpoints::add_to(AdminRouter& router) {
    router.add("GET", "/api/v1/invoices", Access::read, [this](auto& request, auto& response) { list(request, response); });
    router.add("GET", "/api/v1/invoices/{connection}/{id}", Access::read,
               [this](auto& request, auto& response) { detail(request, response); });
    router.add("GET", "/api/v1/invoices/{connection}/{id}/pdf", Access::read,
               [this](auto& request, auto& response) { pdf(request, response); });
}

void InvoiceEndpoints::list(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    const store::InvoiceQuery query = read_query(request.uri());
    store::InvoicePage page;
    store_.read([&](store::StoreTransaction& tx) { page = tx.invoices(query); });
    nlohmann::json invoices = nlohmann::json::array();
    for (const auto& i : page.invoices) invoices.push_back(summary_json(i));
    const std::int64_t next = query.offset + static_cast<std::int64_t>(page.invoices.size());
    send_api_json(response, 200,
                  {{"invoices", invoices},
                   {"total", page.total},
                   {"limit", query.limit},
                   {"offset", query.offset},
                   {"next_offset", next < page.total ? nlohmann::json(next) : nlohmann::json(nullptr)}});
}

void InvoiceEndpoints::detail(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const store::ObjectKey key{request.params.at(0), "invoice", request.params.at(1)};
    std::optional<app::InvoiceView> view;
    store_.read([&](store::StoreTransaction& tx) { view = app::read_invoice_view(tx, config_, key, kTimelineLimit); });
    if (!view) {
        throw ApiError::not_found("no invoice " + key.str() + " in the mirror",
                                  "check the connection and id (GET /api/v1/invoices lists the invoices)");
    }
    // Amounts stay exactly as received: parsed verbatim, written exactly.
    const nlohmann::json record = sdk::parse_json_exact(view->mirrored.record_json, sdk::JsonNumbers::verbatim);
    nlohmann::json properties = record.value("body", nlohmann::json::object());
    const nlohmann::json lines = properties.value("lines", nlohmann::json::array());
    const nlohmann::json reported_payments = properties.value("payments", nlohmann::json::array());
    const nlohmann::json associations = properties.value("associations", nlohmann::json::object());
    for (const char* part : {"lines", "payments", "associations"}) properties.erase(part);
    nlohmann::json links = nlohmann::json::array();
    for (const auto& copy : view->copies) {
        links.push_back({{"object", copy.str()}, {"connection", copy.connection}, {"id", copy.id}, {"href", invoice_path(copy)},
                         {"app_link", app::qbo_app_link(config_, copy)}});
    }
    nlohmann::json payments = nlohmann::json::array();
    for (const auto& payment : view->payments) payments.push_back(payment_json(config_, payment));
    send_api_json(response, 200,
                  {{"object", key.str()},
                   {"connection", key.connection},
                   {"id", key.id},
                   {"system", view->mirrored.system},
                   {"version", view->mirrored.version},
                   {"updated_at", view->mirrored.updated_at},
                   {"deleted", view->deleted},
                   {"properties", properties},
                   {"lines", lines},
                   {"payments", payments},
                   {"reported_payments", reported_payments},
                   {"associations", associations},
                   {"links", links},
                   {"sync_status", bus::sync_status_json(view->statuses)},
                   {"timeline", bus::timeline_json(view->timeline)},
                   {"pdf", invoice_path(key) + "/pdf"}});
}

void InvoiceEndpoints::pdf(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    const QueryParams params(request.uri(), {"from"});
    const store::ObjectKey key{request.params.at(0), "invoice", request.params.at(1)};
    const std::string wanted = params.text("from");
    if (pdf_makers_.empty()) {
        throw ApiError(409, "no_pdf_connection", "no configured connection can make invoice PDFs",
                       "add a connection whose plugin serves invoice_pdf documents (quickbooks)");
    }
    if (!wanted.empty() && std::find(pdf_makers_.begin(), pdf_makers_.end(), wanted) == pdf_makers_.end()) {
        throw ApiError::bad_parameter("from", "connection '" + wanted + "' cannot make invoice PDFs",
                                      "omit it, or name a connection whose plugin serves invoice_pdf documents");
    }
    const app::PdfLocation located = app::locate_invoice_pdf(store_, key, pdf_makers_);
    if (!located.known) {
        throw ApiError::not_found("the bus knows nothing of " + key.str(),
                                  "check the connection and id (GET /api/v1/invoices lists the invoices)");
    }
    const std::vector<app::PdfSource> sources = app::pdf_sources_to_use(located, key, wanted);
    if (sources.empty()) {
        std::string why;
        for (const auto& n : located.not_synced) why += (why.empty() ? "" : "; ") + n;
        throw ApiError(409, "not_synced",
                       key.str() + " has no copy in a connection that makes PDFs" + (why.empty() ? "" : " (" + why + ")"),
                       "sync it first: its sync status (GET " + invoice_path(key) + ") says why it is not synced");
    }
    if (sources.size() > 1) {
        throw ApiError(400, "ambiguous", key.str() + " is synced to several connections that make PDFs",
                       "choose one with ?from=CONNECTION");
    }
    const app::PdfSource source = sources.front();
    plugin::ConnectorInstance* connector = connector_(source.connection);
    if (connector == nullptr) {
        throw ApiError(503, "connection_not_running", "connection '" + source.connection + "' is not running",
                       "see GET /api/v1/connections for why, fix it and restart the host");
    }
    sdk::Document document;
    try {
        document = connector->fetch({app::kInvoicePdfDocument, source.id});
    } catch (const sdk::Error& e) {
        throw ApiError(502, "fetch_failed",
                       "the PDF of " + key.str() + " (" + source.connection + " invoice " + source.id +
                           ") could not be fetched: " + e.outcome().reason,
                       e.outcome().fix_hint.empty() ? "retry later" : e.outcome().fix_hint);
    }
    response.set("Content-Disposition", "attachment; filename=\"invoice-" + sdk::percent_encode(source.id) + ".pdf\"");
    send_body(response, 200, document.content_type.empty() ? "application/pdf" : document.content_type, document.bytes);
}

}  // namespace ledgersync::api::admin
