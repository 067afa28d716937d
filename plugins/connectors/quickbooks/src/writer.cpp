#include "writer.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/money.hpp>

#include "encoding.hpp"
#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

constexpr const char* kRecordPrefix = "requestid/";
// bIds must stay within 10 characters when a requestid is sent (reference/qbo.md §1.3).
constexpr std::size_t kBidLength = 10;

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<milliseconds>(host.now().time_since_epoch()).count();
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

struct Writer::Pending {
    enum class Op { create, update, void_transaction, void_payment, deactivate };

    std::size_t index = 0;
    const sdk::WriteItem* item = nullptr;
    const EntityKind* kind = nullptr;
    Op op = Op::create;
    QboBody body;
    std::string id;
    std::string sync_token;
    FaultContext context;
    std::optional<sdk::Outcome> outcome;
    std::string requestid;
    std::string bid;
    /// The request id came from a record of an earlier attempt.
    bool recorded = false;
    bool stale_retried = false;

    std::string action() const {
        switch (op) {
            case Op::create: return "created";
            case Op::update: return "updated";
            case Op::void_transaction:
            case Op::void_payment: return "voided";
            case Op::deactivate: return "deactivated";
        }
        return "written";
    }

    /// The entity members sent: the body, or the Id/SyncToken forms of updates and voids.
    json request_entity() const {
        switch (op) {
            case Op::create: return body.body;
            case Op::update: {
                json entity = body.body;
                entity["Id"] = id;
                entity["SyncToken"] = sync_token;
                entity["sparse"] = true;
                return entity;
            }
            case Op::void_transaction: return json{{"Id", id}, {"SyncToken", sync_token}};
            case Op::void_payment: return json{{"Id", id}, {"SyncToken", sync_token}, {"sparse", true}};
            case Op::deactivate: return json{{"Id", id}, {"SyncToken", sync_token}, {"sparse", true}, {"Active", false}};
        }
        return body.body;
    }

    std::string state_key() const { return kRecordPrefix + item->idempotency_key; }
};

struct Writer::Group {
    std::string requestid;
    bool batch = false;
    std::vector<Pending*> items;
};

Writer::Writer(QboClient& client, const QboConfig& config) : client_(client), config_(config), host_(client.host()) {}

// ------------------------------------------------------------------------------------------------
// Preparing

void Writer::prepare(Pending& p) {
    const sdk::WriteItem& item = *p.item;
    const sdk::Record& record = item.record;
    const std::string& type = record.identity.type;
    if (!item.target_id.empty()) {
        // The link names the entity: an update or delete reaches the entity written, whatever a
        // create would make today.
        const LinkedEntity linked = entity_of_link(type, item.target_id);
        p.kind = linked.kind;
        p.id = linked.qbo_id;
        p.sync_token = item.target_version;
        if (type == "refund" && p.kind != nullptr && p.kind->id_prefix.empty()) {
            resolve_plain_refund_link(p);
            if (p.outcome) return;
        }
    } else {
        std::string entity;
        if (type == "refund") entity = refund_entity(record, config_.mapping);
        if (type == "payout") entity = payout_is_deposit(record, config_.mapping) ? "Deposit" : "Transfer";
        if (type == "dispute") entity = dispute_entity(record);
        for (const auto* kinds : {&entity_kinds(), &written_only_kinds()}) {
            for (const auto& kind : *kinds) {
                if (p.kind == nullptr && kind.type == type && (entity.empty() || kind.entity == entity)) p.kind = &kind;
            }
        }
    }
    if (p.kind == nullptr) {
        p.outcome = sdk::Outcome::fatal("the QuickBooks connector does not write " + type + " records",
                                        "route only invoice, customer, product, payment, refund, expense, payout and dispute records to it");
        return;
    }
    const std::string generic_label = type + " " + (item.target_id.empty() ? std::string() : item.target_id + " ") + "(" +
                                      (record.identity.system.empty() ? record.identity.connection : record.identity.system) +
                                      " " + record.identity.id + ")";
    p.body.entity = std::string(p.kind->entity);
    p.body.label = generic_label;
    const std::string& operation = item.operation;

    if (type == "dispute" && !item.target_id.empty()) {
        p.outcome = sdk::Outcome::data("dispute movement " + record.identity.id + " is already booked in QuickBooks (" +
                                           item.target_id + "); a money movement is booked once and never changed",
                                       "nothing to do: dismiss the failure, and write disputes with \"mode\": \"create\"");
        return;
    }
    if (operation == "delete" || operation == "void") {
        if (item.target_id.empty()) {
            p.outcome = sdk::Outcome::data("there is no QuickBooks " + type + " to " + operation + " for " + generic_label,
                                           "nothing to do: dismiss the failure");
            return;
        }
        if (p.kind->transaction) {
            p.op = type == "payment" ? Pending::Op::void_payment : Pending::Op::void_transaction;
        } else if (operation == "delete") {
            // QBO never deletes name-list entities; it makes them inactive (reference/qbo.md §1.10).
            p.op = Pending::Op::deactivate;
        } else {
            p.outcome = sdk::Outcome::data("a " + type + " cannot be voided in QuickBooks (" + generic_label + ")",
                                           "delete it instead (it is then made inactive)");
            return;
        }
    } else if (operation == "create" || operation == "update" || operation == "upsert") {
        p.op = item.target_id.empty() ? Pending::Op::create : Pending::Op::update;
        try {
            if (type == "invoice") {
                const std::string status = record.body.value("status", std::string{});
                if (status == "voided") {
                    if (p.op == Pending::Op::create) {
                        p.outcome = sdk::Outcome::data("invoice " + record.identity.id +
                                                           " is voided; a voided invoice is not created in QuickBooks",
                                                       "nothing to do: dismiss the failure, or filter voided invoices out of the route");
                        return;
                    }
                    p.op = Pending::Op::void_transaction;
                } else {
                    p.body = invoice_to_qbo(record, config_.mapping, sales_forms().custom_numbers);
                    if (auto mismatch = custom_field_mismatch(p)) {
                        p.outcome = std::move(*mismatch);
                        return;
                    }
                }
            } else if (type == "customer") {
                p.body = customer_to_qbo(record);
            } else if (type == "product") {
                p.body = product_to_qbo(record, config_.mapping, p.op == Pending::Op::update);
            } else if (type == "payment") {
                if (p.op == Pending::Op::update && record.body.value("status", std::string{}) == "failed") {
                    p.op = Pending::Op::void_payment;
                } else {
                    prepare_payment(p);
                }
            } else if (type == "refund") {
                prepare_refund(p);
            } else if (type == "expense") {
                p.body = expense_to_qbo(record, config_.mapping);
            } else if (type == "payout") {
                p.body = payout_to_qbo(record, config_.mapping);
            } else if (type == "dispute") {
                p.body = dispute_to_qbo(record, config_.mapping);
            }
        } catch (const sdk::Error& e) {
            p.outcome = e.outcome();
            return;
        }
        if (p.outcome) return;
    } else {
        p.outcome = sdk::Outcome::fatal("unknown write operation \"" + operation + "\" for " + generic_label,
                                        "this is a host bug; report it");
        return;
    }

    if (p.op == Pending::Op::create || p.op == Pending::Op::update) {
        try {
            apply_exchange_rate(p);
        } catch (const sdk::Error& e) {
            p.outcome = e.outcome();
            return;
        }
    }

    static const std::map<Pending::Op, std::string> kActions = {{Pending::Op::create, "creating"},
                                                                {Pending::Op::update, "updating"},
                                                                {Pending::Op::void_transaction, "voiding"},
                                                                {Pending::Op::void_payment, "voiding"},
                                                                {Pending::Op::deactivate, "deactivating"}};
    p.context = FaultContext{kActions.at(p.op), p.body.label, p.body.display_name, p.body.entity};
    if (p.op != Pending::Op::create) {
        try {
            ensure_sync_token(p);
        } catch (const sdk::Error& e) {
            p.outcome = e.outcome();
        }
    }
}

