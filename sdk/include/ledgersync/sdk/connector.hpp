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

/// Asks for the next page of a stream ("invoice", "payment", ...) after `cursor`.
struct ReadRequest {
    std::string stream;
    /// The cursor returned by the previous read, as the host stored it; nullopt on first read.
    std::optional<std::string> cursor;
};

/// One page of records and the cursor to resume after them. The host stores the cursor in the
/// same transaction as the records, so a crash never loses or repeats a page.
struct ReadResult {
    std::vector<Record> records;
    std::optional<std::string> cursor;
    /// True when another read would return more right away.
    bool has_more = false;
};

/// What a verified webhook delivery contained. The host answered the sender when it stored the
/// delivery, before webhook() ran: response_status and response_body are not sent.
struct WebhookResult {
    std::vector<Record> records;
    int response_status = 200;
    std::string response_body;
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

    /// Reads the next page of `request.stream`.
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
