// The load generator (issue 16): phones, a board and posters speaking our protocol, in one
// Node process of socket.io-client connections, so the figures are the server's, not ours.
//
//   node loadgen.js CONFIG.json      -> one JSON object on stdout (progress on stderr)
//
// Scenarios (config.scenario):
//   room       a board and N phones join at once (the join burst, in two phases timed
//              apart: all connect, then all send `phone:join`: connects/s, joins/s, p95
//              join time, and both together), the server settles, then P posters send
//              1 note/s each for D s; every copy
//              of every note is timed from send to receipt (one clock: this process).
//   neighbour  workshop B: a board and 20 phones posting 1 note/s; B's note->board p95
//              idle, then while an abusive phone in workshop A floods `sync {since: 0}`,
//              ~900 KB `note:post` frames and re-sent `phone:join` (issue 12 item 2).
//
// Beside every figure: this process's CPU (% of one core) and event-loop lag, and the
// servers' CPU read from /proc/<pid>/stat. Every loop stops by itself (counts and
// deadlines); traffic goes only to the URLs given, which bench/ sets to 127.0.0.1.
"use strict";

const fs = require("fs");
const crypto = require("crypto");
const { monitorEventLoopDelay } = require("perf_hooks");
const { io } = require("socket.io-client");
const { WireClient } = require("./wire_client");

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const CLK_TCK = config.clkTck || 100;
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text) => process.stderr.write(`loadgen: ${text}\n`);

for (const url of config.urls) {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`refusing to load ${url}: loopback only`);
}

// ---- measuring ourselves and the servers ---------------------------------------------

function serverCpuSeconds() {
  let ticks = 0;
  for (const pid of config.serverPids || []) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch (e) {
      /* a process that has gone counts no more */
    }
  }
  return ticks / CLK_TCK;
}

class Meter {
  // CPU of this process and of the servers, and this process's event-loop lag, over a span.
  constructor() {
    this.lag = monitorEventLoopDelay({ resolution: 10 });
    this.lag.enable();
    this.cpu0 = process.cpuUsage();
    this.server0 = serverCpuSeconds();
    this.t0 = now();
  }
  read() {
    const wall = (now() - this.t0) / 1000;
    const cpu = process.cpuUsage(this.cpu0);
    const server = serverCpuSeconds() - this.server0;
    this.lag.disable();
    return {
      wall_s: round(wall, 2),
      loader_cpu_pct: round((100 * (cpu.user + cpu.system)) / 1e6 / wall, 1),
      loader_lag_p99_ms: round(this.lag.percentile(99) / 1e6, 1),
      loader_lag_max_ms: round(this.lag.max / 1e6, 1),
      server_cpu_s: round(server, 2),
      server_cpu_pct: round((100 * server) / wall, 1),
    };
  }
}

function round(x, digits) {
  if (x === null || x === undefined || !isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const k = Math.max(0, Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1))));
  return sorted[k];
}

async function settle(limitMs) {
  // Until the servers are idle (< 10 % of a core over 0.5 s): the join burst's presence
  // broadcasts are done. Bounded by limitMs.
  const started = now();
  await sleep(500);
  let last = serverCpuSeconds();
  while (now() - started < limitMs) {
    await sleep(500);
    const cpu = serverCpuSeconds();
    if (cpu - last < 0.05) break;
    last = cpu;
  }
  return round((now() - started) / 1000, 2);
}

// ---- clients ---------------------------------------------------------------------------

function sourceAddress(index) {
  // A room is many phones on many addresses: 100 phones per loopback address (127.0.1.x,
  // 127.0.2.x ...), under the server's per-address caps, as a venue's Wi-Fi would be.
  const group = Math.floor(index / 100);
  return `127.0.${1 + Math.floor(group / 250)}.${1 + (group % 250)}`;
}

function connect(url, localAddress) {
  // One phone's connection: our wire-protocol client (wire_client.js) unless the config
  // asks for socket.io-client ("client": "socket.io-client"), to check the two agree.
  if (config.client !== "socket.io-client") return new WireClient(url, { localAddress });
  return io(url, {
    transports: ["websocket"],
    forceNew: true, // one connection per phone, never multiplexed
    reconnection: false,
    timeout: 60000,
    perMessageDeflate: false, // our server declines it anyway; the baselines are measured alike
    localAddress,
  });
}

function call(socket, event, payload, timeoutMs) {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (err, answer) => resolve(err ? null : answer));
  });
}

function connected(socket, timeoutMs) {
  return new Promise((resolve) => {
    if (socket.connected) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once("connect", () => (clearTimeout(timer), resolve(true)));
    socket.once("connect_error", () => (clearTimeout(timer), resolve(false)));
  });
}

