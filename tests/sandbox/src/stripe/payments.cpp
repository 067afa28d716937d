#include "stripe/payments.hpp"

#include "stripe/currency.hpp"
#include "stripe/customers.hpp"
#include "stripe/disputes.hpp"
#include "stripe/object_id.hpp"
#include "stripe/stripe_account.hpp"
#include "stripe/stripe_error.hpp"

namespace ledgersync::sandbox::stripe {

namespace {

/// What a test payment method does.
struct TestCard {
    std::string brand;
    std::string last4;
    std::string decline_code;  ///< empty: approved
    std::string decline_message;
    bool disputed = false;
};

std::optional<TestCard> test_card(const std::string& payment_method) {
    std::string name = payment_method;
    for (const char* prefix : {"pm_card_", "tok_"}) {
        if (name.rfind(prefix, 0) == 0)
            name = name.substr(std::string(prefix).size());
    }
    if (name == "visa" || name == "visa_debit")
        return TestCard{"visa", "4242", "", "", false};
    if (name == "mastercard")
        return TestCard{"mastercard", "4444", "", "", false};
    if (name == "amex")
        return TestCard{"amex", "8431", "", "", false};
    if (name == "chargeDeclined")
        return TestCard{"visa", "0002", "generic_decline", "Your card was declined.", false};
    if (name == "chargeDeclinedInsufficientFunds")
        return TestCard{"visa", "9995", "insufficient_funds", "Your card has insufficient funds.", false};
    if (name == "createDispute")
        return TestCard{"visa", "0259", "", "", true};
    return std::nullopt;
}

std::string string_or(const nlohmann::json& params, const char* key, const std::string& fallback = {}) {
    const auto it = params.find(key);
    return it != params.end() && it->is_string() ? it->get<std::string>() : fallback;
}

nlohmann::json nullable_string(const nlohmann::json& params, const char* key) {
    const auto it = params.find(key);
    return it != params.end() && it->is_string() ? *it : nlohmann::json(nullptr);
}

void check_amount(const nlohmann::json& params, const std::string& currency) {
    const std::int64_t amount = params.at("amount").get<std::int64_t>();
    if (amount < 1) {
        throw errors::parameter_invalid("amount", "This value must be greater than or equal to 1.",
                                        "parameter_invalid_integer");
    }
    if (!is_currency_code(currency)) {
        throw errors::parameter_invalid("currency", "Invalid currency: " + currency + ".",
                                        "parameter_invalid_string");
    }
}

nlohmann::json card_details(const TestCard& card) {
    return {{"card",
             {{"brand", card.brand},
              {"checks", {{"address_line1_check", nullptr}, {"address_postal_code_check", nullptr}, {"cvc_check", "pass"}}},
              {"country", "US"},
              {"exp_month", 12},
              {"exp_year", 2034},
              {"fingerprint", "sandbox" + card.last4},
              {"funding", "credit"},
              {"installments", nullptr},
              {"last4", card.last4},
              {"mandate", nullptr},
              {"network", card.brand},
              {"network_token", {{"used", false}}},
              {"three_d_secure", nullptr},
              {"wallet", nullptr}}},
            {"type", "card"}};
}

/// What to charge: the fields shared by payment intents and direct charges.
struct ChargeRequest {
    std::int64_t amount = 0;
    std::string currency;
    nlohmann::json customer = nullptr;
    nlohmann::json description = nullptr;
    nlohmann::json metadata = nlohmann::json::object();
    nlohmann::json payment_intent = nullptr;
    nlohmann::json receipt_email = nullptr;
    nlohmann::json statement_descriptor = nullptr;
    nlohmann::json application_fee_amount = nullptr;
    std::string payment_method;
    bool capture = true;
};

// Records the balance transaction of `amount` captured on `charge`.
void record_capture(StripeAccount& account, nlohmann::json& charge, std::int64_t amount) {
    const std::string currency = charge.at("currency");
    const Conversion settled = account.rates().to_settlement(amount, currency);
    std::int64_t application_fee = 0;
    if (charge.at("application_fee_amount").is_number_integer()) {
        const std::int64_t presented = charge.at("application_fee_amount").get<std::int64_t>();
        application_fee = settled.rate ? account.rates().convert(presented, currency, *settled.rate).amount
                                       : presented;
    }
    const FeeBreakdown fees =
        account.fees().charge_fees(settled.amount, settled.rate.has_value(), application_fee);
    BalanceMovement movement;
    movement.type = "charge";
    movement.reporting_category = "charge";
    movement.amount = settled.amount;
    movement.fee = fees.total();
    movement.fee_details = fees.fee_details(account.currency(), StripeAccount::kApplicationId);
    movement.source = charge.at("id").get<std::string>();
    movement.description = charge.at("description").is_string() ? charge.at("description").get<std::string>() : "";
    movement.exchange_rate = settled.rate;
    movement.created = account.now();
    movement.available_on = account.payouts().available_on(movement.created);
    const nlohmann::json& transaction = account.ledger().record(movement, account.currency());
    charge["balance_transaction"] = transaction.at("id");
    charge["captured"] = true;
    charge["amount_captured"] = amount;
}

nlohmann::json& new_charge(StripeAccount& account, const ChargeRequest& request, const TestCard& card) {
    const bool approved = card.decline_code.empty();
    const std::string id = new_object_id("ch");
    nlohmann::json charge = {
        {"id", id},
        {"object", "charge"},
        {"amount", request.amount},
        {"amount_captured", 0},
        {"amount_refunded", 0},
        {"application", request.application_fee_amount.is_null() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(StripeAccount::kApplicationId)},
        {"application_fee", nullptr},
        {"application_fee_amount", request.application_fee_amount},
        {"balance_transaction", nullptr},
        {"billing_details",
         {{"address", {{"city", nullptr}, {"country", nullptr}, {"line1", nullptr}, {"line2", nullptr}, {"postal_code", nullptr}, {"state", nullptr}}},
          {"email", nullptr},
          {"name", nullptr},
          {"phone", nullptr}}},
        {"calculated_statement_descriptor", "LEDGERSYNC SANDBOX"},
        {"captured", false},
        {"created", account.now()},
        {"currency", request.currency},
        {"customer", request.customer},
        {"description", request.description},
        {"disputed", false},
        {"failure_balance_transaction", nullptr},
        {"failure_code", approved ? nlohmann::json(nullptr) : nlohmann::json("card_declined")},
        {"failure_message", approved ? nlohmann::json(nullptr) : nlohmann::json(card.decline_message)},
        {"fraud_details", nlohmann::json::object()},
        {"invoice", nullptr},
        {"livemode", account.request_context().livemode},
        {"metadata", request.metadata},
        {"on_behalf_of", nullptr},
        {"outcome",
         {{"network_status", approved ? "approved_by_network" : "declined_by_network"},
          {"reason", approved ? nlohmann::json(nullptr) : nlohmann::json(card.decline_code)},
          {"risk_level", "normal"},
          {"risk_score", 32},
          {"seller_message", approved ? "Payment complete." : "The bank did not return any further details with this decline."},
          {"type", approved ? "authorized" : "issuer_declined"}}},
        {"paid", approved},
        {"payment_intent", request.payment_intent},
        {"payment_method", request.payment_method},
        {"payment_method_details", card_details(card)},
        {"radar_options", nlohmann::json::object()},
        {"receipt_email", request.receipt_email},
        {"receipt_number", nullptr},
        {"receipt_url", "https://pay.stripe.com/receipts/sandbox/" + id},
        {"refunded", false},
        {"review", nullptr},
        {"shipping", nullptr},
        {"source_transfer", nullptr},
        {"statement_descriptor", request.statement_descriptor},
        {"statement_descriptor_suffix", nullptr},
        {"status", approved ? "succeeded" : "failed"},
        {"transfer_data", nullptr},
        {"transfer_group", nullptr}};
    nlohmann::json& stored = account.store().insert(std::move(charge));
    if (approved && request.capture)
        record_capture(account, stored, request.amount);
    return stored;
}

TestCard require_test_card(const std::string& payment_method, const char* param) {
    if (payment_method.empty())
        throw errors::parameter_missing(param);
    const auto card = test_card(payment_method);
    if (!card) {
        throw errors::resource_missing(std::string(param) == "source" ? "source" : "PaymentMethod",
                                       payment_method, param);
    }
    return *card;
}

// Runs the charge of a confirmed intent and moves the intent to its resulting state.
void attempt_payment(StripeAccount& account, nlohmann::json& intent) {
    const std::string payment_method = intent.at("payment_method").is_string()
                                           ? intent.at("payment_method").get<std::string>()
                                           : std::string();
    const TestCard card = require_test_card(payment_method, "payment_method");
    ChargeRequest request;
    request.amount = intent.at("amount").get<std::int64_t>();
    request.currency = intent.at("currency").get<std::string>();
    request.customer = intent.at("customer");
    request.description = intent.at("description");
    request.metadata = intent.at("metadata");
    request.payment_intent = intent.at("id");
    request.receipt_email = intent.at("receipt_email");
    request.statement_descriptor = intent.at("statement_descriptor");
    request.application_fee_amount = intent.at("application_fee_amount");
    request.payment_method = payment_method;
    request.capture = intent.at("capture_method") != "manual";
    nlohmann::json& charge = new_charge(account, request, card);
    intent["latest_charge"] = charge.at("id");
    if (!card.decline_code.empty()) {
        intent["status"] = "requires_payment_method";
        intent["last_payment_error"] = {{"charge", charge.at("id")},
                                        {"code", "card_declined"},
                                        {"decline_code", card.decline_code},
                                        {"doc_url", "https://stripe.com/docs/error-codes/card-declined"},
                                        {"message", card.decline_message},
                                        {"type", "card_error"}};
        intent["payment_method"] = nullptr;
        account.record_event("charge.failed", charge);
        account.record_event("payment_intent.payment_failed", intent);
        throw errors::card_declined(card.decline_code, card.decline_message, charge.at("id"));
    }
    account.record_event("charge.succeeded", charge);
    if (request.capture) {
        intent["status"] = "succeeded";
        intent["amount_received"] = intent.at("amount");
        account.record_event("payment_intent.succeeded", intent);
    } else {
        intent["status"] = "requires_capture";
        intent["amount_capturable"] = intent.at("amount");
        account.record_event("payment_intent.amount_capturable_updated", intent);
    }
    if (card.disputed)
        open_dispute(account, charge, "fraudulent");
}

void apply_common_updates(nlohmann::json& object, const nlohmann::json& params,
                          std::initializer_list<const char*> members) {
    for (const char* member : members) {
        if (params.contains(member))
            object[member] = params.at(member);
    }
    if (params.contains("metadata"))
        apply_metadata(object, params.at("metadata"));
}

}  // namespace

nlohmann::json& require_object(StripeAccount& account, const std::string& type,
                               const std::string& id, const std::string& param) {
    nlohmann::json* object = account.store().find(type, id);
    if (object == nullptr)
        throw errors::resource_missing(type, id, param);
    return *object;
}

nlohmann::json& create_payment_intent(StripeAccount& account, const nlohmann::json& params) {
    const std::string currency = params.at("currency");
    check_amount(params, currency);
    account.rates().to_settlement(0, currency);  // refuses a currency with no rate up front
    if (params.contains("customer"))
        require_customer(account, params.at("customer"), "customer");
    const std::string capture_method = string_or(params, "capture_method", "automatic");
    const std::string id = new_object_id("pi");
    nlohmann::json intent = {
        {"id", id},
        {"object", "payment_intent"},
        {"amount", params.at("amount")},
        {"amount_capturable", 0},
        {"amount_details", {{"tip", nlohmann::json::object()}}},
        {"amount_received", 0},
        {"application", nullptr},
        {"application_fee_amount", params.value("application_fee_amount", nlohmann::json(nullptr))},
        {"automatic_payment_methods", nullptr},
        {"canceled_at", nullptr},
        {"cancellation_reason", nullptr},
        {"capture_method", capture_method},
        {"client_secret", id + "_secret_" + new_object_id("x").substr(2)},
        {"confirmation_method", string_or(params, "confirmation_method", "automatic")},
        {"created", account.now()},
        {"currency", currency},
        {"customer", nullable_string(params, "customer")},
        {"description", nullable_string(params, "description")},
        {"invoice", nullptr},
        {"last_payment_error", nullptr},
        {"latest_charge", nullptr},
        {"livemode", account.request_context().livemode},
        {"metadata", nlohmann::json::object()},
        {"next_action", nullptr},
        {"on_behalf_of", nullptr},
        {"payment_method", nullable_string(params, "payment_method")},
        {"payment_method_options", nlohmann::json::object()},
        {"payment_method_types", params.value("payment_method_types", nlohmann::json::array({"card"}))},
        {"processing", nullptr},
        {"receipt_email", nullable_string(params, "receipt_email")},
        {"review", nullptr},
        {"setup_future_usage", nullptr},
        {"shipping", nullptr},
        {"statement_descriptor", nullable_string(params, "statement_descriptor")},
        {"statement_descriptor_suffix", nullptr},
        {"status", params.contains("payment_method") ? "requires_confirmation" : "requires_payment_method"},
        {"transfer_data", nullptr},
        {"transfer_group", nullptr}};
    if (params.contains("metadata"))
        apply_metadata(intent, params.at("metadata"));
    nlohmann::json& stored = account.store().insert(std::move(intent));
    account.record_event("payment_intent.created", stored);
    if (params.value("confirm", false))
        attempt_payment(account, stored);
    return stored;
}

nlohmann::json& update_payment_intent(StripeAccount& account, const std::string& id,
                                      const nlohmann::json& params) {
    nlohmann::json& intent = require_object(account, "payment_intent", id);
    apply_common_updates(intent, params, {"description", "receipt_email", "statement_descriptor"});
    if (params.contains("payment_method"))
        intent["payment_method"] = params.at("payment_method");
    return intent;
}

nlohmann::json& confirm_payment_intent(StripeAccount& account, const std::string& id,
                                       const nlohmann::json& params) {
    nlohmann::json& intent = require_object(account, "payment_intent", id);
    const std::string status = intent.at("status");
    if (status != "requires_payment_method" && status != "requires_confirmation") {
        throw errors::invalid_request(
            "You cannot confirm this PaymentIntent because it has a status of " + status +
                ". Only a PaymentIntent with one of the following statuses may be confirmed: "
                "requires_confirmation, requires_payment_method, requires_action.",
            "");
    }
    if (params.contains("payment_method"))
        intent["payment_method"] = params.at("payment_method");
    attempt_payment(account, intent);
    return intent;
}

nlohmann::json& capture_payment_intent(StripeAccount& account, const std::string& id,
                                       const nlohmann::json& params) {
    nlohmann::json& intent = require_object(account, "payment_intent", id);
    if (intent.at("status") != "requires_capture") {
        throw errors::invalid_request(
            "This PaymentIntent could not be captured because it has a status of " +
            intent.at("status").get<std::string>() +
            ". Only a PaymentIntent with one of the following statuses may be captured: "
            "requires_capture.");
    }
    nlohmann::json& charge = require_object(account, "charge", intent.at("latest_charge"));
    const std::int64_t amount = params.value("amount_to_capture", intent.at("amount").get<std::int64_t>());
    capture_charge(account, charge.at("id"), {{"amount", amount}});
    intent["status"] = "succeeded";
    intent["amount_capturable"] = 0;
    intent["amount_received"] = amount;
    account.record_event("payment_intent.succeeded", intent);
    return intent;
}

nlohmann::json& cancel_payment_intent(StripeAccount& account, const std::string& id,
                                      const nlohmann::json& params) {
    nlohmann::json& intent = require_object(account, "payment_intent", id);
    const std::string status = intent.at("status");
    if (status == "succeeded" || status == "canceled") {
        throw errors::invalid_request(
            "You cannot cancel this PaymentIntent because it has a status of " + status +
            ". Only a PaymentIntent with one of the following statuses may be canceled: "
            "requires_payment_method, requires_capture, requires_confirmation, requires_action, "
            "processing.");
    }
    intent["status"] = "canceled";
    intent["canceled_at"] = account.now();
    intent["cancellation_reason"] = nullable_string(params, "cancellation_reason");
    account.record_event("payment_intent.canceled", intent);
    return intent;
}

nlohmann::json& create_charge(StripeAccount& account, const nlohmann::json& params) {
    if (!params.contains("amount"))
        throw errors::parameter_missing("amount");
    if (!params.contains("currency"))
        throw errors::parameter_missing("currency");
    const std::string currency = params.at("currency");
    check_amount(params, currency);
    account.rates().to_settlement(0, currency);
    std::string source = string_or(params, "source");
    if (params.contains("customer")) {
        require_customer(account, params.at("customer"), "customer");
        if (source.empty())
            source = "tok_visa";  // the customer's default card in the sandbox
    }
    if (source.empty()) {
        throw errors::invalid_request(
            "Must provide source or customer.", "source");
    }
    const TestCard card = require_test_card(source, "source");
    ChargeRequest request;
    request.amount = params.at("amount").get<std::int64_t>();
    request.currency = currency;
    request.customer = nullable_string(params, "customer");
    request.description = nullable_string(params, "description");
    request.receipt_email = nullable_string(params, "receipt_email");
    request.statement_descriptor = nullable_string(params, "statement_descriptor");
    request.application_fee_amount = params.value("application_fee_amount", nlohmann::json(nullptr));
    request.payment_method = "card_" + new_object_id("x").substr(2);
    request.capture = params.value("capture", true);
    nlohmann::json metadata_holder = {{"metadata", nlohmann::json::object()}};
    if (params.contains("metadata"))
        apply_metadata(metadata_holder, params.at("metadata"));
    request.metadata = metadata_holder.at("metadata");
    nlohmann::json& charge = new_charge(account, request, card);
    if (!card.decline_code.empty()) {
        account.record_event("charge.failed", charge);
        throw errors::card_declined(card.decline_code, card.decline_message, charge.at("id"));
    }
    account.record_event("charge.succeeded", charge);
    if (card.disputed)
        open_dispute(account, charge, "fraudulent");
    return charge;
}

nlohmann::json& update_charge(StripeAccount& account, const std::string& id,
                              const nlohmann::json& params) {
    nlohmann::json& charge = require_object(account, "charge", id);
    nlohmann::json previous = nlohmann::json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (it.key() != "expand" && charge.contains(it.key()))
            previous[it.key()] = charge.at(it.key());
    }
    apply_common_updates(charge, params, {"description", "receipt_email", "customer"});
    if (!previous.empty())
        account.record_event("charge.updated", charge, previous);
    return charge;
}

nlohmann::json& capture_charge(StripeAccount& account, const std::string& id,
                               const nlohmann::json& params) {
    nlohmann::json& charge = require_object(account, "charge", id);
    if (charge.at("captured") == true || charge.at("status") != "succeeded") {
        throw errors::invalid_request("Charge " + id + " has already been captured.", "")
            .with_should_retry(false);
    }
    const std::int64_t total = charge.at("amount");
    const std::int64_t amount = params.value("amount", total);
    if (amount < 1 || amount > total) {
        throw errors::parameter_invalid(
            "amount", "Amount to capture must be at most the charge amount (" + std::to_string(total) + ").",
            "amount_too_large");
    }
    record_capture(account, charge, amount);
    // The part not captured is released to the cardholder, and shows as refunded.
    charge["amount_refunded"] = total - amount;
    account.record_event("charge.captured", charge);
    return charge;
}

}  // namespace ledgersync::sandbox::stripe