void Writer::ensure_sync_token(Pending& p) {
    if (!p.sync_token.empty()) return;
    const json entity = client_.read_entity(p.body.entity, std::string(p.kind->path), p.id,
                                            FaultContext{"reading", p.body.label, "", p.body.entity});
    p.sync_token = string_member(entity, "SyncToken").value_or("");
}

void Writer::apply_exchange_rate(Pending& p) {
    if (!p.kind->transaction) return;
    const std::string currency = ref_value(p.body.body, "CurrencyRef").value_or(config_.mapping.home_currency);
    if (currency == config_.mapping.home_currency) return;
    const std::string date = string_member(p.body.body, "TxnDate").value_or("");
    const std::string key = currency + "/" + date;
    {
        std::lock_guard lock(rates_mutex_);
        if (auto it = rates_.find(key); it != rates_.end()) {
            p.body.body["ExchangeRate"] = qbo_number(it->second);
            return;
        }
    }
    // QBO's ExchangeRate entity: home-currency units per unit of `currency` on that date
    // (the rate QBO itself would use); the canonical objects carry none.
    ApiRequest request;
    request.path = "exchangerate";
    request.parameters = {{"sourcecurrencycode", currency}};
    if (!date.empty()) request.parameters.emplace_back("asofdate", date);
    const FaultContext context{"reading the exchange rate of", currency + " on " + date + " for " + p.body.label, "", "ExchangeRate"};
    const sdk::HttpResponse response = client_.call(request);
    if (response.status < 200 || response.status >= 300) {
        throw sdk::Error(classify_response(response.status, response.body, context, response.retry_after));
    }
    std::optional<sdk::Decimal> rate;
    try {
        const json document = sdk::parse_json_exact(response.body);
        if (const json* entity = object_member(document, "ExchangeRate")) rate = decimal_member(*entity, "Rate");
    } catch (const std::exception&) {
        rate.reset();
    }
    if (!rate || rate->sign() <= 0) {
        throw sdk::Error(sdk::Outcome::data("QuickBooks has no exchange rate for " + currency + " on " + date + ", so " + p.body.label +
                                                " cannot be written in " + currency,
                                            "enter the rate in QuickBooks (Settings > Currencies), or turn multicurrency on "
                                            "for the company, then retry"));
    }
    {
        std::lock_guard lock(rates_mutex_);
        rates_[key] = *rate;
    }
    p.body.body["ExchangeRate"] = qbo_number(*rate);
}

