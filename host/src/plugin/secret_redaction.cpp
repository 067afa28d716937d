#include "plugin/secret_redaction.hpp"

namespace ledgersync::plugin {

std::string redact_secrets(const services::Logger* logger, std::string_view text) {
    return logger == nullptr ? std::string(text) : logger->redact(text);
}

sdk::Outcome redact_secrets(const services::Logger* logger, sdk::Outcome outcome) {
    outcome.reason = redact_secrets(logger, outcome.reason);
    outcome.fix_hint = redact_secrets(logger, outcome.fix_hint);
    return outcome;
}

}  // namespace ledgersync::plugin
