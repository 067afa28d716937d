#include "fee_expense_config.hpp"

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::mappers::fee_expense {

namespace {

using sdk::model::FeeType;
using sdk::model::Reference;

/// The processors a canonical payment can come through, with the name shown in the books.
const std::map<std::string, std::string> kProcessorLabels = {{"stripe", "Stripe"}, {"hubspot_payments", "HubSpot payments"}};

/// A reference written as its id in the target ("35") or {"id": ..., "name": ...}.
std::optional<Reference> read_reference(const nlohmann::json& value, const std::string& type, const std::string& what,
                                        const std::string& path, sdk::ConfigProblems& problems) {
    if (value.is_string() && !value.get<std::string>().empty()) return Reference(type, value.get<std::string>());
    if (value.is_object()) {
        sdk::ConfigReader r(value, problems, path);
        const auto id = r.required<std::string>("id", "the " + what + "'s id in QuickBooks");
        const auto name = r.optional<std::string>("name", "the " + what + "'s name, for people reading records");
        r.finish();
        if (id.empty()) return std::nullopt;
        return Reference(type, id, name);
    }
    problems.add(path, "expected the " + what + "'s QuickBooks id (a non-empty string) or {\"id\": ..., \"name\": ...}, got " +
                           sdk::ConfigReader::describe(value) + ".");
    return std::nullopt;
}

std::optional<Reference> required_reference(sdk::ConfigReader& r, const std::string& key, const std::string& type,
                                            const std::string& what) {
    const nlohmann::json* value = r.raw(key);
    if (value == nullptr) {
        r.problems().add(r.path_of(key), "required key is missing; set it to the " + what + "'s QuickBooks id.");
        return std::nullopt;
    }
    return read_reference(*value, type, what, r.path_of(key), r.problems());
}

}  // namespace

FeeExpenseConfig FeeExpenseConfig::parse(const nlohmann::json& config) {
    sdk::ConfigProblems problems;
    FeeExpenseConfig result;
    sdk::ConfigReader root(config, problems);
    if (const nlohmann::json* processors = root.raw("processors"); processors != nullptr && processors->is_object() &&
                                                                    !processors->empty()) {
        for (const auto& [source, settings] : processors->items()) {
            const std::string path = root.path_of("processors") + "/" + source;
            const auto label = kProcessorLabels.find(source);
            if (label == kProcessorLabels.end()) {
                problems.add(path, "\"" + source + "\" is not a payment source with fees; use \"stripe\" or \"hubspot_payments\".");
                continue;
            }
            if (!settings.is_object()) {
                problems.add(path, "expected {\"vendor\": ID, \"clearing_account\": ID}.");
                continue;
            }
            sdk::ConfigReader p(settings, problems, path);
            const auto vendor = required_reference(p, "vendor", "vendor", "vendor (\"" + label->second + "\")");
            const auto clearing = required_reference(p, "clearing_account", "account", "clearing account");
            p.finish();
            if (vendor && clearing) result.processors.emplace(source, ProcessorAccounts{*vendor, *clearing, label->second});
        }
    } else {
        problems.add(root.path_of("processors"),
                     "required: an object of payment source -> {\"vendor\": ID, \"clearing_account\": ID}, such as "
                     "{\"stripe\": {\"vendor\": \"56\", \"clearing_account\": \"35\"}}.");
    }
    if (const nlohmann::json* accounts = root.raw("expense_accounts"); accounts != nullptr && accounts->is_object()) {
        sdk::ConfigReader a(*accounts, problems, root.path_of("expense_accounts"));
        if (auto processing = required_reference(a, "processing", "account", "expense account of processing fees")) {
            result.expense_accounts[FeeType::processing] = *processing;
            for (const auto& [key, type] : {std::pair{"platform", FeeType::platform}, std::pair{"tax_on_fees", FeeType::tax_on_fees}}) {
                const nlohmann::json* value = a.raw(key);
                const auto account = value == nullptr ? processing
                                                      : read_reference(*value, "account", std::string("expense account of ") + key,
                                                                       a.path_of(key), problems);
                if (account) result.expense_accounts[type] = *account;
            }
        }
        a.finish();
    } else {
        problems.add(root.path_of("expense_accounts"),
                     "required: the expense accounts by fee type, such as {\"processing\": \"70\", \"platform\": \"71\", "
                     "\"tax_on_fees\": \"72\"} (platform and tax_on_fees default to processing's).");
    }
    root.finish();
    problems.throw_if_any();
    return result;
}

}  // namespace ledgersync::mappers::fee_expense
