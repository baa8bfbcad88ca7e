#pragma once
/// @file result.h
/// Errors as values at module boundaries (STYLE.md #8). A failed call returns an `Error` whose
/// message names the component and the input, e.g. "decode: song.mp3: invalid data found".

#include <string>
#include <utility>
#include <variant>

namespace minidj {

/// A one-line, human-readable reason. Never empty.
struct Error {
    std::string message;
};

/// Either a value or an Error. Cheap to move; check `ok()` before `value()`.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

/// Success with no value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace minidj
