#include "engine/cli/output.hpp"

#include <algorithm>

#include "engine/cli/command_context.hpp"
#include "engine/cli/tab_writer.hpp"
#include "engine/cli/template.hpp"

namespace engine::cli {
namespace {

std::string ReplaceEscapes(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 't' || text[i + 1] == 'n')) {
            out += text[i + 1] == 't' ? '\t' : '\n';
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string Trim(std::string_view text, std::string_view set = " ") {
    const std::size_t begin = text.find_first_not_of(set);
    if (begin == std::string_view::npos) {
        return "";
    }
    return std::string(text.substr(begin, text.find_last_not_of(set) - begin + 1));
}

}  // namespace

bool IsTableFormat(std::string_view format) {
    return format.empty() || format.starts_with("table");
}

void WriteFormatted(std::ostream& out,
                    std::string_view format,
                    std::string_view default_table_format,
                    const std::vector<nlohmann::json>& rows,
                    const nlohmann::json& headers) {
    std::string text(format);
    if (text.empty() || text == "table") {
        text = default_table_format;
    } else if (text == "json") {
        text = "{{json .}}";
    }
    const bool table = text.starts_with("table");
    if (table) {
        text.erase(0, 5);
    }
    const Template tmpl = Template::Parse(ReplaceEscapes(Trim(text)));
    std::string body;
    if (table) {
        body += tmpl.Execute(headers) + "\n";
    }
    for (const nlohmann::json& row : rows) {
        body += tmpl.Execute(row) + "\n";
    }
    if (!table) {
        out << body;
        return;
    }
    TabWriter writer;
    writer.Write(body);
    writer.Flush(out);
}

api::Filters ParseFilterFlags(const std::vector<std::string>& values, std::string_view flag_names) {
    api::Filters::Fields fields;
    for (const std::string& value : values) {
        const std::size_t equals = value.find('=');
        if (equals == std::string::npos) {
            throw ExitError(125,
                            "invalid argument \"" + value + "\" for \"" + std::string(flag_names) +
                                "\" flag: bad format of filter (expected name=value)");
        }
        std::string name = Trim(std::string_view(value).substr(0, equals), " \t\r\n");
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        fields[name][Trim(std::string_view(value).substr(equals + 1), " \t\r\n")] = true;
    }
    return api::Filters(std::move(fields));
}

void PrintJsonMessage(std::ostream& out, const nlohmann::json& message) {
    if (!message.is_object()) {
        return;
    }
    const std::string stream = message.value("stream", "");
    const std::string status = message.value("status", "");
    const std::string progress = message.value("progress", "");
    if (stream.empty() && status.empty()) {
        return;  // aux and empty messages are for callers, not for the screen
    }
    const std::string id = message.value("id", "");
    if (!id.empty()) {
        out << id << ": ";
    }
    if (!progress.empty()) {
        out << status << ' ' << progress << '\n';
    } else if (!stream.empty()) {
        out << stream;
    } else {
        out << status << '\n';
    }
    out.flush();
}

bool Confirm(std::istream& in, std::ostream& out, std::string_view question) {
    out << question << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(in, answer)) {
        out << '\n';
        return false;
    }
    answer = Trim(answer, " \t\r\n");
    return answer == "y" || answer == "Y";
}

}  // namespace engine::cli