void Writer::prepare_payment(Pending& p) {
    const sdk::Record& record = p.item->record;
    const auto payment = canonical_body<sdk::model::Payment>(record);
    const ResolvedLinks links(record);
    const std::string label = "payment " + (payment.reference_number ? *payment.reference_number : record.identity.id);

    // What this payment already applies to each invoice (an update): that much of each balance
    // is its own and can be applied again.
    std::map<std::string, sdk::Decimal> own;
    if (p.op == Pending::Op::update) {
        const json current = client_.read_entity("Payment", "payment", p.id, FaultContext{"reading", label, "", "Payment"});
        p.sync_token = string_member(current, "SyncToken").value_or(p.sync_token);
        if (const json* lines = array_member(current, "Line")) {
            for (const auto& line : *lines) {
                const auto amount = decimal_member(line, "Amount").value_or(sdk::Decimal(0));
                if (const json* linked = array_member(line, "LinkedTxn")) {
                    for (const auto& txn : *linked) {
                        if (string_member(txn, "TxnType").value_or("") == "Invoice") {
                            own[string_member(txn, "TxnId").value_or("")] += amount;
                        }
                    }
                }
            }
        }
    }
    std::vector<InvoiceBalance> balances;
    for (std::size_t i = 0; i < payment.invoices.size(); ++i) {
        const std::string id = links.qbo_id("/invoices/" + std::to_string(i), payment.invoices[i]);
        const json invoice = client_.read_entity("Invoice", "invoice", id,
                                                 FaultContext{"reading", "invoice " + id + " paid by " + label, "", "Invoice"});
        const auto reapplicable = own.find(id);
        balances.push_back(
            invoice_balance_from_qbo(invoice, config_.mapping, reapplicable == own.end() ? sdk::Decimal(0) : reapplicable->second));
        balances.back().id = id;
    }
    std::string customer;
    if (payment.customer) customer = links.qbo_id("/customer", *payment.customer);
    if (customer.empty() && !balances.empty()) customer = balances.front().customer_id;
    p.body = payment_to_qbo(record, config_.mapping, balances, customer);
}

void Writer::prepare_refund(Pending& p) {
    const sdk::Record& record = p.item->record;
    const auto refund = canonical_body<sdk::model::Refund>(record);
    const ResolvedLinks links(record);
    const std::string payment_id = links.qbo_id("/payment", refund.payment);
    const json payment = client_.read_entity("Payment", "payment", payment_id,
                                             FaultContext{"reading", "payment " + payment_id + " refunded by refund " +
                                                                         record.identity.id, "", "Payment"});
    p.body = refund_to_qbo(record, config_.mapping, p.kind->entity, payment_id, ref_value(payment, "CustomerRef").value_or(""));
}

void Writer::resolve_plain_refund_link(Pending& p) {
    const sdk::Record& record = p.item->record;
    // What the connector wrote into the memo of this refund: its processor ids, one a line.
    std::vector<std::string> lines;
    if (const auto ids = record.body.find("processor_ids"); ids != record.body.end() && ids->is_object()) {
        for (const auto& [kind, id] : ids->items()) {
            if (id.is_string()) lines.push_back(kind + ": " + id.get<std::string>());
        }
    }
    std::string tried;
    for (const std::string entity : {"RefundReceipt", "CreditMemo"}) {
        const EntityKind* kind = find_kind("refund", entity);
        json existing;
        try {
            existing = client_.read_entity(entity, std::string(kind->path), p.id,
                                           FaultContext{"reading", "refund " + p.item->target_id, "", entity});
        } catch (const sdk::Error& e) {
            if (e.outcome().kind != sdk::OutcomeClass::data) {
                p.outcome = e.outcome();
                return;
            }
            tried += (tried.empty() ? "" : " nor ") + entity + " " + p.id + " (not found)";
            continue;
        }
        const std::string note = string_member(existing, "PrivateNote").value_or("");
        const bool names_it = !lines.empty() && std::all_of(lines.begin(), lines.end(), [&](const std::string& line) {
            return note.find(line) != std::string::npos;
        });
        if (names_it) {
            p.kind = kind;
            if (p.sync_token.empty()) p.sync_token = string_member(existing, "SyncToken").value_or("");
            return;
        }
        tried += (tried.empty() ? "" : " nor ") + entity + " " + p.id + " (another refund's)";
    }
    p.outcome = sdk::Outcome::data("refund " + record.identity.id + " is linked to QuickBooks refund " + p.item->target_id +
                                       ", but neither " + tried + " is this refund; nothing was changed",
                                   "check the refund in QuickBooks (its memo names the refund's processor ids); if it is gone, "
                                   "dismiss the failure, or book the change by hand");
}

// ------------------------------------------------------------------------------------------------
// Request ids

void Writer::put_record(const Pending& p) {
    host_.state_put(p.state_key(), json{{"requestid", p.requestid},
                                        {"bid", p.bid},
                                        {"create", p.op == Pending::Op::create},
                                        {"at_ms", now_ms(host_)}}
                                       .dump());
}

void Writer::drop_record(const Pending& p) { host_.state_delete(p.state_key()); }

void Writer::drop_record_later(const Pending& p) {
    std::lock_guard lock(retention_mutex_);
    records_to_drop_.emplace_back(now_ms(host_) + kRecordRetentionMs, p.state_key());
}

void Writer::prune_records() {
    std::vector<std::string> due;
    {
        std::lock_guard lock(retention_mutex_);
        const std::int64_t now = now_ms(host_);
        auto it = std::partition(records_to_drop_.begin(), records_to_drop_.end(), [&](const auto& r) { return r.first > now; });
        for (auto d = it; d != records_to_drop_.end(); ++d) due.push_back(d->second);
        records_to_drop_.erase(it, records_to_drop_.end());
    }
    for (const auto& key : due) {
        try {
            host_.state_delete(key);
        } catch (const sdk::Error& e) {
            host_.log(sdk::LogLevel::warning, "could not drop the request record " + key + ": " + e.what());
        }
    }
}

