// SPDX-License-Identifier: Apache-2.0
// Scenario parser: see scenario.hpp for the contract, sim/README.md for the
// language.
#include "scenario.hpp"

#include <cctype>
#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>

#include "ims_regmap.hpp"

namespace ims::sim {
namespace {

// Decimal, or hex with 0x. A leading 0 is decimal: "010" is ten, because a
// scenario writer means ten and C's octal would silently make it eight.
uint64_t parse_u64(const std::string& s) {
  const bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  const std::string digits = hex ? s.substr(2) : s;
  bool ok = !digits.empty();
  for (char c : digits)
    ok = ok && (hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)));
  if (!ok) throw ParseError("not a number: '" + s + "'");
  try {
    return std::stoull(digits, nullptr, hex ? 16 : 10);
  } catch (const std::out_of_range&) {
    throw ParseError("'" + s + "' does not fit in 64 bits");
  }
}

// A number that must fit in [0, max]: "<what> <s> does not fit <room> (max ..)".
uint64_t parse_max(const std::string& s, uint64_t max, const std::string& what,
                   const std::string& room) {
  const uint64_t v = parse_u64(s);
  if (v > max) {
    std::ostringstream m;
    m << what << " " << s << " does not fit " << room << " (max " << max;
    if (max >= 16) m << " = 0x" << std::hex << std::uppercase << max;
    m << ")";
    throw ParseError(m.str());
  }
  return v;
}

uint32_t parse_u32(const std::string& s, const std::string& what = "value") {
  return static_cast<uint32_t>(parse_max(s, 0xFFFFFFFFu, what, "32 bits"));
}

// Register-map limits, from the generated header: the PBA words, ADI rows and
// entry rows the map has room for, whatever the build implements.
constexpr uint32_t kPbaWords = sizeof(ims_regs__PBA_t) / 4;
constexpr uint32_t kAdiRows = sizeof(ims_regs__ADI_t) / regmap::kRow;
constexpr uint32_t kEntryRows = sizeof(ims_regs__ENTRY_t) / regmap::kRow;
constexpr uint32_t kViewVectors = regmap::kViewStride / regmap::kRow;
static_assert(kViewVectors == kEntryRows, "a view spans as many vectors as the table has rows");

uint32_t index_in(const std::string& s, uint32_t limit, const std::string& reg, const char* what) {
  const uint64_t v = parse_u64(s);
  if (v >= limit)
    throw ParseError(reg + ": " + what + " " + s + " is past the register map (0.." +
                     std::to_string(limit - 1) + "); it would alias another register");
  return static_cast<uint32_t>(v);
}

// "name[index].field" -> (name, index text, field); field empty when absent.
// Anything after "]" other than ".field" is refused (no trailing garbage).
bool split_indexed(const std::string& s, std::string& name, std::string& index, std::string& field) {
  const size_t lb = s.find('['), rb = s.find(']');
  if (lb == std::string::npos || rb == std::string::npos || rb < lb) return false;
  name = s.substr(0, lb);
  index = s.substr(lb + 1, rb - lb - 1);
  const std::string tail = s.substr(rb + 1);
  if (!tail.empty() && tail[0] != '.') throw ParseError("unknown register '" + s + "'");
  field = tail.empty() ? "" : tail.substr(1);
  return true;
}

// Splits a line's words; "&" and "==" are words of their own, so
// "CTRL&0x40==0" and "CTRL & 0x40 == 0" read alike.
std::vector<std::string> words_of(const std::string& content) {
  std::string spaced;
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '&') {
      spaced += " & ";
    } else if (content.compare(i, 2, "==") == 0) {
      spaced += " == ";
      ++i;
    } else {
      spaced += content[i];
    }
  }
  std::istringstream in(spaced);
  std::vector<std::string> w;
  for (std::string t; in >> t;) w.push_back(t);
  return w;
}

bool is_build(uint32_t entries, uint32_t adis, unsigned ports) {
  for (const Build& b : kBuilds)
    if (b.entries == entries && b.adis == adis && b.ports == ports) return true;
  return false;
}

std::string builds_list() {
  std::string s;
  for (const Build& b : kBuilds)
    s += (s.empty() ? "" : ", ") + std::string("entries=") + std::to_string(b.entries) +
         " adis=" + std::to_string(b.adis) + (b.ports > 1 ? " ports=" + std::to_string(b.ports) : "");
  return s;
}

}  // namespace

