#pragma once
/// The problems found in a canonical document: every one of them, each at its JSON pointer.
///
/// Canonical objects are checked in two tiers. The *shape* tier is exactly what the JSON
/// Schemas in sdk/schema say (types, required keys, unknown keys, enumerations, decimal and
/// date formats, conditional requirements); its problems sit at the same JSON pointers a JSON
/// Schema validator reports. The *rules* tier holds what a schema cannot express (totals add
/// up, amounts are whole minor units of the currency, net = amount - fees, ...). Rules run
/// once the shape is right: a missing amount would otherwise make every total look wrong.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ledgersync::sdk::model {

/// One problem: where it is (an RFC 6901 JSON pointer into the document, "" for the document
/// itself) and what is wrong, written for the person who has to fix it.
struct ValidationProblem {
    std::string path;
    std::string message;

    bool operator==(const ValidationProblem& other) const {
        return path == other.path && message == other.message;
    }
};

/// Every problem found in one document, in the order they were found.
class ValidationProblems {
public:
    void add(std::string path, std::string message) {
        problems_.push_back({std::move(path), std::move(message)});
    }
    /// Appends `other`'s problems with `prefix` put in front of each path (a record's body is
    /// checked on its own, then reported under "/body").
    void append(const ValidationProblems& other, const std::string& prefix = {}) {
        for (const auto& p : other.problems_) problems_.push_back({prefix + p.path, p.message});
    }

    bool empty() const noexcept { return problems_.empty(); }
    std::size_t size() const noexcept { return problems_.size(); }
    const std::vector<ValidationProblem>& all() const noexcept { return problems_; }
    auto begin() const noexcept { return problems_.begin(); }
    auto end() const noexcept { return problems_.end(); }

    /// One problem per line: "<path>: <message>", the document itself shown as "/".
    std::string to_string() const {
        std::string text;
        for (const auto& p : problems_) {
            if (!text.empty()) text += '\n';
            text += (p.path.empty() ? std::string("/") : p.path) + ": " + p.message;
        }
        return text;
    }

private:
    std::vector<ValidationProblem> problems_;
};

/// Thrown by the canonical types' from_json when a document does not have the schema's shape.
/// what() names the object and lists every problem with its path; problems() gives them one
/// by one, for a failures panel or an API response.
class ModelError : public std::runtime_error {
public:
    ModelError(const std::string& what_object, ValidationProblems problems)
        : std::runtime_error(describe(what_object, problems)), problems_(std::move(problems)) {}

    const ValidationProblems& problems() const noexcept { return problems_; }

private:
    static std::string describe(const std::string& what_object, const ValidationProblems& problems) {
        const std::size_t n = problems.size();
        return what_object + " is not a valid canonical document (" + std::to_string(n) +
               (n == 1 ? " problem" : " problems") + "):\n" + problems.to_string();
    }

    ValidationProblems problems_;
};

}  // namespace ledgersync::sdk::model
