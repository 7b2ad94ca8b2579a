# cmake -DINPUT=file -DOUTPUT=file.cpp -DNAMESPACE=ns -DFUNCTION=Name -P embed_text.cmake
# Writes `std::string_view ns::Name()` returning INPUT's bytes, as separate 8 KiB raw literals
# appended at run time (one literal over 64 KiB would draw a warning, and warnings are errors).
file(READ "${INPUT}" content)
string(LENGTH "${content}" size)
set(body "")
set(offset 0)
while(offset LESS size)
  string(SUBSTRING "${content}" ${offset} 8192 chunk)
  string(APPEND body "        text += R\"berth_embed(${chunk})berth_embed\";\n")
  math(EXPR offset "${offset} + 8192")
endwhile()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by embed_text.cmake. Do not edit.\n"
  "#include <string>\n#include <string_view>\n\nnamespace ${NAMESPACE} {\n\n"
  "std::string_view ${FUNCTION}() {\n"
  "    static const std::string kText = [] {\n        std::string text;\n${body}        return text;\n    }();\n"
  "    return kText;\n}\n\n}  // namespace ${NAMESPACE}\n")
