#pragma once

#include <stdexcept>
#include <string>

#include "compose/model/mark.hpp"

namespace compose::loader {

/// Everything the loader rejects is a LoadError: a message that says what is wrong and how to
/// fix it, with the place in the source when one is known. what() is "file:line:column: message"
/// (or just the message), ready to show to the user as it is.
class LoadError final : public std::runtime_error {
  public:
    explicit LoadError(std::string message);
    LoadError(const model::Mark& mark, std::string message);

    const model::Mark& mark() const { return mark_; }
    /// The message without the location prefix.
    const std::string& message() const { return message_; }

  private:
    model::Mark mark_;
    std::string message_;
};

}  // namespace compose::loader
