#pragma once
// Owning handles for Cairo surfaces and contexts (the plots of transitions and sets).

#include <cairo.h>

#include <memory>

namespace minidj::render {

struct CairoSurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;
using CairoContext = std::unique_ptr<cairo_t, CairoContextDeleter>;

}  // namespace minidj::render
