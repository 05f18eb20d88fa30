// The board's fit-and-page arithmetic (static/js/board_pages.js), at the board's sizes.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const P = require("../../static/js/board_pages.js");

// What board.css leaves for the flow of notes while the board pages, one open phase and
// no rail: the screen less the board's padding (1.2vw a side), the column's border (3 px)
// and padding (0.6 em at the floor), the gap (1vw) and the "Just in" column (12 em).
function pagedFlowWidth(screenWidth) {
  const vw = screenWidth / 100;
  const floor = P.floorPx(screenWidth);
  return screenWidth - 2 * 1.2 * vw - 2 * 3 - 2 * 0.6 * floor - vw - 12 * floor;
}

/* Where CSS columns put `count` notes, `perColumn` to a column, in a flow `flowWidth` wide
   with `perPage` columns a screen and a 1vw gap: each note's line boxes (left edges,
   relative to the flow's origin), a note of `lines` lines giving that many boxes. Notes
   stay whole in their column (a board card does not break across columns). */
function layOut(count, perColumn, flowWidth, perPage, screenWidth, lines = 2) {
  const gap = screenWidth / 100;
  const columnWidth = (flowWidth - (perPage - 1) * gap) / perPage;
  const notes = [];
  for (let i = 0; i < count; i++) {
    const column = Math.floor(i / perColumn);
    const left = column * (columnWidth + gap);
    notes.push({ id: "note-" + i, column, boxes: Array.from({ length: lines }, () => left) });
  }
  return notes;
}

/* The pages a note's words are seen on: page p shows [shift, shift + flowWidth). */
function pagesShowing(note, offsets, flowWidth) {
  const seen = [];
  offsets.forEach((_, page) => {
    const shift = P.pageShift(offsets, page);
    if (note.boxes.every((x) => x - shift >= -1 && x - shift < flowWidth)) seen.push(page);
  });
  return seen;
}

test("the type floor is 26 px at 1280×720 and 38 px at 1920×1080 (2 % of the width)", () => {
  assert.equal(P.floorPx(1280), 26);
  assert.equal(P.floorPx(1920), 38);
});

test("the type ceiling is 46 px at 1280 and 69 px at 1920 (3.6 % of the width)", () => {
  assert.equal(P.ceilingPx(1280), 46);
  assert.equal(P.ceilingPx(1920), 69);
});

test("a paged board holds two columns a screen at the floor, at 1280 and at 1920", () => {
  assert.equal(Math.round(pagedFlowWidth(1280)), 887);
  assert.equal(P.columnCount(pagedFlowWidth(1280), 26, false), 2);
  assert.equal(Math.round(pagedFlowWidth(1920)), 1347);
  assert.equal(P.columnCount(pagedFlowWidth(1920), 38, false), 2);
});

test("a column is 12 em wide, 10 em while a vote is open, and there is always one", () => {
  assert.equal(P.columnCount(1212, 26, false), 3);   // 1212 / 312
  assert.equal(P.columnCount(1212, 26, true), 4);    // 1212 / 260
  assert.equal(P.columnCount(1212, 46, false), 2);   // the ceiling: 1212 / 552
  assert.equal(P.columnCount(200, 26, false), 1);    // narrower than one measure
  assert.equal(P.columnCount(0, 26, false), 1);      // not laid out yet
});

test("few notes: the ceiling fits and is the only size tried", () => {
  const tried = [];
  const size = P.largestFit((px) => { tried.push(px); return true; }, 26, 46);
  assert.equal(size, 46);
  assert.deepEqual(tried, [46]);
});

test("the largest size that fits is found between floor and ceiling, in a few tries", () => {
  const tried = [];
  const size = P.largestFit((px) => { tried.push(px); return px <= 31; }, 26, 46);
  assert.equal(size, 31);
  // The ceiling, then halving 26…45: the exact sequence board.js lays the flow out in.
  assert.deepEqual(tried, [46, 35, 30, 32, 31]);
});

test("when the floor fits and nothing above it, the floor is chosen", () => {
  assert.equal(P.largestFit((px) => px <= 26, 26, 46), 26);
});

