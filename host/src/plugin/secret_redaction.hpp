#pragma once
/// What a plugin says (an outcome's reason and fix hint, an error's text) passes through the
/// host's secret masking before it reaches a log, the failures table or an HTTP body: a plugin
/// that quotes a token in an error must not leak it.

#include <string>
#include <string_view>

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/outcome.hpp>

#include "services/logger.hpp"

namespace ledgersync::plugin {

/// `text` with the secrets `logger` knows masked (unchanged without a logger).
std::string redact_secrets(const services::Logger* logger, std::string_view text);

/// `outcome` with its reason and fix hint masked.
sdk::Outcome redact_secrets(const services::Logger* logger, sdk::Outcome outcome);

/// Runs `call`, rethrowing an sdk::Error or sdk::Unsupported it throws with secrets masked.
template <class Call>
auto redacting_errors(const services::Logger* logger, Call&& call) {
    try {
        return call();
    } catch (const sdk::Unsupported& e) {
        throw sdk::Unsupported(redact_secrets(logger, e.what()));
    } catch (const sdk::Error& e) {
        throw sdk::Error(redact_secrets(logger, e.outcome()));
    }
}

}  // namespace ledgersync::plugin