std::vector<Writer::Group> Writer::plan(std::vector<Pending*>& sendable) {
    std::vector<Group> groups;
    std::map<std::string, std::size_t> batch_of;  // recorded batch requestid -> group
    std::vector<Pending*> fresh;
    for (Pending* p : sendable) {
        std::optional<std::string> text;
        try {
            text = host_.state_get(p->state_key());
        } catch (const sdk::Error& e) {
            p->outcome = e.outcome();
            continue;
        }
        json record;
        if (text) {
            try {
                record = sdk::parse_json_exact(*text);
            } catch (const sdk::JsonParseError&) {
                record = json();
            }
        }
        const std::string requestid = record.is_object() ? record.value("requestid", std::string{}) : std::string();
        if (requestid.empty()) {
            fresh.push_back(p);
            continue;
        }
        if (record.value("create", false) && p->op != Pending::Op::create) {
            // The create this record is for was answered and the host has linked its object
            // since (the item now names it): a retry after a disputed total, to be sent afresh.
            fresh.push_back(p);
            continue;
        }
        p->requestid = requestid;
        p->bid = record.value("bid", std::string{});
        p->recorded = true;
        if (p->bid.empty()) {
            groups.push_back(Group{requestid, false, {p}});
        } else if (auto it = batch_of.find(requestid); it != batch_of.end()) {
            groups[it->second].items.push_back(p);
        } else {
            batch_of[requestid] = groups.size();
            groups.push_back(Group{requestid, true, {p}});
        }
    }
    const std::size_t chunk = static_cast<std::size_t>(config_.limits.batch_items);
    for (std::size_t start = 0; start < fresh.size(); start += chunk) {
        const std::size_t end = std::min(fresh.size(), start + chunk);
        Group group;
        if (end - start == 1) {
            Pending* p = fresh[start];
            p->requestid = p->item->idempotency_key + "-" + std::to_string(p->item->attempt);
            group = Group{p->requestid, false, {p}};
        } else {
            std::string keys;
            std::set<std::string> bids;
            for (std::size_t i = start; i < end; ++i) {
                Pending* p = fresh[i];
                keys += p->item->idempotency_key + ":" + std::to_string(p->item->attempt) + ";";
                std::string bid = p->item->idempotency_key.substr(0, kBidLength);
                if (bid.empty() || bids.count(bid) != 0) bid = "i" + std::to_string(i - start);
                bids.insert(bid);
                p->bid = bid;
                group.items.push_back(p);
            }
            // ≤ 36 characters for a batch (reference/qbo.md §1.9).
            group.requestid = "b" + sdk::hex_encode(sdk::sha256(keys)).substr(0, 32);
            group.batch = true;
            for (Pending* p : group.items) p->requestid = group.requestid;
        }
        bool recorded = true;
        for (Pending* p : group.items) {
            try {
                put_record(*p);
            } catch (const sdk::Error& e) {
                // Unrecorded, a retry could not find its request id: do not send at all.
                p->outcome = e.outcome();
                recorded = false;
            }
        }
        if (!recorded) {
            for (Pending* p : group.items) {
                if (!p->outcome) p->outcome = sdk::Outcome::transient("the request record of another item of its batch could not be stored");
            }
            continue;
        }
        groups.push_back(std::move(group));
    }
    return groups;
}

// ------------------------------------------------------------------------------------------------
// Sending

void Writer::settle_entity(Pending& p, const json& entity) {
    const std::string id = string_member(entity, "Id").value_or(p.id);
    const std::string token = string_member(entity, "SyncToken").value_or("");
    if (id.empty()) {
        p.outcome = sdk::Outcome::transient("QuickBooks answered " + p.context.action + " " + p.context.object + " without an Id");
        return;
    }
    // Entities QuickBooks numbers apart that serve one type carry their kind in the link
    // ("creditmemo-5", "deposit-5"), so that two of them never share one link.
    sdk::Outcome outcome = sdk::Outcome::ok(link_id(*p.kind, id), token, p.action());
    if (p.body.expected_total && (p.op == Pending::Op::create || p.op == Pending::Op::update)) {
        if (auto mismatch = total_mismatch(p, entity)) outcome = std::move(*mismatch);
    }
    p.outcome = std::move(outcome);
    drop_record_later(p);
}