test("when nothing fits even at the floor, there is no size (the board pages)", () => {
  const tried = [];
  assert.equal(P.largestFit((px) => { tried.push(px); return false; }, 26, 46), null);
  assert.ok(tried.length <= 6, "at most the ceiling and log2(20) halvings: " + tried);
  assert.ok(tried.every((px) => px >= 26 && px <= 46));
});

test("line boxes less than 30 px apart are one column; 30 px apart are two", () => {
  assert.deepEqual(P.columnStarts([0, 12, 29]), [0]);
  assert.deepEqual(P.columnStarts([0, 30]), [0, 30]);
  // Listed out of order (a theme's name, then notes further left): sorted left to right,
  // and the first edge seen of a column stands for it.
  assert.deepEqual(P.columnStarts([450, 10, 0, 460, 900]), [10, 450, 900]);
  assert.deepEqual(P.columnStarts([]), []);
});

test("pages start at every n-th column; an empty flow is one page at 0", () => {
  assert.deepEqual(P.pageOffsets([0, 450, 900, 1350, 1800], 2), [0, 900, 1800]);
  assert.deepEqual(P.pageOffsets([0, 450, 900], 1), [0, 450, 900]);
  assert.deepEqual(P.pageOffsets([0, 450], 3), [0]);
  assert.deepEqual(P.pageOffsets([], 2), [0]);
});

for (const [width, height, pages] of [[1280, 720, 19], [1920, 1080, 15]]) {
  test(`150 notes at ${width}x${height} page into ${pages} pages and every note is on exactly one page`, () => {
    const floor = P.floorPx(width);
    const flowWidth = pagedFlowWidth(width);
    const perPage = P.columnCount(flowWidth, floor, false);
    // At the floor a column holds about 4 notes at 720 px high, 5 at 1080 (two-line notes).
    const perColumn = height === 720 ? 4 : 5;
    const notes = layOut(150, perColumn, flowWidth, perPage, width);
    const starts = P.columnStarts(notes.flatMap((n) => n.boxes));
    assert.equal(starts.length, Math.ceil(150 / perColumn));
    const offsets = P.pageOffsets(starts, perPage);
    assert.equal(offsets.length, pages);
    const onPage = new Map();
    for (const note of notes) {
      const seen = pagesShowing(note, offsets, flowWidth);
      assert.equal(seen.length, 1, `${note.id} (column ${note.column}) is on pages ${seen}`);
      onPage.set(seen[0], (onPage.get(seen[0]) || 0) + 1);
    }
    // Every page shows notes, and a full page shows perPage columns of them.
    assert.equal(onPage.size, pages);
    assert.equal(onPage.get(0), perPage * perColumn);
    assert.equal([...onPage.values()].reduce((a, b) => a + b, 0), 150);
  });
}

test("a board that pages turns page after page and from the last back to the first", () => {
  const seen = [];
  let page = 0;
  for (let i = 0; i < 7; i++) { seen.push(page); page = P.nextPage(page, 3); }
  assert.deepEqual(seen, [0, 1, 2, 0, 1, 2, 0]);
  assert.equal(P.nextPage(0, 1), 0);
});

test("a new layout keeps the page on screen, or the last one there is", () => {
  assert.equal(P.keptPage(undefined, 4), 0);                 // the first layout
  assert.equal(P.keptPage({ page: 2, pages: 4 }, 4), 2);     // same pages: stay
  assert.equal(P.keptPage({ page: 2, pages: 4 }, 5), 2);     // a page more: carry on from here
  assert.equal(P.keptPage({ page: 3, pages: 4 }, 2), 1);     // notes hidden: the last there is
  assert.equal(P.keptPage({ page: 2, pages: 3 }, 1), 0);     // now fits: the only page
});

