# cmake -DINPUT=file -DOUTPUT=file.cpp -P EmbedText.cmake
# Writes compose::loader::ComposeSpecSchemaText() returning INPUT's bytes. Chunks of 8 KiB in
# separate raw literals stay under every compiler's string-literal limit.
file(READ "${INPUT}" content)
string(LENGTH "${content}" size)
set(body "")
set(offset 0)
while(offset LESS size)
  string(SUBSTRING "${content}" ${offset} 8192 chunk)
  string(APPEND body "    R\"berth_embed(${chunk})berth_embed\"\n")
  math(EXPR offset "${offset} + 8192")
endwhile()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.\n"
  "#include <string_view>\n\nnamespace compose::loader {\n\n"
  "std::string_view ComposeSpecSchemaText() {\n  static constexpr char kText[] =\n${body}    ;\n"
  "  return {kText, sizeof(kText) - 1};\n}\n\n}  // namespace compose::loader\n")
