// SPDX-License-Identifier: Apache-2.0
// Scenario parser: see scenario.hpp for the language.
#include "scenario.hpp"

#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>

#include "ims_regmap.hpp"

namespace ims::sim {
namespace {

uint32_t parse_number(const std::string& s, int line) {
  try {
    size_t used = 0;
    const unsigned long v = std::stoul(s, &used, 0);
    if (used != s.size() || v > 0xFFFFFFFFul) throw std::invalid_argument(s);
    return static_cast<uint32_t>(v);
  } catch (const std::exception&) {
    throw ParseError("line " + std::to_string(line) + ": not a number: '" + s + "'");
  }
}

// "name[index].field" -> (name, index, field)
bool split_indexed(const std::string& s, std::string& name, uint32_t& index, std::string& field) {
  const size_t lb = s.find('['), rb = s.find(']');
  if (lb == std::string::npos || rb == std::string::npos || rb < lb) return false;
  name = s.substr(0, lb);
  index = parse_number(s.substr(lb + 1, rb - lb - 1), 0);
  field = (rb + 1 < s.size() && s[rb + 1] == '.') ? s.substr(rb + 2) : "";
  return true;
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
    const uint32_t a = parse_number(s.substr(5, comma - 5), 0);
    const uint32_t v = parse_number(s.substr(comma + 1, rb - comma - 1), 0);
    return kViewBase + kViewStride * a + kRow * v + entry_fields.at(s.substr(rb + 2));
  }
  std::string name, field;
  uint32_t index = 0;
  if (split_indexed(s, name, index, field)) {
    if (name == "pba" && field.empty()) return offsetof(ims_regs_t, PBA) + 4 * index;
    if (name == "adi" && adi_fields.count(field))
      return offsetof(ims_regs_t, ADI) + kRow * index + adi_fields.at(field);
    if (name == "entry" && entry_fields.count(field))
      return offsetof(ims_regs_t, ENTRY) + kRow * index + entry_fields.at(field);
    throw ParseError("unknown register '" + s + "'");
  }
  return parse_number(s, 0);
}

Scenario parse_scenario(const std::string& text) {
  Scenario sc;
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const std::string content = raw.substr(0, raw.find('#'));
    std::istringstream words(content);
    std::vector<std::string> w;
    for (std::string t; words >> t;) w.push_back(t);
    if (w.empty()) continue;
    auto need = [&](size_t lo, size_t hi) {
      if (w.size() < lo || w.size() > hi)
        throw ParseError("line " + std::to_string(line) + ": wrong number of arguments for '" +
                         w[0] + "'");
    };
    auto addr = [&](const std::string& s) {
      try {
        return resolve_address(s);
      } catch (const ParseError& e) {
        throw ParseError("line " + std::to_string(line) + ": " + e.what());
      }
    };
    Step st;
    st.line = line;
    const std::string& c = w[0];
    if (c == "config") {
      for (size_t i = 1; i < w.size(); ++i) {
        const size_t eq = w[i].find('=');
        const std::string key = w[i].substr(0, eq);
        const uint32_t v = parse_number(eq == std::string::npos ? "" : w[i].substr(eq + 1), line);
        if (key == "entries") sc.entries = v;
        else if (key == "adis") sc.adis = v;
        else throw ParseError("line " + std::to_string(line) + ": unknown config key " + key);
      }
      continue;
    } else if (c == "write") {
      need(3, 4);
      st.cmd = Cmd::Write;
      st.text = w[1];
      st.addr = addr(w[1]);
      st.value = parse_number(w[2], line);
      if (w.size() == 4) st.strb = static_cast<uint8_t>(parse_number(w[3], line) & 0xF);
    } else if (c == "read") {
      need(2, 2);
      st.cmd = Cmd::Read;
      st.text = w[1];
      st.addr = addr(w[1]);
    } else if (c == "expect") {
      need(3, 3);
      st.cmd = Cmd::Expect;
      st.text = w[1];
      st.addr = addr(w[1]);
      st.value = parse_number(w[2], line);
    } else if (c == "req") {
      need(3, 4);
      st.cmd = Cmd::Req;
      st.adi = static_cast<uint16_t>(parse_number(w[1], line));
      st.vec = static_cast<uint16_t>(parse_number(w[2], line));
      st.value = (w.size() == 4) ? parse_number(w[3], line) : 1;
    } else if (c == "wait") {
      need(2, 2);
      st.cmd = Cmd::Wait;
      st.value = parse_number(w[1], line);
    } else if (c == "drain" || c == "release" || c == "ready") {
      need(1, 1);
      st.cmd = (c == "drain") ? Cmd::Drain : (c == "release") ? Cmd::Release : Cmd::Ready;
    } else if (c == "sink" || c == "idle") {
      need(2, 2);
      st.cmd = (c == "sink") ? Cmd::Sink : Cmd::Idle;
      st.text = w[1];
      const bool ok = (c == "sink") ? (st.text == "ready" || st.text == "backpressure" ||
                                       st.text == "stall")
                                    : (st.text == "none" || st.text == "random");
      if (!ok) throw ParseError("line " + std::to_string(line) + ": unknown pattern " + st.text);
    } else if (c == "note") {
      st.cmd = Cmd::Note;
      const size_t pos = raw.find("note") + 4;
      st.text = raw.substr(raw.find_first_not_of(" \t", pos) == std::string::npos
                               ? raw.size()
                               : raw.find_first_not_of(" \t", pos));
    } else {
      throw ParseError("line " + std::to_string(line) + ": unknown command '" + c + "'");
    }
    sc.steps.push_back(st);
  }
  return sc;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw ParseError("cannot open scenario file " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_scenario(ss.str());
}

}  // namespace ims::sim
