// memo_prefix: a complete, small mapper to copy from.
//
// A mapper is a pure function of its input record: no I/O, no clock, no randomness, safe to
// call from several threads. It returns the records to pass on (here: the same one, changed).
// A record it cannot map is a data error naming the record and the fix; the host turns it
// into a visible failure that can be retried once fixed. Nothing is silently dropped.

#include <ledgersync/sdk.hpp>

namespace {

using namespace ledgersync;

class MemoPrefixMapper final : public sdk::Mapper {
public:
    MemoPrefixMapper(sdk::HostServices, const nlohmann::json& config) {
        sdk::ConfigProblems problems;
        sdk::ConfigReader reader(config, problems);
        prefix_ = reader.required<std::string>("prefix", "the text to put in front of the memo");
        reader.finish();
        problems.throw_if_any();
    }

    std::vector<sdk::Record> map(sdk::Record record) const override {
        const auto memo = record.body.find("memo");
        if (memo == record.body.end() || memo->is_null()) {
            record.body["memo"] = prefix_;
        } else if (memo->is_string()) {
            *memo = prefix_ + memo->get<std::string>();
        } else {
            throw sdk::Error(sdk::Outcome::data(record.identity.key() + ": memo is " + memo->type_name() +
                                                    ", expected text",
                                                "make the memo a string in the source system"));
        }
        std::vector<sdk::Record> out;
        out.push_back(std::move(record));  // moved, not copied: the record is ours
        return out;
    }

private:
    std::string prefix_;
};

}  // namespace

LEDGERSYNC_MAPPER(MemoPrefixMapper, "memo_prefix", "1.0.0")