uint32_t resolve_address(const std::string& s) {
  static const std::map<std::string, uint32_t> globals = {
      {"ID", offsetof(ims_regs_t, ID)},
      {"VERSION", offsetof(ims_regs_t, VERSION)},
      {"CAP_ENTRIES", offsetof(ims_regs_t, CAP_ENTRIES)},
      {"CAP_ADIS", offsetof(ims_regs_t, CAP_ADIS)},
      {"FEATURES", offsetof(ims_regs_t, FEATURES)},
      {"CTRL", offsetof(ims_regs_t, CTRL)},
      {"REQUESTER_ID", offsetof(ims_regs_t, REQUESTER_ID)},
      {"STATUS", offsetof(ims_regs_t, STATUS)},
      {"CNT_SENT", offsetof(ims_regs_t, CNT_SENT)},
      {"CNT_PENDING", offsetof(ims_regs_t, CNT_PENDING)},
      {"CNT_DROP_DISABLED", offsetof(ims_regs_t, CNT_DROP_DISABLED)},
      {"CNT_DROP_UNKNOWN_ADI", offsetof(ims_regs_t, CNT_DROP_UNKNOWN_ADI)},
      {"CNT_DROP_ADI_DISABLED", offsetof(ims_regs_t, CNT_DROP_ADI_DISABLED)},
      {"CNT_DROP_OUT_OF_RANGE", offsetof(ims_regs_t, CNT_DROP_OUT_OF_RANGE)},
      {"CNT_DROP_WINDOW", offsetof(ims_regs_t, CNT_DROP_WINDOW)},
      {"CNT_DROP_PASID_CHECK", offsetof(ims_regs_t, CNT_DROP_PASID_CHECK)},
      {"CNT_REFUSED_GUEST", offsetof(ims_regs_t, CNT_REFUSED_GUEST)},
      {"CNT_REFUSED_CONFIG", offsetof(ims_regs_t, CNT_REFUSED_CONFIG)},
      {"CNT_ILLEGAL_HOST", offsetof(ims_regs_t, CNT_ILLEGAL_HOST)},
      {"CNT_SATISFIED", offsetof(ims_regs_t, CNT_SATISFIED)},
      {"UNTAGGED_BASE", offsetof(ims_regs_t, UNTAGGED_BASE)},
      {"UNTAGGED_MASK", offsetof(ims_regs_t, UNTAGGED_MASK)},
      {"FAULT_STATUS", offsetof(ims_regs_t, FAULT_STATUS)},
      {"FAULT_LOST", offsetof(ims_regs_t, FAULT_LOST)},
      {"FAULT_REC_CODE", offsetof(ims_regs_t, FAULT_REC_CODE)},
      {"FAULT_REC_INDEX", offsetof(ims_regs_t, FAULT_REC_INDEX)},
      {"FAULT_REC_VALUE", offsetof(ims_regs_t, FAULT_REC_VALUE)},
      {"FAULT_POP", offsetof(ims_regs_t, FAULT_POP)},
  };
  static const std::map<std::string, uint32_t> adi_fields = {
      {"ctrl", offsetof(ims_regs__ADI_t, CTRL)},
      {"block", offsetof(ims_regs__ADI_t, BLOCK)},
      {"pasid", offsetof(ims_regs__ADI_t, PASID)},
      {"rid", offsetof(ims_regs__ADI_t, RID_OVERRIDE)}};
  static const std::map<std::string, uint32_t> entry_fields = {
      {"addr_lo", offsetof(ims_regs__ENTRY_t, ADDR_LO)},
      {"addr_hi", offsetof(ims_regs__ENTRY_t, ADDR_HI)},
      {"data", offsetof(ims_regs__ENTRY_t, DATA)},
      {"ctrl", offsetof(ims_regs__ENTRY_t, CTRL)}};
  using regmap::kRow;
  using regmap::kViewBase;
  using regmap::kViewStride;

  if (auto it = globals.find(s); it != globals.end()) return it->second;
  // view[A,V].field: ADI A's view, vector V (docs/containment.md).
  if (s.rfind("view[", 0) == 0) {
    const size_t comma = s.find(','), rb = s.find(']');
    if (comma == std::string::npos || rb == std::string::npos || comma > rb ||
        rb + 1 >= s.size() || s[rb + 1] != '.' || !entry_fields.count(s.substr(rb + 2)))
      throw ParseError("bad view register '" + s + "' (want view[A,V].field)");
    const uint32_t a = index_in(s.substr(5, comma - 5), kAdiRows, s, "ADI");
    // A vector past the view's 16384 rows would land in ADI a+1's view.
    const uint32_t v = index_in(s.substr(comma + 1, rb - comma - 1), kViewVectors, s, "vector");
    return kViewBase + kViewStride * a + kRow * v + entry_fields.at(s.substr(rb + 2));
  }
  std::string name, index, field;
  if (split_indexed(s, name, index, field)) {
    if (name == "pba" && field.empty())
      return offsetof(ims_regs_t, PBA) + 4 * index_in(index, kPbaWords, s, "word");
    if (name == "adi" && adi_fields.count(field))
      return offsetof(ims_regs_t, ADI) + kRow * index_in(index, kAdiRows, s, "ADI") + adi_fields.at(field);
    if (name == "entry" && entry_fields.count(field))
      return offsetof(ims_regs_t, ENTRY) + kRow * index_in(index, kEntryRows, s, "entry") +
             entry_fields.at(field);
    throw ParseError("unknown register '" + s + "'");
  }
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0])))
    throw ParseError("unknown register '" + s + "'");
  return parse_u32(s, "address");
}

