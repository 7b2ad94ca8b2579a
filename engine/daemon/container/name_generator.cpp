#include "engine/daemon/container/name_generator.hpp"

#include <array>
#include <string_view>

#include "engine/base/id.hpp"

namespace engine::daemon {
namespace {

constexpr std::array<std::string_view, 24> kAdjectives{
    "admiring", "bold",    "brave",   "calm",   "clever", "eager",    "elated",  "festive",
    "focused",  "gallant", "happy",   "jolly",  "keen",   "loving",   "modest",  "nifty",
    "peaceful", "quirky",  "relaxed", "serene", "sharp",  "trusting", "vibrant", "zealous",
};

// Scientists and engineers, as Docker's generator uses.
constexpr std::array<std::string_view, 24> kSurnames{
    "babbage", "curie",  "darwin",  "einstein", "euler",    "fermi",   "franklin", "galileo",
    "hopper",  "kepler", "knuth",   "lamport",  "lovelace", "maxwell", "meitner",  "newton",
    "noether", "pascal", "ritchie", "shannon",  "thompson", "turing",  "volta",    "wozniak",
};

std::size_t RandomIndex(std::size_t bound) {
    return std::stoul(RandomHex(4), nullptr, 16) % bound;
}

}  // namespace

std::string GenerateContainerName(const std::function<bool(const std::string&)>& taken) {
    for (int attempt = 0;; ++attempt) {
        std::string name = std::string(kAdjectives[RandomIndex(kAdjectives.size())]) + "_" +
                           std::string(kSurnames[RandomIndex(kSurnames.size())]);
        if (attempt >= 3) {
            name += std::to_string(RandomIndex(10));
        }
        if (attempt >= 10) {
            name += RandomHex(3);
        }
        if (!taken(name)) {
            return name;
        }
    }
}

}  // namespace engine::daemon
