#pragma once
/// Translation between QBO entities and canonical records, in both directions, and nothing else
/// (no I/O). One file per canonical type: translate_invoice.cpp, translate_customer.cpp,
/// translate_product.cpp, translate_payment.cpp, translate_refund.cpp, translate_expense.cpp;
/// the shared pieces are in translate_common.cpp. The mapping tables are in
/// docs/connectors/quickbooks.md.
///
/// QBO -> canonical: entities come parsed with sdk::parse_json_exact (amounts as exact text).
/// What cannot be represented throws TranslationError; the reader logs and counts it.
/// Canonical -> QBO: request bodies hold amounts as marked decimals (qbo_json.hpp). What QBO
/// cannot represent throws sdk::Error with a data outcome saying why and how to fix it.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ledgersync/sdk.hpp>
#include <nlohmann/json.hpp>

#include "config.hpp"

namespace ledgersync::connectors::quickbooks {

/// A QBO entity that has no faithful canonical form (an inventory assembly, a refund that names
/// no payment, totals that do not add up). what() says which and why.
class TranslationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The QBO entities behind each canonical type this connector serves.
struct EntityKind {
    /// Canonical type: "invoice".
    std::string_view type;
    /// QBO entity: "Invoice".
    std::string_view entity;
    /// Lower-case path segment of the entity's endpoints: "invoice".
    std::string_view path;
    /// Whether QBO voids it (transactions) rather than deactivating it (name lists).
    bool transaction;
    /// How a link id names an entity of this kind: QBO numbers each entity apart, so where
    /// several entities serve one canonical type, all but one carry their kind in the link id
    /// ("creditmemo-" + Id), lest two of them share one id. The one without (RefundReceipt of
    /// "refund") is the entity whose plain ids links held before, so those stay valid.
    std::string_view id_prefix = {};
};

/// Every entity the connector reads or writes. RefundReceipt and CreditMemo both serve "refund".
const std::vector<EntityKind>& entity_kinds();
/// Entities the connector writes but never reads (no canonical form to read them back into):
/// Transfer and Deposit serve "payout"; Purchase and Deposit serve "dispute".
const std::vector<EntityKind>& written_only_kinds();
/// The kind of a QBO entity name ("Invoice"), or nullptr when the connector does not map it.
const EntityKind* find_entity(std::string_view entity);
/// The QBO entities that serve a canonical stream: {"Invoice"} for "invoice",
/// {"RefundReceipt", "CreditMemo"} for "refund". Empty for an unknown stream.
std::vector<const EntityKind*> entities_of_stream(std::string_view type);
/// The kind of `entity` that serves canonical `type` (read or written), or nullptr.
const EntityKind* find_kind(std::string_view type, std::string_view entity);

/// The id of a record (read) or link (written) of QBO entity `qbo_id` of `kind`: the Id itself,
/// or with the kind's prefix ("creditmemo-7").
std::string link_id(const EntityKind& kind, const std::string& qbo_id);
/// The entity a record or link id of canonical `type` names, and its QBO Id.
struct LinkedEntity {
    const EntityKind* kind = nullptr;
    std::string qbo_id;
};
/// The kind whose prefix `id` carries, else the kind of `type` with plain ids; kind nullptr when
/// the connector maps no such entity.
LinkedEntity entity_of_link(std::string_view type, const std::string& id);

// --------------------------------------------------------------------------------------------
// QBO -> canonical

/// Translates a QBO entity (as received, parsed exactly) into a canonical record whose body and
/// links validate. `fallback_time` (RFC 3339) dates an entity without MetaData, such as a void
/// response. Throws TranslationError.
sdk::Record record_from_qbo(std::string_view entity, const nlohmann::json& object, const MappingSettings& mapping,
                            const std::string& fallback_time = {});

/// A record saying the entity was deleted in QBO (CDC's {"status": "Deleted"} stubs, webhook
/// deletes): operation delete, version "deleted".
sdk::Record deleted_record(std::string_view entity, const std::string& id, const std::string& updated_at);

// The canonical objects of each entity (used by record_from_qbo; public for tests).
sdk::model::Invoice invoice_from_qbo(const nlohmann::json& invoice, const MappingSettings& mapping, const std::string& updated_at);
sdk::model::Customer customer_from_qbo(const nlohmann::json& customer);
sdk::model::Product product_from_qbo(const nlohmann::json& item, const MappingSettings& mapping);
sdk::model::Payment payment_from_qbo(const nlohmann::json& payment, const MappingSettings& mapping);
/// `entity`: "RefundReceipt" or "CreditMemo".
sdk::model::Refund refund_from_qbo(std::string_view entity, const nlohmann::json& object, const MappingSettings& mapping);
sdk::model::Expense expense_from_qbo(const nlohmann::json& purchase, const MappingSettings& mapping);

// --------------------------------------------------------------------------------------------
// canonical -> QBO

/// The QBO ids of a record's references, as the host resolved them (RecordLink::target_id).
class ResolvedLinks {
public:
    explicit ResolvedLinks(const sdk::Record& record);

