// A connector for tests that stands in for a remote system (QBO, HubSpot) without a network:
//  - read() serves record envelopes from an inbox file (JSON lines) and, with feed_writes, the
//    objects written to it, as that system's change feed; an inbox line {"untranslatable":
//    {identity, version, reason, raw}} is an object it cannot translate; read by ids serves
//    the last inbox line of each id (a later line is the object after a fix);
//  - write() applies each idempotency key once, like QBO's requestid and Stripe's
//    Idempotency-Key, and appends every receipt (first or replay) to a journal it fsyncs before
//    answering, so tests can check what was applied and with which key, even across SIGKILL;
//    several host processes writing to one ledger share it through the journal (each write
//    locks it and first reads what the others appended), as they share one remote system;
//  - faults on demand: transient errors, 429 with Retry-After, data errors, auth errors, an
//    outage (every write and document fetch transient while a file exists); a file that exists while a write is
//    in flight, for tests that must kill the host in the middle of one.
// Built only through the SDK's public headers.

#include <fcntl.h>
#include <sys/file.h>
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
        outage_file_ = r.value_or<std::string>("transient_while_file_exists", "", "a file path");
        reads_held_file_ = r.value_or<std::string>("reads_fail_while_file_exists", "", "a file path");
        in_flight_file_ = r.value_or<std::string>("in_flight_file", "", "a file path");
        reads_by_id_ = r.value_or<bool>("reads_by_id", true, "true or false");
        objects_by_id_ = r.value_or<std::string>("objects_by_id", "", "a JSON-lines file path");
        refuse_after_apply_field_ = r.value_or<std::string>("refuse_after_apply_field", "", "a body field name");
        r.finish();
        problems.throw_if_any();
        load_journal();
    }

    sdk::ReadResult read(const sdk::ReadRequest& request) override {
        // The change feed is unreachable for a while: lets a test make changes on several
        // systems before any of them is read.
        if (file_exists(reads_held_file_)) throw sdk::Error(sdk::Outcome::transient("the ledger's feed is unreachable (injected)"));
        if (!request.ids.empty()) return read_ids(request);
        // Cursor "<inbox offset>:<journal offset>".
        std::int64_t inbox_offset = 0;
        std::int64_t journal_offset = 0;
        if (request.cursor) {
            const auto colon = request.cursor->find(':');
            inbox_offset = std::stoll(request.cursor->substr(0, colon));
            journal_offset = std::stoll(request.cursor->substr(colon + 1));
        }
        sdk::ReadResult result;
        inbox_offset = scan(inbox_, inbox_offset, [&](const json& line) { serve(line, request.stream, result); });
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

    /// An invoice "PDF" naming the invoice, for any id (the admin API's download test).
    sdk::Document fetch(const sdk::FetchRequest& request) override {
        if (request.document != "invoice_pdf") throw sdk::Unsupported("the ledger makes no '" + request.document + "'");
        if (file_exists(outage_file_)) throw sdk::Error(sdk::Outcome::transient("the ledger is down (injected outage)"));
        return {"application/pdf", "%PDF-1.4\n% ledger invoice " + request.id + "\n%%EOF\n"};
    }

    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override {
        const InFlight in_flight(in_flight_file_);
        if (write_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(write_delay_ms_));
        if (file_exists(auth_file_)) {
            throw sdk::Error(sdk::Outcome::auth("the ledger rejected our credentials", "reconnect the ledger"));
        }
        if (file_exists(outage_file_)) {
            return std::vector<sdk::Outcome>(items.size(), sdk::Outcome::transient("the ledger is down (injected outage)"));
        }
        std::vector<sdk::Outcome> outcomes = apply_and_journal(items);
        // The remote system has applied the writes (its feed already shows them); its answer
        // takes a while to come back.
        if (respond_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(respond_delay_ms_));
        return outcomes;
    }

private:
    // Exists while a write is in flight (several writes at once keep it until the last ends).
    class InFlight {
    public:
        explicit InFlight(const std::string& path) : path_(path) {
            if (path_.empty()) return;
            std::lock_guard lock(mutex());
            if (count()++ == 0) std::ofstream(path_) << "writing\n";
        }
        ~InFlight() {
            if (path_.empty()) return;
            std::lock_guard lock(mutex());
            if (--count() == 0) ::unlink(path_.c_str());
        }
        InFlight(const InFlight&) = delete;
        InFlight& operator=(const InFlight&) = delete;

    private:
        static std::mutex& mutex() {
            static std::mutex m;
            return m;
        }
        static int& count() {
            static int n = 0;
            return n;
        }
        std::string path_;
    };

    // One inbox line: a record envelope, or an object this system cannot translate.
    void serve(const json& line, const std::string& stream, sdk::ReadResult& result) const {
        if (const auto it = line.find("untranslatable"); it != line.end()) {
            sdk::UntranslatedRecord u = sdk::wire::untranslated_from_json(*it);
            u.identity.system = "ledger";
            if (u.identity.type == stream) result.untranslated.push_back(std::move(u));
            return;
        }
        sdk::Record r = sdk::Record::from_json(with_defaults(line));
        if (r.identity.type == stream) result.records.push_back(std::move(r));
    }

    // The last inbox line of each id asked for: the object as this system has it now.
    sdk::ReadResult read_ids(const sdk::ReadRequest& request) const {
        if (!reads_by_id_) throw sdk::Unsupported("the ledger was configured without reads by id");
        std::map<std::string, json> latest;
        const std::set<std::string> wanted(request.ids.begin(), request.ids.end());
        const auto take = [&](const json& line) {
            const json& object = line.contains("untranslatable") ? line["untranslatable"] : line;
            const std::string id = object.value("identity", json::object()).value("id", "");
            if (wanted.count(id) != 0) latest[id] = line;
        };
        scan(inbox_, 0, take);
        scan(objects_by_id_, 0, take);  // the objects as they are now, served only by id
        sdk::ReadResult result;
        result.answers_ids = true;
        for (const auto& [id, line] : latest) serve(line, request.stream, result);
        return result;
    }

    // Applies each item once per idempotency key and journals every receipt, durably.
    std::vector<sdk::Outcome> apply_and_journal(const std::vector<sdk::WriteItem>& items) {
        std::lock_guard lock(mutex_);
        const JournalLock journal_lock(journal_);
        refresh_from_journal();  // what other processes applied since
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
            } else if (!refuse_after_apply_field_.empty() && item.record.body.contains(refuse_after_apply_field_) &&
                       !file_exists(accept_file_)) {
                // Applied, and refused all the same: the object exists here, and its id says so.
                sdk::Outcome applied = apply(item, receipt);
                receipt["result"] = "applied_but_refused";
                applied_.erase(item.idempotency_key);  // a refusal is not replayed: the retry applies again
                sdk::Outcome refused = sdk::Outcome::data("the ledger stored " + item.record.identity.id + " as " +
                                                              applied.target_id + " but disagrees with its field '" +
                                                              refuse_after_apply_field_ + "'",
                                                          "create " + accept_file_);
                refused.target_id = applied.target_id;
                refused.target_version = applied.target_version;
                refused.action = applied.action;
                outcomes.push_back(std::move(refused));
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
        refresh_from_journal();
    }

    // Holds an exclusive lock on the journal across processes (flock on a file of its own).
    class JournalLock {
    public:
        explicit JournalLock(const std::string& journal) : fd_(::open((journal + ".lock").c_str(), O_RDWR | O_CREAT, 0644)) {
            if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw sdk::Error(sdk::Outcome::transient("cannot lock journal " + journal));
        }
        ~JournalLock() { ::close(fd_); }
        JournalLock(const JournalLock&) = delete;
        JournalLock& operator=(const JournalLock&) = delete;

    private:
        int fd_;
    };

    // Reads the receipts appended since the last call (by this process or another one).
    void refresh_from_journal() {
        journal_offset_ = scan(journal_, journal_offset_, [&](const json& line) {
            if (!line.value("applied", false)) return;
            const std::string target = line["target_id"];
            if (line.value("result", "") != "applied_but_refused") applied_[line["key"]] = {target, line["target_version"]};
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
        journal_offset_ += static_cast<std::int64_t>(text.size());  // under the journal lock: nobody appended since the refresh
        const int fd = ::open(journal_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0) throw sdk::Error(sdk::Outcome::transient("cannot open journal " + journal_));
        const ssize_t written = ::write(fd, text.data(), text.size());
        ::fsync(fd);
        ::close(fd);
        if (written != static_cast<ssize_t>(text.size())) throw sdk::Error(sdk::Outcome::transient("short journal write"));
    }

    sdk::HostServices host_;
    std::int64_t journal_offset_ = 0;
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
    std::string outage_file_;
    std::string reads_held_file_;
    std::string in_flight_file_;
    bool reads_by_id_ = true;
    std::string objects_by_id_;
    std::string refuse_after_apply_field_;

    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::string>> applied_;  // key -> (target id, version)
    std::map<std::string, std::int64_t> versions_;
};

}  // namespace

LEDGERSYNC_CONNECTOR(LedgerConnector, "ledger", "1.0.0")
