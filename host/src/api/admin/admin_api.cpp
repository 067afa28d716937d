#include "api/admin/admin_api.hpp"

#include "api/admin/openapi_document.hpp"
#include "app/invoice_pdf_source.hpp"
#include "app/payment_refund.hpp"

namespace ledgersync::api::admin {

AdminApi::AdminApi(RunningHost host, const plugin::PluginCatalog& catalog, const services::Clock& clock, services::Logger& logger)
    : actions_(host.store, clock),
      router_(AdminTokens(host.config.admin_api.tokens), [&logger](std::string_view text) { return logger.redact(text); }),
      invoices_(host.store, host.config, app::pdf_connections(host.config, catalog),
                [&connections = host.connections](const std::string& name) { return connections.find(name); }),
      failures_(actions_, logger),
      connections_(host, actions_, logger),
      payments_(host.store, host.config, app::refund_connections(host.config, catalog),
                [&connections = host.connections](const std::string& name) { return connections.find(name); }, clock,
                [&logger](std::string_view text) { return logger.redact(text); }),
      reports_(host.store, host.config),
      progress_(host.store, clock),
      activity_(host.store, host.config, clock) {
    router_.add("GET", "/api/v1/openapi.json", Access::anyone, [](ApiRequest&, Poco::Net::HTTPServerResponse& response) {
        send_body(response, 200, "application/json", std::string(openapi_document()));
    });
    invoices_.add_to(router_);
    failures_.add_to(router_);
    connections_.add_to(router_);
    payments_.add_to(router_);
    reports_.add_to(router_);
    progress_.add_to(router_);
    activity_.add_to(router_);
}

}  // namespace ledgersync::api::admin
