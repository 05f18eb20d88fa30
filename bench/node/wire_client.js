// A Socket.IO client written against the wire protocol (Engine.IO 4, Socket.IO 5), over
// one WebSocket from `ws`, for the load generator's phones and boards (issue 16 item 4).
//
// Why: at 3,000 phones a run delivers 15,000 notes a second, and socket.io-client spent
// most of the load generator's CPU (about 75 % of a core) decoding them through its
// layers of emitters, so the figures risked being the loader's. This client does only
// what the load needs, on the main namespace, WebSocket only, text only:
//
//   open "0{...}" -> we send "40"; "40{sid}" connected; "44{...}" refused; "2" ping -> "3";
//   "42[event, ...args]" an event; "43<id>[answer]" the answer to our "42<id>[event, payload]";
//   "41" or "1" the server ended it.
//
// Its surface is the part of socket.io-client's that loadgen.js uses: `connected`,
// `on` / `once` (connect, connect_error, disconnect, and server events),
// `timeout(ms).emit(event, payload, (err, answer) => ...)`, `close()`.
"use strict";

const WebSocket = require("ws");

class WireClient {
  constructor(url, { localAddress, handshakeTimeoutMs = 60000 } = {}) {
    const { host } = new URL(url);
    this.connected = false;
    this._listeners = new Map(); // event -> [fn, once]
    this._acks = new Map(); // ack id -> { cb, timer }
    this._nextAck = 0;
    this._ended = false;
    this.ws = new WebSocket(`ws://${host}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      localAddress,
      handshakeTimeout: handshakeTimeoutMs,
    });
    this.ws.on("message", (data, isBinary) => {
      if (!isBinary) this._packet(data.toString());
    });
    this.ws.on("error", (error) => this._end("connect_error", error));
    this.ws.on("close", () => this._end("disconnect", "transport close"));
  }

  on(event, fn) {
    if (!this._listeners.has(event)) this._listeners.set(event, []);
    this._listeners.get(event).push([fn, false]);
    return this;
  }

  once(event, fn) {
    if (!this._listeners.has(event)) this._listeners.set(event, []);
    this._listeners.get(event).push([fn, true]);
    return this;
  }

  timeout(ms) {
    return { emit: (event, payload, cb) => this._send(event, payload, cb, ms) };
  }

  emit(event, payload, cb) {
    return this._send(event, payload, cb, 0);
  }

  close() {
    this._end("disconnect", "io client disconnect");
  }

  // ---- the wire -------------------------------------------------------------------

  _send(event, payload, cb, timeoutMs) {
    if (!this.connected) {
      if (cb) setImmediate(() => cb(new Error("not connected")));
      return this;
    }
    let frame;
    if (cb) {
      const id = this._nextAck++;
      const timer = timeoutMs ? setTimeout(() => this._answer(id, new Error("operation has timed out")), timeoutMs) : null;
      this._acks.set(id, { cb, timer });
      frame = `42${id}${JSON.stringify([event, payload])}`;
    } else {
      frame = `42${JSON.stringify([event, payload])}`;
    }
    this.ws.send(frame);
    return this;
  }

  _packet(text) {
    switch (text.charCodeAt(0)) {
      case 0x34: // "4": a Socket.IO packet
        return this._socketPacket(text);
      case 0x32: // "2": ping
        return this.ws.send("3");
      case 0x30: // "0": the Engine.IO handshake; now connect to the main namespace
        return this.ws.send("40");
      case 0x31: // "1": the server closes
        return this._end("disconnect", "transport close");
      default:
        return undefined; // "6" noop and anything else: nothing to do
    }
  }

  _socketPacket(text) {
    const kind = text.charCodeAt(1);
    if (kind === 0x32) {
      // "42" event: "42[...]" (we never ask the server's events for answers)
      const body = text.indexOf("[");
      const [event, ...args] = JSON.parse(text.slice(body));
      return this._dispatch(event, ...args);
    }
    if (kind === 0x33) {
      // "43<id>[answer]"
      const body = text.indexOf("[");
      return this._answer(Number(text.slice(2, body)), null, JSON.parse(text.slice(body)));
    }
    if (kind === 0x30) {
      // "40{sid}": connected
      this.connected = true;
      return this._dispatch("connect");
    }
    if (kind === 0x34) return this._end("connect_error", new Error(text.slice(2))); // "44{message}": refused
    if (kind === 0x31) return this._end("disconnect", "io server disconnect"); // "41"
    return undefined;
  }

  _answer(id, error, args) {
    const pending = this._acks.get(id);
    if (!pending) return;
    this._acks.delete(id);
    if (pending.timer) clearTimeout(pending.timer);
    if (error) pending.cb(error);
    else pending.cb(null, ...args);
  }

  _dispatch(event, ...args) {
    const listeners = this._listeners.get(event);
    if (!listeners) return;
    this._listeners.set(event, listeners.filter(([, once]) => !once));
    for (const [fn] of listeners) fn(...args);
  }

  _end(event, why) {
    if (this._ended) return;
    this._ended = true;
    const was = this.connected;
    this.connected = false;
    for (const id of [...this._acks.keys()]) this._answer(id, new Error("disconnected"));
    try {
      this.ws.terminate();
    } catch (e) {
      /* already gone */
    }
    if (event === "connect_error" && !was) this._dispatch("connect_error", why);
    else this._dispatch("disconnect", why);
  }
}

module.exports = { WireClient };
