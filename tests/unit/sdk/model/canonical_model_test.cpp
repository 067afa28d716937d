// The canonical model's behaviour one rule at a time: formats, discounts, line amounts, totals
// messages, payments, references and links, and what from_json says about bad input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/model/canonical_types.hpp>
#include <ledgersync/sdk/model/record_validation.hpp>

namespace ledgersync::sdk::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Decimal d(const char* text) { return Decimal::parse(text); }

std::vector<std::string> paths_of(const ValidationProblems& problems) {
    std::vector<std::string> paths;
    for (const auto& p : problems) paths.push_back(p.path);
    return paths;
}

Invoice usd_invoice() {
    Invoice inv;
    inv.number = "1037";
    inv.status = InvoiceStatus::open;
    inv.currency = "USD";
    inv.issue_date = "2026-11-02";
    inv.customer = Reference("customer", "24", "Sonnenschein Family Store");
    inv.source_system = "quickbooks";
    inv.updated_at = "2026-11-26T14:03:20Z";
    return inv;
}

LineItem item(const char* quantity, const char* unit_price) {
    LineItem line;
    line.kind = LineKind::item;
    line.quantity = d(quantity);
    line.unit_price = d(unit_price);
    return line;
}

TEST(CanonicalFormats, dates_must_exist_on_the_calendar) {
    EXPECT_FALSE(text_format_problem("2024-02-29", TextFormat::date));
    EXPECT_TRUE(text_format_problem("2026-02-29", TextFormat::date));
    EXPECT_TRUE(text_format_problem("1900-02-29", TextFormat::date));
    EXPECT_FALSE(text_format_problem("2000-02-29", TextFormat::date));
    EXPECT_TRUE(text_format_problem("2026-04-31", TextFormat::date));
    EXPECT_TRUE(text_format_problem("2026-13-01", TextFormat::date));
    EXPECT_TRUE(text_format_problem("26-11-2026", TextFormat::date));
}

TEST(CanonicalFormats, timestamps_are_rfc3339_in_utc) {
    EXPECT_FALSE(text_format_problem("2026-11-26T14:03:20Z", TextFormat::timestamp));
    EXPECT_FALSE(text_format_problem("2026-11-26T14:03:20.123456789Z", TextFormat::timestamp));
    EXPECT_FALSE(text_format_problem("2016-12-31T23:59:60Z", TextFormat::timestamp));  // a leap second
    EXPECT_TRUE(text_format_problem("2026-11-26T14:03:20-07:00", TextFormat::timestamp));
    EXPECT_TRUE(text_format_problem("2026-11-26 14:03:20Z", TextFormat::timestamp));
    EXPECT_TRUE(text_format_problem("2026-11-26T24:00:00Z", TextFormat::timestamp));
    EXPECT_TRUE(text_format_problem("2026-11-26T14:03:20.Z", TextFormat::timestamp));
}

TEST(CanonicalFormats, decimals_are_plain_text_without_exponent_sign_or_leading_zeros) {
    for (const char* good : {"0", "19.99", "-5.00", "1234567890.123456789", "0.0825"}) {
        EXPECT_FALSE(decimal_form_problem(good, DecimalForm::any)) << good;
    }
    for (const char* bad : {"", "-", "1e3", "+1", "01", "1.", ".5", "1,5", " 1", "NaN"}) {
        EXPECT_TRUE(decimal_form_problem(bad, DecimalForm::any)) << bad;
    }
    EXPECT_TRUE(decimal_form_problem("-0.01", DecimalForm::non_negative));
    EXPECT_TRUE(decimal_form_problem("0.000", DecimalForm::positive));
    EXPECT_FALSE(decimal_form_problem("0.001", DecimalForm::positive));
    EXPECT_FALSE(decimal_form_problem("-0.00", DecimalForm::non_positive));
    EXPECT_FALSE(decimal_form_problem("0", DecimalForm::non_positive));
    EXPECT_TRUE(decimal_form_problem("0.01", DecimalForm::non_positive));
    EXPECT_FALSE(decimal_form_problem("100.000", DecimalForm::percent));
    EXPECT_FALSE(decimal_form_problem("99.99", DecimalForm::percent));
    EXPECT_TRUE(decimal_form_problem("100.01", DecimalForm::percent));
    EXPECT_TRUE(decimal_form_problem("1000", DecimalForm::percent));
}

