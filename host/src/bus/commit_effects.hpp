#pragma once
/// What a transaction body wants done once it has committed: logging, metrics, the pause
/// cache, waking workers. Store::write may run its body more than once (contention), so a body
/// never does these itself; it records them here, and the caller runs them after the commit.

#include <functional>
#include <utility>
#include <vector>

namespace ledgersync::bus {

class CommitEffects {
public:
    /// Records an effect to run after the commit.
    void add(std::function<void()> effect) { effects_.push_back(std::move(effect)); }
    /// Forgets what an earlier run of the same body recorded; call it first in every body.
    void clear() noexcept { effects_.clear(); }
    /// Runs the effects in the order they were recorded, once.
    void run() {
        auto effects = std::move(effects_);
        effects_.clear();
        for (auto& effect : effects) effect();
    }

private:
    std::vector<std::function<void()>> effects_;
};

}  // namespace ledgersync::bus