Scenario parse_scenario(const std::string& text, const std::string& file) {
  Scenario sc;
  sc.name = file;
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  bool configured = false;
  int hold_line = 0;  // line of the `sink hold` in force, 0 when none
  auto fail = [&](const std::string& what) -> ParseError {
    return ParseError(file + ":" + std::to_string(line) + ": " + what);
  };
  while (std::getline(in, raw)) {
    ++line;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();  // CRLF files
    const std::vector<std::string> w = words_of(raw.substr(0, raw.find('#')));
    if (w.empty()) continue;
    const std::string& c = w[0];
    Step st;
    st.line = line;
    try {
      auto need = [&](size_t lo, size_t hi) {
        if (w.size() < lo || w.size() > hi)
          throw ParseError("wrong number of arguments for '" + c + "'");
      };
      if (c == "note") {
        // The rest of the line as written, '#' included: a note is text, not
        // a command, so it has no comment.
        st.cmd = Cmd::Note;
        const size_t start = raw.find("note") + 4;
        const size_t first = raw.find_first_not_of(" \t", start);
        const size_t last = raw.find_last_not_of(" \t");
        st.text = (first == std::string::npos) ? "" : raw.substr(first, last + 1 - first);
      } else if (c == "config") {
        // The build is chosen before anything runs, once.
        if (configured) throw ParseError("a second 'config' (a scenario runs on one build)");
        if (!sc.steps.empty()) throw ParseError("'config' must come before the first command");
        configured = true;
        for (size_t i = 1; i < w.size(); ++i) {
          const size_t eq = w[i].find('=');
          const std::string key = w[i].substr(0, eq);
          const std::string val = eq == std::string::npos ? "" : w[i].substr(eq + 1);
          if (key == "entries") sc.entries = parse_u32(val, "entries");
          else if (key == "adis") sc.adis = parse_u32(val, "adis");
          else if (key == "ports") sc.ports = parse_u32(val, "ports");
          else throw ParseError("unknown config key '" + key + "' (entries, adis, ports)");
        }
        if (!is_build(sc.entries, sc.adis, sc.ports))
          throw ParseError("no build with entries=" + std::to_string(sc.entries) +
                           " adis=" + std::to_string(sc.adis) + " ports=" + std::to_string(sc.ports) +
                           " (builds: " + builds_list() + ")");
        continue;
      } else if (c == "write") {
        need(3, 4);
        st.cmd = Cmd::Write;
        st.text = w[1];
        st.addr = resolve_address(w[1]);
        st.value = parse_u32(w[2]);
        // AXI4-Lite on a 32-bit bus has four byte lanes.
        if (w.size() == 4) st.strb = static_cast<uint8_t>(parse_max(w[3], 0xF, "write strobe", "the 4 byte lanes"));
      } else if (c == "read") {
        need(2, 2);
        st.cmd = Cmd::Read;
        st.text = w[1];
        st.addr = resolve_address(w[1]);
      } else if (c == "expect" || c == "poll") {
        // expect REG [& MASK] [==] VALUE | expect REG SLVERR
        // poll   REG [& MASK] == VALUE [TIMEOUT]
        const bool poll = c == "poll";
        st.cmd = poll ? Cmd::Poll : Cmd::Expect;
        const std::string form = poll ? "poll REG [& MASK] == VALUE [TIMEOUT]"
                                      : "expect REG [& MASK] [==] VALUE, or expect REG SLVERR";
        if (w.size() < 3) throw ParseError("wrong number of arguments for '" + c + "' (" + form + ")");
        st.text = w[1];
        st.addr = resolve_address(w[1]);
        size_t i = 2;
        if (w[i] == "&") {
          if (i + 1 >= w.size()) throw ParseError("'&' without a mask (" + form + ")");
          st.mask = parse_u32(w[i + 1], "mask");
          i += 2;
        }
        const bool eq = i < w.size() && w[i] == "==";
        if (eq) ++i;
        if (poll && !eq) throw ParseError("'poll' needs '==' (" + form + ")");
        if (i >= w.size()) throw ParseError("missing value (" + form + ")");
        if (!poll && w[i] == "SLVERR") {
          if (st.mask != 0xFFFFFFFFu || eq) throw ParseError("'SLVERR' takes no mask or '==' (" + form + ")");
          st.expect_slverr = true;
        } else {
          st.value = parse_u32(w[i], "value");
          if ((st.value & ~st.mask) != 0)
            throw ParseError("value " + w[i] + " has bits outside the mask: it can never match");
        }
        ++i;
        if (poll) st.timeout = (i < w.size()) ? parse_u32(w[i++], "timeout") : kDefaultPollTimeout;
        if (i != w.size()) throw ParseError("unexpected '" + w[i] + "' (" + form + ")");
      } else if (c == "req" || c == "satisfy") {
        // req|satisfy ADI VEC [COUNT] [pasid=P] [port=N]
        st.cmd = (c == "req") ? Cmd::Req : Cmd::Satisfy;
        const std::string form = c + " ADI VEC [COUNT] [pasid=P] [port=N]";
        std::vector<std::string> pos;
        for (size_t i = 1; i < w.size(); ++i) {
          if (w[i].rfind("pasid=", 0) == 0) {
            st.pasid_valid = true;
            st.pasid = static_cast<uint32_t>(parse_max(w[i].substr(6), kMaxPasid, "PASID", "20 bits"));
          } else if (w[i].rfind("port=", 0) == 0) {
            st.port = static_cast<unsigned>(parse_max(w[i].substr(5), sc.ports - 1, "port",
                                                      "this build's " + std::to_string(sc.ports) +
                                                          " request port(s)"));
          } else if (w[i].find('=') != std::string::npos) {
            throw ParseError("unknown option '" + w[i] + "' (" + form + ")");
          } else {
            pos.push_back(w[i]);
          }
        }
        if (pos.size() < 2 || pos.size() > 3)
          throw ParseError("wrong number of arguments for '" + c + "' (" + form + ")");
        // The request port's adi and vector fields are 16 bits wide: a wider
        // number would be cut and fire some other ADI or vector.
        st.adi = static_cast<uint16_t>(parse_max(pos[0], kMaxPortField, "ADI", "the request port's 16-bit field"));
        st.vec = static_cast<uint16_t>(parse_max(pos[1], kMaxPortField, "vector", "the request port's 16-bit field"));
        st.value = (pos.size() == 3) ? parse_u32(pos[2], "count") : 1;
      } else if (c == "wait") {
        need(2, 2);
        st.cmd = Cmd::Wait;
        st.value = parse_u32(w[1], "cycles");
      } else if (c == "drain" || c == "release" || c == "ready") {
        need(1, 1);
        st.cmd = (c == "drain") ? Cmd::Drain : (c == "release") ? Cmd::Release : Cmd::Ready;
        // A held sink never takes the parked TLP: these would only time out.
        if (st.cmd != Cmd::Ready && hold_line != 0)
          throw ParseError("'" + c + "' while the sink is held (line " + std::to_string(hold_line) +
                           ") can never finish: 'sink ready' first");
      } else if (c == "sink" || c == "idle") {
        need(2, 2);
        st.cmd = (c == "sink") ? Cmd::Sink : Cmd::Idle;
        st.text = w[1];
        const bool ok = (c == "sink") ? (st.text == "ready" || st.text == "backpressure" ||
                                         st.text == "stall" || st.text == "hold")
                                      : (st.text == "none" || st.text == "random");
        if (!ok)
          throw ParseError("unknown pattern '" + st.text + "' (" +
                           (c == "sink" ? "ready, backpressure, stall, hold" : "none, random") + ")");
        if (c == "sink") hold_line = (st.text == "hold") ? line : 0;
      } else {
        throw ParseError("unknown command '" + c + "'");
      }
    } catch (const ParseError& e) {
      throw fail(e.what());
    }
    sc.steps.push_back(st);
  }
  if (hold_line != 0) {
    line = hold_line;
    // The runner drains and reads the PBA at the end; neither finishes
    // while the sink holds.
    throw fail("the scenario ends with the sink held: end with 'sink ready'");
  }
  return sc;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw ParseError(path + ": cannot open scenario file");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_scenario(ss.str(), path);
}

}  // namespace ims::sim
