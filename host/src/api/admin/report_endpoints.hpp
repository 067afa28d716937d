#pragma once
/// /api/v1/reports: the fees report, the same figures as `ledgersync report fees`
/// (app/fees_report.hpp), as JSON or as a CSV download.

#include "api/admin/admin_router.hpp"
#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::api::admin {

class ReportEndpoints {
public:
    /// `store` and `config` outlive the endpoints.
    ReportEndpoints(store::Store& store, const config::HostConfig& config);

    void add_to(AdminRouter& router);

private:
    void fees(ApiRequest& request, Poco::Net::HTTPServerResponse& response);

    store::Store& store_;
    const config::HostConfig& config_;
};

}  // namespace ledgersync::api::admin
