/**
 * A growing UTF-8 buffer for insert bodies. Lines are encoded as they are made, so each line's string is
 * garbage at once: a string built with += keeps every piece alive until it is sent, and V8's young-generation
 * collections then spent seconds per million events copying them.
 */
export class Lines {
  private buf: Buffer;
  length = 0;

  /** `expected`: about how many bytes will be pushed, so the buffer rarely grows. */
  constructor(expected = 1 << 16) {
    this.buf = Buffer.allocUnsafe(expected);
  }

  push(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + line.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(line, this.length);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
