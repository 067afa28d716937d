#pragma once
/// Reads of the "payment" stream (charges, each with its balance transaction), the "refund"
/// stream (refunds), the "payout" stream (payouts, each with the balance transactions it
/// contains) and the "dispute" stream (disputes, with their balance transactions): a backfill by
/// list paging, then a catch-up through /v1/events (and, past Stripe's 30-day events window,
/// through the balance transactions since the lost anchor), and reads by id. A backfill page is one call
/// for 100 objects with their balance transactions expanded (expand[]=data.balance_transaction):
/// 0.01 calls per charge; an automatic payout costs one more call per 100 transactions it
/// contains. docs/connectors/stripe.md, "Reads".

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <ledgersync/sdk.hpp>
#include <nlohmann/json.hpp>

#include "client.hpp"
#include "config.hpp"
#include "read_cursor.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::stripe {

/// What a stream reads from Stripe.
struct StreamKind {
    /// Canonical type: "payment", "refund", "payout" or "dispute".
    std::string type;
    /// Its object in Stripe: "charge", "refund", "payout" or "dispute".
    std::string object;
    /// The list and retrieve path: "/v1/charges".
    std::string path;
    /// The event types that change such objects (at most 20: Stripe's limit for types[]).
    std::vector<std::string> event_types;
    /// Whether the object has a "balance_transaction" to expand (charges, refunds).
    bool expands_balance_transaction = true;
};

/// The stream of `type`, or nullptr.
const StreamKind* find_stream(const std::string& type);
/// The stream whose Stripe object is `object` ("charge"), or nullptr.
const StreamKind* stream_of_object(const std::string& object);

class Reader {
public:
    Reader(StripeClient& client, const StripeConfig& config);

    sdk::ReadResult read(const sdk::ReadRequest& request);

    /// The object of `stream` with this id as Stripe has it now, balance transaction expanded;
    /// nullopt when Stripe has no such object. Throws sdk::Error for other failures.
    std::optional<nlohmann::json> fetch(const StreamKind& stream, const std::string& id);

    /// Translates `object` of `stream` into `records` or `untranslated`, dated now. An automatic
    /// payout's contents are read first (GET /v1/balance_transactions?payout=, every page);
    /// throws sdk::Error when that read fails.
    void translate(const StreamKind& stream, const nlohmann::json& object, std::vector<sdk::Record>& records,
                   std::vector<sdk::UntranslatedRecord>& untranslated);

    /// The ids of the objects of `stream` that `events` (oldest first) name, each once, in order.
    static std::vector<std::string> objects_named(const StreamKind& stream, const nlohmann::json& events);

    /// The ids of the objects of `stream` that `transactions` (balance transactions with
    /// `source` expanded, newest first) moved money for, each once, oldest first: a source of
    /// the stream's object, or for the payment stream the charge of a refund or dispute
    /// source. A source created at or after `listed_since` is left out: the backfill that
    /// follows lists it.
    static std::vector<std::string> objects_moved(const StreamKind& stream, const nlohmann::json& transactions,
                                                  std::int64_t listed_since);

private:
    /// Every balance transaction GET /v1/balance_transactions?payout=<id> lists, newest first.
    nlohmann::json payout_contents(const std::string& payout_id);
    sdk::ReadResult read_ids(const StreamKind& stream, const std::vector<std::string>& ids);
    sdk::ReadResult backfill(const StreamKind& stream, ReadCursor cursor);
    sdk::ReadResult catch_up(const StreamKind& stream, ReadCursor cursor);
    /// The anchor `lost` is past the events window: warns, takes a new anchor, reads the first
    /// page of balance transactions.
    sdk::ReadResult begin_gap(const StreamKind& stream, const ReadCursor& lost);
    /// One page of balance transactions since `cursor.gap_since` and the objects they moved.
    sdk::ReadResult read_gap(const StreamKind& stream, ReadCursor cursor);
    /// The newest event of `stream`'s types now (empty: none) and Stripe's time of it.
    void anchor(const StreamKind& stream, ReadCursor& cursor);
    StripeParameters event_filter(const StreamKind& stream) const;
    std::string now_rfc3339() const;

    StripeClient& client_;
    const StripeConfig& config_;
    TranslationSettings settings_;
};

}  // namespace ledgersync::connectors::stripe
