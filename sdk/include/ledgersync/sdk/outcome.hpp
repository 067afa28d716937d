#pragma once
/// The result of an operation on one record, classified so that the host knows what to do next:
/// ok / transient / rate_limited{retry_after} / auth / data{reason} / fatal.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ledgersync/abi.h"

namespace ledgersync::sdk {

/// How the host reacts to an outcome (docs/bus.md, "Retries").
enum class OutcomeClass {
    ok,            ///< done; carries the target id and version
    transient,     ///< retried with exponential backoff
    rate_limited,  ///< retried after retry_after (or the route's backoff when unknown)
    auth,          ///< the connection is paused and flagged until credentials are fixed
    data,          ///< this record becomes a failure at once; others go on
    fatal,         ///< the route is paused: configuration or programming error
};

/// Stable lower-case name of a class ("rate_limited"), as used in JSON, logs and the CLI.
inline std::string_view to_string(OutcomeClass kind) noexcept {
    switch (kind) {
        case OutcomeClass::ok: return "ok";
        case OutcomeClass::transient: return "transient";
        case OutcomeClass::rate_limited: return "rate_limited";
        case OutcomeClass::auth: return "auth";
        case OutcomeClass::data: return "data";
        case OutcomeClass::fatal: return "fatal";
    }
    return "fatal";
}

/// Parses a class name; nullopt for an unknown one.
inline std::optional<OutcomeClass> outcome_class_from_string(std::string_view name) noexcept {
    for (auto kind : {OutcomeClass::ok, OutcomeClass::transient, OutcomeClass::rate_limited,
                      OutcomeClass::auth, OutcomeClass::data, OutcomeClass::fatal}) {
        if (to_string(kind) == name) return kind;
    }
    return std::nullopt;
}

/// The ABI status that carries a class across the boundary.
inline ls_status to_status(OutcomeClass kind) noexcept {
    switch (kind) {
        case OutcomeClass::ok: return LS_STATUS_OK;
        case OutcomeClass::transient: return LS_STATUS_TRANSIENT;
        case OutcomeClass::rate_limited: return LS_STATUS_RATE_LIMITED;
        case OutcomeClass::auth: return LS_STATUS_AUTH;
        case OutcomeClass::data: return LS_STATUS_DATA;
        case OutcomeClass::fatal: return LS_STATUS_FATAL;
    }
    return LS_STATUS_FATAL;
}

/// The class an ABI status stands for. NOT_FOUND reads as data, UNAVAILABLE as fatal.
inline OutcomeClass outcome_class_from_status(ls_status status) noexcept {
    switch (status) {
        case LS_STATUS_OK: return OutcomeClass::ok;
        case LS_STATUS_TRANSIENT: return OutcomeClass::transient;
        case LS_STATUS_RATE_LIMITED: return OutcomeClass::rate_limited;
        case LS_STATUS_AUTH: return OutcomeClass::auth;
        case LS_STATUS_DATA:
        case LS_STATUS_NOT_FOUND: return OutcomeClass::data;
        default: return OutcomeClass::fatal;
    }
}

/// Outcome of one operation. Build it with the named constructors.
struct Outcome {
    OutcomeClass kind = OutcomeClass::ok;
    /// What happened, for humans: which object, which field, what the remote system said.
    std::string reason;
    /// What to do about it ("rename one of them", "reconnect the QuickBooks app").
    std::string fix_hint;
    /// For rate_limited: how long to wait; zero when the API did not say.
    std::chrono::milliseconds retry_after{0};
    /// For ok: the object's id in the target system and its version there (SyncToken, etag...).
    std::string target_id;
    std::string target_version;
    /// For ok: what the write did: "created", "updated", "voided", "deleted", "matched", ...
    std::string action;
    /// Optional machine-readable details (remote error code, JSON path of the bad field, ...).
    nlohmann::json details;

    static Outcome ok(std::string target_id, std::string target_version = {},
                      std::string action = "created") {
        Outcome o;
        o.target_id = std::move(target_id);
        o.target_version = std::move(target_version);
        o.action = std::move(action);
        return o;
    }
    static Outcome transient(std::string reason) { return failure(OutcomeClass::transient, std::move(reason), {}); }
    static Outcome rate_limited(std::chrono::milliseconds retry_after, std::string reason) {
        Outcome o = failure(OutcomeClass::rate_limited, std::move(reason), {});
        o.retry_after = retry_after;
        return o;
    }
    static Outcome auth(std::string reason, std::string fix_hint = {}) {
        return failure(OutcomeClass::auth, std::move(reason), std::move(fix_hint));
    }
    static Outcome data(std::string reason, std::string fix_hint = {}) {
        return failure(OutcomeClass::data, std::move(reason), std::move(fix_hint));
    }
    static Outcome fatal(std::string reason, std::string fix_hint = {}) {
        return failure(OutcomeClass::fatal, std::move(reason), std::move(fix_hint));
    }

    bool is_ok() const noexcept { return kind == OutcomeClass::ok; }

    /// Wire form (docs/sdk.md, "Outcomes").
    nlohmann::json to_json() const {
        nlohmann::json j{{"status", std::string(to_string(kind))}};
        if (kind == OutcomeClass::ok) {
            j["target_id"] = target_id;
            if (!target_version.empty()) j["target_version"] = target_version;
            if (!action.empty()) j["action"] = action;
        } else {
            j["reason"] = reason;
            if (!fix_hint.empty()) j["fix_hint"] = fix_hint;
            if (retry_after.count() > 0) j["retry_after_ms"] = retry_after.count();
        }
        if (!details.is_null()) j["details"] = details;
        return j;
    }

    /// Reads the wire form; an unreadable outcome becomes a fatal one that says why.
    static Outcome from_json(const nlohmann::json& j) {
        if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) {
            return fatal("plugin returned an outcome without a \"status\" string: " + j.dump());
        }
        auto kind = outcome_class_from_string(j["status"].get<std::string>());
        if (!kind) return fatal("plugin returned an unknown outcome status: " + j.dump());
        Outcome o;
        o.kind = *kind;
        o.reason = j.value("reason", std::string{});
        o.fix_hint = j.value("fix_hint", std::string{});
        o.retry_after = std::chrono::milliseconds(j.value("retry_after_ms", std::int64_t{0}));
        o.target_id = j.value("target_id", std::string{});
        o.target_version = j.value("target_version", std::string{});
        o.action = j.value("action", std::string{});
        if (j.contains("details")) o.details = j["details"];
        if (o.kind == OutcomeClass::ok && o.target_id.empty()) {
            return fatal("plugin returned an ok outcome without a target_id: " + j.dump());
        }
        return o;
    }

private:
    static Outcome failure(OutcomeClass kind, std::string reason, std::string fix_hint) {
        Outcome o;
        o.kind = kind;
        o.reason = std::move(reason);
        o.fix_hint = std::move(fix_hint);
        return o;
    }
};

/// Thrown by plugin code to fail a whole call with a classified outcome. The SDK's shim catches
/// it (and any other exception) at the boundary; nothing unwinds into the host.
class Error : public std::runtime_error {
public:
    explicit Error(Outcome outcome)
        : std::runtime_error(outcome.reason), outcome_(std::move(outcome)) {}
    const Outcome& outcome() const noexcept { return outcome_; }

private:
    Outcome outcome_;
};

}  // namespace ledgersync::sdk
