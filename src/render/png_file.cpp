// write_png: a plot encoded in memory, then written atomically like every other output.
#include <fmt/format.h>

#include <string>

#include "minidj/files.h"
#include "render/cairo_handles.h"

namespace minidj::render {

Status write_png(cairo_surface_t* surface, const std::filesystem::path& png) {
    std::string bytes;
    const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    };
    cairo_surface_flush(surface);
    if (const auto status = cairo_surface_write_to_png_stream(surface, append, &bytes);
        status != CAIRO_STATUS_SUCCESS) {
        return Error{
            fmt::format("plot: {}: {}", printable_path(png), cairo_status_to_string(status))};
    }
    return write_file_atomically(png, bytes, "plot");
}

}  // namespace minidj::render
