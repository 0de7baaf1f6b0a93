/**
 * A task that is never run twice at once: asked again while it runs, it runs once more afterwards
 * (however often it was asked meanwhile), so its last run starts after the last ask.
 */
export function coalesced(task: () => Promise<void>): () => void {
  let asks = 0;
  let running = false;
  const run = async () => {
    running = true;
    try {
      let answered: number;
      do {
        answered = asks;
        await task();
      } while (answered !== asks);
    } finally {
      running = false;
    }
  };
  return () => {
    asks += 1;
    if (!running) void run();
  };
}