TEST(CanonicalDecimals, json_numbers_parsed_exactly_read_as_their_exact_text) {
    // A unit price written as a JSON number in a source payload (QBO's UnitPrice) keeps every
    // digit through parse_json_exact and Decimal::from_json: no binary floating point.
    const auto qbo = parse_json_exact(R"({"UnitPrice": 1234567890.123456789, "Qty": 2.5})");
    LineItem line = item("1", "1");
    line.quantity = Decimal::from_json(qbo["Qty"]);
    line.unit_price = Decimal::from_json(qbo["UnitPrice"]);
    EXPECT_EQ(line.unit_price->to_string(), "1234567890.123456789");
    EXPECT_EQ(line.gross_amount(2)->to_string(), "3086419725.31");
    EXPECT_EQ(line.to_json()["unit_price"], "1234567890.123456789");
}

TEST(CanonicalDiscount, a_percentage_is_rounded_half_up_to_the_minor_unit) {
    EXPECT_EQ(Discount::percent(d("10")).applied_to(d("33.35"), 2).to_string(), "3.34");
    EXPECT_EQ(Discount::percent(d("10")).applied_to(d("-33.35"), 2).to_string(), "-3.34");
    EXPECT_EQ(Discount::percent(d("12.5")).applied_to(d("999"), 0).to_string(), "125");
    EXPECT_EQ(Discount::percent(d("7.25")).applied_to(d("1.000"), 3).to_string(), "0.073");
    EXPECT_EQ(Discount::amount(d("2.00")).applied_to(d("10.00"), 2).to_string(), "2.00");
    EXPECT_EQ(Discount::percent(d("10")).to_json().dump(), R"({"percent":"10"})");
}

TEST(CanonicalLineItem, amount_is_the_rounded_gross_less_the_line_discount) {
    LineItem line = item("2.5", "3.333");
    EXPECT_EQ(line.expected_amount(2)->to_string(), "8.33");  // 8.3325
    EXPECT_EQ(line.expected_amount(0)->to_string(), "8");
    EXPECT_EQ(line.expected_amount(3)->to_string(), "8.333");  // 8.3325 rounds half-up at KWD's 3
    line.discount = Discount::percent(d("10"));
    EXPECT_EQ(line.discount_amount(2)->to_string(), "0.83");
    EXPECT_EQ(line.expected_amount(2)->to_string(), "7.50");
    LineItem shipping;
    shipping.kind = LineKind::fee;
    shipping.amount = d("25.00");
    EXPECT_FALSE(shipping.expected_amount(2));  // the amount stands alone
}

TEST(CanonicalInvoice, a_wrong_total_says_what_it_should_be) {
    Invoice inv = usd_invoice();
    LineItem consulting = item("10", "10.00");
    consulting.amount = d("100.00");
    LineItem goodwill;
    goodwill.kind = LineKind::discount;
    goodwill.amount = d("-5.00");
    LineItem tax;
    tax.kind = LineKind::tax;
    tax.amount = d("23.50");
    inv.lines = {consulting, goodwill, tax};
    inv.totals = inv.computed_totals();
    EXPECT_EQ(inv.totals.to_json().dump(),
              R"({"amount_paid":"0.00","balance_due":"118.50","discount":"0.00","subtotal":"95.00","tax":"23.50","total":"118.50"})");
    EXPECT_TRUE(inv.validate().empty()) << inv.validate().to_string();

    inv.totals.total = d("120.00");
    inv.totals.balance_due = d("120.00");
    const auto problems = inv.validate();
    ASSERT_EQ(problems.size(), 1u) << problems.to_string();
    EXPECT_EQ(problems.to_string(), "/totals/total: 120.00 does not equal subtotal - discount + tax = 118.50");
}

