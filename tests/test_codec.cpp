// SPDX-License-Identifier: Apache-2.0
// Unit tests of the TLP codec (tb/model/tlp.*): round trips, the worked byte
// vectors of shared/spec/pcie-wire-formats.md §7 (all five, both ECRC
// digests), the well-formedness checker and the analyzer-style description.
#include <catch2/catch.hpp>

#include <random>

#include "tlp.hpp"

using namespace ims;

namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> l) {
  std::vector<uint8_t> v;
  for (int b : l) v.push_back(static_cast<uint8_t>(b));
  return v;
}

const std::vector<uint8_t> kCase1 = bytes({0x40, 0x00, 0x00, 0x01,  //
                                           0x01, 0x00, 0x00, 0x0F,  //
                                           0xFE, 0xE0, 0x10, 0x00,  //
                                           0x21, 0x40, 0x00, 0x00});

bool has(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("worked vector 1: 3DW, RID 01:00.0, FEE0_1000 / 0000_4021",
          "[codec]") {
  const TlpWords w =
      encode(make_interrupt(0xFEE01000, 0x4021, 0x0100, 0, false, 0, 0, 0));
  CHECK(w.hdr[0] == 0x40000001u);
  CHECK(w.hdr[1] == 0x0100000Fu);
  CHECK(w.hdr[2] == 0xFEE01000u);
  CHECK(w.hdr[3] == 0u);
  CHECK(w.data == 0x4021u);
  CHECK(!w.prefix_valid);
  CHECK(to_hex(wire_bytes(w)) == to_hex(kCase1));
  CHECK(to_hex(wire_bytes(w)) ==
        "40 00 00 01 01 00 00 0F FE E0 10 00 21 40 00 00");
  CHECK(check_well_formed(w).empty());
}

TEST_CASE("worked vector 2: PASID prefix 0x12345", "[codec]") {
  const TlpWords w = encode(
      make_interrupt(0xFEE01000, 0x4021, 0x0100, 0, true, 0x12345, 0, 0));
  REQUIRE(w.prefix_valid);
  CHECK(w.prefix == 0x91012345u);
  std::vector<uint8_t> want = bytes({0x91, 0x01, 0x23, 0x45});
  want.insert(want.end(), kCase1.begin(), kCase1.end());
  CHECK(to_hex(wire_bytes(w)) == to_hex(want));
  CHECK(check_well_formed(w).empty());
}

TEST_CASE("worked vector 3: 4DW, 1_2345_6780 / DEAD_BEEF", "[codec]") {
  const TlpWords w = encode(
      make_interrupt(0x123456780ull, 0xDEADBEEF, 0x0100, 0, false, 0, 0, 0));
  CHECK(w.hdr[0] == 0x60000001u);
  CHECK(w.hdr[2] == 0x00000001u);
  CHECK(w.hdr[3] == 0x23456780u);
  CHECK(to_hex(wire_bytes(w)) ==
        "60 00 00 01 01 00 00 0F 00 00 00 01 23 45 67 80 EF BE AD DE");
  CHECK(check_well_formed(w).empty());
}

TEST_CASE("worked vectors 4 and 5: ECRC digests", "[codec][ecrc]") {
  TlpFields f = make_interrupt(0xFEE01000, 0x4021, 0x0100, 0, false, 0, 0, 0);
  f.td = true;
  TlpWords w = encode(f);
  CHECK(w.hdr[0] == 0x40008001u);
  std::vector<uint8_t> v = wire_bytes(w, true);
  REQUIRE(v.size() == 20);
  CHECK(to_hex(v) ==
        "40 00 80 01 01 00 00 0F FE E0 10 00 21 40 00 00 79 89 6E B5");
  // with_ecrc sets TD itself: same bytes from a header without TD.
  CHECK(wire_bytes(encode(make_interrupt(0xFEE01000, 0x4021, 0x0100, 0, false,
                                         0, 0, 0)),
                   true) == v);
  std::vector<uint8_t> covered(v.begin(), v.end() - 4);
  CHECK(ecrc(covered, 0) == 0x79896EB5u);

  f.prefix_valid = true;
  f.pasid = 0x12345;
  w = encode(f);
  v = wire_bytes(w, true);
  REQUIRE(v.size() == 24);
  CHECK(to_hex(v) == "91 01 23 45 40 00 80 01 01 00 00 0F FE E0 10 00 "
                     "21 40 00 00 9C E5 9A 71");
}

TEST_CASE("ECRC: variant bits are forced, prefix Type[0] is not",
          "[codec][ecrc]") {
  std::vector<uint8_t> v = kCase1;
  v[2] = 0x80;  // TD
  const uint32_t d = ecrc(v, 0);
  std::vector<uint8_t> t = v;
  t[0] |= 0x01;  // Type[0]: variant
  CHECK(ecrc(t, 0) == d);
  t = v;
  t[2] |= 0x40;  // EP: variant
  CHECK(ecrc(t, 0) == d);
  t = v;
  t[1] ^= 0x10;  // TC bit: covered
  CHECK(ecrc(t, 0) != d);
  // With a prefix, byte 0 of the prefix is covered (not variant).
  std::vector<uint8_t> p = bytes({0x91, 0x01, 0x23, 0x45});
  p.insert(p.end(), v.begin(), v.end());
  std::vector<uint8_t> q = p;
  q[0] ^= 0x01;
  CHECK(ecrc(q, 4) != ecrc(p, 4));
  q = p;
  q[4] |= 0x01;
  CHECK(ecrc(q, 4) == ecrc(p, 4));
}

TEST_CASE("encode/decode round trip, random fields", "[codec]") {
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 2000; ++i) {
    TlpFields f;
    const uint64_t r = rng();
    f.prefix_valid = r & 1;
    if (f.prefix_valid) {
      f.pmr = (r >> 1) & 1;
      f.er = (r >> 2) & 1;
      f.pasid = static_cast<uint32_t>(rng()) & 0xFFFFF;
    }
    f.fmt = (r >> 3) & 1 ? kFmt4DwData : kFmt3DwData;
    f.type = (r >> 4) & 0x1F;
    f.tc = (r >> 9) & 7;
    f.t9 = (r >> 12) & 1;
    f.t8 = (r >> 13) & 1;
    f.ido = (r >> 14) & 1;
    f.ln = (r >> 15) & 1;
    f.th = (r >> 16) & 1;
    f.td = (r >> 17) & 1;
    f.ep = (r >> 18) & 1;
    f.ro = (r >> 19) & 1;
    f.ns = (r >> 20) & 1;
    f.at = (r >> 21) & 3;
    f.length = (r >> 23) & 0x3FF;
    f.requester_id = (r >> 33) & 0xFFFF;
    f.tag = (r >> 49) & 0xFF;
    f.last_be = (r >> 57) & 0xF;
    f.first_be = (r >> 61) & 0x7;
    f.address = rng() & ~uint64_t{3};
    if (f.fmt == kFmt3DwData) f.address &= 0xFFFFFFFFull;
    f.data = static_cast<uint32_t>(rng());
    const TlpWords w = encode(f);
    INFO(describe(w));
    CHECK(decode(w) == f);
    CHECK(encode(decode(w)) == w);
  }
}