std::optional<sdk::Outcome> Writer::total_mismatch(const Pending& p, const json& entity) {
    const std::string id = string_member(entity, "Id").value_or(p.id);
    const std::string expected = p.body.expected_total->to_string();
    std::optional<sdk::Decimal> total;
    std::string total_text;
    try {
        total = decimal_member(entity, "TotalAmt");
    } catch (const sdk::DecimalError& e) {
        total_text = std::string("an unreadable TotalAmt (") + e.what() + ")";
    }
    if (total) {
        if (*total == *p.body.expected_total) return std::nullopt;  // exact decimals: "100.0" equals "100.00"
        total_text = total->to_string();
    } else if (total_text.empty()) {
        return std::nullopt;  // an answer without TotalAmt: nothing to compare
    }
    host_.count("qbo_total_mismatches_total");
    // The invoice exists in QuickBooks all the same: the outcome carries its id and SyncToken,
    // so the host links it and the retry after a fix updates it instead of creating another.
    sdk::Outcome outcome = sdk::Outcome::data(
        p.body.label + " was " + p.action() + " as QuickBooks " + p.body.entity + " " + id + " with TotalAmt " + total_text +
            ", but the source total is " + expected + "; the two systems disagree on what is owed",
        "QuickBooks computed another total, usually from sales tax it added itself: check the tax settings of the "
        "QuickBooks company (automated sales tax) and the tax lines of the source invoice, correct " +
            p.body.entity + " " + id + " in QuickBooks or the source, then retry the failure: it updates " +
            p.body.entity + " " + id + " rather than creating another");
    outcome.target_id = link_id(*p.kind, id);
    outcome.target_version = string_member(entity, "SyncToken").value_or("");
    outcome.action = p.action();
    outcome.details = {{"qbo_total", total ? json(total->to_string()) : json(nullptr)}, {"expected_total", expected}};
    host_.log(sdk::LogLevel::warning, outcome.reason);
    return outcome;
}

void Writer::settle_fault(Pending& p, const QboFault& fault, int http_status, milliseconds retry_after,
                          const ExistingNames* names) {
    const std::string code = fault.code();
    if (is_throttle(fault, http_status)) {
        // A throttled request was not executed and its answer is not kept: the same request id
        // stays valid. A throttle fault inside a batch answer is kept with that answer, though.
        if (http_status != 429 && http_status != 403) {
            try {
                drop_record(p);
            } catch (const sdk::Error& e) {
                host_.log(sdk::LogLevel::warning, "could not drop the request record of " + p.body.label + ": " + e.what());
            }
        }
        p.outcome = classify_fault(fault, http_status, p.context, retry_after);
        return;
    }
    // QBO keeps this answer for the request id: a later attempt needs a new one.
    if (http_status != 401 && http_status != 403 && http_status != 502 && http_status != 503 && http_status != 504) {
        try {
            drop_record(p);
        } catch (const sdk::Error& e) {
            host_.log(sdk::LogLevel::warning, "could not drop the request record of " + p.body.label + ": " + e.what());
        }
    }
    if (code == "5010" && p.op != Pending::Op::create && !p.stale_retried) {
        if (retry_stale(p)) return;
    }
    if (code == "6240" && p.op == Pending::Op::create) {
        if (auto matched = match_duplicate_name(p, names)) {
            p.outcome = std::move(*matched);
            return;
        }
    }
    if (code == "6140" && p.op == Pending::Op::create && p.body.entity == "Invoice") {
        p.outcome = settle_duplicate_number(p, fault, http_status);
        return;
    }
    p.outcome = classify_fault(fault, http_status, p.context, retry_after);
}

bool Writer::retry_stale(Pending& p) {
    p.stale_retried = true;
    host_.count("qbo_stale_retries_total");
    try {
        const json current = client_.read_entity(p.body.entity, std::string(p.kind->path), p.id,
                                                 FaultContext{"reading", p.body.label, "", p.body.entity});
        p.sync_token = string_member(current, "SyncToken").value_or("");
        p.requestid = p.item->idempotency_key + "-" + std::to_string(p.item->attempt) + "-s";
        p.bid.clear();
        put_record(p);
    } catch (const sdk::Error& e) {
        p.outcome = e.outcome();
        return true;
    }
    host_.log(sdk::LogLevel::info, p.body.label + " changed in QuickBooks meanwhile (5010); retrying with SyncToken " + p.sync_token);
    send_single(p);
    return true;
}

namespace {

/// The name property a duplicate-name fault (6240) is about.
const char* name_property(const std::string& entity) { return entity == "Customer" ? "DisplayName" : "Name"; }

/// Lookups of duplicate names are batched this many names to a query (short enough a URL).
constexpr std::size_t kNamesPerLookup = 30;

}  // namespace

std::optional<Writer::ExistingNames> Writer::existing_names(const std::vector<Pending*>& refused) {
    std::map<std::string, std::set<std::string>> names_of;  // entity -> names
    for (const Pending* p : refused) names_of[p->body.entity].insert(p->body.display_name);
    ExistingNames found;
    for (const auto& [entity, names] : names_of) {
        std::vector<std::string> chunk;
        const auto look_up = [&, &entity = entity] {
            std::string list;
            for (const auto& name : chunk) list += (list.empty() ? "" : ", ") + query_literal(name);
            const std::string sql = "SELECT * FROM " + entity + " WHERE " + name_property(entity) + " IN (" + list + ")";
            const auto [result, time] = client_.query(sql, FaultContext{"looking up", std::to_string(chunk.size()) + " " + entity +
                                                                                          " names QuickBooks holds already", "", entity});
            if (const json* rows = array_member(result, entity)) {
                for (const json& row : *rows) {
                    found[{entity, lower(string_member(row, name_property(entity)).value_or(""))}].push_back(row);
                }
            }
            chunk.clear();
        };
        try {
            for (const auto& name : names) {
                chunk.push_back(name);
                if (chunk.size() == kNamesPerLookup) look_up();
            }
            if (!chunk.empty()) look_up();
        } catch (const sdk::Error& e) {
            host_.log(sdk::LogLevel::warning, "could not look up the " + entity + " names QuickBooks holds already (" +
                                                  e.outcome().reason + "); each is looked up alone");
            return std::nullopt;
        }
    }
    return found;
}

