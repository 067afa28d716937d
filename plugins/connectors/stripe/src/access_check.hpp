#pragma once
/// What check() verifies: the key works, and it may make every read the connector makes. It reads
/// the balance and one object (limit=1, with the reader's expansions) of each list the reader uses
/// (charges, refunds, payouts, disputes, events, balance transactions): seven GETs, once, through
/// the host's read budget like any other read. A failure other than 403 (a key Stripe does not
/// accept, a 429, an outage) ends the check with its reason; every 403 is collected, so one check
/// names each permission a restricted key lacks, as Stripe names it, and how to grant it. Write on
/// Refunds cannot be tried without making a refund: the answer says so instead.

#include <ledgersync/sdk/connector.hpp>

#include "client.hpp"
#include "config.hpp"

namespace ledgersync::connectors::stripe {

class AccessCheck {
public:
    AccessCheck(StripeClient& client, const StripeConfig& config);

    /// Runs the reads; ok with what was verified, or not ok naming what is missing and the fix.
    sdk::CheckResult run();

private:
    StripeClient& client_;
    const StripeConfig& config_;
};

}  // namespace ledgersync::connectors::stripe
