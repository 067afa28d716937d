#include "reader.hpp"

#include <algorithm>
#include <chrono>

#include <ledgersync/sdk/timestamp.hpp>

namespace ledgersync::connectors::stripe {

using nlohmann::json;

namespace {

const std::vector<StreamKind>& streams() {
    static const std::vector<StreamKind> kStreams = {
        {"payment", "charge", "/v1/charges",
         {"charge.succeeded", "charge.failed", "charge.captured", "charge.refunded", "charge.updated", "charge.pending",
          "charge.expired"}},
        {"refund", "refund", "/v1/refunds", {"refund.created", "refund.updated", "charge.refund.updated"}},
        {"payout", "payout", "/v1/payouts",
         {"payout.created", "payout.updated", "payout.paid", "payout.failed", "payout.canceled", "payout.reconciliation_completed"},
         false},
        {"dispute", "dispute", "/v1/disputes",
         {"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_withdrawn",
          "charge.dispute.funds_reinstated"},
         false},
    };
    return kStreams;
}

/// How far before a lost anchor a new backfill starts, so that nothing near it is missed.
constexpr std::int64_t kAnchorOverlapSeconds = 60;
/// How long after the start of an unanchored catch-up its first events are trusted to be still
/// there: Stripe keeps events 30 days; a day less leaves room for clocks and a slow read.
constexpr std::int64_t kEventsTrustedSeconds = 29LL * 86'400;
/// Pages of events read without an anchor before the read returns (has_more continues).
constexpr int kMaxUnanchoredPages = 50;

}  // namespace

const StreamKind* find_stream(const std::string& type) {
    for (const auto& s : streams()) {
        if (s.type == type) return &s;
    }
    return nullptr;
}

const StreamKind* stream_of_object(const std::string& object) {
    for (const auto& s : streams()) {
        if (s.object == object) return &s;
    }
    return nullptr;
}

Reader::Reader(StripeClient& client, const StripeConfig& config)
    : client_(client), config_(config), settings_{config.invoice_metadata_key} {}

std::string Reader::now_rfc3339() const {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(client_.host().now().time_since_epoch()).count();
    return sdk::Timestamp::from_epoch_milliseconds(ms).to_rfc3339();
}

void Reader::translate(const StreamKind& stream, const json& object, std::vector<sdk::Record>& records,
                       std::vector<sdk::UntranslatedRecord>& untranslated) {
    json related;
    // Stripe says what an automatic payout contains; a manual one's contents are unknown.
    if (stream.type == "payout" && object.is_object() && object.value("automatic", false)) {
        related = payout_contents(stripe_id(object));
    }
    translate_object(stream.type, object, settings_, now_rfc3339(), records, untranslated, related);
}

json Reader::payout_contents(const std::string& payout_id) {
    json contents = json::array();
    const CallContext context{"listing", "the balance transactions of payout " + payout_id};
    std::string after;
    while (true) {
        StripeParameters parameters{{"payout", payout_id}, {"limit", std::to_string(config_.limits.page_size)}};
        if (!after.empty()) parameters.emplace_back("starting_after", after);
        const ListPage page = client_.list("/v1/balance_transactions", parameters, context);
        for (const auto& transaction : page.data) contents.push_back(transaction);
        if (!page.has_more || page.data.empty()) return contents;
        after = stripe_id(page.data.back());
    }
}

std::optional<json> Reader::fetch(const StreamKind& stream, const std::string& id) {
    StripeParameters parameters;
    if (stream.expands_balance_transaction) parameters.emplace_back("expand[]", "balance_transaction");
    return client_.get_if_exists(stream.path + "/" + sdk::percent_encode(id), parameters,
                                 CallContext{"reading", stream.object + " " + id});
}

sdk::ReadResult Reader::read(const sdk::ReadRequest& request) {
    const StreamKind* stream = find_stream(request.stream);
    if (stream == nullptr) {
        throw sdk::Unsupported("the Stripe connector reads the streams \"payment\", \"refund\", \"payout\" and \"dispute\", not \"" +
                               request.stream + "\"");
    }
    if (!request.ids.empty()) return read_ids(*stream, request.ids);
    ReadCursor cursor;
    if (request.cursor) {
        cursor = ReadCursor::parse(*request.cursor);
    } else {
        cursor.created_gte = config_.sync_from;
    }
    switch (cursor.phase) {
        case ReadCursor::Phase::backfill: return backfill(*stream, std::move(cursor));
        case ReadCursor::Phase::gap: return read_gap(*stream, std::move(cursor));
        case ReadCursor::Phase::events: break;
    }
    return catch_up(*stream, std::move(cursor));
}

sdk::ReadResult Reader::read_ids(const StreamKind& stream, const std::vector<std::string>& ids) {
    sdk::ReadResult result;
    result.answers_ids = true;
    for (const auto& id : ids) {
        if (const auto object = fetch(stream, id)) translate(stream, *object, result.records, result.untranslated);
    }
    return result;
}

StripeParameters Reader::event_filter(const StreamKind& stream) const {
    StripeParameters parameters;
    for (const auto& type : stream.event_types) parameters.emplace_back("types[]", type);
    return parameters;
}

void Reader::anchor(const StreamKind& stream, ReadCursor& cursor) {
    StripeParameters parameters = event_filter(stream);
    parameters.emplace_back("limit", "1");
    const ListPage newest = client_.list("/v1/events", parameters, CallContext{"listing", "the newest " + stream.object + " event"});
    cursor.anchored = true;
    cursor.started_at = std::chrono::duration_cast<std::chrono::seconds>(client_.host().now().time_since_epoch()).count();
    if (!newest.data.empty()) {
        cursor.anchor = stripe_id(newest.data.front());
        cursor.started_at = newest.data.front().value("created", cursor.started_at);
    }
}

sdk::ReadResult Reader::backfill(const StreamKind& stream, ReadCursor cursor) {
    if (!cursor.anchored) anchor(stream, cursor);
    StripeParameters parameters{{"limit", std::to_string(config_.limits.page_size)}};
    if (stream.expands_balance_transaction) parameters.emplace_back("expand[]", "data.balance_transaction");
    if (cursor.created_gte) parameters.emplace_back("created[gte]", std::to_string(*cursor.created_gte));
    if (!cursor.after.empty()) parameters.emplace_back("starting_after", cursor.after);
    const ListPage page = client_.list(stream.path, parameters, CallContext{"listing", stream.object + "s"});
    client_.host().count("stripe_backfill_pages_total", 1, "stream=" + stream.type);

    sdk::ReadResult result;
    for (const auto& object : page.data) translate(stream, object, result.records, result.untranslated);
    if (page.has_more && !page.data.empty()) {
        cursor.after = stripe_id(page.data.back());
        result.has_more = true;
    } else {
        // Everything up to the anchor is read: from now on, the events after it.
        cursor.phase = ReadCursor::Phase::events;
        cursor.after.clear();
        result.has_more = true;
    }
    result.cursor = cursor.to_text();
    return result;
}

std::vector<std::string> Reader::objects_named(const StreamKind& stream, const json& events) {
    std::vector<std::string> ids;
    for (const auto& event : events) {
        const auto data = event.find("data");
        if (data == event.end() || !data->is_object() || !data->contains("object")) continue;
        const json& object = data->at("object");
        if (!object.is_object() || object.value("object", std::string()) != stream.object) continue;
        const std::string id = stripe_id(object);
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
}

sdk::ReadResult Reader::catch_up(const StreamKind& stream, ReadCursor cursor) {
    const CallContext context{"listing", stream.object + " events"};
    StripeParameters parameters = event_filter(stream);
    parameters.emplace_back("limit", "100");
    json events = json::array();  // newest first
    bool more = false;
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(client_.host().now().time_since_epoch()).count();
    if (!cursor.anchor.empty()) {
        parameters.emplace_back("ending_before", cursor.anchor);
        if (auto page = client_.list_if_exists("/v1/events", parameters, context)) {
            events = std::move(page->data);
            more = page->has_more;
        } else {
            return begin_gap(stream, cursor);
        }
    } else {
        // No event existed when the backfill began: every event since then, all pages, unless
        // the first of them may be past Stripe's window already (nothing else would say so).
        if (now - cursor.started_at > kEventsTrustedSeconds) return begin_gap(stream, cursor);
        parameters.emplace_back("created[gte]", std::to_string(cursor.started_at));
        std::string after;
        for (int pages = 0; pages < kMaxUnanchoredPages; ++pages) {
            StripeParameters paged = parameters;
            if (!after.empty()) paged.emplace_back("starting_after", after);
            const ListPage page = client_.list("/v1/events", paged, context);
            for (const auto& event : page.data) events.push_back(event);
            if (!page.has_more || page.data.empty()) break;
            after = stripe_id(page.data.back());
        }
    }

    sdk::ReadResult result;
    if (events.empty()) {
        // Still no event: the next read may start later, so that a quiet stream never looks
        // like a gap (the same host-clock bound anchor() takes when there is no event).
        if (cursor.anchor.empty()) cursor.started_at = std::max(cursor.started_at, now - kAnchorOverlapSeconds);
        result.cursor = cursor.to_text();
        return result;
    }
    std::reverse(events.begin(), events.end());  // oldest first
    // Events are hints: each object they name is read as Stripe has it now, once per page.
    for (const auto& id : objects_named(stream, events)) {
        if (const auto object = fetch(stream, id)) translate(stream, *object, result.records, result.untranslated);
    }
    cursor.anchor = stripe_id(events.back());
    cursor.started_at = events.back().value("created", cursor.started_at);
    result.cursor = cursor.to_text();
    result.has_more = more;
    return result;
}

std::vector<std::string> Reader::objects_moved(const StreamKind& stream, const json& transactions, std::int64_t listed_since) {
    std::vector<std::string> ids;
    const auto add = [&ids](const std::string& id) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    // Oldest first, as events are followed, so an object's records come in the order it changed.
    for (auto it = transactions.rbegin(); it != transactions.rend(); ++it) {
        const auto source = it->find("source");
        if (source == it->end() || !source->is_object()) continue;
        const std::string object = source->value("object", std::string());
        if (object == stream.object) {
            // charge/payment -> its charge, refund/payment_refund/refund_failure -> its refund,
            // adjustment -> its dispute, payout/payout_failure/payout_cancel -> its payout.
            if (source->value("created", std::int64_t{0}) < listed_since) add(stripe_id(*source));
        } else if (stream.object == "charge" && (object == "refund" || object == "dispute")) {
            // A refund or a dispute changes its charge's refunded amount or disputed flag.
            const auto charge = source->find("charge");
            if (charge != source->end()) add(charge->is_string() ? charge->get<std::string>() : stripe_id(*charge));
        }
    }
    return ids;
}

sdk::ReadResult Reader::begin_gap(const StreamKind& stream, const ReadCursor& lost) {
    const std::string lost_events = lost.anchor.empty() ? "the events since " + std::to_string(lost.started_at) + " (unix time)"
                                                         : "the event " + lost.anchor;
    client_.host().log(sdk::LogLevel::warning,
                       "Stripe no longer has " + lost_events + " the " + stream.type +
                           " stream had read up to (it keeps events 30 days); reading the balance transactions since then "
                           "and the " + stream.object + "s they moved money for, then the " + stream.object +
                           "s created since then, again");
    client_.host().count("stripe_gaps_total", 1, "stream=" + stream.type);
    ReadCursor gap;
    gap.phase = ReadCursor::Phase::gap;
    gap.gap_since = lost.started_at - kAnchorOverlapSeconds;
    // The new anchor first, as a backfill takes it: whatever changes while the gap is read comes
    // through the events after it.
    anchor(stream, gap);
    client_.host().count("stripe_gap_calls_total", 1, "stream=" + stream.type);
    return read_gap(stream, std::move(gap));
}

sdk::ReadResult Reader::read_gap(const StreamKind& stream, ReadCursor cursor) {
    StripeParameters parameters{{"created[gte]", std::to_string(cursor.gap_since)},
                                {"limit", std::to_string(config_.limits.page_size)},
                                {"expand[]", "data.source"}};
    if (!cursor.after.empty()) parameters.emplace_back("starting_after", cursor.after);
    const ListPage page = client_.list("/v1/balance_transactions", parameters,
                                       CallContext{"listing", "the balance transactions of the " + stream.type + " stream's gap"});
    client_.host().count("stripe_gap_calls_total", 1, "stream=" + stream.type);

    sdk::ReadResult result;
    // Movements are hints, as events are: each object is read as Stripe has it now, once per page.
    for (const auto& id : objects_moved(stream, page.data, cursor.gap_since)) {
        client_.host().count("stripe_gap_calls_total", 1, "stream=" + stream.type);
        if (const auto object = fetch(stream, id)) translate(stream, *object, result.records, result.untranslated);
    }
    if (page.has_more && !page.data.empty()) {
        cursor.after = stripe_id(page.data.back());
    } else {
        // What moved no money yet (a pending charge, a payout not yet paid, a refund waiting for
        // action) has no balance transaction: a backfill of everything created since the gap
        // began finds it, then the stream follows the new anchor's events.
        cursor.phase = ReadCursor::Phase::backfill;
        cursor.created_gte = cursor.gap_since;
        cursor.after.clear();
    }
    result.has_more = true;
    result.cursor = cursor.to_text();
    return result;
}

}  // namespace ledgersync::connectors::stripe
