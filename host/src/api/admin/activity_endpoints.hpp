#pragma once
/// /api/v1/activity: the jobs that settled per route and hour (synced, failed, skipped), from the
/// hourly counts the bus keeps as it settles jobs (store::ActivityHour), so the figures outlive
/// the jobs retention prunes. Every hour of the range is in the answer, zero when nothing
/// settled, so a chart draws it as it comes.

#include "api/admin/admin_router.hpp"
#include "config/host_config.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::api::admin {

class ActivityEndpoints {
public:
    /// The longest range one request may ask for: 31 days of hours.
    static constexpr std::int64_t kMostHours = 31 * 24;

    /// `store`, `config` and `clock` outlive the endpoints.
    ActivityEndpoints(store::Store& store, const config::HostConfig& config, const services::Clock& clock);

    void add_to(AdminRouter& router);

private:
    void activity(ApiRequest& request, Poco::Net::HTTPServerResponse& response);

    store::Store& store_;
    const config::HostConfig& config_;
    const services::Clock& clock_;
};

}  // namespace ledgersync::api::admin
