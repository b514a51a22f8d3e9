// SPDX-License-Identifier: Apache-2.0
// The host register port: reset values, every kind of refused access (SLVERR
// and nothing changes), byte strobes and reserved bits. Every read is
// compared with the golden model by the Bench.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;

TEST_CASE("Reset values: identification, capabilities, masked entries", "[host][reset]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(61, idle, sink));
    b.wait_ready();
    CHECK(b.read(ID) == 0x494D5331);
    CHECK(b.read(VERSION) == 0x00010000);
    CHECK(b.read(CAP_ENTRIES) == 2048);
    CHECK(b.read(CAP_ADIS) == 64);
    b.read(FEATURES);
    CHECK(b.read(CTRL) == 0);
    b.read(REQUESTER_ID);
    for (uint32_t i : {0u, 31u, 32u, 63u, 64u, 1000u, 2047u}) {
      CHECK(b.read(entry_ctrl(i)) == kEntryMask);
      CHECK(b.read(entry_addr_lo(i)) == 0);
      CHECK(b.read(entry_data(i)) == 0);
    }
    for (uint32_t a : {0u, 1u, 63u}) {
      CHECK(b.read(adi_ctrl(a)) == 0);
      CHECK(b.read(adi_block(a)) == 0);
    }
    for (uint32_t w : {0u, 63u}) CHECK(b.read(pba(w)) == 0);
    b.finish();
  });
}

TEST_CASE("Refused host accesses get SLVERR and change nothing", "[host][error]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(62, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    program_entry(b, 63, 0xFEE0ABC0, 0x63);
    const uint32_t refused[] = {
        0x02C,          0x100,
        0x1FFC,                             // unmapped
        0x021,          0x40002,            // misaligned
        entry_data(64), entry_ctrl(16383),  // beyond NumEntries (64)
        adi_ctrl(8),    adi_block(1023),    // beyond NumAdis (8)
        pba(2),         pba(511),           // beyond NumEntries/32
        0x80000 - 4,                        // the map's last word, beyond the build
    };
    for (uint32_t a : refused) {
      CHECK(b.write(a, 0xFFFFFFFF) == Resp::SlvErr);
      Resp r = Resp::Okay;
      b.read_dut_only(a, &r);
      CHECK(r == Resp::SlvErr);
      b.read(a);  // the model agrees, response and data
    }
    // Read-only registers and the PBA refuse writes.
    for (uint32_t a : {ID, VERSION, CAP_ENTRIES, STATUS, CNT_SENT, CNT_DROP_OUT_OF_RANGE, pba(0)})
      CHECK(b.write(a, 0x12345678) == Resp::SlvErr);
    // Nothing changed.
    CHECK(b.read(ID) == 0x494D5331);
    CHECK(b.read(CTRL) == kCtrlEnable);
    CHECK(b.read(entry_data(63)) == 0x63);
    CHECK(b.read(CAP_ENTRIES) == 64);
    b.finish();
  });
}

TEST_CASE("Byte strobes are honoured and reserved bits read 0", "[host][strobe]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(63, idle, sink));
    b.wait_ready();
    b.write(entry_data(2047), 0x11223344);
    b.write(entry_data(2047), 0xAABBCCDD, 0x5);  // bytes 0 and 2
    CHECK(b.read(entry_data(2047)) == 0x11BB33DD);
    b.write(entry_data(2047), 0xFFFFFFFF, 0x0);  // no strobes: no change, OKAY
    CHECK(b.read(entry_data(2047)) == 0x11BB33DD);
    b.write(entry_ctrl(5), 0xFFFFFFFF);  // pending and reserved bits ignored
    CHECK(b.read(entry_ctrl(5)) == 0xFFFFF009);
    b.write(entry_ctrl(5), 0x00000000, 0x2);  // byte 1 only: PASID[15:12] cleared, mask untouched
    CHECK(b.read(entry_ctrl(5)) == 0xFFFF0009);
    b.write(adi_ctrl(7), 0xFFFFFFBE);  // all but enable and reset (its block is empty)
    CHECK(b.read(adi_ctrl(7)) == 0x73E);
    b.write(adi_pasid(7), 0xFFFFFFFF);
    CHECK(b.read(adi_pasid(7)) == 0xFFFFF);
    b.write(adi_block(7), 0x12345678, 0xC);  // size only
    CHECK(b.read(adi_block(7)) == 0x12340000);
    b.write(adi_rid(7), 0xFFFFFFFF);  // RID override: 17 bits
    CHECK(b.read(adi_rid(7)) == 0x1FFFF);
    b.write(adi_rid(7), 0x0, 0x4);  // byte 2 only: the enable bit
    CHECK(b.read(adi_rid(7)) == 0xFFFF);
    b.write(REQUESTER_ID, 0xFFFFFFFF, 0x1);
    CHECK(b.read(REQUESTER_ID) == 0xFF);
    b.write(CTRL, 0xFFFFFFFF);
    CHECK(b.read(CTRL) == 0x3);
    b.finish();
  });
}