TEST(CanonicalInvoice, reports_every_rule_broken_not_only_the_first) {
    Invoice inv = usd_invoice();
    inv.due_date = "2026-10-01";  // before the issue date
    LineItem a = item("2.5", "3.333");
    a.amount = d("8.34");  // should be 8.33
    LineItem b = item("1", "10.00");
    b.amount = d("10.005");  // not whole cents
    inv.lines = {a, b};
    inv.totals = {d("18.34"), d("0"), d("0"), d("18.34"), d("0"), d("18.33")};
    EXPECT_THAT(paths_of(inv.validate()),
                ElementsAre("/due_date", "/lines/0/amount", "/lines/1/amount", "/totals/subtotal", "/totals/balance_due"));
}

TEST(CanonicalInvoice, amounts_must_be_whole_minor_units_of_the_currency_but_unit_prices_need_not) {
    Invoice inv = usd_invoice();
    inv.currency = "KWD";
    LineItem reagent = item("1.5", "7.3335");  // a unit price finer than the fils is fine
    reagent.amount = d("11.000");
    inv.lines = {reagent};
    inv.totals = inv.computed_totals();
    EXPECT_TRUE(inv.validate().empty()) << inv.validate().to_string();
    inv.currency = "JPY";
    inv.lines[0].amount = d("11.5");
    inv.totals = inv.computed_totals();
    EXPECT_THAT(inv.validate().to_string(),
                HasSubstr("/lines/0/amount: 11.5 is not a whole number of JPY minor units: JPY amounts have 0 decimal places"));
}

TEST(CanonicalInvoice, computed_totals_refuse_an_unknown_currency) {
    Invoice inv = usd_invoice();
    inv.currency = "XYZ";
    EXPECT_THROW((void)inv.computed_totals(), MoneyError);
    EXPECT_THAT(paths_of(inv.validate()), ElementsAre("/currency"));
}

TEST(CanonicalInvoice, lists_its_references_with_json_pointers_for_record_links) {
    Invoice inv = usd_invoice();
    LineItem fountain = item("1", "275");
    fountain.product = Reference("product", "5", "Rock Fountain");
    LineItem shipping;
    shipping.kind = LineKind::fee;
    LineItem pump = item("1", "12.75");
    pump.product = Reference("product", "11");
    inv.lines = {fountain, shipping, pump};
    const auto links = to_record_links(inv.references());
    ASSERT_EQ(links.size(), 3u);
    EXPECT_EQ(links[0].rel, "customer");
    EXPECT_EQ(links[0].path, "/customer");
    EXPECT_EQ(links[0].id, "24");
    EXPECT_EQ(links[1].rel, "product");
    EXPECT_EQ(links[1].type, "product");
    EXPECT_EQ(links[1].path, "/lines/0/product");
    EXPECT_EQ(links[2].path, "/lines/2/product");
    EXPECT_EQ(links[2].id, "11");
    EXPECT_TRUE(links[2].target_id.empty());  // the host fills it in
    // Every path really points at its reference in the canonical body.
    const auto body = inv.to_json();
    for (const auto& link : links) {
        EXPECT_EQ(body.at(nlohmann::json::json_pointer(link.path)).at("id"), link.id) << link.path;
    }
}

TEST(CanonicalPayment, net_is_the_amount_less_every_fee) {
    Payment p;
    p.amount = d("100.00");
    p.currency = "USD";
    p.date = "2026-11-26";
    p.status = PaymentStatus::succeeded;
    p.source = PaymentSource::stripe;
    p.fees = PaymentFees{d("3.20"), d("1.00"), d("0.13")};
    p.net = d("95.67");
    EXPECT_TRUE(p.validate().empty()) << p.validate().to_string();
    p.net = d("95.80");
    EXPECT_EQ(p.validate().to_string(),
              "/net: 95.80 does not equal amount - fees (processing + platform + tax_on_fees) = 95.67");
    p.fees.reset();
    EXPECT_EQ(p.validate().to_string(), "/net: 95.80 does not equal amount without fees = 100.00");
}

