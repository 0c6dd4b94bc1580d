import { type BufferedEvent, batchBodyOverhead, type DeliveredBatch } from './batchDelivery';
import { BufferFullError, ClientClosedError, EventTooLargeError } from './errors';

/** Limits and hooks of the background sender. */
export interface BatcherConfig {
  maxBatchEvents: number;
  /** Most bytes of JSON in one batch body. */
  maxBatchBytes: number;
  flushIntervalMs: number;
  /** Most events held (buffered or being sent) before `enqueue` waits. */
  maxBufferedEvents: number;
  maxBufferedBytes: number;
  maxConcurrentBatches: number;
  /** Sends one batch; never rejects. */
  deliver: (events: BufferedEvent[]) => Promise<DeliveredBatch>;
  /** Told of each settled batch (after its retries); must not throw. */
  onSettled: (batch: DeliveredBatch) => void;
}

/**
 * What `flush()` and `close()` resolve with: how many events were delivered, and how many
 * were not, since the previous report (or since the client was created). Each undelivered
 * event itself, with its reason, goes to `onUndelivered`.
 */
export interface DeliveryReport {
  delivered: number;
  undelivered: number;
}

/** Options of one `enqueue`. */
export interface EnqueueOptions {
  /**
   * When the buffer is full: true (default) waits for room, false rejects at once with
   * {@link BufferFullError}.
   */
  wait?: boolean;
  /** Stops waiting for room (rejecting with the signal's reason); nothing is buffered then. */
  signal?: AbortSignal;
}

interface Queued extends BufferedEvent {
  /** Order of admission: flushes and `close()` wait for events up to a sequence number. */
  seq: number;
}

interface Waiter {
  event: BufferedEvent;
  admitted: () => void;
  cancel: () => void;
}

/** A `flush()` or `close()` waiting for every event up to `lastSeq` to settle. */
interface Watch {
  lastSeq: number;
  done: (report: DeliveryReport) => void;
}

/**
 * The buffer behind `enqueue`: admits events while fewer than `maxBufferedEvents` (and
 * `maxBufferedBytes`) are held — buffered or being sent — and makes later callers wait, in
 * order, for room: memory stays bounded however fast events come and however long the
 * service is away. A batch is cut as soon as `maxBatchEvents` or `maxBatchBytes` is reached,
 * and no event waits longer than `flushIntervalMs` for its batch to be cut; at most
 * `maxConcurrentBatches` are sent at once.
 */
export class Batcher {
  /** Events waiting for a batch; a slot is emptied when its event is taken, so a sent event is not kept. */
  private readonly queue: Array<Queued | undefined> = [];
  /** Index of the oldest queued event (the array is compacted now and then, not shifted). */
  private head = 0;
  private queuedBytes = 0;
  private nextSeq = 0;
  /** Events up to this sequence number are sent without waiting for a full batch. */
  private dueSeq = -1;
  private heldEvents = 0;
  private heldBytes = 0;
  private readonly waiters: Waiter[] = [];
  /** First sequence number of each batch being sent. */
  private readonly sending = new Set<number>();
  private watches: Watch[] = [];
  /** Counts since the last report. */
  private settled: DeliveryReport = { delivered: 0, undelivered: 0 };
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<DeliveryReport> | undefined;

  constructor(private readonly config: BatcherConfig) {}

  /** Events held: buffered, waiting for a batch, or being sent. */
  get size(): number {
    return this.heldEvents;
  }

  /** Buffers the event (see {@link EnqueueOptions} for a full buffer). */
  add(event: BufferedEvent, options: EnqueueOptions = {}): Promise<void> {
    if (this.closing) {
      return Promise.reject(
        new ClientClosedError({ code: 'CLIENT_CLOSED', message: 'the client is closed' }),
      );
    }
    const limit = Math.min(
      this.config.maxBatchBytes - batchBodyOverhead,
      this.config.maxBufferedBytes,
    );
    if (event.bytes > limit) {
      return Promise.reject(
        new EventTooLargeError({
          code: 'EVENT_TOO_LARGE',
          message: `event ${event.eventId} is ${event.bytes} bytes of JSON; a batch holds at most ${limit}`,
        }),
      );
    }
    if (this.waiters.length === 0 && this.hasRoom(event)) {
      this.admit(event);
      return Promise.resolve();
    }
    if (options.wait === false) {
      return Promise.reject(
        new BufferFullError({
          code: 'BUFFER_FULL',
          message: `the buffer is full (${this.heldEvents} events, ${this.heldBytes} bytes held)`,
        }),
      );
    }
    return this.waitForRoom(event, options.signal);
  }

  /**
   * Sends every buffered event now, whatever the size of its batch, and resolves once each
   * has been delivered or given up, with the counts since the previous report.
   */
  flush(): Promise<DeliveryReport> {
    return this.watch(this.nextSeq - 1);
  }