// The fault log's order when a refused host access and a dropped request
// leave their records close together, from the documented commit edges
// (docs/theory-of-operation.md, "How the golden model follows the clock"):
// a request handshaken in cycle r is dropped in stage 3 and its record is
// pushed on the edge that ends cycle r + 4 (it leaves stage 4; the sink is
// always ready, so the pipeline never stalls); a refused host access's
// record is pushed on the edge before its response rises, the edge that
// ends cycle b - 1 when BVALID/RVALID is 1 from cycle b; on a shared edge
// the pipeline's record goes first. The dropped request is handshaken from
// about 12 cycles after the host access starts (queued behind requests that
// only make a masked entry pending, one per cycle, no record) to 8 before
// it, so both orders and the shared edge are seen, for every place a
// refusal is decided: the port's own guard, the register block, and the
// table checks. The Bench compares every record with the model too.
TEST_CASE("Refused host access and dropped request: fault records in commit-edge order",
          "[host][error][faults]") {
  struct Refusal {
    const char* what;
    bool write;
    uint32_t addr;
    uint32_t reason;  // of its record
    // The two records can share an edge. A view read's cannot: its own op
    // enters the pipeline five edges before its record lands, in the slot
    // the request would need, and goes first (host reads win the slot).
    bool can_share = true;
  };
  const Refusal refusals[] = {
      {"misaligned write (port guard)", true, 0x021, kFaultIllegalHost},
      {"unmapped read (port guard)", false, 0x02C, kFaultIllegalHost},
      {"write to a read-only register (register block)", true, ID, kFaultIllegalHost},
      {"write to the PBA (table checks)", true, pba(0), kFaultIllegalHost},
      {"view read of a disabled ADI (table checks)", false, 0x10000000u + 3 * 0x40000u,
       kFaultIllegalHost, false},
  };
  for (const Refusal& f : refusals) {
    SECTION(f.what) {
      tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(64));
      b.wait_ready();
      b.write(CTRL, kCtrlEnable);  // rule 1 would drop without a record
      setup_adi(b, 0, AdiConfig{0, 8});  // entry 0 stays masked: requests go pending
      bool pipe_first = false, host_first = false, shared_edge = false;
      for (int lead = -12; lead <= 8; ++lead) {
        INFO("request queued " << lead << " cycles before the host access");
        for (int i = lead; i < 0; ++i) b.request(0, 0);  // pending, no record
        b.request(9, 0);  // unknown ADI (NumAdis = 8): dropped, record 1
        if (lead > 0) b.step(static_cast<uint64_t>(lead));
        uint64_t host_edge = 0;  // the edge (cycle it ends) of the host record
        if (f.write) {
          CHECK(b.write(f.addr, 0x1) == Resp::SlvErr);
          host_edge = b.last_bvalid_cycle() - 1;
        } else {
          // RREADY is always 1 here: the R handshake is the cycle RVALID rises.
          const auto reply = b.read_reply(f.addr);
          CHECK(reply.resp == Resp::SlvErr);
          host_edge = reply.cycle - 1;
        }
        b.drain();
        REQUIRE(!b.req_handshakes().empty());
        // The op enters stage 4 on the edge ending c+3, reports on the next
        // (c+4), and its record is registered on its way to the log (c+5).
        const uint64_t pipe_edge = b.req_handshakes().back().second + 5;
        const bool expect_pipe_first = pipe_edge <= host_edge;
        pipe_first = pipe_first || pipe_edge < host_edge;
        host_first = host_first || pipe_edge > host_edge;
        shared_edge = shared_edge || pipe_edge == host_edge;
        INFO("pipeline record on the edge ending " << pipe_edge << ", host record on " << host_edge);
        REQUIRE((b.read(FAULT_STATUS) & 0xFF) == 2);
        const uint32_t first = b.read(FAULT_REC_CODE) & 0xFFFF;
        b.write(FAULT_POP, kFaultPop);
        const uint32_t second = b.read(FAULT_REC_CODE) & 0xFFFF;
        b.write(FAULT_POP, kFaultPop);
        CHECK(first == (expect_pipe_first ? uint32_t{kFaultUnknownAdi} : f.reason));
        CHECK(second == (expect_pipe_first ? f.reason : uint32_t{kFaultUnknownAdi}));
      }
      // The sweep reached both orders and, where it can be, the shared edge.
      CHECK(pipe_first);
      CHECK(host_first);
      CHECK(shared_edge == f.can_share);
      b.finish();
    }
  }
}
