# cmake -DINPUT=file -DOUTPUT=file.cpp -P EmbedText.cmake
# Writes compose::loader::ComposeSpecSchemaText() returning INPUT's bytes. The text goes in as
# separate 8 KiB raw literals appended at run time: adjacent literals would be joined into one
# longer than the 64 KiB compilers must support (clang warns, and warnings are errors).
file(READ "${INPUT}" content)
string(LENGTH "${content}" size)
set(body "")
set(offset 0)
while(offset LESS size)
  string(SUBSTRING "${content}" ${offset} 8192 chunk)
  string(APPEND body "        text += R\"berth_embed(${chunk})berth_embed\";\n")
  math(EXPR offset "${offset} + 8192")
endwhile()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.\n"
  "#include <string>\n#include <string_view>\n\nnamespace compose::loader {\n\n"
  "std::string_view ComposeSpecSchemaText() {\n"
  "    static const std::string kText = [] {\n        std::string text;\n${body}        return text;\n    }();\n"
  "    return kText;\n}\n\n}  // namespace compose::loader\n")
