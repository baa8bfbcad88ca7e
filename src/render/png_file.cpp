// write_png: a plot encoded in memory, then written atomically like every other output.
#include <fmt/format.h>

#include <string>

#include "minidj/files.h"
#include "render/cairo_handles.h"

namespace minidj::render {

WhitePage white_page(int width, int height) {
    CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
    CairoContext context(cairo_create(surface.get()));
    cairo_set_source_rgb(context.get(), 1, 1, 1);
    cairo_paint(context.get());
    cairo_select_font_face(context.get(), "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    return {std::move(surface), std::move(context)};
}

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
