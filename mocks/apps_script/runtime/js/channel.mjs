// Channel: the synchronous pipe between one worker thread and its execution's fiber in C++.
//
// A frame is a 4-byte little-endian length and that many bytes of UTF-8 JSON. `call` writes one
// request and blocks in readSync until C++ answers: only this worker blocks, and while it waits the
// scheduler runs other executions. Between two calls the JavaScript runs alone, so the seed fixes
// the schedule exactly as it does for the C++ core. A round trip is two syscalls on each side: the
// frame is encoded straight into a reused buffer, and replies are read in one read when they fit.
//
//   const ch = new Channel(reqFd, repFd);
//   ch.send({ t: 'ready' });
//   const frame = ch.receive();
import fs from 'node:fs';

const INITIAL_BYTES = 64 * 1024;

export class Channel {
  constructor(requestFd, replyFd) {
    this.requestFd = requestFd;
    this.replyFd = replyFd;
    this.out = Buffer.allocUnsafe(INITIAL_BYTES);
    this.in = Buffer.allocUnsafe(INITIAL_BYTES);
    this.inStart = 0;  // unread bytes of `in` are [inStart, inEnd)
    this.inEnd = 0;
  }

  send(frame) {
    const text = JSON.stringify(frame);
    const max = 4 + text.length * 3;  // UTF-8 of a JS string is at most 3 bytes per code unit
    if (this.out.length < max) this.out = Buffer.allocUnsafe(max);
    const n = this.out.write(text, 4, 'utf8');
    this.out.writeUInt32LE(n, 0);
    let off = 0;
    while (off < n + 4) off += fs.writeSync(this.requestFd, this.out, off, n + 4 - off);
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

  // The next frame's JSON text.
  receiveText() {
    this.fill(4);
    const length = this.in.readUInt32LE(this.inStart);
    this.fill(4 + length);
    const text = this.in.toString('utf8', this.inStart + 4, this.inStart + 4 + length);
    this.inStart += 4 + length;
    if (this.inStart === this.inEnd) this.inStart = this.inEnd = 0;
    return text;
  }

  receive() {
    return JSON.parse(this.receiveText());
  }
}
