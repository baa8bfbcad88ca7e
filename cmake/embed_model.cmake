# Embeds a shipped model into a C++ source:
#   cmake -DINPUT=model -DOUTPUT=file.cpp -DHEADER=dir/x.h -DNAMESPACE=minidj::x -DFUNCTION=f -P embed_model.cmake
# defines `std::string_view NAMESPACE::FUNCTION()` declared in HEADER. An absent INPUT gives an
# empty model (minidj then says it was built without one).
set(bytes "")
set(size 0)
if(EXISTS "${INPUT}")
  file(READ "${INPUT}" hex HEX)
  string(LENGTH "${hex}" size)
  math(EXPR size "${size} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/embed_model.cmake: do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
namespace {
const unsigned char kBytes[] = {${bytes}0};
}  // namespace

std::string_view ${FUNCTION}() { return {reinterpret_cast<const char*>(kBytes), ${size}}; }

}  // namespace ${NAMESPACE}
")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