TEST_CASE("encode forces address bits 1:0 to 00", "[codec]") {
  TlpWords w = encode(make_interrupt(0xFEE01003, 1, 0, 0, false, 0, 0, 0));
  CHECK(w.hdr[2] == 0xFEE01000u);
  TlpFields f = make_interrupt(0x100000002ull, 1, 0, 0, false, 0, 0, 0);
  f.address |= 3;
  w = encode(f);
  CHECK(w.hdr[3] == 0u);
  CHECK(w.hdr[2] == 1u);
}

TEST_CASE("make_interrupt fields", "[codec]") {
  const TlpFields f =
      make_interrupt(0xFEE00000, 7, 0xABCD, 5, true, 0xFFFFFFFF, true, true);
  CHECK(f.fmt == kFmt3DwData);
  CHECK(f.type == 0);
  CHECK(f.tc == 5);
  CHECK(f.length == 1);
  CHECK(f.first_be == 0xF);
  CHECK(f.last_be == 0);
  CHECK(f.tag == 0);
  CHECK(f.pasid == 0xFFFFF);  // truncated to 20 bits
  const TlpWords w = encode(f);
  CHECK(w.prefix == 0x91CFFFFFu);  // PMR bit 23, ER bit 22, 21:20 zero
  CHECK((w.hdr[0] >> 20 & 7) == 5u);
  CHECK(check_well_formed(w).empty());
  CHECK(make_interrupt(0x100000000ull, 0, 0, 0, false, 0, 0, 0).fmt ==
        kFmt4DwData);
}