TEST(CanonicalPayment, refund_status_and_refunded_amount_agree) {
    Payment p;
    p.amount = d("1066.50");
    p.currency = "USD";
    p.date = "2026-12-01";
    p.source = PaymentSource::hubspot_payments;
    p.status = PaymentStatus::refunded;
    EXPECT_EQ(p.validate().to_string(), "/refunded_amount: is required when the status is refunded");
    p.refunded_amount = d("100.00");
    EXPECT_THAT(p.validate().to_string(), HasSubstr("use partially_refunded"));
    p.status = PaymentStatus::partially_refunded;
    EXPECT_TRUE(p.validate().empty()) << p.validate().to_string();
    p.refunded_amount = d("1066.51");
    EXPECT_THAT(p.validate().to_string(), HasSubstr("/refunded_amount: 1066.51 is more than the payment amount 1066.50"));
}

TEST(CanonicalFromJson, names_every_shape_problem_with_its_path) {
    const auto json = parse_json_exact(R"({
        "amount": 25, "currency": "usd", "reason": "customer_request", "status": "succeeded",
        "payment": {"type": "invoice", "id": "67"}, "date": "2026-11-27", "Memo": "x"})");
    try {
        (void)Refund::from_json(json);
        FAIL() << "accepted";
    } catch (const ModelError& e) {
        EXPECT_THAT(paths_of(e.problems()), ElementsAre("/amount", "/currency", "/reason", "/payment/type", "/Memo"));
        const std::string what = e.what();
        EXPECT_THAT(what, HasSubstr("this refund is not a valid canonical document (5 problems)"));
        EXPECT_THAT(what, HasSubstr("/amount: expected decimal text in a string such as \"19.99\", got number 25"));
        EXPECT_THAT(what, HasSubstr("/reason: \"customer_request\" is not a refund reason; use duplicate, fraudulent, "
                                    "requested_by_customer or other"));
        EXPECT_THAT(what, HasSubstr("/payment/type: must be \"payment\", got string \"invoice\""));
        EXPECT_THAT(what, HasSubstr("/Memo: is not a field of this object"));
    }
}

BalanceTransaction movement(const char* id, BalanceTransactionType type, const char* gross, const char* fee,
                            const char* net) {
    BalanceTransaction t;
    t.id = id;
    t.type = type;
    t.gross = d(gross);
    t.fee = d(fee);
    t.net = d(net);
    t.currency = "USD";
    return t;
}

Payout usd_payout() {
    Payout p;
    p.processor = "stripe";
    p.status = PayoutStatus::paid;
    p.kind = PayoutKind::automatic;
    p.date = "2026-11-28";
    p.arrival_date = "2026-11-30";
    p.currency = "USD";
    p.transactions = std::vector<BalanceTransaction>{
        movement("txn_1", BalanceTransactionType::charge, "100.00", "3.20", "96.80"),
        movement("txn_2", BalanceTransactionType::refund, "-12.84", "0", "-12.84"),
        movement("txn_3", BalanceTransactionType::dispute, "-20.00", "15.00", "-35.00")};
    p.amount = d("48.96");
    return p;
}

TEST(CanonicalPayout, amount_is_the_exact_sum_of_its_transactions_net) {
    Payout p = usd_payout();
    EXPECT_TRUE(p.validate().empty()) << p.validate().to_string();
    p.amount = d("48.97");
    EXPECT_EQ(p.validate().to_string(),
              "/amount: 48.97 does not equal the sum of the transactions' net (what the payout contains) = 48.96");
    // A negative balance paid out is a debit of the bank: a negative amount, still the sum.
    p.transactions->erase(p.transactions->begin());
    p.amount = d("-47.84");
    EXPECT_TRUE(p.validate().empty()) << p.validate().to_string();
}

TEST(CanonicalPayout, each_transaction_is_exact_and_in_the_payout_currency) {
    Payout p = usd_payout();
    (*p.transactions)[0].net = d("97.80");
    (*p.transactions)[1].currency = "EUR";
    (*p.transactions)[2].fee = d("15.005");
    EXPECT_THAT(paths_of(p.validate()), ElementsAre("/transactions/0/net", "/transactions/1/currency", "/transactions/2/fee"));
}

