#include "api/admin/api_error.hpp"

#include <nlohmann/json.hpp>

#include "api/http_router.hpp"

namespace ledgersync::api::admin {

void send_api_error(Poco::Net::HTTPServerResponse& response, const ApiError& error) {
    const nlohmann::json body = {{"error", {{"code", error.code()}, {"message", error.what()}, {"fix", error.fix()}}}};
    send_json(response, error.status(), body.dump());
}

}  // namespace ledgersync::api::admin
