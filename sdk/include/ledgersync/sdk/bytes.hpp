#pragma once
/// Conversions between the C ABI's byte views and C++ strings, and an ls_output that collects a
/// result into a std::string. Used on both sides of the boundary.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledgersync/abi.h"

namespace ledgersync::sdk {

/// A borrowed view of `text` as ls_bytes; valid while `text` lives.
inline ls_bytes to_bytes(std::string_view text) noexcept { return ls_bytes{text.data(), text.size()}; }

/// A borrowed std::string_view of `bytes`; empty for a null view.
inline std::string_view to_view(ls_bytes bytes) noexcept {
    return bytes.data == nullptr ? std::string_view{} : std::string_view{bytes.data, bytes.size};
}

/// Collects what a callee writes into an ls_output: payload, failure and attributes.
class OutputBuffer {
public:
    OutputBuffer() noexcept {
        output_.struct_size = sizeof(ls_output);
        output_.slot = this;
        output_.append = &OutputBuffer::on_append;
        output_.fail = &OutputBuffer::on_fail;
        output_.attribute = &OutputBuffer::on_attribute;
    }
    OutputBuffer(const OutputBuffer&) = delete;
    OutputBuffer& operator=(const OutputBuffer&) = delete;

    /// The ls_output to hand to the callee; it points back at this buffer.
    ls_output* output() noexcept { return &output_; }

    const std::string& payload() const noexcept { return payload_; }
    std::string take_payload() noexcept { return std::move(payload_); }
    /// Status given through fail(), or LS_STATUS_OK when fail() was not called.
    ls_status failure_status() const noexcept { return failure_status_; }
    const std::string& failure_message() const noexcept { return failure_message_; }
    std::int64_t retry_after_ms() const noexcept { return retry_after_ms_; }
    const std::vector<std::pair<std::string, std::string>>& attributes() const noexcept {
        return attributes_;
    }
    /// The value of attribute `name`, or an empty string.
    std::string attribute(std::string_view name) const {
        for (const auto& [key, value] : attributes_) {
            if (key == name) return value;
        }
        return {};
    }

private:
    static void on_append(void* slot, ls_bytes bytes) {
        static_cast<OutputBuffer*>(slot)->payload_.append(to_view(bytes));
    }
    static void on_fail(void* slot, ls_status status, ls_bytes message, std::int64_t retry_after_ms) {
        auto* self = static_cast<OutputBuffer*>(slot);
        self->failure_status_ = status;
        self->failure_message_.assign(to_view(message));
        self->retry_after_ms_ = retry_after_ms;
    }
    static void on_attribute(void* slot, ls_bytes name, ls_bytes value) {
        static_cast<OutputBuffer*>(slot)->attributes_.emplace_back(std::string(to_view(name)),
                                                                   std::string(to_view(value)));
    }

    ls_output output_{};
    std::string payload_;
    ls_status failure_status_ = LS_STATUS_OK;
    std::string failure_message_;
    std::int64_t retry_after_ms_ = 0;
    std::vector<std::pair<std::string, std::string>> attributes_;
};

/// Writes into an ls_output the caller supplied. Tolerates an output from an older ABI minor.
class OutputWriter {
public:
    explicit OutputWriter(ls_output* output) noexcept : output_(output) {}

    void append(std::string_view bytes) const {
        if (LS_HAS_MEMBER(output_, ls_output, append)) output_->append(output_->slot, to_bytes(bytes));
    }
    void fail(ls_status status, std::string_view message, std::int64_t retry_after_ms = 0) const {
        if (LS_HAS_MEMBER(output_, ls_output, fail)) {
            output_->fail(output_->slot, status, to_bytes(message), retry_after_ms);
        }
    }
    void attribute(std::string_view name, std::string_view value) const {
        if (LS_HAS_MEMBER(output_, ls_output, attribute)) {
            output_->attribute(output_->slot, to_bytes(name), to_bytes(value));
        }
    }

private:
    ls_output* output_;
};

}  // namespace ledgersync::sdk
