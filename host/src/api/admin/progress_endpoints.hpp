#pragma once
/// /api/v1/progress: the running backfills and how far each is (app/backfill_progress.hpp), the
/// figures `ledgersync status --watch` draws.

#include "api/admin/admin_router.hpp"
#include "app/backfill_progress.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::api::admin {

class ProgressEndpoints {
public:
    /// `store` and `clock` outlive the endpoints.
    ProgressEndpoints(store::Store& store, const services::Clock& clock);

    void add_to(AdminRouter& router);

private:
    void progress(ApiRequest& request, Poco::Net::HTTPServerResponse& response);

    /// Kept across requests: its earlier readings give the rate.
    app::BackfillProgress progress_;
};

}  // namespace ledgersync::api::admin
