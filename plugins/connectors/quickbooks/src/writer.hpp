#pragma once
/// Writing records to QBO: what each write item becomes (create, sparse update, void,
/// deactivate), one /batch request for the items of one write() call (or a single request for
/// one item), the requestid that makes every retry safe, and per-item outcomes.
///
/// Request ids. QBO replays the first answer to a requestid (reference/qbo.md §1.9), for a whole
/// /batch request at once. An item's retry may come in another grouping than its first try, so
/// each item's requestid (and bId) is recorded in the state service *before* it is sent, under
/// "requestid/<idempotency key>". A retry with a record resends under the recorded requestid:
/// QBO replays what it did, and nothing is created twice. An item the replayed batch does not
/// contain was never executed under that requestid and is sent again under a new one. Once QBO
/// has answered an item with a fault, the record is dropped, so that the retry after a fix gets
/// a new requestid rather than the replayed fault; after success it is dropped an hour later
/// (the host has recorded the outcome by then; after a crash it stays and replays). A record of
/// a create does not apply to a later attempt that names the object (an update): the host only
/// knows the object's id once that create's outcome was committed.
///
/// Totals. An invoice QBO created or updated with a TotalAmt other than the source total is a
/// data failure with both totals, although QBO holds it: the outcome carries its id and
/// SyncToken, so the host links it, and the retry after a fix updates it.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/decimal.hpp>

#include "client.hpp"
#include "config.hpp"

namespace ledgersync::connectors::quickbooks {

class Writer {
public:
    Writer(QboClient& client, const QboConfig& config);

    /// One outcome per item, in order (sdk::Connector::write).
    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items);

    /// What is wrong with mapping.custom_field_ids for this company: one reason per mapped name
    /// whose field the company has not turned on or names otherwise (its Preferences, read once;
    /// throws sdk::Error when they cannot be read). Empty when every mapped field is there. For
    /// check(), so that a mapping QuickBooks would not honour is seen at start, not at the first
    /// invoice that carries the field.
    std::vector<std::string> custom_field_mapping_problems();
    /// What to do about any of them.
    static std::string custom_field_mapping_fix(const std::string& name);

    /// How long a request record outlives the success it recorded.
    static constexpr std::int64_t kRecordRetentionMs = 60LL * 60 * 1000;

private:
    struct Pending;
    struct Group;

    /// What the item becomes, or its outcome when it cannot be written.
    void prepare(Pending& p);
    void prepare_payment(Pending& p);
    void prepare_refund(Pending& p);
    /// A refund linked by a plain Id: a refund receipt, or a credit memo written before credit
    /// memos had an id form of their own. The entity whose memo names this refund is the one
    /// (its kind set on `p`); neither is a data failure, so that nothing else is changed.
    void resolve_plain_refund_link(Pending& p);
    /// The id and SyncToken of the target, reading it when the host knows no version.
    void ensure_sync_token(Pending& p);
    /// A transaction in a foreign currency carries QBO's own exchange rate for its date.
    void apply_exchange_rate(Pending& p);

    /// Groups the prepared items into requests by their recorded (or new) request ids.
    std::vector<Group> plan(std::vector<Pending*>& sendable);
    void send_single(Pending& p);
    void send_batch(Group& group, std::vector<Pending*>& unexecuted);

    /// Reads an answered entity (or fault) of item `p`; settles p.outcome.
    void settle_entity(Pending& p, const nlohmann::json& entity);
    /// A data outcome when QBO's TotalAmt of the written entity is not exactly the source
    /// total; it carries the entity's id and SyncToken (it exists), so the host keeps the link.
    std::optional<sdk::Outcome> total_mismatch(const Pending& p, const nlohmann::json& entity);
    /// Existing customers and items by (entity, lower-cased name): the rows QuickBooks returned
    /// for the names of creates it refused as duplicates (6240).
    using ExistingNames = std::map<std::pair<std::string, std::string>, std::vector<nlohmann::json>>;
    /// `names`, when given, holds the lookups a batch made at once for its duplicate names.
    void settle_fault(Pending& p, const QboFault& fault, int http_status, std::chrono::milliseconds retry_after,
                      const ExistingNames* names = nullptr);
    /// 5010: read the entity again, take its SyncToken, send once more.
    bool retry_stale(Pending& p);
    /// 6240 on a customer or item create: the existing one, when it is the same (looked up in
    /// `names` when given, else by a query of its own).
    std::optional<sdk::Outcome> match_duplicate_name(Pending& p, const ExistingNames* names);
    /// The customers and items named like the creates of `refused` (each answered 6240), in one
    /// query per entity and up to kNamesPerLookup names; nullopt when a query failed (each
    /// create then looks its name up alone).
    std::optional<ExistingNames> existing_names(const std::vector<Pending*>& refused);
    /// 6140 on an invoice create: the existing invoice with that number when it is this one (same
    /// customer and total: a create whose answer was lost), else a data failure naming both.
    sdk::Outcome settle_duplicate_number(Pending& p, const QboFault& fault, int http_status);
    /// What the company's sales forms take (Preferences.SalesFormsPrefs), read once and then
    /// kept (throws sdk::Error, classified, when it cannot be read; the next call tries again).
    struct SalesForms {
        /// CustomTxnNumbers: invoices keep the source's number as DocNumber.
        bool custom_numbers = false;
        /// The custom fields turned on: DefinitionId ("1".."3") -> name.
        std::map<std::string, std::string> custom_fields;
    };
    const SalesForms& sales_forms();
    /// A data failure when `p`'s CustomField entries (mapping.custom_field_ids) name a field
    /// the company has not turned on, or one it names otherwise: QuickBooks would drop the value
    /// silently, or put it into another field.
    std::optional<sdk::Outcome> custom_field_mismatch(const Pending& p);
    /// Why `name` mapped to field `id` is not honoured by the company, or nothing when it is.
    std::optional<std::string> custom_field_problem(const std::string& name, const std::string& id);

    void put_record(const Pending& p);
    void drop_record(const Pending& p);
    void drop_record_later(const Pending& p);
    void prune_records();

    QboClient& client_;
    const QboConfig& config_;
    sdk::HostServices host_;

    std::mutex rates_mutex_;
    std::map<std::string, sdk::Decimal> rates_;  // "EUR/2026-11-20" -> home units per EUR

    std::mutex preferences_mutex_;
    std::optional<SalesForms> sales_forms_;

    std::mutex retention_mutex_;
    std::vector<std::pair<std::int64_t, std::string>> records_to_drop_;  // (due ms, state key)
};

}  // namespace ledgersync::connectors::quickbooks
