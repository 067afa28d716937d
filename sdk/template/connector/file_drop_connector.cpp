// file_drop: a complete, small connector to copy from.
//
// It reads canonical objects (each with its "id") from a JSON-lines "inbox" file and appends writes to an "outbox"
// file. It shows the parts every connector has:
//  - configuration read with sdk::ConfigReader (unknown keys are errors with their path);
//  - read() with a cursor the host stores atomically with the records (here a byte offset);
//  - write() that is idempotent: an item whose idempotency key was already written is not
//    written again, because the host may retry a batch after a crash;
//  - errors classified for the host: a malformed line is data the operator must fix, an
//    unwritable outbox is transient (the host retries with backoff);
//  - the threading contract (docs/sdk.md, "Threads"): the host may call write() from several
//    threads at once, so what write() mutates (the outbox, the keys written) is guarded by a
//    mutex; read() is never called concurrently with itself or webhook(), and its state is
//    only the cursor the host hands it, so it needs no lock.
// The host owns retries, ordering and cursors; the connector never sleeps or loops on errors.

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include <ledgersync/sdk.hpp>

namespace {

using namespace ledgersync;

class FileDropConnector final : public sdk::Connector {
public:
    FileDropConnector(sdk::HostServices host, const nlohmann::json& config) : host_(host) {
        sdk::ConfigProblems problems;
        sdk::ConfigReader reader(config, problems);
        inbox_ = reader.required<std::string>("inbox", "the path of a JSON-lines file to read");
        outbox_ = reader.required<std::string>("outbox", "the path of a JSON-lines file to append writes to");
        stream_ = reader.one_of("stream", "invoice", {"invoice", "payment", "customer"}, "the canonical type read");
        reader.finish();
        problems.throw_if_any();  // the host reports each problem at its path in its config file
    }

    sdk::CheckResult check() override {
        std::ifstream in(inbox_);
        if (!in) return {false, "cannot open inbox " + inbox_ + "; create it or fix the path"};
        return {true, "inbox " + inbox_ + " is readable"};
    }

    sdk::ReadResult read(const sdk::ReadRequest& request) override {
        if (request.stream != stream_) throw sdk::Unsupported("file_drop reads only '" + stream_ + "'");
        std::ifstream in(inbox_, std::ios::binary);
        if (!in) throw sdk::Error(sdk::Outcome::transient("cannot open inbox " + inbox_));

        const std::streamoff start = request.cursor ? std::stoll(*request.cursor) : 0;
        in.seekg(start);
        sdk::ReadResult result;
        std::streamoff offset = start;
        std::string line;
        while (result.records.size() < kPageSize && std::getline(in, line)) {
            if (in.eof()) break;  // a line still being written (no newline yet): read it next time
            const std::streamoff line_start = offset;
            offset += static_cast<std::streamoff>(line.size()) + 1;
            if (line.empty()) continue;
            nlohmann::json body;
            try {
                body = sdk::parse_json_exact(line);  // exact: amounts never pass through double
            } catch (const std::exception& e) {
                throw sdk::Error(sdk::Outcome::data("inbox " + inbox_ + " at byte " + std::to_string(line_start) +
                                                        " is not JSON: " + e.what(),
                                                    "fix or remove that line; reading resumes there"));
            }
            if (!body.contains("id") || !body["id"].is_string()) {
                throw sdk::Error(sdk::Outcome::data("inbox " + inbox_ + " at byte " + std::to_string(line_start) +
                                                    " has no string \"id\"", "give every line an \"id\""));
            }
            sdk::Record record;
            record.identity = {"file_drop", "", stream_, body["id"].get<std::string>()};
            const auto version = body.find("version");
            record.version = version == body.end()     ? std::to_string(line_start)
                             : version->is_string() ? version->get<std::string>()
                                                    : version->dump();
            record.schema = "ledgersync." + stream_;
            // The line is the canonical object plus its "id" (and optional "version"), which
            // belong to the envelope, not to the canonical body.
            body.erase("id");
            body.erase("version");
            record.body = std::move(body);
            result.records.push_back(std::move(record));
        }
        result.cursor = std::to_string(offset);
        result.has_more = result.records.size() == kPageSize;
        host_.count("records_read", static_cast<std::int64_t>(result.records.size()));
        return result;
    }

    std::vector<sdk::Outcome> write(const std::vector<sdk::WriteItem>& items) override {
        // One batch at a time: lines of two batches never interleave in the outbox, and a key
        // is checked and recorded in one step.
        const std::lock_guard lock(write_mutex_);
        load_written_keys();
        std::ofstream out(outbox_, std::ios::app | std::ios::binary);
        if (!out) throw sdk::Error(sdk::Outcome::transient("cannot open outbox " + outbox_ + " for appending"));
        std::vector<sdk::Outcome> outcomes;
        for (const auto& item : items) {
            const std::string target_id = "file:" + item.record.identity.id;
            if (written_.count(item.idempotency_key) != 0) {
                outcomes.push_back(sdk::Outcome::ok(target_id, "", "unchanged"));  // a retry: already done
                continue;
            }
            const nlohmann::json line = {{"idempotency_key", item.idempotency_key},
                                         {"operation", item.operation},
                                         {"record", item.record.to_json()}};
            out << line.dump() << '\n';
            written_.insert(item.idempotency_key);
            outcomes.push_back(sdk::Outcome::ok(target_id, "", item.target_id.empty() ? "created" : "updated"));
        }
        out.flush();
        if (!out) throw sdk::Error(sdk::Outcome::transient("writing outbox " + outbox_ + " failed"));
        return outcomes;
    }

private:
    static constexpr std::size_t kPageSize = 100;

    // write_mutex_ held.
    void load_written_keys() {
        if (loaded_) return;
        std::ifstream in(outbox_);
        std::string line;
        while (std::getline(in, line)) {
            try {
                written_.insert(nlohmann::json::parse(line).at("idempotency_key").get<std::string>());
            } catch (const std::exception&) {
                host_.log(sdk::LogLevel::warning, "ignoring an unreadable outbox line");
            }
        }
        loaded_ = true;
    }

    sdk::HostServices host_;
    std::string inbox_;
    std::string outbox_;
    std::string stream_;
    std::mutex write_mutex_;  // guards the outbox, written_ and loaded_
    std::set<std::string> written_;
    bool loaded_ = false;
};

}  // namespace

LEDGERSYNC_CONNECTOR(FileDropConnector, "file_drop", "1.0.0")