TEST_CASE("check_well_formed catches each violation", "[codec]") {
  const TlpFields good =
      make_interrupt(0xFEE01000, 0x4021, 0x0100, 0, true, 0x12345, 0, 0);
  REQUIRE(check_well_formed(encode(good)).empty());
  TlpFields f = good;
  f.first_be = 0x7;
  CHECK(has(check_well_formed(encode(f)), "first BE"));
  f = good;
  f.last_be = 0x1;
  CHECK(has(check_well_formed(encode(f)), "last BE"));
  f = good;
  f.ro = true;
  CHECK(has(check_well_formed(encode(f)), "RO"));
  f = good;
  f.ns = true;
  CHECK(has(check_well_formed(encode(f)), "NS"));
  f = good;
  f.length = 2;
  CHECK(has(check_well_formed(encode(f)), "length"));
  f = good;
  f.type = 1;
  CHECK(has(check_well_formed(encode(f)), "type"));
  f = good;
  f.fmt = 0;
  CHECK(has(check_well_formed(encode(f)), "fmt"));
  f = good;
  f.fmt = kFmt4DwData;  // address below 4 GiB in a 4DW header
  CHECK(has(check_well_formed(encode(f)), "4DW"));
  TlpWords w = encode(good);
  w.prefix = 0x90012345;
  CHECK(has(check_well_formed(w), "0x91"));
  w = encode(good);
  w.prefix |= 1u << 20;
  CHECK(has(check_well_formed(w), "21:20"));
  w = encode(good);
  w.hdr[2] |= 2;
  CHECK(has(check_well_formed(w), "[1:0]"));
  w = encode(good);
  w.hdr[3] = 5;
  CHECK(has(check_well_formed(w), "DW3"));
}

TEST_CASE("TlpWords equality ignores an invalid prefix lane", "[codec]") {
  TlpWords a = encode(make_interrupt(0xFEE01000, 1, 0, 0, false, 0, 0, 0));
  TlpWords b = a;
  b.prefix = 0xDEADBEEF;
  CHECK(a == b);
  b.prefix_valid = true;
  CHECK(a != b);
  b = a;
  b.data ^= 1;
  CHECK(a != b);
}

TEST_CASE("describe() names the fields", "[codec]") {
  const TlpWords w = encode(
      make_interrupt(0xFEE01000, 0x4021, 0x0100, 0, true, 0x12345, 0, 0));
  CHECK(describe(w) ==
        "MWr32 [PASID 0x12345 PMR=0 ER=0] RID 01:00.0 TC0 addr "
        "0x00000000FEE01000 data 0x00004021 len 1 BE F/0 tag 0");
  const std::string d = describe(
      encode(make_interrupt(0x123456780ull, 0xDEADBEEF, 0x0A1B, 3, false, 0,
                            0, 0)));
  CHECK(d.find("MWr64") == 0);
  CHECK(d.find("PASID") == std::string::npos);
  CHECK(d.find("RID 0A:03.3") != std::string::npos);
  CHECK(d.find("TC3") != std::string::npos);
  CHECK(d.find("addr 0x0000000123456780") != std::string::npos);
  CHECK(d.find("data 0xDEADBEEF") != std::string::npos);
}
