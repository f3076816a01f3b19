/**
 * A fixed number of slots for heavy work (an import, a PDF render), taken without waiting: work that finds every slot
 * taken is answered busy at once rather than queued, so nothing waits in memory for its turn.
 */
export class Slots {
  private taken = 0;

  constructor(readonly capacity: number) {}

  /** Takes a slot and returns the function that gives it back (once), or null when every slot is taken. */
  tryEnter(): (() => void) | null {
    if (this.taken >= this.capacity) return null;
    this.taken += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.taken -= 1;
    };
  }
}
