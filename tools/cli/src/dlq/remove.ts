import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DlqMessage } from './message';
import { DlqReader } from './reader';

/**
 * How long the letters a removal selected stay hidden while the operator confirms: long
 * enough to read the list, short enough that a crashed run does not hide them for long.
 */
export const confirmHoldSeconds = 600;

/** What a letter's selection decided: take it, leave it, or cannot tell (and why). */
export type Verdict = true | false | { undecided: string };

/** Letters a scan selected, held hidden until they are removed or the scan is released. */
export interface Selected {
  reader: DlqReader;
  letters: DlqMessage[];
  /** Letters it could not decide on (e.g. a payload it could not read), with why. */
  undecided: Array<{ letter: DlqMessage; why: string }>;
  examined: number;
}

/**
 * Scans the whole DLQ and holds the letters `select` takes for {@link confirmHoldSeconds}:
 * nobody else receives them meanwhile, so what is removed is exactly what was shown. Call
 * `reader.releaseHeld()` in a `finally`: it makes every letter not removed visible again.
 */
export async function selectLetters(
  sqs: SQSClient,
  dlqUrl: string,
  select: (letter: DlqMessage) => Verdict | Promise<Verdict>,
  options: { signal?: AbortSignal; onProgress?: (examined: number, selected: number) => void },
): Promise<Selected> {
  const reader = new DlqReader(sqs, dlqUrl);
  const selected: Selected = { reader, letters: [], undecided: [], examined: 0 };
  for (;;) {
    if (options.signal?.aborted) break;
    const batch = await reader.next(10);
    if (batch.length === 0) break;
    selected.examined += batch.length;
    const taken: DlqMessage[] = [];
    for (const letter of batch) {
      const verdict = await select(letter);
      if (verdict === true) taken.push(letter);
      else if (verdict !== false) selected.undecided.push({ letter, why: verdict.undecided });
    }
    await reader.extend(
      taken.map((letter) => letter.messageId),
      confirmHoldSeconds,
    );
    selected.letters.push(...taken);
    options.onProgress?.(selected.examined, selected.letters.length);
  }
  return selected;
}

/** Deletes the selected letters; returns the ids it could not delete (still in the DLQ). */
export async function removeLetters(selected: Selected): Promise<string[]> {
  return selected.reader.delete(selected.letters.map((letter) => letter.messageId));
}
