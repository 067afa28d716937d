#pragma once
/// The admin REST API under /api/v1 (docs/api/openapi.json): its router, with the endpoints of
/// invoices, payments, fees report, failures, connections and routes, activity, backfill
/// progress, and the OpenAPI document.

#include "api/admin/activity_endpoints.hpp"
#include "api/admin/admin_router.hpp"
#include "api/admin/connection_endpoints.hpp"
#include "api/admin/failure_endpoints.hpp"
#include "api/admin/invoice_endpoints.hpp"
#include "api/admin/payment_endpoints.hpp"
#include "api/admin/progress_endpoints.hpp"
#include "api/admin/report_endpoints.hpp"
#include "bus/operator_actions.hpp"
#include "plugin/plugin_catalog.hpp"
#include "services/clock.hpp"

namespace ledgersync::api::admin {

class AdminApi {
public:
    AdminApi(RunningHost host, const plugin::PluginCatalog& catalog, const services::Clock& clock, services::Logger& logger);

    /// Serves /api/v1 through `router` (this must outlive it).
    void attach(HttpRouter& router) const { router_.attach(router); }

private:
    bus::OperatorActions actions_;
    AdminRouter router_;
    InvoiceEndpoints invoices_;
    FailureEndpoints failures_;
    ConnectionEndpoints connections_;
    PaymentEndpoints payments_;
    ReportEndpoints reports_;
    ProgressEndpoints progress_;
    ActivityEndpoints activity_;
};

}  // namespace ledgersync::api::admin
