/**
 * A turn of the event loop now and then, for a long loop over the store's reads: they resolve without one (the
 * packs are read synchronously), so without it a cancel message sent to the worker meanwhile is not heard until
 * the loop ends. Every `everyMs` at most, as the loop goes: `await turns()` costs a clock read otherwise.
 */
export function eventLoopTurns(everyMs = 40): () => Promise<void> | undefined {
  let last = Date.now();
  return () => {
    const now = Date.now();
    if (now - last < everyMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = Date.now();
        resolve();
      }),
    );
  };
}
