// SPDX-License-Identifier: Apache-2.0
// ims_pend_search: the next pending bit of a 32-bit pending word, three LUT
// levels from flip-flops (ims_release uses it twice: the scanned word's
// pre-decode and the head word's next bit).
// Contract: word_i and its group summaries (groups of four bits: some bit
// set, two or more set, where the lowest is) come from flip-flops; the
// outputs are the lowest set bit, the word without it, "the word has at
// most one bit set", and the summaries of the word without its lowest bit,
// so a caller that registers them searches again a cycle later from
// flip-flops. Every output is at most three LUT4 levels deep: the lowest
// group is picked by a tree over pairs of groups, and "some group below
// this one has a bit set" (below) is two levels (the low half's OR is
// shared). The tree's nodes are kept nets: without them the synthesis tool
// maps the searches as chains across the groups (area-optimal, five to
// seven levels), as deep as the slack elsewhere in the design allows.
module ims_pend_search (
  input  logic [31:0]     word_i,
  input  logic [7:0]      nz_i,       // per group: some bit set
  input  logic [7:0]      multi_i,    // per group: two or more bits set
  input  logic [7:0][1:0] loc_i,      // per group: its lowest set bit (any value if none)
  output logic [4:0]      low_o,      // the lowest set bit (any value if none)
  output logic [31:0]     rest_o,     // word_i without it
  output logic            last_o,     // word_i has at most one bit set
  output logic [7:0]      rest_nz_o,  // the summaries of rest_o
  output logic [7:0]      rest_multi_o,
  output logic [7:0][1:0] rest_loc_o
);

  // Per group of four bits: two or more set, three or more set; where the
  // lowest and the second-lowest set bits are (the latter is what the
  // group's lowest becomes once its lowest goes).
  function automatic logic group_multi(input logic [3:0] v);
    group_multi = (v[0] && v[1]) || (v[0] && v[2]) || (v[0] && v[3])
                  || (v[1] && v[2]) || (v[1] && v[3]) || (v[2] && v[3]);
  endfunction
  function automatic logic [1:0] group_loc(input logic [2:0] v);
    group_loc = {!v[0] && !v[1], !v[0] && (v[1] || !v[2])};
  endfunction
  function automatic logic group_tri(input logic [3:0] v);
    group_tri = (v[0] && v[1] && (v[2] || v[3])) || (v[2] && v[3] && (v[0] || v[1]));
  endfunction
  // (Where bit 3 is the lowest, or the second-lowest, no other bit tells.)
  function automatic logic [1:0] group_loc2(input logic [2:0] v);
    if (v[0]) group_loc2 = v[1] ? 2'd1 : (v[2] ? 2'd2 : 2'd3);
    else      group_loc2 = (v[1] && v[2]) ? 2'd2 : 2'd3;
  endfunction

  // Level 1: pairs of groups and the two halves' "some bit set".
  (* keep *) logic [3:0]      pair_nz, pair_multi;  // pair_multi: two or more bits in the pair
  (* keep *) logic [3:0][2:0] pair_low;             // the pair's lowest bit: {which group, loc}
  (* keep *) logic [1:0]      half_nz;
  // Level 2: halves; the groups' "below" (some at level 1).
  (* keep *) logic [1:0]      half_multi;
  (* keep *) logic [1:0][3:0] half_low;
  (* keep *) logic [7:0]      below;                // some lower group has a bit set

  always_comb begin
    for (int p = 0; p < 4; p++) begin
      pair_nz[p]    = nz_i[2*p] || nz_i[2*p+1];
      pair_multi[p] = multi_i[2*p] || multi_i[2*p+1] || (nz_i[2*p] && nz_i[2*p+1]);
      pair_low[p]   = nz_i[2*p] ? {1'b0, loc_i[2*p]} : {1'b1, loc_i[2*p+1]};
    end
    for (int h = 0; h < 2; h++) begin
      half_nz[h]    = nz_i[4*h +: 4] != 4'h0;
      half_multi[h] = pair_multi[2*h] || pair_multi[2*h+1] || (pair_nz[2*h] && pair_nz[2*h+1]);
      half_low[h]   = pair_nz[2*h] ? {1'b0, pair_low[2*h]} : {1'b1, pair_low[2*h+1]};
    end
    // From the pair and half summaries the tree needs anyway: the synthesis
    // tool builds a prefix OR from whatever nets exist, and from the group
    // bits alone it chains them (below[g] from below[g-1], seven levels).
    below[0] = 1'b0;
    below[1] = nz_i[0];
    below[2] = pair_nz[0];
    below[3] = pair_nz[0] || nz_i[2];
    below[4] = half_nz[0];
    below[5] = half_nz[0] || nz_i[4];
    below[6] = half_nz[0] || pair_nz[2];
    below[7] = half_nz[0] || pair_nz[2] || nz_i[6];
  end

  // Level 3.
  assign low_o  = half_nz[0] ? {1'b0, half_low[0]} : {1'b1, half_low[1]};
  assign last_o = !(half_multi[0] || half_multi[1] || (half_nz[0] && half_nz[1]));
  always_comb begin
    for (int g = 0; g < 8; g++) begin
      logic [3:0] v;
      v = word_i[4*g +: 4];
      // A bit goes when it is its group's lowest (loc_i) and no lower
      // group has one: one LUT per bit behind below (an OR over the lower
      // bits of the group would be shared as a chain from bit to bit).
      for (int k = 0; k < 4; k++) rest_o[4*g+k] = v[k] && (below[g] || loc_i[g] != 2'(k));
      // Only the lowest group with a bit set changes. (The summaries are
      // made again from the bits, not taken from multi_i and loc_i: a
      // caller's register would otherwise feed back through a multiplexer,
      // which synthesis turns into an enable with the search inside.)
      rest_nz_o[g]    = nz_i[g] && (below[g] || multi_i[g]);
      rest_multi_o[g] = below[g] ? group_multi(v) : group_tri(v);
      rest_loc_o[g]   = below[g] ? group_loc(v[2:0]) : group_loc2(v[2:0]);
    end
  end

endmodule
