// SPDX-License-Identifier: Apache-2.0
// ims_pkg: types shared by the IMS block's modules. The TLP header is a packed
// struct whose fields carry the PCIe spec's names, so widths are checked by
// the compiler instead of comments (pcie-wire-formats.md §1, §2).
package ims_pkg;

  // Request-port widths are fixed whatever the build, so an ADI id beyond the
  // build (unknown ADI) can be expressed and refused.
  localparam int unsigned AdiIdW = 16;
  localparam int unsigned VecW   = 16;
  localparam int unsigned PendWordW = 32;  // pending bits per pending-RAM word

  // Header DW0..DW3 in the layout of verilog-pcie's generic TLP interface:
  // DW0 occupies bits [127:96].
  typedef struct packed {
    logic [2:0]  fmt;
    logic [4:0]  pkt_type;
    logic        t9;
    logic [2:0]  tc;
    logic        t8;
    logic        attr_ido;
    logic        ln;
    logic        th;
    logic        td;
    logic        ep;
    logic        attr_ro;
    logic        attr_ns;
    logic [1:0]  at;
    logic [9:0]  length;
    logic [15:0] requester_id;
    logic [7:0]  tag;
    logic [3:0]  last_be;
    logic [3:0]  first_be;
    logic [31:0] dw2;
    logic [31:0] dw3;
  } tlp_hdr_t;

  localparam logic [2:0] FmtMwr3dw = 3'b010;
  localparam logic [2:0] FmtMwr4dw = 3'b011;
  localparam logic [7:0] PrefixPasid = 8'h91;  // Fmt 100, End-End, type PASID

  // One ADI table row as stored in the ADI RAM (four host DWORDs).
  typedef struct packed {
    logic [14:0] rid_rsvd;
    logic        rid_en;
    logic [15:0] rid;
    logic [11:0] pasid_rsvd;
    logic [19:0] pasid;
    logic [15:0] size;
    logic [15:0] base;
    logic [20:0] ctrl_rsvd;
    logic [2:0]  tc;
    logic        held;          // the ADI holds its block: from enable until its reset completes
    logic        reset;         // an ADI reset is in progress
    logic        guest_direct;
    logic        er;
    logic        pmr;
    logic        pasid_en;
    logic        mask;
    logic        enable;
  } adi_row_t;

  // One IMS entry as stored in the entry RAM (four host DWORDs, idxd layout).
  typedef struct packed {
    logic [31:0] ctrl;
    logic [31:0] data;
    logic [31:0] addr_hi;
    logic [31:0] addr_lo;
  } entry_row_t;

  // An entry row's compares with its op, reduced (ims_row_compare) for
  // the pipeline's decision. The window test is the AND of in_window.
  typedef struct packed {
    logic       masked;     // global, ADI or the entry's mask
    logic       gp;         // guest-programmed (Jason's rule)
    logic       pasid_ok;   // no PASID check, or the entry's PASID is the op's
    logic [2:0] in_window;  // ANDed: not guest-programmed, address bits 63:32 zero, 31:2 inside the untagged window
  } row_atoms_t;

  // One interrupt TLP as the pipeline hands it to the output slice: the
  // fields it is built from, not yet laid out (ims_tlp_format does that at
  // the port). Address bits 63:32 are zero iff both halves of
  // addr_hi_zero are set: the pipeline reduces them two LUT levels behind
  // the entry RAM, the port finishes the 3DW/4DW choice.
  typedef struct packed {
    logic        prefixed;      // carries the PASID prefix (the ADI is tagged)
    logic        pmr;
    logic        er;
    logic [19:0] pasid;
    logic [2:0]  tc;
    logic [15:0] requester_id;
    logic [1:0]  addr_hi_zero;  // address bits 63:48 zero, bits 47:32 zero
    logic [31:0] addr_hi;
    logic [31:2] addr_lo;
    logic [31:0] data;
  } tlp_desc_t;

  localparam int unsigned EntryCtrlMaskBit = 0;
  localparam int unsigned EntryCtrlPendBit = 1;
  localparam int unsigned EntryCtrlGpBit   = 2;  // guest-programmed
  localparam logic [31:0] EntryCtrlReset   = 32'h1;  // masked, nothing else
  // Host-visible bits of the stored entry control word: mask, GP,
  // PASID-check enable, PASID. Pending (bit 1) is inserted from the pending RAM.
  localparam logic [31:0] EntryCtrlReadBits = 32'hFFFF_F00D;
  localparam logic [31:0] AdiCtrlBits         = 32'h0000_07FF;
  localparam int unsigned AdiCtrlResetBit       = 6;
  localparam int unsigned AdiCtrlHeldBit        = 7;  // read-only
  localparam int unsigned AdiCtrlEnableBit      = 0;
  localparam int unsigned AdiCtrlMaskBit        = 1;
  localparam int unsigned AdiCtrlPasidEnBit     = 2;
  localparam int unsigned AdiCtrlGuestDirectBit = 5;
  localparam logic [31:0] AdiPasidBits        = 32'h000F_FFFF;
  localparam logic [31:0] AdiRidBits          = 32'h0001_FFFF;
  localparam int unsigned EntryCtrlPasidChkBit = 3;

  typedef enum logic [2:0] {
    OpRequest  = 3'd0,  // (adi, vector) from the request port
    OpRelease  = 3'd1,  // (owner adi, entry) from the release engine
    OpHostRead = 3'd2,  // a host read of a table word
    OpSatisfy  = 3'd3,  // (adi, vector) "event satisfied": clear pending, no TLP
    OpScan     = 3'd4,  // a sweep reads one pending word (idx), for the release engine
    OpReset    = 3'd5   // ADI reset: entry idx (absolute) back to its reset value
  } op_kind_e;

  typedef enum logic [1:0] {
    TblEntry = 2'd0,  // entry by absolute index
    TblAdi   = 2'd1,
    TblPba   = 2'd2,
    TblView  = 2'd3   // entry by (ADI, vector), checked against the ADI row
  } table_e;

  // An operation entering the pipeline. idx is the vector (request), the
  // absolute entry index (release, host entry read), the ADI (host ADI read)
  // or the PBA word (host PBA read).
  typedef struct packed {
    op_kind_e          kind;
    table_e            tbl;
    logic [1:0]        dword;
    logic [AdiIdW-1:0] adi;
    logic [VecW-1:0]   idx;
    logic              pasid_valid;  // requests: the PASID the work carried
    logic [19:0]       pasid;
  } op_t;

  // What stage 2 decided for one operation; drives counters.
  typedef struct packed {
    logic sent;
    logic pending;
    logic drop_disabled;
    logic drop_unknown_adi;
    logic drop_adi_disabled;
    logic drop_out_of_range;
    logic drop_window;
    logic drop_pasid_check;
    logic satisfied;
  } outcome_t;

  // Fault log reasons (docs/containment.md).
  typedef enum logic [7:0] {
    FaultNone            = 8'd0,
    FaultUnknownAdi      = 8'd1,
    FaultAdiDisabled     = 8'd2,
    FaultOutOfRange      = 8'd3,
    FaultWindow          = 8'd4,
    FaultPasidCheck      = 8'd5,
    FaultGuestRefused    = 8'd6,
    FaultConfigRefused   = 8'd7,
    FaultIllegalHost     = 8'd8,
    FaultGuestUntagged   = 8'd9
  } fault_reason_e;

  typedef struct packed {
    fault_reason_e reason;
    logic [15:0]   adi;    // 16'hFFFF: none
    logic [15:0]   index;
    logic [31:0]   value;
  } fault_t;

endpackage
