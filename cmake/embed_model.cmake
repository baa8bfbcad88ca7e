# Embeds the shipped model into a C++ source: cmake -DINPUT=model -DOUTPUT=file.cpp -P embed_model.cmake
# An absent INPUT gives an empty model (minidj then says it was built without one).
set(bytes "")
set(size 0)
if(EXISTS "${INPUT}")
  file(READ "${INPUT}" hex HEX)
  string(LENGTH "${hex}" size)
  math(EXPR size "${size} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from models/default.brain by cmake/embed_model.cmake: do not edit.
#include \"brain/default_model.h\"

namespace minidj::brain {
namespace {
const unsigned char kBytes[] = {${bytes}0};
}  // namespace

std::string_view default_model_bytes() { return {reinterpret_cast<const char*>(kBytes), ${size}}; }

}  // namespace minidj::brain
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