TEST(CanonicalPayout, an_automatic_payout_must_say_what_it_contains_and_a_manual_one_need_not) {
    Payout p = usd_payout();
    p.transactions.reset();
    EXPECT_EQ(p.validate().to_string(), "/transactions: is required for an automatic payout");
    p.kind = PayoutKind::manual;
    EXPECT_TRUE(p.validate().empty()) << p.validate().to_string();
    EXPECT_FALSE(p.to_json().contains("transactions"));
}

TEST(CanonicalDispute, names_its_payment_and_sums_its_fees) {
    Dispute dispute;
    dispute.payment = Reference("payment", "ch_1");
    dispute.amount = d("20.00");
    dispute.currency = "USD";
    dispute.reason = DisputeReason::fraudulent;
    dispute.status = DisputeStatus::won;
    dispute.date = "2026-11-28";
    dispute.transactions = {movement("txn_3", BalanceTransactionType::dispute, "-20.00", "15.00", "-35.00"),
                            movement("txn_4", BalanceTransactionType::dispute_reversal, "20.00", "0", "20.00")};
    EXPECT_TRUE(dispute.validate().empty()) << dispute.validate().to_string();
    EXPECT_EQ(dispute.fees(), d("15.00"));
    ASSERT_EQ(dispute.references().size(), 1u);
    EXPECT_EQ(dispute.references()[0].path, "/payment");
    auto json = dispute.to_json();
    json["reason"] = "chargeback";
    EXPECT_THAT(Dispute::validate_json(json).to_string(), HasSubstr("\"chargeback\" is not a dispute reason; use bank_cannot_process"));
}

TEST(CanonicalFromJson, custom_field_names_are_escaped_in_paths) {
    auto json = usd_invoice().to_json();
    json["custom_fields"] = {{"Ship/Via~code", 5}};
    const auto problems = Invoice::validate_json(json);
    EXPECT_THAT(paths_of(problems), ElementsAre("/custom_fields/Ship~1Via~0code"));
}

TEST(CanonicalTypes, are_found_by_type_and_by_schema_id) {
    ASSERT_NE(find_canonical_type("invoice"), nullptr);
    EXPECT_EQ(find_canonical_type("ledgersync.payment")->type, "payment");
    EXPECT_EQ(find_canonical_type("refund")->schema_uri, "https://schemas.ledgersync.dev/refund/v1.json");
    EXPECT_EQ(find_canonical_type("timesheet"), nullptr);
    EXPECT_EQ(find_canonical_type("ledgersync.payout")->type, "payout");
    EXPECT_EQ(find_canonical_type("dispute")->schema_uri, "https://schemas.ledgersync.dev/dispute/v1.json");
    EXPECT_EQ(canonical_types().size(), 8u);
}

TEST(CanonicalRecord, a_record_built_from_an_invoice_validates_with_its_links) {
    Invoice inv = usd_invoice();
    LineItem fountain = item("1", "275");
    fountain.product = Reference("product", "5");
    fountain.amount = d("275.00");
    inv.lines = {fountain};
    inv.totals = inv.computed_totals();
    Record record;
    record.identity = {"quickbooks", "qbo_main", std::string(Invoice::kType), "130"};
    record.version = "0";
    record.schema = std::string(Invoice::kSchemaId);
    record.schema_version = Invoice::kSchemaVersion;
    record.body = inv.to_json();
    record.links = to_record_links(inv.references());
    EXPECT_TRUE(validate_record(record).empty()) << validate_record(record).to_string();

    record.links[1].id = "6";
    EXPECT_THAT(paths_of(validate_record(record)), ElementsAre("/links/1/path"));
    record.links[1].id = "5";
    record.body["totals"]["total"] = "1.00";
    record.body["totals"]["balance_due"] = "1.00";
    EXPECT_THAT(paths_of(validate_record(record)), ElementsAre("/body/totals/total"));
}

}  // namespace
}  // namespace ledgersync::sdk::model
