#pragma once
// Owning handles for Cairo surfaces and contexts, and the PNG writer of the plots of transitions
// and sets.

#include <cairo.h>

#include <filesystem>
#include <memory>

#include "minidj/result.h"

namespace minidj::render {

struct CairoSurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoContext = std::unique_ptr<cairo_t, CairoContextDeleter>;

/// A white image of `width` x `height` and its context, sans-serif selected: every plot's start.
struct WhitePage {
    CairoSurface surface;
    CairoContext context;
    cairo_t* cr() const { return context.get(); }
};
WhitePage white_page(int width, int height);

/// Writes the surface as a PNG atomically (files.h). Errors: "plot: <png>: <reason>".
Status write_png(cairo_surface_t* surface, const std::filesystem::path& png);

}  // namespace minidj::render
