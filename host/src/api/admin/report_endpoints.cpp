#include "api/admin/report_endpoints.hpp"

#include "api/admin/api_error.hpp"
#include "api/admin/query_params.hpp"
#include "app/fees_report.hpp"

namespace ledgersync::api::admin {

namespace {

/// The date parameter `name`, which the report needs.
std::string required_date(const QueryParams& params, const std::string& name) {
    const std::string value = params.date(name);
    if (value.empty()) {
        throw ApiError::bad_parameter(name, "is required", "give the payment dates of the report as ?from=YYYY-MM-DD&to=YYYY-MM-DD");
    }
    return value;
}

}  // namespace

ReportEndpoints::ReportEndpoints(store::Store& store, const config::HostConfig& config) : store_(store), config_(config) {}

void ReportEndpoints::add_to(AdminRouter& router) {
    router.add("GET", "/api/v1/reports/fees", Access::read, [this](auto& request, auto& response) { fees(request, response); });
}

void ReportEndpoints::fees(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    const QueryParams params(request.uri(), {"from", "to", "by", "format"});
    const std::string from = required_date(params, "from");
    const std::string to = required_date(params, "to");
    if (from > to) throw ApiError::bad_parameter("to", to + " is before from " + from, "give a range whose end is on or after its start");
    const std::string by = params.one_of("by", {"processor", "month"});
    const std::string format = params.one_of("format", {"json", "csv"});
    std::vector<std::string> left_out;
    const auto report = app::FeesReport::of_store(store_, config_, from, to,
                                                  by == "month" ? app::FeesReport::Grouping::month : app::FeesReport::Grouping::processor,
                                                  left_out);
    if (format == "csv") {
        response.set("Content-Disposition", "attachment; filename=\"fees-" + from + "-" + to + ".csv\"");
        send_body(response, 200, "text/csv; charset=utf-8", report.to_csv());
        return;
    }
    nlohmann::json body = report.to_json();
    // Payments the report could not read are named, never silently dropped.
    body["left_out"] = left_out;
    send_api_json(response, 200, body);
}

}  // namespace ledgersync::api::admin
