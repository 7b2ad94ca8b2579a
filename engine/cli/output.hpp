#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/filters.hpp"

namespace engine::cli {

/// How docker's formatter.Context renders a list: `format` is "" or "table" (the default table),
/// "json" (one {{json .}} line per row), "table TEMPLATE" (a header rendered from `headers`,
/// then rows, aligned by TabWriter) or any other TEMPLATE (one rendered line per row). Literal
/// "\t" and "\n" in the format become tab and newline. `rows` are objects of display fields;
/// `headers` maps field names to column titles ("ID" → "IMAGE ID"). Throws Error for a bad
/// template.
void WriteFormatted(std::ostream& out,
                    std::string_view format,
                    std::string_view default_table_format,
                    const std::vector<nlohmann::json>& rows,
                    const nlohmann::json& headers);

/// True when `format` asks for a table ("", "table" or "table ...").
bool IsTableFormat(std::string_view format);

/// Parses repeated --filter "name=value" flags as the docker CLI does (name lowercased, both
/// trimmed). Throws ExitError(125, "invalid argument \"x\" for \"-f, --filter\" flag: bad format
/// of filter (expected name=value)").
api::Filters ParseFilterFlags(const std::vector<std::string>& values, std::string_view flag_names = "-f, --filter");

/// Prints one message of a JSON progress stream as docker's jsonmessage does without a
/// terminal: "id: " before a status, "stream" text as is, "status progress" lines, others with
/// a newline. Messages with only "aux" print nothing.
void PrintJsonMessage(std::ostream& out, const nlohmann::json& message);

/// Asks `question` followed by " [y/N] " and reads one line: true for "y" or "Y" only (docker's
/// PromptForConfirmation). End of input is "no".
bool Confirm(std::istream& in, std::ostream& out, std::string_view question);

}  // namespace engine::cli