std::optional<sdk::Outcome> Writer::match_duplicate_name(Pending& p, const ExistingNames* names) {
    const bool customer = p.body.entity == "Customer";
    if (!customer && p.body.entity != "Item") return std::nullopt;
    if (p.body.display_name.empty()) return std::nullopt;
    try {
        json looked_up;
        const json* rows = nullptr;
        if (names != nullptr) {
            const auto it = names->find({p.body.entity, lower(p.body.display_name)});
            if (it == names->end()) return std::nullopt;
            looked_up = it->second;
            rows = &looked_up;
        } else {
            const std::string sql = "SELECT * FROM " + p.body.entity + " WHERE " + name_property(p.body.entity) + " = " +
                                    query_literal(p.body.display_name);
            looked_up = client_.query(sql, FaultContext{"looking up", p.body.label, "", p.body.entity}).first;
            rows = array_member(looked_up, p.body.entity);
        }
        if (rows == nullptr || rows->size() != 1) return std::nullopt;
        const json& existing = rows->front();
        if (customer) {
            // The same name and the same e-mail address: the same customer (DESIGN.md: match a
            // QBO customer by e-mail and report the match as a link).
            const json* sent = object_member(p.body.body, "PrimaryEmailAddr");
            const json* found = object_member(existing, "PrimaryEmailAddr");
            const std::string a = sent == nullptr ? "" : lower(string_member(*sent, "Address").value_or(""));
            const std::string b = found == nullptr ? "" : lower(string_member(*found, "Address").value_or(""));
            if (a.empty() || a != b) return std::nullopt;
        }
        host_.log(sdk::LogLevel::info, p.body.label + " already exists in QuickBooks as " + p.body.entity + " " +
                                           string_member(existing, "Id").value_or("?") + "; linked to it");
        return sdk::Outcome::ok(string_member(existing, "Id").value_or(""), string_member(existing, "SyncToken").value_or(""),
                                "matched");
    } catch (const sdk::Error&) {
        return std::nullopt;
    }
}

const Writer::SalesForms& Writer::sales_forms() {
    std::lock_guard lock(preferences_mutex_);
    if (!sales_forms_) {
        const json preferences = client_.preferences();
        SalesForms forms;
        const json* prefs = object_member(preferences, "SalesFormsPrefs");
        forms.custom_numbers = prefs != nullptr && bool_member(*prefs, "CustomTxnNumbers", false);
        // CustomField: groups of {Name, BooleanValue | StringValue}: "SalesFormsPrefs.UseSalesCustomN"
        // turns field N on, "SalesFormsPrefs.SalesCustomNameN" names it.
        std::map<std::string, bool> used;
        std::map<std::string, std::string> names;
        static const json kNone = json::array();
        const json* groups = prefs == nullptr ? nullptr : array_member(*prefs, "CustomField");
        for (const json& group : groups == nullptr ? kNone : *groups) {
            const json* fields = array_member(group, "CustomField");
            for (const json& field : fields == nullptr ? kNone : *fields) {
                const std::string name = string_member(field, "Name").value_or("");
                for (const std::string n : {"1", "2", "3"}) {
                    if (name == "SalesFormsPrefs.UseSalesCustom" + n) used[n] = bool_member(field, "BooleanValue", false);
                    if (name == "SalesFormsPrefs.SalesCustomName" + n) names[n] = string_member(field, "StringValue").value_or("");
                }
            }
        }
        for (const auto& [n, on] : used) {
            if (on && !names[n].empty()) forms.custom_fields[n] = names[n];
        }
        sales_forms_ = std::move(forms);
        host_.log(sdk::LogLevel::info, sales_forms_->custom_numbers ? "the QuickBooks company uses custom transaction numbers: "
                                                                      "invoices keep their numbers as DocNumber"
                                                                    : "the QuickBooks company numbers its invoices itself "
                                                                      "(custom transaction numbers are off): invoice numbers "
                                                                      "are not sent");
    }
    return *sales_forms_;
}

std::optional<std::string> Writer::custom_field_problem(const std::string& name, const std::string& id) {
    const auto& turned_on = sales_forms().custom_fields;
    const auto found = turned_on.find(id);
    if (found != turned_on.end() && found->second == name) return std::nullopt;
    const std::string what = found == turned_on.end() ? "which the company has not turned on"
                                                       : "which the company names \"" + found->second + "\"";
    std::string company;
    for (const auto& [number, title] : turned_on) company += (company.empty() ? "" : ", ") + number + " \"" + title + "\"";
    if (company.empty()) company = "none";
    return "mapping.custom_field_ids sends \"" + name + "\" to QuickBooks custom field " + id + ", " + what +
           " (its sales-form custom fields: " + company + "); QuickBooks would drop the value or put it into another field";
}

std::string Writer::custom_field_mapping_fix(const std::string& name) {
    return "turn the field on under that name in QuickBooks (Settings > Account and settings > Sales > Custom fields), or map \"" +
           name + "\" to the number of the field that has it in mapping.custom_field_ids";
}

std::vector<std::string> Writer::custom_field_mapping_problems() {
    std::vector<std::string> problems;
    for (const auto& [name, id] : config_.mapping.custom_field_ids) {
        if (auto problem = custom_field_problem(name, id)) problems.push_back(*problem + "; to fix: " + custom_field_mapping_fix(name));
    }
    return problems;
}

