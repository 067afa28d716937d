#include "api/admin/progress_endpoints.hpp"

#include "api/admin/query_params.hpp"

namespace ledgersync::api::admin {

ProgressEndpoints::ProgressEndpoints(store::Store& store, const services::Clock& clock) : progress_(store, clock) {}

void ProgressEndpoints::add_to(AdminRouter& router) {
    router.add("GET", "/api/v1/progress", Access::read, [this](auto& request, auto& response) { progress(request, response); });
}

void ProgressEndpoints::progress(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    send_api_json(response, 200, app::BackfillProgress::json(progress_.read()));
}

}  // namespace ledgersync::api::admin
