#pragma once
/// Model-level test fixture: one QBO company in memory, seeded like `--seed default`, with
/// helpers that run one Ledger operation and commit it, as the API layer does.

#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <ledgersync/sdk/decimal.hpp>
#include <ledgersync/sdk/json.hpp>

#include "common/iso_time.hpp"
#include "qbo/company_seed.hpp"
#include "qbo/company_store.hpp"
#include "qbo/entity_kind.hpp"
#include "qbo/ledger.hpp"
#include "qbo/qbo_fault.hpp"
#include "qbo/qbo_json.hpp"

namespace ledgersync::sandbox::testing {

class QboModelTest : public ::testing::Test {
protected:
    void SetUp() override { seed({{"customers", true}}); }

    void seed(const nlohmann::json& options) {
        store_ = std::make_unique<qbo::CompanyStore>("123");
        qbo::Ledger ledger(*store_, now_ms_);
        qbo::seed_company(ledger, options);
        ledger.commit();
    }

    /// Runs `operation` in a Ledger and commits it; returns its result.
    nlohmann::json run(const std::function<nlohmann::json(qbo::Ledger&)>& operation) {
        qbo::Ledger ledger(*store_, now_ms_);
        nlohmann::json result = operation(ledger);
        ledger.commit();
        last_events_ = ledger.events();
        return result;
    }
    nlohmann::json create(const std::string& kind, const std::string& json_text) {
        const auto body = qbo::parse_request_body(json_text);
        return run([&](qbo::Ledger& l) { return l.create(qbo::kind(kind), body); });
    }
    nlohmann::json update(const std::string& kind, const std::string& json_text) {
        const auto body = qbo::parse_request_body(json_text);
        return run([&](qbo::Ledger& l) { return l.update(qbo::kind(kind), body); });
    }
    nlohmann::json read(const std::string& kind, const std::string& id) {
        return run([&](qbo::Ledger& l) { return l.read(qbo::kind(kind), id); });
    }
    /// The fault code an operation raises ("" when it succeeds).
    std::string fault_code(const std::function<void()>& operation) {
        try {
            operation();
        } catch (const qbo::QboFault& fault) {
            last_fault_detail_ = fault.errors().front().detail;
            return fault.errors().front().code;
        }
        return {};
    }

    static sdk::Decimal dec(const nlohmann::json& value) { return sdk::Decimal::from_json(value); }
    static sdk::Decimal dec(const char* text) { return sdk::Decimal::parse(text); }

    std::unique_ptr<qbo::CompanyStore> store_;
    std::int64_t now_ms_ = *parse_iso_datetime("2025-03-10T17:30:00Z");
    std::vector<qbo::ChangeEvent> last_events_;
    std::string last_fault_detail_;
};

}  // namespace ledgersync::sandbox::testing
