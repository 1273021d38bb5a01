// Channel: the synchronous pipe between one worker thread and its execution's fiber in C++.
//
// A frame is two 4-byte little-endian lengths, that of its UTF-8 JSON and that of its payload, then
// the JSON, then the payload: the raw bytes of the frame's one large value (a file's content, an
// HTTP body), which cross as they are instead of being escaped, parsed and base64'd on both sides.
// `send` writes one request and `receive` blocks in readSync until C++ answers: only this worker
// blocks, and while it waits the scheduler runs other executions. Between two calls the JavaScript
// runs alone, so the seed fixes the schedule exactly as it does for the C++ core. A round trip is
// two syscalls on each side: the frame is encoded straight into a reused buffer, and replies are
// read in one read when they fit.
//
//   const ch = new Channel(reqFd, repFd);
//   ch.send({ c: 'drive.write', a: { id } }, Buffer.from(text));
//   const frame = ch.receive();   // ch.payload: the reply's bytes (a Buffer of its own)
import fs from 'node:fs';

const INITIAL_BYTES = 64 * 1024;
const HEADER_BYTES = 8;
const EMPTY = Buffer.alloc(0);

export class Channel {
  constructor(requestFd, replyFd) {
    this.requestFd = requestFd;
    this.replyFd = replyFd;
    this.out = Buffer.allocUnsafe(INITIAL_BYTES);
    this.in = Buffer.allocUnsafe(INITIAL_BYTES);
    this.inStart = 0;  // unread bytes of `in` are [inStart, inEnd)
    this.inEnd = 0;
    this.payload = EMPTY;  // the last frame received's payload
  }

  send(frame, payload = EMPTY) {
    const text = JSON.stringify(frame);
    const max = HEADER_BYTES + text.length * 3 + payload.length;  // UTF-8: at most 3 bytes per code unit
    if (this.out.length < max) this.out = Buffer.allocUnsafe(max);
    const n = this.out.write(text, HEADER_BYTES, 'utf8');
    this.out.writeUInt32LE(n, 0);
    this.out.writeUInt32LE(payload.length, 4);
    payload.copy(this.out, HEADER_BYTES + n);
    const total = HEADER_BYTES + n + payload.length;
    let off = 0;
    while (off < total) off += fs.writeSync(this.requestFd, this.out, off, total - off);
  }

  // Reads until [inStart, inEnd) holds at least `n` bytes.
  fill(n) {
    if (this.inEnd - this.inStart >= n) return;
    if (this.in.length - this.inStart < n) {  // make room: move the rest to the front, or grow
      const rest = this.inEnd - this.inStart;
      const next = this.in.length >= n ? this.in : Buffer.allocUnsafe(Math.max(n, this.in.length * 2));
      this.in.copy(next, 0, this.inStart, this.inEnd);
      this.in = next;
      this.inStart = 0;
      this.inEnd = rest;
    }
    while (this.inEnd - this.inStart < n) {
      const got = fs.readSync(this.replyFd, this.in, this.inEnd, this.in.length - this.inEnd, null);
      if (got === 0) process.exit(3);  // C++ closed the pipe: lockstep is gone, nothing more to ask
      this.inEnd += got;
    }
  }

  // The next frame's JSON text; its payload goes to this.payload.
  receiveText() {
    this.fill(HEADER_BYTES);
    const length = this.in.readUInt32LE(this.inStart);
    const payloadLength = this.in.readUInt32LE(this.inStart + 4);
    this.fill(HEADER_BYTES + length + payloadLength);
    const at = this.inStart + HEADER_BYTES;
    const text = this.in.toString('utf8', at, at + length);
    this.payload = EMPTY;
    if (payloadLength > 0) {
      this.payload = Buffer.allocUnsafe(payloadLength);  // its own: `in` is reused by the next frame
      this.in.copy(this.payload, 0, at + length, at + length + payloadLength);
    }
    this.inStart = at + length + payloadLength;
    if (this.inStart === this.inEnd) this.inStart = this.inEnd = 0;
    return text;
  }

  receive() {
    return JSON.parse(this.receiveText());
  }
}