test("while the room keeps posting, the board still shows every page in one cycle", () => {
  // A page turns every 10 s; a note arrives every 4 s and every 8th note adds a page (two
  // columns of four). Starting at 15 pages, each page must be shown before the board has
  // turned as many times as there are pages (plus the ones added meanwhile).
  let pages = 15, page = 0, notes = 0;
  const seen = new Set([0]);
  for (let second = 1; second <= 600 && seen.size < pages; second += 1) {
    if (second % 4 === 0 && ++notes % 8 === 0) {
      pages += 1;
      page = P.keptPage({ page, pages: pages - 1 }, pages);   // a new layout
    }
    if (second % 10 === 0) { page = P.nextPage(page, pages); seen.add(page); }
  }
  assert.equal(seen.size, pages, `pages never shown: ${[...Array(pages).keys()].filter((p) => !seen.has(p))}`);
});

test("showing a page moves the flow left by that page's start less the first's", () => {
  assert.equal(P.pageShift([0, 900, 1800], 0), 0);
  assert.equal(P.pageShift([0, 900, 1800], 2), 1800);
  assert.equal(P.pageShift([14, 914, 1814], 1), 900);       // the flow's own indent does not count
});

// ---- issue 27: a denser board without a smaller floor ----------------------------------

test("a paged row holds four columns at the floor at 1280 and at 1920: three of notes and \"Just in\"", () => {
  // The row as board.css leaves it with the corner layout (about 1249 px and 1874 px).
  for (const [width, row] of [[1280, 1249], [1920, 1874]]) {
    const gap = 0.8 * width / 100;
    const split = P.pagedSplit(row, P.floorPx(width), gap);
    assert.equal(split.flowColumns, 3, `at ${width}`);
    // Flow columns, "Just in" and the gaps between them fill the row exactly.
    assert.ok(Math.abs(3 * split.columnWidth + split.pinnedWidth + 3 * gap - row) < 1e-6);
    assert.equal(split.pinnedWidth, P.PINNED_SHARES[0] * split.columnWidth);
    // A column of notes stays about 12 em: 20–30 characters a line.
    assert.ok(split.columnWidth / P.floorPx(width) >= 11.5 && split.columnWidth / P.floorPx(width) <= 13);
  }
});

test("a wider \"Just in\" narrows the flow's columns; a row too narrow for two still splits in two", () => {
  const narrow = P.pagedSplit(1874, 38, 15, 0.85), wide = P.pagedSplit(1874, 38, 15, 1.2);
  assert.ok(wide.pinnedWidth > narrow.pinnedWidth && wide.columnWidth < narrow.columnWidth);
  assert.deepEqual(P.PINNED_SHARES, [...P.PINNED_SHARES].sort((a, b) => a - b));   // narrowest first
  const tight = P.pagedSplit(400, 38, 15);
  assert.equal(tight.flowColumns, 1);
  assert.ok(tight.columnWidth > 0 && tight.pinnedWidth > 0);
});

test("bestFill takes the subset that fills the room best, always with the first note when it fits", () => {
  assert.deepEqual(P.bestFill([300, 500, 200, 400], 935), [0, 2, 3]);       // 900, not 800 in turn
  assert.deepEqual(P.bestFill([300, 500, 200, 400], 850), [0, 1]);          // 800
  assert.deepEqual(P.bestFill([300, 300, 300], 600), [0, 1]);               // a tie: the earlier notes
  assert.deepEqual(P.bestFill([700, 200, 300], 600), [1, 2]);               // the first does not fit
  assert.deepEqual(P.bestFill([700], 600), []);
  assert.deepEqual(P.bestFill([], 600), []);
});

/* A deterministic room: 150 notes of 4 to 7 lines (at the paged floor's measure). */
function roomOfNotes(lineHeight, overhead) {
  const lines = [5, 4, 6, 5, 7, 4, 5, 6, 5, 4, 5, 6, 7, 5, 4];
  return Array.from({ length: 150 }, (_, i) => lines[(i * 7) % lines.length] * lineHeight + overhead);
}

