#include "compose/loader/load_error.hpp"

namespace compose::loader {
namespace {

std::string WithLocation(const model::Mark& mark, const std::string& message) {
    return mark.Known() ? mark.ToString() + ": " + message : message;
}

}  // namespace

LoadError::LoadError(std::string message) : std::runtime_error(message), message_(std::move(message)) {}

LoadError::LoadError(const model::Mark& mark, std::string message)
    : std::runtime_error(WithLocation(mark, message)), mark_(mark), message_(std::move(message)) {}

}  // namespace compose::loader
