#pragma once
// The mapper that makes a canonical invoice representable in QuickBooks Online (MISSION.md point
// 15; docs/mappings.md, "qbo_invoice_rules"): line discounts folded into their lines, at most one
// invoice-level discount, fees on products, taxes checked against the company's tax mode, and
// the totals proved unchanged. What QBO cannot represent is a data failure, never a silent change.

#include <vector>

#include <ledgersync/sdk.hpp>

#include "rules_config.hpp"

namespace ledgersync::mappers::qbo_invoice_rules {

class QboInvoiceRulesMapper final : public sdk::Mapper {
public:
    QboInvoiceRulesMapper(sdk::HostServices host, const nlohmann::json& config);

    std::vector<sdk::Record> map(sdk::Record record) const override;

private:
    RulesConfig config_;
};

}  // namespace ledgersync::mappers::qbo_invoice_rules
