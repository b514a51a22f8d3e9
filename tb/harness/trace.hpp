// SPDX-License-Identifier: Apache-2.0
// FST tracing for one Verilated model, only when asked for.
//
// Contract:
//  * Tracer<Top> is inert unless open() is called with a non-empty path, and
//    open() is a no-op (returns false) when the model was verilated without
//    --trace-fst (detected at compile time, so a model built without tracing
//    still links: VerilatedFstC is then never instantiated).
//  * The VerilatedContext must have had traceEverOn(true) before the model was
//    constructed (SimContext does this); open() calls trace() then open().
//  * dump(t) records the model's current values at time t; flush() pushes
//    everything to the file (called before a failure is reported); close()
//    is idempotent and runs from the destructor.
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>
#include <utility>

namespace ims::tb {

namespace detail {
template <class Top, class = void>
struct HasFstTrace : std::false_type {};
template <class Top>
struct HasFstTrace<Top, std::void_t<decltype(std::declval<Top&>().trace(
                            std::declval<VerilatedFstC*>(), 99))>> : std::true_type {};

// Newer Verilators declare trace() in every model and say in traceCapable
// whether it was verilated with tracing (5.006 declares trace() only then).
template <class Top, class = void>
struct TraceCapable : std::true_type {};
template <class Top>
struct TraceCapable<Top, std::void_t<decltype(Top::traceCapable)>>
    : std::bool_constant<Top::traceCapable> {};
}  // namespace detail

// True when Top was verilated with --trace-fst.
template <class Top>
inline constexpr bool kHasFstTrace = detail::HasFstTrace<Top>::value && detail::TraceCapable<Top>::value;

template <class Top>
class Tracer {
 public:
  Tracer() = default;
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;
  ~Tracer() { close(); }

  // Opens path for the model; creates the folder. False when tracing is
  // unavailable for this model or path is empty.
  bool open(Top& top, const std::string& path) {
    close();
    if (path.empty()) return false;
    if constexpr (kHasFstTrace<Top>) {
      const std::filesystem::path p(path);
      if (p.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(p.parent_path(), ec);
      }
      fst_ = new VerilatedFstC;
      top.trace(fst_, 99);
      fst_->open(path.c_str());
      path_ = path;
      return true;
    } else {
      (void)top;
      return false;
    }
  }

  bool is_open() const { return fst_ != nullptr; }
  const std::string& path() const { return path_; }

  void dump(uint64_t time) {
    if constexpr (kHasFstTrace<Top>) {
      if (fst_ != nullptr) fst_->dump(time);
    } else {
      (void)time;
    }
  }

  void flush() {
    if constexpr (kHasFstTrace<Top>) {
      if (fst_ != nullptr) fst_->flush();
    }
  }

  void close() {
    if constexpr (kHasFstTrace<Top>) {
      if (fst_ != nullptr) {
        fst_->close();
        delete fst_;
        fst_ = nullptr;
      }
    }
  }

 private:
  // Raw pointer on purpose: with a model lacking --trace-fst no code that
  // constructs or destroys a VerilatedFstC may be instantiated.
  VerilatedFstC* fst_ = nullptr;
  std::string path_;
};

}  // namespace ims::tb
