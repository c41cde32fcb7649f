/**
 * Collects the calls made while the event loop handles one round of I/O and sends
 * them as one command when that round ends (setImmediate). Under load, the webhook
 * requests parsed in one round then share a single Redis command instead of paying
 * for one each: one command object, one script call, one reply to parse.
 */
export class Batcher<In, Out> {
  private inputs: In[] = [];
  private waiters: Array<{ resolve(out: Out): void; reject(err: unknown): void }> = [];
  private scheduled = false;

  /**
   * @param send runs one batch; it answers one output per input, in order, or fails
   *   the whole batch.
   * @param maxSize a batch this large is sent at once, without waiting for the round to end.
   */
  constructor(
    private readonly send: (inputs: In[]) => Promise<Out[]>,
    private readonly maxSize: number,
  ) {}

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.inputs.push(input);
      this.waiters.push({ resolve, reject });
      if (this.inputs.length >= this.maxSize) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushScheduled);
      }
    });
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };

  private flush(): void {
    if (this.inputs.length === 0) return;
    const inputs = this.inputs;
    const waiters = this.waiters;
    this.inputs = [];
    this.waiters = [];
    let sent: Promise<Out[]>;
    try {
      sent = this.send(inputs);
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (outputs) => {
        if (outputs.length !== waiters.length) {
          const err = new Error(`batch answered ${outputs.length} results for ${waiters.length} calls`);
          for (const waiter of waiters) waiter.reject(err);
          return;
        }
        for (let i = 0; i < waiters.length; i++) waiters[i]!.resolve(outputs[i]!);
      },
      (err: unknown) => {
        for (const waiter of waiters) waiter.reject(err);
      },
    );
  }
}
