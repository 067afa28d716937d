#pragma once
/// /api/v1/failures: list, count, show, retry (one or all) and dismiss (one or all), through
/// the operator actions the CLI's `ledgersync failures` runs (bus/operator_actions.hpp).

#include "api/admin/admin_router.hpp"
#include "bus/operator_actions.hpp"
#include "services/logger.hpp"

namespace ledgersync::api::admin {

class FailureEndpoints {
public:
    FailureEndpoints(bus::OperatorActions& actions, services::Logger& logger);

    void add_to(AdminRouter& router);

private:
    void list(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void count(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void show(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    /// Retries or dismisses one failure (`retry`: which).
    void act_on_one(ApiRequest& request, Poco::Net::HTTPServerResponse& response, bool retry);
    /// Retries or dismisses every open failure (of ?route=).
    void act_on_all(ApiRequest& request, Poco::Net::HTTPServerResponse& response, bool retry);

    bus::OperatorActions& actions_;
    services::Logger& logger_;
};

}  // namespace ledgersync::api::admin
