// SPDX-License-Identifier: Apache-2.0
// TLP codec implementation: bit positions per shared/spec/pcie-wire-formats.md
// §1-§4 (non-flit mode). See tlp.hpp for the contract.
#include "tlp.hpp"

#include <cstdio>

namespace ims {

namespace {

uint32_t bit(bool b, unsigned pos) { return static_cast<uint32_t>(b) << pos; }
bool get(uint32_t w, unsigned pos) { return ((w >> pos) & 1u) != 0; }

void push_be(std::vector<uint8_t>& v, uint32_t dw) {
  v.push_back(static_cast<uint8_t>(dw >> 24));
  v.push_back(static_cast<uint8_t>(dw >> 16));
  v.push_back(static_cast<uint8_t>(dw >> 8));
  v.push_back(static_cast<uint8_t>(dw));
}

void push_le(std::vector<uint8_t>& v, uint32_t dw) {
  v.push_back(static_cast<uint8_t>(dw));
  v.push_back(static_cast<uint8_t>(dw >> 8));
  v.push_back(static_cast<uint8_t>(dw >> 16));
  v.push_back(static_cast<uint8_t>(dw >> 24));
}

std::string hex(uint64_t v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llX", digits,
                static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

bool TlpWords::operator==(const TlpWords& o) const {
  if (prefix_valid != o.prefix_valid || data != o.data) return false;
  if (prefix_valid && prefix != o.prefix) return false;
  for (int i = 0; i < 4; ++i)
    if (hdr[i] != o.hdr[i]) return false;
  return true;
}

bool TlpFields::operator==(const TlpFields& o) const {
  return prefix_valid == o.prefix_valid && pmr == o.pmr && er == o.er &&
         pasid == o.pasid && fmt == o.fmt && type == o.type && tc == o.tc &&
         t9 == o.t9 && t8 == o.t8 && ido == o.ido && ln == o.ln &&
         th == o.th && td == o.td && ep == o.ep && ro == o.ro && ns == o.ns &&
         at == o.at && length == o.length && requester_id == o.requester_id &&
         tag == o.tag && last_be == o.last_be && first_be == o.first_be &&
         address == o.address && data == o.data;
}

TlpWords encode(const TlpFields& f) {
  TlpWords w;
  w.prefix_valid = f.prefix_valid;
  if (f.prefix_valid)
    w.prefix = (uint32_t{kPasidPrefixByte} << 24) | bit(f.pmr, 23) |
               bit(f.er, 22) | (f.pasid & 0xFFFFFu);
  w.hdr[0] = (uint32_t{f.fmt & 7u} << 29) | (uint32_t{f.type & 0x1Fu} << 24) |
             bit(f.t9, 23) | (uint32_t{f.tc & 7u} << 20) | bit(f.t8, 19) |
             bit(f.ido, 18) | bit(f.ln, 17) | bit(f.th, 16) | bit(f.td, 15) |
             bit(f.ep, 14) | bit(f.ro, 13) | bit(f.ns, 12) |
             (uint32_t{f.at & 3u} << 10) | (f.length & 0x3FFu);
  w.hdr[1] = (uint32_t{f.requester_id} << 16) | (uint32_t{f.tag} << 8) |
             (uint32_t{f.last_be & 0xFu} << 4) | (f.first_be & 0xFu);
  const uint32_t lo = static_cast<uint32_t>(f.address) & ~3u;
  if (f.fmt == kFmt4DwData) {
    w.hdr[2] = static_cast<uint32_t>(f.address >> 32);
    w.hdr[3] = lo;
  } else {
    w.hdr[2] = lo;
    w.hdr[3] = 0;
  }
  w.data = f.data;
  return w;
}

TlpFields decode(const TlpWords& w) {
  TlpFields f;
  f.prefix_valid = w.prefix_valid;
  if (w.prefix_valid) {
    f.pmr = get(w.prefix, 23);
    f.er = get(w.prefix, 22);
    f.pasid = w.prefix & 0xFFFFFu;
  }
  const uint32_t d0 = w.hdr[0];
  f.fmt = static_cast<uint8_t>(d0 >> 29);
  f.type = static_cast<uint8_t>((d0 >> 24) & 0x1F);
  f.t9 = get(d0, 23);
  f.tc = static_cast<uint8_t>((d0 >> 20) & 7);
  f.t8 = get(d0, 19);
  f.ido = get(d0, 18);
  f.ln = get(d0, 17);
  f.th = get(d0, 16);
  f.td = get(d0, 15);
  f.ep = get(d0, 14);
  f.ro = get(d0, 13);
  f.ns = get(d0, 12);
  f.at = static_cast<uint8_t>((d0 >> 10) & 3);
  f.length = static_cast<uint16_t>(d0 & 0x3FF);
  f.requester_id = static_cast<uint16_t>(w.hdr[1] >> 16);
  f.tag = static_cast<uint8_t>(w.hdr[1] >> 8);
  f.last_be = static_cast<uint8_t>((w.hdr[1] >> 4) & 0xF);
  f.first_be = static_cast<uint8_t>(w.hdr[1] & 0xF);
  if (is_4dw(w))
    f.address = (uint64_t{w.hdr[2]} << 32) | w.hdr[3];
  else
    f.address = w.hdr[2];
  f.data = w.data;
  return f;
}

bool is_4dw(const TlpWords& w) { return ((w.hdr[0] >> 29) & 1u) != 0; }

TlpFields make_interrupt(uint64_t address, uint32_t data, uint16_t rid,
                         uint8_t tc, bool prefix, uint32_t pasid, bool pmr,
                         bool er) {
  TlpFields f;
  f.fmt = (address >> 32) != 0 ? kFmt4DwData : kFmt3DwData;
  f.type = 0;
  f.tc = tc & 7u;
  f.length = 1;
  f.requester_id = rid;
  f.tag = 0;
  f.first_be = 0xF;
  f.last_be = 0x0;
  f.address = address & ~uint64_t{3};
  f.data = data;
  f.prefix_valid = prefix;
  if (prefix) {
    f.pasid = pasid & 0xFFFFFu;
    f.pmr = pmr;
    f.er = er;
  }
  return f;
}

std::vector<uint8_t> wire_bytes(const TlpWords& w, bool with_ecrc) {
  std::vector<uint8_t> v;
  if (w.prefix_valid) push_be(v, w.prefix);
  const size_t prefix_bytes = v.size();
  push_be(v, with_ecrc ? (w.hdr[0] | (1u << 15)) : w.hdr[0]);
  push_be(v, w.hdr[1]);
  push_be(v, w.hdr[2]);
  if (is_4dw(w)) push_be(v, w.hdr[3]);
  push_le(v, w.data);
  if (with_ecrc) push_be(v, ecrc(v, prefix_bytes));
  return v;
}

uint32_t ecrc(const std::vector<uint8_t>& covered, size_t prefix_bytes) {
  // Standard reflected CRC-32 (poly 0x04C11DB7 reflected = 0xEDB88320, seed
  // all ones, final complement) with the variant bits forced to 1.
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < covered.size(); ++i) {
    uint8_t b = covered[i];
    if (i == prefix_bytes) b |= 0x01;      // header byte 0 bit 0: Type[0]
    if (i == prefix_bytes + 2) b |= 0x40;  // header byte 2 bit 6: EP
    crc ^= b;
    for (int k = 0; k < 8; ++k)
      crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : (crc >> 1);
  }
  crc = ~crc;
  // Wire order is the little-endian bytes of crc; return them as a DW whose
  // big-endian bytes are the wire bytes.
  return ((crc & 0xFFu) << 24) | ((crc & 0xFF00u) << 8) |
         ((crc >> 8) & 0xFF00u) | (crc >> 24);
}

std::string to_hex(const std::vector<uint8_t>& bytes) {
  std::string s;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i) s += ' ';
    s += hex(bytes[i], 2);
  }
  return s;
}