  /**
   * Refuses new events, then sends everything held and everything still waiting for room,
   * and resolves once all of it has been delivered or given up. Calling it again returns
   * the same promise.
   */
  close(): Promise<DeliveryReport> {
    this.closing ??= this.watch(Number.POSITIVE_INFINITY);
    return this.closing;
  }

  private hasRoom(event: BufferedEvent): boolean {
    if (this.heldEvents === 0) return true;
    return (
      this.heldEvents < this.config.maxBufferedEvents &&
      this.heldBytes + event.bytes <= this.config.maxBufferedBytes
    );
  }

  private admit(event: BufferedEvent): void {
    const queued = event as Queued;
    queued.seq = this.nextSeq;
    this.nextSeq += 1;
    this.queue.push(queued);
    this.queuedBytes += event.bytes;
    this.heldEvents += 1;
    this.heldBytes += event.bytes;
    this.pump();
  }

  private waitForRoom(event: BufferedEvent, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => waiter.cancel();
      const waiter: Waiter = {
        event,
        admitted: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal?.reason);
          this.admitWaiters();
          this.settleWatches();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private admitWaiters(): void {
    while (this.waiters.length > 0) {
      const next = this.waiters[0] as Waiter;
      if (!this.hasRoom(next.event)) return;
      this.waiters.shift();
      this.admit(next.event);
      next.admitted();
    }
  }

  private get queuedCount(): number {
    return this.queue.length - this.head;
  }

  /** Whether the queue holds a batch to send now: a full one, or events that are due. */
  private batchReady(): boolean {
    const oldest = this.queue[this.head];
    if (oldest === undefined) return false;
    const bodyBytes = this.queuedBytes + this.queuedCount - 1 + batchBodyOverhead;
    return (
      this.queuedCount >= this.config.maxBatchEvents ||
      bodyBytes > this.config.maxBatchBytes ||
      oldest.seq <= this.dueSeq
    );
  }

  /** Takes the oldest events that fit one batch off the queue. */
  private cutBatch(): Queued[] {
    const batch: Queued[] = [];
    let bytes = batchBodyOverhead;
    while (this.head < this.queue.length && batch.length < this.config.maxBatchEvents) {
      const next = this.queue[this.head] as Queued;
      const added = next.bytes + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && bytes + added > this.config.maxBatchBytes) break;
      batch.push(next);
      bytes += added;
      this.queue[this.head] = undefined;
      this.head += 1;
      this.queuedBytes -= next.bytes;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return batch;
  }

  /** Starts every batch that is ready while slots are free; arms the interval for the rest. */
  private pump(): void {
    while (this.sending.size < this.config.maxConcurrentBatches && this.batchReady()) {
      this.send(this.cutBatch());
    }
    const newest = this.queue[this.queue.length - 1];
    if (this.queuedCount === 0 || newest === undefined) {
      this.clearTimer();
    } else if (this.timer === undefined && newest.seq > this.dueSeq) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.dueSeq = Math.max(this.dueSeq, this.nextSeq - 1);
        this.pump();
      }, this.config.flushIntervalMs);
    }
  }

  private send(batch: Queued[]): void {
    const firstSeq = (batch[0] as Queued).seq;
    this.sending.add(firstSeq);
    void this.config.deliver(batch).then((delivered) => {
      this.sending.delete(firstSeq);
      this.heldEvents -= batch.length;
      for (const event of batch) this.heldBytes -= event.bytes;
      this.settled.delivered += delivered.delivered.length;
      this.settled.undelivered += delivered.undelivered.length;
      this.config.onSettled(delivered);
      this.admitWaiters();
      this.pump();
      this.settleWatches();
    });
  }

  private watch(lastSeq: number): Promise<DeliveryReport> {
    return new Promise((done) => {
      this.watches.push({ lastSeq, done });
      this.dueSeq = Math.max(this.dueSeq, lastSeq);
      this.pump();
      this.settleWatches();
    });
  }

  /**
   * Resolves, in the order they were made, the watches none of whose events is still queued,
   * being sent, or (for close) waiting for room; the first takes the counts since the last report.
   */
  private settleWatches(): void {
    const oldestQueued = this.queue[this.head]?.seq;
    const pending = (watch: Watch) =>
      (oldestQueued !== undefined && oldestQueued <= watch.lastSeq) ||
      [...this.sending].some((firstSeq) => firstSeq <= watch.lastSeq) ||
      (watch.lastSeq === Number.POSITIVE_INFINITY && this.waiters.length > 0);
    const done = this.watches.filter((watch) => !pending(watch));
    if (done.length === 0) return;
    this.watches = this.watches.filter(pending);
    for (const watch of done) {
      watch.done(this.settled);
      this.settled = { delivered: 0, undelivered: 0 };
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
