// The ecosystem's reference: Node's socket.io server, broadcasting and nothing else.
// Same event names and acknowledgement shapes as facilitator. Usage: node server.js PORT
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2]);
const httpServer = http.createServer();
const io = new Server(httpServer, { pingInterval: 10000, pingTimeout: 10000, serveClient: false });
const ROOM = "workshop";
let seq = 0;

io.on("connection", (socket) => {
  socket.on("phone:join", (payload, ack) => {
    socket.join(ROOM);
    if (typeof ack === "function") ack({ ok: true, participant: { id: socket.id }, notes: [], seq });
  });
  socket.on("board:join", (payload, ack) => {
    socket.join(ROOM);
    if (typeof ack === "function") ack({ ok: true, notes: [], seq });
  });
  socket.on("note:post", (payload, ack) => {
    seq += 1;
    const note = { id: payload.id, phase: payload.phase, text: payload.text, hidden: false, seq };
    io.to(ROOM).emit("note", note);
    if (typeof ack === "function") ack({ ok: true, note, duplicate: false });
  });
});

httpServer.listen({ host: "127.0.0.1", port, backlog: 2048 });
