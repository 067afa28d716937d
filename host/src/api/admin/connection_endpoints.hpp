#pragma once
/// /api/v1/connections and /api/v1/routes: each connection's state, credentials check, last
/// poll and rate-limit use, and a reconnect; each route's state and job counts, and disabling
/// and enabling it (a pause an operator sets and clears, as `ledgersync routes resume` does).

#include <vector>

#include "api/admin/admin_router.hpp"
#include "app/connection_checks.hpp"
#include "app/connection_set.hpp"
#include "app/route_set.hpp"
#include "bus/operator_actions.hpp"
#include "config/host_config.hpp"
#include "services/http/poco_http_service.hpp"
#include "services/logger.hpp"
#include "store/store.hpp"

namespace ledgersync::api::admin {

/// What the endpoints read of the running host; everything outlives the endpoints.
struct RunningHost {
    const config::HostConfig& config;
    const app::ConnectionSet& connections;
    app::ConnectionChecks& checks;
    const services::http::PocoHttpService& http;
    store::Store& store;
    const std::vector<app::RouteProblem>& route_problems;
};

class ConnectionEndpoints {
public:
    ConnectionEndpoints(RunningHost host, bus::OperatorActions& actions, services::Logger& logger);

    void add_to(AdminRouter& router);

private:
    void connections(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void reconnect(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void routes(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    /// Disables (`enable` false) or enables a route.
    void switch_route(ApiRequest& request, Poco::Net::HTTPServerResponse& response, bool enable);
    /// The rate budgets of a running connection and their recent use.
    nlohmann::json rate_limits(const std::string& connection) const;

    RunningHost host_;
    bus::OperatorActions& actions_;
    services::Logger& logger_;
};

}  // namespace ledgersync::api::admin
