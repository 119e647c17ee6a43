/** What reads held data before anyone asks: how to stop it, and whether it is still reading. */
export type ReadAhead = { stop(): void; warming(): boolean };

/**
 * Runs `read(0)`, `read(1)` … `read(count - 1)`, one per turn of the event loop, while `room()` says there is room
 * to hold more: one read at a time leaves the loop free for ingest and questions in between.
 *
 * The turns are held open (ref'd): with nothing but unref'd immediates pending, Node lets the loop wait for the
 * next I/O or timer between them, and a collector that only answered /health every 100 ms read its 636 days in
 * 94 s instead of 5.
 */
export function readAhead(count: number, read: (i: number) => void, room: () => boolean): ReadAhead {
  let next = 0;
  let timer: NodeJS.Immediate | undefined;
  const step = () => {
    timer = undefined;
    if (next >= count || !room()) return;
    read(next++);
    timer = setImmediate(step);
  };
  timer = setImmediate(step);
  return {
    stop() {
      if (timer) clearImmediate(timer);
      timer = undefined;
      next = count;
    },
    warming: () => timer !== undefined,
  };
}
