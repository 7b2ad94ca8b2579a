#pragma once

#include <memory>
#include <string>

namespace compose::model {

/// Where a value came from in a source file. Lines and columns are 1-based; a default Mark
/// (no file, line 0) means "made by the loader", e.g. a default filled in by normalization.
struct Mark final {
    std::shared_ptr<const std::string> file;
    int line = 0;
    int column = 0;

    bool Known() const { return line > 0; }

    /// "file:line:column", or "" for an unknown mark.
    std::string ToString() const;
};

}  // namespace compose::model