std::optional<sdk::Outcome> Writer::custom_field_mismatch(const Pending& p) {
    const json* fields = array_member(p.body.body, "CustomField");
    if (fields == nullptr || fields->empty()) return std::nullopt;
    for (const json& field : *fields) {
        const std::string name = string_member(field, "Name").value_or("");
        if (auto problem = custom_field_problem(name, string_member(field, "DefinitionId").value_or(""))) {
            return sdk::Outcome::data(p.body.label + ": " + *problem, custom_field_mapping_fix(name) + ", then retry");
        }
    }
    return std::nullopt;
}

sdk::Outcome Writer::settle_duplicate_number(Pending& p, const QboFault& fault, int http_status) {
    const auto number = string_member(p.body.body, "DocNumber");
    if (!number) return classify_fault(fault, http_status, p.context);
    std::optional<NumberHolder> holder = number_holder_of(fault);
    try {
        const auto [result, time] = client_.query("SELECT * FROM Invoice WHERE DocNumber = " + query_literal(*number),
                                                  FaultContext{"looking up", "the invoice numbered " + *number, "", "Invoice"});
        const json* rows = array_member(result, "Invoice");
        const std::string customer = ref_value(p.body.body, "CustomerRef").value_or("");
        static const json kNone = json::array();
        for (const json& existing : rows == nullptr ? kNone : *rows) {
            const auto total = decimal_member(existing, "TotalAmt");
            if (p.body.expected_total && ref_value(existing, "CustomerRef").value_or("") == customer && total &&
                *total == *p.body.expected_total) {
                host_.log(sdk::LogLevel::info, p.body.label + " already exists in QuickBooks as invoice " +
                                                   string_member(existing, "Id").value_or("?") +
                                                   " (same number, customer and total); linked to it");
                return sdk::Outcome::ok(string_member(existing, "Id").value_or(""),
                                        string_member(existing, "SyncToken").value_or(""), "matched");
            }
            // The holder QBO named, with what the query adds; else the first invoice found.
            NumberHolder found;
            found.type = "Invoice";
            found.id = string_member(existing, "Id").value_or("");
            if (const json* ref = object_member(existing, "CustomerRef")) found.customer = string_member(*ref, "name").value_or("");
            found.date = string_member(existing, "TxnDate").value_or("");
            if (total) {
                // QuickBooks answers 50.0; a reader expects the currency's cents (50.00 USD).
                const std::string currency = ref_value(existing, "CurrencyRef").value_or("");
                const auto known = sdk::Currency::find(currency);
                const sdk::Decimal shown = known && total->fits_scale(known->exponent) ? total->rescaled(known->exponent) : *total;
                found.total = shown.to_string() + (currency.empty() ? "" : " " + currency);
            }
            const bool named = holder && holder->type == "Invoice" && holder->id == found.id;
            if (named || !holder) holder = std::move(found);
        }
    } catch (const sdk::Error& e) {
        host_.log(sdk::LogLevel::warning, "could not look up the QuickBooks invoice numbered " + *number + ": " + e.what());
    } catch (const sdk::DecimalError&) {
    }
    const sdk::RecordIdentity& source = p.item->record.identity;
    FaultContext context = p.context;
    context.object += " (" + (source.system.empty() ? source.connection : source.system) + " " + source.type + " " + source.id + ")";
    return duplicate_document_number(fault, context, *number, holder);
}

void Writer::send_single(Pending& p) {
    ApiRequest request;
    request.method = "POST";
    request.path = std::string(p.kind->path);
    if (p.op == Pending::Op::void_transaction) {
        request.parameters = {{"operation", "void"}};
    } else if (p.op == Pending::Op::void_payment) {
        request.parameters = {{"operation", "update"}, {"include", "void"}};
    }
    request.body = dump_qbo_json(p.request_entity());
    request.requestid = p.requestid;
    sdk::HttpResponse response;
    try {
        response = client_.call(request);
    } catch (const sdk::Error& e) {
        // No answer: QBO may or may not have done it. The record stays; the retry replays.
        p.outcome = e.outcome();
        return;
    }
    if (response.status >= 200 && response.status < 300) {
        try {
            const json document = sdk::parse_json_exact(response.body);
            if (const json* entity = object_member(document, p.body.entity)) {
                settle_entity(p, *entity);
                return;
            }
            if (const json* fault = object_member(document, "Fault")) {
                settle_fault(p, fault_from_json(*fault), 400, response.retry_after);
                return;
            }
        } catch (const sdk::JsonParseError&) {
        }
        p.outcome = sdk::Outcome::transient("QuickBooks answered " + p.context.action + " " + p.context.object +
                                            " without the " + p.body.entity + " (HTTP " + std::to_string(response.status) + ")");
        return;
    }
    if (auto fault = parse_fault(response.body); fault && !fault->errors.empty()) {
        settle_fault(p, *fault, response.status, response.retry_after);
        return;
    }
    if (response.status == 429 || response.status == 401 || response.status == 403 || response.status >= 502) {
        p.outcome = classify_response(response.status, response.body, p.context, response.retry_after);
        return;
    }
    try {
        drop_record(p);
    } catch (const sdk::Error&) {
    }
    p.outcome = classify_response(response.status, response.body, p.context, response.retry_after);
}

