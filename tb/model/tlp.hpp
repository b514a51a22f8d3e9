// SPDX-License-Identifier: Apache-2.0
// TLP codec for the IMS block's interrupt writes: plain C++17, no Verilator.
//
// Contract (see shared/spec/pcie-wire-formats.md):
//  * TlpWords is what the DUT's TLP port carries for one TLP: an optional
//    PASID End-End prefix DW, header DW0..DW3 (DW3 = 0 for a 3DW header) and
//    the 32-bit payload lane (Message Data value as-is).
//  * TlpFields holds the decoded fields under the spec's names.
//  * encode() emits a 4DW header iff fmt == 3; address bits [1:0] are forced
//    to 00. decode(encode(f)) == f for every f with in-range field values and
//    address[1:0] == 0 (and address < 2^32 for a 3DW header).
//  * wire_bytes() gives the bytes in wire order: prefix, header DWs
//    big-endian, payload little-endian, then (with_ecrc) the digest. With
//    with_ecrc the emitted DW0 has TD forced to 1 (a digest implies TD).
//  * ecrc() returns the digest as a DW whose big-endian bytes are the wire
//    bytes (for the spec's first vector it returns 0x79896EB5).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ims {

struct TlpWords {
  bool prefix_valid = false;
  uint32_t prefix = 0;
  uint32_t hdr[4] = {0, 0, 0, 0};  // hdr[0] = DW0 ... hdr[3] = DW3
  uint32_t data = 0;               // payload lane, Message Data value as-is
  // Equality ignores `prefix` when prefix_valid is false on both sides.
  bool operator==(const TlpWords& o) const;
  bool operator!=(const TlpWords& o) const { return !(*this == o); }
};

struct TlpFields {
  // PASID End-End prefix
  bool prefix_valid = false;
  bool pmr = false, er = false;
  uint32_t pasid = 0;  // [19:0]
  // DW0
  uint8_t fmt = 0, type = 0, tc = 0;
  bool t9 = false, t8 = false, ido = false, ln = false, th = false, td = false,
       ep = false, ro = false, ns = false;
  uint8_t at = 0;
  uint16_t length = 0;  // [9:0]
  // DW1
  uint16_t requester_id = 0;
  uint8_t tag = 0, last_be = 0, first_be = 0;
  // DW2/DW3 and payload
  uint64_t address = 0;
  uint32_t data = 0;
  bool operator==(const TlpFields& o) const;
  bool operator!=(const TlpFields& o) const { return !(*this == o); }
};

constexpr uint8_t kFmt3DwData = 0x2;   // 010
constexpr uint8_t kFmt4DwData = 0x3;   // 011
constexpr uint8_t kPasidPrefixByte = 0x91;

TlpWords encode(const TlpFields& f);
TlpFields decode(const TlpWords& w);

// The interrupt MWr the block must emit: fmt 010 if address[63:32] == 0 else
// 011, type 0, length 1, first BE F, last BE 0, tag 0, all other bits 0 except
// tc; prefix (pasid/pmr/er) only if `prefix`.
TlpFields make_interrupt(uint64_t address, uint32_t data, uint16_t rid,
                         uint8_t tc, bool prefix, uint32_t pasid, bool pmr,
                         bool er);

// True when the header is the 4DW form (fmt bit 0 set).
bool is_4dw(const TlpWords& w);

std::vector<uint8_t> wire_bytes(const TlpWords& w, bool with_ecrc = false);
uint32_t ecrc(const std::vector<uint8_t>& covered_bytes_in_wire_order,
              size_t prefix_bytes);
std::string to_hex(const std::vector<uint8_t>& bytes);
std::string describe(const TlpWords& w);
std::vector<std::string> check_well_formed(const TlpWords& w);

}  // namespace ims
