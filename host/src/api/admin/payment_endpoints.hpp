#pragma once
/// /api/v1/payments: refunding a payment at its processor and deleting a payment in ledgersync
/// only, exactly as `ledgersync payments refund|delete` do (app/payment_refund.hpp,
/// app/payment_deletion.hpp); the refund goes through the host's running processor connection.

#include <functional>
#include <string>
#include <vector>

#include "api/admin/admin_router.hpp"
#include "config/host_config.hpp"
#include "plugin/connector_instance.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::api::admin {

class PaymentEndpoints {
public:
    /// The running instance of a connection, null when it is not running.
    using ConnectorLookup = std::function<plugin::ConnectorInstance*(const std::string& connection)>;

    /// `refunders`: the connections whose plugin writes refunds (app::refund_connections).
    /// Everything given outlives the endpoints.
    PaymentEndpoints(store::Store& store, const config::HostConfig& config, std::vector<std::string> refunders,
                     ConnectorLookup connector, const services::Clock& clock, Redactor redact);

    void add_to(AdminRouter& router);

private:
    void refund(ApiRequest& request, Poco::Net::HTTPServerResponse& response);
    void remove(ApiRequest& request, Poco::Net::HTTPServerResponse& response);

    store::Store& store_;
    const config::HostConfig& config_;
    std::vector<std::string> refunders_;
    ConnectorLookup connector_;
    const services::Clock& clock_;
    Redactor redact_;
};

}  // namespace ledgersync::api::admin