std::string describe(const TlpWords& w) {
  const TlpFields f = decode(w);
  std::string s;
  if (f.type == 0 && (f.fmt == kFmt3DwData || f.fmt == kFmt4DwData))
    s = f.fmt == kFmt4DwData ? "MWr64" : "MWr32";
  else
    s = "TLP(fmt " + std::to_string(f.fmt) + " type 0x" + hex(f.type, 2) + ")";
  if (f.prefix_valid)
    s += " [PASID 0x" + hex(f.pasid, 5) + " PMR=" + std::to_string(f.pmr) +
         " ER=" + std::to_string(f.er) + "]";
  const unsigned rid = f.requester_id;
  s += " RID " + hex(rid >> 8, 2) + ":" + hex((rid >> 3) & 0x1F, 2) + "." +
       std::to_string(rid & 7);
  s += " TC" + std::to_string(f.tc);
  s += " addr 0x" + hex(f.address, 16) + " data 0x" + hex(f.data, 8);
  s += " len " + std::to_string(f.length) + " BE " + hex(f.first_be, 1) + "/" +
       hex(f.last_be, 1) + " tag " + std::to_string(f.tag);
  if (f.td) s += " TD";
  if (f.ep) s += " EP";
  if (f.th) s += " TH";
  if (f.ro) s += " RO";
  if (f.ns) s += " NS";
  if (f.ido) s += " IDO";
  if (f.at) s += " AT=" + std::to_string(f.at);
  return s;
}

std::vector<std::string> check_well_formed(const TlpWords& w) {
  std::vector<std::string> v;
  const TlpFields f = decode(w);
  if (f.fmt != kFmt3DwData && f.fmt != kFmt4DwData)
    v.push_back("fmt " + std::to_string(f.fmt) + " is not 010/011 (MWr)");
  if (f.type != 0) v.push_back("type 0x" + hex(f.type, 2) + " is not 00000");
  if (f.length != 1)
    v.push_back("length " + std::to_string(f.length) + " is not 1");
  if (f.first_be != 0xF)
    v.push_back("first BE 0x" + hex(f.first_be, 1) + " is not 1111");
  if (f.last_be != 0x0)
    v.push_back("last BE 0x" + hex(f.last_be, 1) + " is not 0000");
  if (f.ro) v.push_back("RO (Attr[1]) set");
  if (f.ns) v.push_back("NS (Attr[0]) set");
  if (f.fmt == kFmt4DwData && w.hdr[2] == 0)
    v.push_back("4DW header with address[63:32] == 0");
  if (f.fmt == kFmt3DwData && w.hdr[3] != 0)
    v.push_back("3DW header with non-zero DW3");
  if ((f.address & 3u) != 0) v.push_back("address bits [1:0] not 00");
  if (w.prefix_valid) {
    if ((w.prefix >> 24) != kPasidPrefixByte)
      v.push_back("prefix byte 0x" + hex(w.prefix >> 24, 2) + " is not 0x91");
    if ((w.prefix >> 20) & 3u) v.push_back("prefix bits 21:20 not zero");
  }
  return v;
}

}  // namespace ims