test("packing places every note once, each column within its height and in order top to bottom", () => {
  const heights = roomOfNotes(43.7, 19);   // 1920×1080: 38 px type, line height 1.15
  const columns = P.packColumns(heights, 943, 0);
  const placed = columns.flat();
  assert.deepEqual([...placed].sort((a, b) => a - b), heights.map((_, i) => i));
  for (const column of columns) {
    assert.ok(column.length > 0);
    assert.ok(column.reduce((sum, i) => sum + heights[i], 0) <= 943);
    assert.deepEqual(column, [...column].sort((a, b) => a - b));
  }
  // A note is drawn at most a few columns from its turn: never more than LOOK_AHEAD places early.
  placed.forEach((note, position) => assert.ok(note - position < P.LOOK_AHEAD, `note ${note} drawn ${position}th`));
});

test("packing fills columns that taking notes strictly in turn leaves with gaps", () => {
  const heights = roomOfNotes(43.7, 19);
  const inTurn = [];   // each note in the next column when it does not fit: the board before issue 27
  let used = Infinity;
  for (const h of heights) { if (used + h > 943) { inTurn.push([]); used = 0; } inTurn[inTurn.length - 1].push(h); used += h; }
  const packed = P.packColumns(heights, 943, 0);
  assert.ok(packed.length < inTurn.length, `${packed.length} columns packed, ${inTurn.length} in turn`);
  // Three columns a page at 1920×1080: at most 14 pages, the cycle of 150 s.
  assert.ok(Math.ceil(packed.length / 3) <= 14, `${Math.ceil(packed.length / 3)} pages`);
});

test("packing after themes: the first column's taken height counts; a note too tall has a column alone", () => {
  assert.deepEqual(P.packColumns([300, 300], 935, 500), [[0], [1]]);
  assert.deepEqual(P.packColumns([600, 100], 935, 500), [[1], [0]]);       // the gap under the themes is filled
  assert.deepEqual(P.packColumns([600], 935, 500), [[], [0]]);             // nothing fits there: an empty first column
  assert.deepEqual(P.packColumns([1200, 300], 935, 0), [[0], [1]]);        // taller than a column
  assert.deepEqual(P.packColumns([], 935, 0), []);
});

test("\"Just in\" shows the cards that end inside it, top to bottom", () => {
  assert.equal(P.wholeCount([300, 600, 900], 935), 3);
  assert.equal(P.wholeCount([300, 600, 960], 935), 2);                     // the third would be cut
  assert.equal(P.wholeCount([300, 600, 935.4], 935), 3);                   // sub-pixel rounding
  assert.equal(P.wholeCount([1000, 200], 935), 0);                         // never one after a cut one
  assert.equal(P.wholeCount([], 935), 0);
});

// The rail at 1920×1080: about 900 px of stack a page; at 1280×720 about 560.
test("the rail's stack pages: items in order while they fit, each whole", () => {
  assert.deepEqual(P.stackPages([300, 300, 200, 200], [0, 0, 60, 60], 900), [0, 3]);
  assert.deepEqual(P.stackPages([200, 200, 200], [0, 0, 0], 600), [0]);              // exactly a page: one
  assert.deepEqual(P.stackPages([], [], 900), []);
});

test("an action that begins a page has room for the \"Actions\" heading over it", () => {
  // Page 2 starts with the fourth action, under the heading again (60 px); three fit page 1 exactly.
  assert.deepEqual(P.stackPages([280, 280, 280, 280, 280], [60, 60, 60, 60, 60], 900), [0, 3]);
  assert.deepEqual(P.stackPages([500, 280, 280, 280], [0, 60, 60, 60], 900), [0, 2]);
});

test("an item taller than a page has a page to itself", () => {
  assert.deepEqual(P.stackPages([200, 1200, 200], [0, 0, 0], 900), [0, 1, 2]);
  assert.deepEqual(P.stackPages([1200], [0], 900), [0]);
});

test("each item is on the page that starts at or before it", () => {
  const starts = [0, 3, 5];
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => P.pageOfItem(starts, i)), [0, 0, 0, 1, 1, 2, 2]);
});

test("the rail's type is between the floor and a ceiling a little above it", () => {
  assert.equal(P.railCeilingPx(1920), 48);
  assert.equal(P.railCeilingPx(1280), 32);
  assert.ok(P.railCeilingPx(1280) > P.floorPx(1280));
});