void Writer::send_batch(Group& group, std::vector<Pending*>& unexecuted) {
    json items = json::array();
    for (Pending* p : group.items) {
        json entry{{"bId", p->bid}};
        switch (p->op) {
            case Pending::Op::create: entry["operation"] = "create"; break;
            case Pending::Op::update:
            case Pending::Op::deactivate: entry["operation"] = "update"; break;
            case Pending::Op::void_transaction: entry["operation"] = "void"; break;
            case Pending::Op::void_payment:
                entry["operation"] = "update";
                entry["optionsData"] = "void";
                break;
        }
        entry[p->body.entity] = p->request_entity();
        items.push_back(std::move(entry));
    }
    ApiRequest request;
    request.method = "POST";
    request.path = "batch";
    request.body = dump_qbo_json(json{{"BatchItemRequest", std::move(items)}});
    request.requestid = group.requestid;
    request.budget = "batch";
    request.cost = static_cast<std::uint32_t>(group.items.size());  // QBO counts every item in its 500 a minute
    host_.count("qbo_batch_requests_total");
    sdk::HttpResponse response;
    try {
        response = client_.call(request);
    } catch (const sdk::Error& e) {
        for (Pending* p : group.items) p->outcome = e.outcome();
        return;
    }
    if (response.status < 200 || response.status >= 300) {
        const auto fault = parse_fault(response.body);
        for (Pending* p : group.items) {
            if (fault && !fault->errors.empty()) {
                settle_fault(*p, *fault, response.status, response.retry_after);
            } else {
                p->outcome = classify_response(response.status, response.body, p->context, response.retry_after);
            }
        }
        return;
    }
    std::map<std::string, const json*> answers;
    json document;
    std::vector<Pending*> duplicate_names;
    try {
        document = sdk::parse_json_exact(response.body);
    } catch (const sdk::JsonParseError& e) {
        for (Pending* p : group.items) {
            p->outcome = sdk::Outcome::transient(std::string("QuickBooks answered a batch with a body that is not JSON: ") + e.what());
        }
        return;
    }
    if (const json* answered = array_member(document, "BatchItemResponse")) {
        for (const auto& answer : *answered) {
            if (auto bid = string_member(answer, "bId")) answers[*bid] = &answer;
        }
    }
    // Creates refused for a name QuickBooks holds already: their names are looked up together.
    for (Pending* p : group.items) {
        const auto it = answers.find(p->bid);
        if (it == answers.end() || p->op != Pending::Op::create || p->body.display_name.empty()) continue;
        if (p->body.entity != "Customer" && p->body.entity != "Item") continue;
        const json* fault = object_member(*it->second, "Fault");
        if (fault != nullptr && fault_from_json(*fault).code() == "6240") duplicate_names.push_back(p);
    }
    const auto names = duplicate_names.empty() ? std::nullopt : existing_names(duplicate_names);
    for (Pending* p : group.items) {
        const auto it = answers.find(p->bid);
        if (it == answers.end()) {
            if (p->recorded) {
                // The replayed batch was sent without this item: it never ran under that id.
                try {
                    drop_record(*p);
                } catch (const sdk::Error& e) {
                    p->outcome = e.outcome();
                    continue;
                }
                p->recorded = false;
                p->requestid.clear();
                p->bid.clear();
                unexecuted.push_back(p);
            } else {
                p->outcome = sdk::Outcome::transient("QuickBooks answered the batch without a result for " + p->body.label);
            }
            continue;
        }
        const json& answer = *it->second;
        if (const json* fault = object_member(answer, "Fault")) {
            settle_fault(*p, fault_from_json(*fault), 400, milliseconds(0), names ? &*names : nullptr);
        } else if (const json* entity = object_member(answer, p->body.entity)) {
            settle_entity(*p, *entity);
        } else {
            p->outcome = sdk::Outcome::transient("QuickBooks answered the batch item of " + p->body.label + " without the " +
                                                 p->body.entity);
        }
    }
}

std::vector<sdk::Outcome> Writer::write(const std::vector<sdk::WriteItem>& items) {
    prune_records();
    std::vector<Pending> pending(items.size());
    std::vector<Pending*> sendable;
    for (std::size_t i = 0; i < items.size(); ++i) {
        Pending& p = pending[i];
        p.index = i;
        p.item = &items[i];
        try {
            prepare(p);
        } catch (const sdk::Error& e) {
            p.outcome = e.outcome();
        } catch (const sdk::DecimalError& e) {
            p.outcome = sdk::Outcome::data("an amount of " + items[i].record.identity.type + " " + items[i].record.identity.id +
                                               " cannot be computed exactly: " + e.what(),
                                           "correct the amounts in the source object");
        }
        if (!p.outcome) sendable.push_back(&p);
    }
    // Two rounds at most: the second sends, under new request ids, the items a replayed batch
    // showed were never executed.
    for (int round = 0; round < 2 && !sendable.empty(); ++round) {
        std::vector<Pending*> unexecuted;
        for (Group& group : plan(sendable)) {
            if (group.batch) {
                send_batch(group, unexecuted);
            } else {
                send_single(*group.items.front());
            }
        }
        sendable = std::move(unexecuted);
    }
    std::vector<sdk::Outcome> outcomes;
    outcomes.reserve(items.size());
    for (auto& p : pending) {
        outcomes.push_back(p.outcome ? std::move(*p.outcome)
                                     : sdk::Outcome::transient("QuickBooks gave no answer for " + p.body.label + "; the host retries"));
    }
    return outcomes;
}

}  // namespace ledgersync::connectors::quickbooks
