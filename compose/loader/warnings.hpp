#pragma once

#include <set>
#include <string>
#include <vector>

namespace compose::loader {

/// Collects the warnings of one load, in the order they arose, for the CLI to print. A
/// warning given twice with the same text is kept once (an unset variable used in ten
/// places warns once).
class Warnings final {
  public:
    void Add(std::string message);
    const std::vector<std::string>& List() const { return list_; }

  private:
    std::vector<std::string> list_;
    std::set<std::string, std::less<>> seen_;
};

}  // namespace compose::loader