class Receiver {
  // Times every copy of every note this run sent; counts distinct copies per note.
  constructor(socket, sentAt, latencies) {
    this.socket = socket;
    this.seen = new Map();
    socket.on("note", (note) => {
      const sent = sentAt.get(note && note.id);
      if (sent === undefined) return;
      const count = this.seen.get(note.id) || 0;
      this.seen.set(note.id, count + 1);
      if (!count) latencies.push({ at: sent, ms: now() - sent });
    });
  }
}

async function joinAll(specs, concurrency) {
  // The join burst, in two phases timed apart: every phone connects (up to `concurrency`
  // handshakes in flight), then every connected phone sends its join at once. The first
  // is the stack's connection handshake, the same work for every server; the second is
  // the server's own work per join (issue 16 item 1). Each phase has its own Meter.
  const results = new Array(specs.length);
  let next = 0;
  const first = now();
  const connectMeter = new Meter();
  async function worker() {
    while (next < specs.length) {
      const i = next++;
      const spec = specs[i];
      const t0 = now();
      const socket = connect(spec.url, spec.localAddress);
      const up = await connected(socket, 60000); // generous: a slow connect is a figure, a failed one an error
      results[i] = { socket, up, t0, connectMs: now() - t0 };
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  const connectFigures = connectMeter.read();
  const connectedAt = now();
  const joinMeter = new Meter();
  await Promise.all(
    results.map(async (r, i) => {
      if (!r.up) return Object.assign(r, { ok: false, error: "connect failed", ms: r.connectMs, joinMs: null });
      const sent = now();
      const answer = await call(r.socket, specs[i].event, specs[i].payload, 120000);
      const ok = !!(answer && answer.ok);
      Object.assign(r, { ok, at: now(), joinMs: now() - sent, ms: now() - r.t0, error: ok ? null : (answer && answer.error && answer.error.code) || (r.socket.connected ? "no answer" : "dropped") });
    })
  );
  const joinFigures = joinMeter.read();
  const last = results.reduce((m, r) => (r.ok && r.at > m ? r.at : m), connectedAt);
  return { results, span_ms: last - first, connect_span_ms: connectedAt - first, join_span_ms: last - connectedAt, connectFigures, joinFigures };
}

async function postPaced(posters, perSecond, seconds, sentAt, label) {
  // `perSecond` notes a second for `seconds`, spread evenly and taken in turn by the
  // posters; each note's send time goes in `sentAt` (the receivers time copies from it).
  // Resolves when every note is answered: { acked: Set of ids, refused, total }.
  const total = Math.floor(perSecond * seconds);
  const interval = 1000 / perSecond;
  const acked = new Set();
  let refused = 0;
  const start = now();
  const pending = [];
  for (let n = 0; n < total; n++) {
    const wait = start + n * interval - now();
    if (wait > 0) await sleep(wait);
    const id = newId();
    sentAt.set(id, now());
    pending.push(
      call(posters[n % posters.length], "note:post", { id, phase: "what", text: `${label} ${id.slice(0, 8)}` }, 15000).then((a) => {
        if (a && a.ok) acked.add(id);
        else refused += 1;
      })
    );
  }
  await Promise.all(pending);
  return { acked, refused, total };
}

function newId() {
  return crypto.randomUUID();
}

function tally(receivers, acked, latencies) {
  let lost = 0;
  let duplicated = 0;
  for (const r of receivers) {
    for (const id of acked) if (!r.seen.has(id)) lost += 1;
    for (const count of r.seen.values()) if (count > 1) duplicated += count - 1;
  }
  const ms = latencies.map((l) => l.ms);
  return {
    copies_expected: acked.size * receivers.length,
    copies_received: ms.length,
    lost,
    duplicated,
    latency_p50_ms: round(percentile(ms, 50), 1),
    latency_p95_ms: round(percentile(ms, 95), 1),
    latency_p99_ms: round(percentile(ms, 99), 1),
    latency_max_ms: round(ms.length ? ms.reduce((a, b) => (b > a ? b : a)) : null, 1),
  };
}

async function drain(receivers, acked, expectedFn, limitMs) {
  const deadline = now() + limitMs;
  while (now() < deadline) {
    let got = 0;
    for (const r of receivers) for (const id of acked) if (r.seen.has(id)) got += 1;
    if (got >= expectedFn()) return;
    await sleep(200);
  }
}

// ---- room: the join burst and the broadcast ---------------------------------------------

async function room() {
  const c = config.room;
  const sentAt = new Map();
  const latencies = [];
  const urls = config.urls;
  const board = connect(urls[0]);
  const boardReceiver = new Receiver(board, sentAt, latencies);
  const boardOk = (await connected(board, 30000)) && !!(await call(board, "board:join", { code: c.code, key: c.boardKey, since: 0 }, 60000) || {}).ok;

  const specs = Array.from({ length: c.phones }, (_, i) => ({
    url: urls[i % urls.length], // with several server processes, phones are spread as the first port hands them out
    localAddress: sourceAddress(i),
    event: "phone:join",
    payload: { code: c.code, since: 0 },
  }));
  const burst = await joinAll(specs, c.connectConcurrency || c.phones);
  const joined = burst.results.filter((r) => r.ok);
  const errors = {};
  for (const r of burst.results) if (!r.ok) errors[r.error] = (errors[r.error] || 0) + 1;
  const joins = {
    phones: c.phones,
    joined: joined.length,
    join_errors: errors,
    // connect, then join: each phase on its own (see joinAll), and the two together
    connects_per_s: round(burst.results.filter((r) => r.up).length / (burst.connect_span_ms / 1000), 0),
    connect_p95_ms: round(percentile(burst.results.filter((r) => r.up).map((r) => r.connectMs), 95), 0),
    connect_server_cpu_ms_per_phone: round((1000 * burst.connectFigures.server_cpu_s) / Math.max(1, c.phones), 2),
    joins_per_s: round(joined.length / (burst.join_span_ms / 1000), 0),
    join_span_s: round(burst.join_span_ms / 1000, 2),
    join_p50_ms: round(percentile(joined.map((r) => r.joinMs), 50), 0),
    join_p95_ms: round(percentile(joined.map((r) => r.joinMs), 95), 0),
    join_server_cpu_pct: burst.joinFigures.server_cpu_pct,
    join_server_cpu_ms_per_join: joined.length ? round((1000 * burst.joinFigures.server_cpu_s) / joined.length, 2) : null,
    join_loader_cpu_pct: burst.joinFigures.loader_cpu_pct,
    join_loader_lag_p99_ms: burst.joinFigures.loader_lag_p99_ms,
    connect_join_per_s: round(joined.length / (burst.span_ms / 1000), 0),
    connect_join_span_s: round(burst.span_ms / 1000, 2),
    connect_join_p95_ms: round(percentile(joined.map((r) => r.ms), 95), 0),
  };
  log(`connected in ${round(burst.connect_span_ms / 1000, 2)} s, joined ${joined.length}/${c.phones} in ${joins.join_span_s} s (${joins.joins_per_s}/s)`);
  const result = { scenario: "room", board_connected: boardOk, ...joins };
  const receivers = [...(boardOk ? [boardReceiver] : []), ...joined.map((r) => new Receiver(r.socket, sentAt, latencies))];

  if (c.duration > 0 && joined.length) {
    result.settle_s = await settle(c.settleLimitMs || 60000);
    const posters = joined.slice(0, c.posters).map((r) => r.socket);
    latencies.length = 0;
    const meter = new Meter();
    const { acked, refused, total } = await postPaced(posters, (c.perPosterRate || 1) * posters.length, c.duration, sentAt, "Bench note");
    await drain(receivers, acked, () => acked.size * receivers.length, 10000);
    const figures = meter.read();
    const counted = tally(receivers, acked, latencies);
    Object.assign(result, counted, figures, {
      posters: posters.length,
      rate: posters.length * (c.perPosterRate || 1),
      duration: c.duration,
      notes_sent: total,
      notes_acked: acked.size,
      notes_refused: refused,
      server_cpu_us_per_delivery: counted.copies_received ? round((1e6 * figures.server_cpu_s) / counted.copies_received, 1) : null,
    });
  }
  for (const r of burst.results) r.socket.close();
  board.close();
  return result;
}

// ---- neighbour: one workshop cannot slow another ------------------------------------------

async function neighbour() {
  const c = config.neighbour;
  const url = config.urls[0];
  const sentAt = new Map();
  const latencies = [];
  const board = connect(url);
  const boardReceiver = new Receiver(board, sentAt, latencies);
  const boardOk = (await connected(board, 30000)) && !!(await call(board, "board:join", { code: c.b.code, key: c.b.boardKey, since: 0 }, 60000) || {}).ok;
  const burst = await joinAll(
    Array.from({ length: c.phones }, (_, i) => ({ url, localAddress: `127.0.2.${1 + (i % 250)}`, event: "phone:join", payload: { code: c.b.code, since: 0 } })),
    c.phones
  );
  const phones = burst.results.filter((r) => r.ok).map((r) => r.socket);
  if (!boardOk || phones.length < c.phones) throw new Error(`workshop B: board ${boardOk}, ${phones.length}/${c.phones} phones joined`);
  await settle(20000);

  const phase = async (label, abuse) => {
    latencies.length = 0;
    const meter = new Meter();
    const stopAt = now() + c.duration * 1000;
    // The abusive phone: one connection per kind of abuse (so being dropped for a huge
    // frame does not stop its sync flood), all from one address, `abusers` of each kind.
    const abusers = abuse
      ? ["sync", "big", "join"].flatMap((kind) =>
          Array.from({ length: c.abusers || 1 }, () => abuser(url, c.a.code, "127.0.3.1", stopAt, c, kind))
        )
      : [];
    const { acked, refused } = await postPaced(phones, phones.length, c.duration, sentAt, "Neighbour note"); // 1 note/s each
    const abuse_figures = await Promise.all(abusers);
    await drain([boardReceiver], acked, () => acked.size, 10000);
    const figures = meter.read();
    const counted = tally([boardReceiver], acked, latencies);
    log(`neighbour ${label}: board p95 ${counted.latency_p95_ms} ms, lost ${counted.lost}`);
    return { ...counted, ...figures, notes_acked: acked.size, notes_refused: refused, abuser: abuse ? sumAbuse(abuse_figures) : null };
  };
  const idle = await phase("idle", false);
  await settle(20000);
  const abused = await phase("abused", true);
  for (const s of [board, ...phones]) s.close();
  return {
    scenario: "neighbour",
    phones: c.phones,
    a_notes: c.a.notes,
    idle,
    abused,
    ratio_p95: idle.latency_p95_ms && abused.latency_p95_ms ? round(abused.latency_p95_ms / idle.latency_p95_ms, 2) : null,
  };
}

function sumAbuse(list) {
  const total = {};
  for (const item of list) for (const [k, v] of Object.entries(item)) total[k] = (total[k] || 0) + v;
  return total;
}

async function abuser(url, code, localAddress, stopAt, c, only) {
  // A connection of workshop A's abusive phone, flooding one kind of event as fast as the
  // server answers (at most `inflight` unanswered): `sync {since: 0}`, a ~900 KB
  // note:post, or a re-sent phone:join. Reconnects (at most every 0.5 s) if the server
  // drops it. Stops at stopAt.
  const big = "x".repeat(c.bigFrameBytes || 900000);
  const counts = { sent: 0, answered: 0, refused: 0, unanswered: 0, reconnects: 0, sync: 0, big: 0, join: 0 };
  const kinds = [only];
  const inflightCap = c.inflight || 8;
  let socket = null;
  let turn = 0;
  while (now() < stopAt) {
    if (!socket || !socket.connected) {
      if (socket) {
        socket.close();
        counts.reconnects += 1;
        await sleep(500);
      }
      socket = connect(url, localAddress);
      if (!(await connected(socket, 5000))) continue;
      const answer = await call(socket, "phone:join", { code, since: 0 }, 10000);
      if (!answer) continue;
    }
    let inflight = 0;
    const s = socket;
    await new Promise((resolve) => {
      const pump = () => {
        while (inflight < inflightCap && s.connected && now() < stopAt) {
          const kind = kinds[turn++ % kinds.length];
          const payload =
            kind === "sync" ? { since: 0 } : kind === "big" ? { id: newId(), phase: "what", text: big } : { code, since: 0 };
          const event = kind === "sync" ? "sync" : kind === "big" ? "note:post" : "phone:join";
          inflight += 1;
          counts.sent += 1;
          counts[kind] += 1;
          s.timeout(5000).emit(event, payload, (err, answer) => {
            inflight -= 1;
            if (err) counts.unanswered += 1;
            else if (answer && answer.ok) counts.answered += 1;
            else counts.refused += 1;
            setImmediate(pump);
          });
        }
        if (!s.connected || now() >= stopAt) resolve();
      };
      s.once("disconnect", resolve);
      const timer = setInterval(() => {
        if (now() >= stopAt || !s.connected) (clearInterval(timer), resolve());
      }, 100);
      pump();
    });
  }
  if (socket) socket.close();
  return counts;
}

// ---- main ------------------------------------------------------------------------------

(async () => {
  const deadline = setTimeout(() => {
    log("gave up after the run's time limit");
    process.exit(2);
  }, (config.limitSeconds || 600) * 1000);
  const result = config.scenario === "neighbour" ? await neighbour() : await room();
  result.loader_client = config.client === "socket.io-client" ? "socket.io-client" : "wire_client.js";
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
})().catch((error) => {
  process.stdout.write(JSON.stringify({ error: String((error && error.stack) || error) }) + "\n");
  process.exit(1);
});
