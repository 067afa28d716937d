#pragma once
/// Base class of connector plugins: the part of ledgersync that talks to one external system
/// (HubSpot, QuickBooks Online, Stripe...). One instance serves one configured connection.
///
/// A connector translates between its API and canonical records, and reports what happened;
/// the host owns cursors, retries, dead letters and ordering. Override what your system offers;
/// the defaults answer "unsupported". Export the class with LEDGERSYNC_CONNECTOR (plugin.hpp).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ledgersync/sdk/http.hpp"
#include "ledgersync/sdk/outcome.hpp"
#include "ledgersync/sdk/record.hpp"

namespace ledgersync::sdk {

/// Thrown (or left to the defaults below) for an operation a plugin does not offer.
class Unsupported : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Result of Connector::check.
struct CheckResult {
    bool ok = true;
    /// What was verified, or what is wrong and how to fix it.
    std::string details;
};

/// Asks for the next page of a stream ("invoice", "payment", ...) after `cursor`, or for
/// particular objects of the stream again (`ids`).
struct ReadRequest {
    std::string stream;
    /// The cursor returned by the previous read, as the host stored it; nullopt on first read.
    std::optional<std::string> cursor;
    /// When not empty, read exactly these objects of the stream (their ids in your system)
    /// instead of the next page, and set ReadResult::answers_ids. The host asks this when an
    /// operator retries objects you reported as untranslated; `cursor` is then absent and the
    /// result's cursor and has_more are ignored. Return each object as a record, as
    /// untranslated again, or not at all when it no longer exists.
    std::vector<std::string> ids = {};
};

/// An object the connector read but could not turn into a valid canonical record (a QBO
/// invoice with a line type the canonical model lacks, an amount that does not add up...).
/// Report it instead of dropping it: the host keeps it as a failure (stage "read", class data)
/// that the operator sees in `ledgersync failures` and can retry once the cause is fixed; a
/// retry asks read() for the object again by id (ReadRequest::ids).
struct UntranslatedRecord {
    /// Who it is: `type` is the canonical type it would have had and `id` its id in your
    /// system (what ReadRequest::ids will name). The host fills in `connection`.
    RecordIdentity identity;
    /// Its version in your system (SyncToken, etag), when known.
    std::string version;
    /// When your system last changed it, RFC 3339 UTC, when known. An untranslated copy older
    /// than the record the host already has is ignored.
    std::string updated_at;
    /// The object as your system returned it, so the failure shows what could not be read.
    nlohmann::json raw;
    /// What could not be translated, and where ("line 3: DetailType \"DescriptionOnly\"...").
    std::string reason;
    /// What to do about it ("correct the invoice in QuickBooks, then retry the failure").
    std::string fix_hint;
};

/// One page of records and the cursor to resume after them. The host stores the cursor in the
/// same transaction as the records and the untranslated objects, so a crash never loses or
/// repeats a page, nor loses a failure.
struct ReadResult {
    std::vector<Record> records;
    /// Objects of the page that could not be translated; the cursor moves past them, and each
    /// becomes a failure an operator can retry.
    std::vector<UntranslatedRecord> untranslated;
    std::optional<std::string> cursor;
    /// True when another read would return more right away.
    bool has_more = false;
    /// True when this result answers a read by ids (ReadRequest::ids). A connector that cannot
    /// read objects by id leaves it false (or throws Unsupported); the host then keeps their
    /// failures open and says so.
    bool answers_ids = false;
};

/// What a verified webhook delivery contained. The host answered the sender when it stored the
/// delivery, before webhook() ran: response_status and response_body are not sent.
struct WebhookResult {
    std::vector<Record> records;
    int response_status = 200;
    std::string response_body;
    /// Objects named by the delivery that could not be translated (see UntranslatedRecord).
    std::vector<UntranslatedRecord> untranslated = {};
};

/// One record to write, as handed over by the host.
struct WriteItem {
    /// Deterministic per (route, source object, operation, version); identical on every retry.
    /// Send it through the API's idempotency mechanism (QBO requestid, Stripe Idempotency-Key).
    std::string idempotency_key;
    /// "create", "update", "upsert", "void" or "delete".
    std::string operation;
    /// The record to write, references resolved (RecordLink::target_id).
    Record record;
    /// The object's id in this connector's system when already linked, else empty.
    std::string target_id;
    /// The version last seen of that object in this system (e.g. QBO SyncToken), may be empty.
    std::string target_version;
    /// 1 on the first attempt.
    std::int64_t attempt = 1;
};

/// A document to fetch, e.g. {"invoice_pdf", "<QBO invoice id>"}.
struct FetchRequest {
    std::string document;
    std::string id;
};

/// Bytes of a fetched document.
struct Document {
    std::string content_type;
    std::string bytes;
};

class Connector {
public:
    virtual ~Connector() = default;

    /// Verifies credentials and connectivity without changing anything.
    virtual CheckResult check() { return {true, "this connector has no check"}; }

    /// Reads the next page of `request.stream`, or the objects `request.ids` names. Objects
    /// that cannot be translated go to ReadResult::untranslated, never silently away.
    virtual ReadResult read(const ReadRequest& request) {
        throw Unsupported("this connector cannot read stream '" + request.stream + "'");
    }

    /// Verifies (signature, timestamp) and decodes one webhook delivery, stored by the host and
    /// handed over off the HTTP thread, never while read() runs. Throw an sdk::Error of class
    /// data for a delivery that fails verification: the host drops it, logs and counts the
    /// rejection. Any other error keeps the delivery for a later attempt.
    virtual WebhookResult webhook(const HttpRequest& /*request*/) {
        throw Unsupported("this connector does not accept webhooks");
    }

    /// Writes a batch (at most the batch size declared in the manifest). Returns exactly one
    /// outcome per item, in the same order. Throwing fails every item with the thrown outcome.
    /// May run on several threads at once (batches of different objects), and while read(),
    /// webhook(), check() or fetch() run: guard what it mutates with a lock.
    virtual std::vector<Outcome> write(const std::vector<WriteItem>& items) {
        (void)items;
        throw Unsupported("this connector does not write");
    }

    /// Fetches a document such as an invoice PDF.
    virtual Document fetch(const FetchRequest& request) {
        throw Unsupported("this connector cannot fetch '" + request.document + "'");
    }
};

}  // namespace ledgersync::sdk
