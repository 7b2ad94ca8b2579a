#pragma once

// What a LoadError says, for tests that assert error texts: one try/catch instead of one per
// test file.

#include <string>
#include <utility>

#include "compose/loader/load_error.hpp"

namespace compose::test_support {

/// The what() ("file:line:column: message") of the LoadError `action` throws; "" when it
/// throws none.
template <typename Action>
std::string LoadErrorWhat(Action&& action) {
    try {
        std::forward<Action>(action)();
    } catch (const loader::LoadError& error) {
        return error.what();
    }
    return "";
}

/// The message, without the location, of the LoadError `action` throws; "" when it throws none.
template <typename Action>
std::string LoadErrorMessage(Action&& action) {
    try {
        std::forward<Action>(action)();
    } catch (const loader::LoadError& error) {
        return error.message();
    }
    return "";
}

}  // namespace compose::test_support
