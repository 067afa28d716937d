// A connector for tests that stands in for a remote system (QBO, HubSpot) without a network:
//  - read() serves record envelopes from an inbox file (JSON lines) and, with feed_writes, the
//    objects written to it, as that system's change feed;
//  - write() applies each idempotency key once, like QBO's requestid and Stripe's
//    Idempotency-Key, and appends every receipt (first or replay) to a journal it fsyncs before
//    answering, so tests can check what was applied and with which key, even across SIGKILL;
//  - faults on demand: transient errors, 429 with Retry-After, data errors, auth errors.
// Built only through the SDK's public headers.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <ledgersync/sdk.hpp>

namespace {

using namespace ledgersync;
using nlohmann::json;

bool file_exists(const std::string& path) {
    struct stat st {};
    return !path.empty() && ::stat(path.c_str(), &st) == 0;
}

// FNV-1a: the same (key, attempt, seed) always gets the same fault decision.
std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class LedgerConnector final : public sdk::Connector {
public:
    LedgerConnector(sdk::HostServices host, const json& config) : host_(host) {
        sdk::ConfigProblems problems;
        sdk::ConfigReader r(config, problems);
        inbox_ = r.value_or<std::string>("inbox", "", "a JSON-lines file path");
        journal_ = r.required<std::string>("journal", "a JSON-lines file path");
        feed_writes_ = r.value_or<bool>("feed_writes", false, "true or false");
        id_prefix_ = r.value_or<std::string>("id_prefix", "T", "an id prefix");
        transient_per_mille_ = r.integer_in("transient_per_mille", 0, 0, 1000, "per mille");
        rate_limited_per_mille_ = r.integer_in("rate_limited_per_mille", 0, 0, 1000, "per mille");
        retry_after_ms_ = r.integer_in("retry_after_ms", 0, 0, 600'000, "milliseconds");
        seed_ = r.integer_in("seed", 1, 0, 1'000'000'000, "an integer");
        reject_field_ = r.value_or<std::string>("reject_field", "", "a body field name");
        accept_file_ = r.value_or<std::string>("accept_rejected_when_file_exists", "", "a file path");
        write_delay_ms_ = r.integer_in("write_delay_ms", 0, 0, 60'000, "milliseconds");
        respond_delay_ms_ = r.integer_in("respond_delay_ms", 0, 0, 60'000, "milliseconds");
        auth_file_ = r.value_or<std::string>("auth_fail_when_file_exists", "", "a file path");
        r.finish();
        problems.throw_if_any();
        load_journal();
    }

    sdk::ReadResult read(const sdk::ReadRequest& request) override {
        // Cursor "<inbox offset>:<journal offset>".
        std::int64_t inbox_offset = 0;
        std::int64_t journal_offset = 0;
        if (request.cursor) {
            const auto colon = request.cursor->find(':');
            inbox_offset = std::stoll(request.cursor->substr(0, colon));
            journal_offset = std::stoll(request.cursor->substr(colon + 1));
        }
        sdk::ReadResult result;
        inbox_offset = scan(inbox_, inbox_offset, [&](const json& line) {
            sdk::Record r = sdk::Record::from_json(with_defaults(line));
            if (r.identity.type == request.stream) result.records.push_back(std::move(r));
        });
        if (feed_writes_) {
            std::lock_guard lock(mutex_);
            journal_offset = scan(journal_, journal_offset, [&](const json& line) {
                if (!line.value("applied", false) || line.value("type", "") != request.stream) return;
                sdk::Record r;
                r.identity = {"ledger", "", line["type"], line["target_id"]};
                r.version = line["target_version"];
                r.body = line["record"]["body"];
                r.schema = "ledgersync." + r.identity.type;
                result.records.push_back(std::move(r));
            });
        }
        result.cursor = std::to_string(inbox_offset) + ":" + std::to_string(journal_offset);
        return result;
    }

    sdk::WebhookResult webhook(const sdk::HttpRequest& request) override {
        const json body = sdk::parse_json_exact(request.body);
        sdk::WebhookResult result;
        for (const auto& line : body.is_array() ? body : json::array({body})) {
            result.records.push_back(sdk::Record::from_json(with_defaults(line)));
        }
        return result;
    }

    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override {
        if (write_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(write_delay_ms_));
        if (file_exists(auth_file_)) {
            throw sdk::Error(sdk::Outcome::auth("the ledger rejected our credentials", "reconnect the ledger"));
        }
        std::vector<sdk::Outcome> outcomes = apply_and_journal(items);
        // The remote system has applied the writes (its feed already shows them); its answer
        // takes a while to come back.
        if (respond_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(respond_delay_ms_));
        return outcomes;
    }

private:
    // Applies each item once per idempotency key and journals every receipt, durably.
    std::vector<sdk::Outcome> apply_and_journal(const std::vector<sdk::WriteItem>& items) {
        std::lock_guard lock(mutex_);
        std::vector<sdk::Outcome> outcomes;
        std::string receipts;
        for (const auto& item : items) {
            json receipt = {{"key", item.idempotency_key}, {"operation", item.operation}, {"attempt", item.attempt},
                            {"type", item.record.identity.type}, {"source_id", item.record.identity.id},
                            {"source_version", item.record.version}, {"at_ms", now_ms()}, {"record", item.record.to_json()}};
            const std::uint64_t roll = fnv1a(item.idempotency_key + "#" + std::to_string(item.attempt) + "#" + std::to_string(seed_)) % 1000;
            if (static_cast<std::int64_t>(roll) < transient_per_mille_) {
                receipt["result"] = "transient";
                outcomes.push_back(sdk::Outcome::transient("the ledger timed out (injected)"));
            } else if (static_cast<std::int64_t>(roll) < transient_per_mille_ + rate_limited_per_mille_) {
                receipt["result"] = "rate_limited";
                outcomes.push_back(sdk::Outcome::rate_limited(std::chrono::milliseconds(retry_after_ms_), "429 Too Many Requests (injected)"));
            } else if (!reject_field_.empty() && item.record.body.contains(reject_field_) && !file_exists(accept_file_)) {
                receipt["result"] = "data";
                outcomes.push_back(sdk::Outcome::data("the ledger refuses " + item.record.identity.id + ": field '" +
                                                          reject_field_ + "' is not allowed",
                                                      "remove the field, or create " + accept_file_));
            } else {
                outcomes.push_back(apply(item, receipt));
            }
            receipts += receipt.dump() + "\n";
        }
        append_durably(receipts);
        return outcomes;
    }

    json with_defaults(json line) const {
        if (!line.contains("identity")) throw sdk::Error(sdk::Outcome::data("inbox line without identity"));
        line["identity"]["system"] = "ledger";
        if (!line["identity"].contains("connection")) line["identity"]["connection"] = "";
        return line;
    }

    sdk::Outcome apply(const sdk::WriteItem& item, json& receipt) {
        if (auto done = applied_.find(item.idempotency_key); done != applied_.end()) {
            receipt["result"] = "replayed";
            receipt["applied"] = false;
            receipt["target_id"] = done->second.first;
            receipt["target_version"] = done->second.second;
            return sdk::Outcome::ok(done->second.first, done->second.second, "replayed");
        }
        std::string target_id = item.target_id;
        if (target_id.empty()) target_id = id_prefix_ + "-" + item.record.identity.type + "-" + item.record.identity.id;
        const std::string version = std::to_string(++versions_[target_id]);
        applied_[item.idempotency_key] = {target_id, version};
        receipt["result"] = "ok";
        receipt["applied"] = true;
        receipt["target_id"] = target_id;
        receipt["target_version"] = version;
        return sdk::Outcome::ok(target_id, version, item.target_id.empty() ? "created" : "updated");
    }

    void load_journal() {
        std::lock_guard lock(mutex_);
        scan(journal_, 0, [&](const json& line) {
            if (!line.value("applied", false)) return;
            const std::string target = line["target_id"];
            applied_[line["key"]] = {target, line["target_version"]};
            versions_[target] = std::max<std::int64_t>(versions_[target], std::stoll(line["target_version"].get<std::string>()));
        });
    }

    template <class Visit>
    static std::int64_t scan(const std::string& path, std::int64_t offset, Visit visit) {
        if (path.empty()) return offset;
        std::ifstream in(path, std::ios::binary);
        if (!in) return offset;
        in.seekg(offset);
        std::string line;
        while (std::getline(in, line)) {
            if (in.eof()) break;  // a partial last line: read it once it is complete
            offset += static_cast<std::int64_t>(line.size()) + 1;
            if (!line.empty()) visit(sdk::parse_json_exact(line));
        }
        return offset;
    }

    void append_durably(const std::string& text) {
        const int fd = ::open(journal_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0) throw sdk::Error(sdk::Outcome::transient("cannot open journal " + journal_));
        const ssize_t written = ::write(fd, text.data(), text.size());
        ::fsync(fd);
        ::close(fd);
        if (written != static_cast<ssize_t>(text.size())) throw sdk::Error(sdk::Outcome::transient("short journal write"));
    }

    sdk::HostServices host_;
    std::string inbox_;
    std::string journal_;
    bool feed_writes_ = false;
    std::string id_prefix_;
    std::int64_t transient_per_mille_ = 0;
    std::int64_t rate_limited_per_mille_ = 0;
    std::int64_t retry_after_ms_ = 0;
    std::int64_t seed_ = 1;
    std::string reject_field_;
    std::string accept_file_;
    std::int64_t write_delay_ms_ = 0;
    std::int64_t respond_delay_ms_ = 0;
    std::string auth_file_;

    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::string>> applied_;  // key -> (target id, version)
    std::map<std::string, std::int64_t> versions_;
};

}  // namespace

LEDGERSYNC_CONNECTOR(LedgerConnector, "ledger", "1.0.0")