    /// The QBO id for the reference at `path` ("/customer"). Accounts and vendors are named by
    /// their QBO ids directly (they are configuration, not synced objects), so for those the
    /// reference's own id serves when no link resolves it. Throws sdk::Error (data) naming
    /// the reference when there is no QBO id.
    std::string qbo_id(const std::string& path, const sdk::model::Reference& reference) const;

private:
    const sdk::Record& record_;
};

/// The balance of an invoice a payment pays, as QBO has it (read before the payment is written).
struct InvoiceBalance {
    std::string id;
    /// In the invoice's currency: a payment in another currency is refused, never applied.
    sdk::Money balance;
    std::string customer_id;
};

/// The balance of a QBO invoice (as read, parsed exactly) that a payment may cover: its Balance
/// in its currency (CurrencyRef, else the home currency) plus `reapplicable`, what the payment
/// being updated already applies to it. Throws sdk::Error (data) for an unknown currency or an
/// amount that is not whole minor units.
InvoiceBalance invoice_balance_from_qbo(const nlohmann::json& invoice, const MappingSettings& mapping,
                                        const sdk::Decimal& reapplicable);

/// What a write sends, besides its Id and SyncToken.
struct QboBody {
    /// "Invoice", "Customer", ...
    std::string entity;
    /// The entity's members (marked decimals); Id/SyncToken/sparse are added by the writer.
    nlohmann::json body = nlohmann::json::object();
    /// For messages: "invoice INV-1003", "customer 'ABC Corp'".
    std::string label;
    /// For 6240: the DisplayName sent.
    std::string display_name;
    /// For invoices: the total QBO should compute, to check its answer.
    std::optional<sdk::Decimal> expected_total;
};

/// The canonical body of a write item as its type, with every validation problem as a data
/// outcome (sdk::Error) that lists them.
template <class T>
T canonical_body(const sdk::Record& record) {
    const auto problems = T::validate_json(record.body);
    if (!problems.empty()) {
        throw sdk::Error(sdk::Outcome::data(
            "the " + std::string(T::kType) + " " + record.identity.id + " is not a valid canonical " + std::string(T::kType) +
                ", so it cannot be written to QuickBooks:\n" + problems.to_string(),
            "correct the source object or the mapper that produced it"));
    }
    return T::from_json(record.body);
}

/// Where an entity is created or updated: its create/update body. `for_update` leaves out what
/// QBO does not let an update change (an item's Type). Throw sdk::Error (data) for what QBO
/// cannot represent. `custom_numbers`: the company's Preferences.SalesFormsPrefs.CustomTxnNumbers;
/// false leaves the invoice's number out, so QBO numbers the invoice itself (a DocNumber sent
/// then is stored unchecked, even a duplicate: reference/qbo.md, DocNumber).
QboBody invoice_to_qbo(const sdk::Record& record, const MappingSettings& mapping, bool custom_numbers = true);
QboBody customer_to_qbo(const sdk::Record& record);
QboBody product_to_qbo(const sdk::Record& record, const MappingSettings& mapping, bool for_update);
QboBody payment_to_qbo(const sdk::Record& record, const MappingSettings& mapping, const std::vector<InvoiceBalance>& invoices,
                       const std::string& customer_id);
/// `entity`: "RefundReceipt" or "CreditMemo" (refund_entity for a create, the linked one for an
/// update); `payment_customer_id`: the CustomerRef of the refunded payment in QBO (read by the
/// writer).
QboBody refund_to_qbo(const sdk::Record& record, const MappingSettings& mapping, std::string_view entity,
                      const std::string& payment_qbo_id, const std::string& payment_customer_id);
/// The entity a refund is created as: its `book_as` (the route's choice), else the connection's
/// mapping.refund_as.
std::string refund_entity(const sdk::Record& record, const MappingSettings& mapping);
QboBody expense_to_qbo(const sdk::Record& record, const MappingSettings& mapping);
/// A paid payout: a Transfer from the clearing account to the bank (the other way when
/// negative), or a Deposit to the bank from the clearing account when mapping.payout_as is
/// "deposit" and the amount is positive (translate_payout.cpp).
QboBody payout_to_qbo(const sdk::Record& record, const MappingSettings& mapping);
/// Whether payout_to_qbo makes a Deposit of `record`.
bool payout_is_deposit(const sdk::Record& record, const MappingSettings& mapping);
/// One money movement of a dispute (a canonical dispute with exactly one transaction, as the
/// mapper dispute_movements makes them): the withdrawal a Purchase paid from the clearing account
/// (disputed amount to mapping.dispute_account_id, fee to mapping.dispute_fee_account_id), the
/// reinstatement when won a Deposit into it from the same accounts (translate_dispute.cpp).
QboBody dispute_to_qbo(const sdk::Record& record, const MappingSettings& mapping);
/// "Purchase" or "Deposit": the entity dispute_to_qbo makes of `record`.
std::string dispute_entity(const sdk::Record& record);

// --------------------------------------------------------------------------------------------
// Shared helpers (translate_common.cpp)

/// An amount of QBO in `currency`'s minor units ("275.0" -> 275.00 USD). Throws
/// TranslationError when it has more digits than the currency allows.
sdk::Decimal qbo_amount(const sdk::Decimal& value, const sdk::Currency& currency, const std::string& what);
/// The amount member `key` of a QBO object as Money in `currency` (absent: `fallback`, else 0),
/// checked as qbo_amount does; `what` names it in errors.
sdk::Money qbo_money(const nlohmann::json& object, std::string_view key, const sdk::Currency& currency,
                     const std::string& what, const std::optional<sdk::Money>& fallback = std::nullopt);
/// Refuses (data outcome) text longer than QBO's `max_characters` limit for `field`. QBO counts
/// characters as UTF-16 code units (a Java service), so do we: "Zürich" is 6, "😀" is 2.
void require_length(const std::string& label, std::string_view field, std::string_view text,
                    std::size_t max_characters, std::string_view fix);
/// `text` cut to QBO's `max_characters` limit on a character boundary (UTF-16 code units).
std::string truncate_for_qbo(std::string_view text, std::size_t max_characters);
/// The entity's currency: CurrencyRef, else the home currency. Throws TranslationError for an
/// unknown code.
sdk::Currency qbo_currency(const nlohmann::json& entity, const MappingSettings& mapping);
/// MetaData.LastUpdatedTime in UTC, else `fallback`; throws TranslationError when neither.
std::string qbo_updated_at(const nlohmann::json& entity, const std::string& fallback);
/// True when DetailType names `detail` ("SalesItemLineDetail"), in either of QBO's spellings
/// ("SalesItemLineDetail", "SALES_ITEM_LINE_DETAIL").
bool detail_type_is(const nlohmann::json& line, std::string_view detail);
/// Reads "Voided" transactions: PrivateNote starting with "Voided" and a zero TotalAmt.
bool is_voided(const nlohmann::json& transaction);

/// The marker a refund receipt or credit memo written by the connector carries in PrivateNote
/// to name the payment it refunds and the reason: "[ledgersync] payment=125; reason=duplicate".
std::string refund_marker(const std::string& payment_id, std::string_view reason);
/// Reads the marker back; empty members when absent.
struct RefundMarker {
    std::string payment_id;
    std::string reason;
    /// PrivateNote without the marker line.
    std::string note;
};
RefundMarker read_refund_marker(const std::string& private_note);

/// Throws a data outcome: `what` about `label`, and `fix`.
[[noreturn]] void refuse(const std::string& label, const std::string& what, const std::string& fix);

}  // namespace ledgersync::connectors::quickbooks
