#pragma once
/// What an operator does with failures and pauses (CLI now, admin API later): list, show,
/// retry and dismiss failures; resume paused connections and routes. Works on the store only,
/// so it runs beside a live host: the host picks the changes up within its idle poll.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "services/clock.hpp"
#include "store/store.hpp"

namespace ledgersync::bus {

/// A failure with the object's recent timeline.
struct FailureDetails {
    store::Failure failure;
    std::vector<store::TimelineEntry> timeline;
};

class OperatorActions {
public:
    OperatorActions(store::Store& store, const services::Clock& clock);
    /// The clock is kept by reference: a temporary would dangle.
    OperatorActions(store::Store& store, const services::Clock&& clock) = delete;

    std::vector<store::Failure> list(const store::FailureFilter& filter);
    /// How many failures `filter` selects (its limit ignored).
    std::int64_t count(const store::FailureFilter& filter);
    std::optional<FailureDetails> show(std::int64_t id);

    /// Puts the failed job back in the queue with fresh attempts; for a read failure (no job),
    /// asks the running host to read the object again. A job's failure of a version that a newer
    /// one superseded is settled when the route already wrote the newer one, else the job is
    /// retried with the newest version. Retrying a conflict failure keeps its side: the open
    /// conflict failures of its counterpart are dismissed. False when there is no open failure
    /// with this id.
    bool retry(std::int64_t id);
    /// Retries every open failure (of `route` when not empty) except conflicts, whose side an
    /// operator chooses one by one; returns how many.
    std::int64_t retry_all(const std::string& route = {});
    /// Closes the failure without writing; the job is dismissed. False when not open.
    bool dismiss(std::int64_t id);
    std::int64_t dismiss_all(const std::string& route = {});

    /// Pauses a connection or route (an operator disables it) with `reason`; the running host
    /// stops delivering to it within its idle poll. False when it was paused already.
    bool pause(const std::string& kind, const std::string& name, const std::string& reason);
    /// Clears the pause of a connection or route; false when it was not paused.
    bool resume(const std::string& kind, const std::string& name);
    std::vector<store::Pause> pauses();

private:
    /// `choose_sides`: a conflict failure is retried too (else it is left open).
    bool retry_in(store::StoreTransaction& tx, std::int64_t id, std::int64_t now, bool choose_sides);
    /// Dismisses the open conflict failures of the objects linked to `kept`'s object: the
    /// operator kept `kept`'s side.
    void dismiss_other_side(store::StoreTransaction& tx, const store::Failure& kept, std::int64_t now);
    /// A job's failure whose version is no longer the object's newest: settled (timeline
    /// `superseded`) when the route already wrote the newest version or a job carries it, else
    /// its job is retried with the newest version (mapped again). False when not superseded.
    bool retried_as_superseded(store::StoreTransaction& tx, const store::Failure& failure, std::int64_t now);
    bool dismiss_in(store::StoreTransaction& tx, std::int64_t id, std::int64_t now);
    /// Applies `action` to every open failure (of `route` when not empty) in one transaction;
    /// returns how many it applied to.
    std::int64_t for_each_open_failure(
        const std::string& route, const std::function<bool(store::StoreTransaction&, std::int64_t, std::int64_t)>& action);

    store::Store& store_;
    const services::Clock& clock_;
};

}  // namespace ledgersync::bus
