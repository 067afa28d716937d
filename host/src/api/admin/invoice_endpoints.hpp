#pragma once
/// /api/v1/invoices: the mirror's invoices with search, filters and paging; one invoice's
/// properties, lines, associations, linked copies, sync status and audit timeline, and the
/// payments and refunds booked against it as `ledgersync invoices show` finds them
/// (app/invoice_view.hpp);
/// its PDF, located as `ledgersync invoices pdf` locates it (app/invoice_pdf_source.hpp) and
/// fetched through the running connection.

#include <functional>
#include <string>
#include <vector>

#include "api/admin/admin_router.hpp"
#include "config/host_config.hpp"
#include "plugin/connector_instance.hpp"
#include "store/store.hpp"

namespace ledgersync::api::admin {

class InvoiceEndpoints {
public:
    /// The running instance of a connection, null when it is not running.
    using ConnectorLookup = std::function<plugin::ConnectorInstance*(const std::string& connection)>;

    /// `config`: the host's configuration (its connections hold linked copies, its routes say
    /// where payments' references point), kept by reference; `pdf_makers`: the connections
    /// whose plugin makes invoice PDFs.
    InvoiceEndpoints(store::Store& store, const config::HostConfig& config, std::vector<std::string> pdf_makers,
                     ConnectorLookup connector);

    void add_to(AdminRouter& router);

private:
    void list(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void detail(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void pdf(ApiRequest& request, Poco::Net::HTTPServerResponse& response);

    store::Store& store_;
    const config::HostConfig& config_;
    std::vector<std::string> pdf_makers_;
    ConnectorLookup connector_;
};

}  // namespace ledgersync::api::admin
