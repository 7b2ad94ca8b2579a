#include "compose/loader/warnings.hpp"

namespace compose::loader {

void Warnings::Add(std::string message) {
    if (seen_.insert(message).second) {
        list_.push_back(std::move(message));
    }
}

}  // namespace compose::loader
