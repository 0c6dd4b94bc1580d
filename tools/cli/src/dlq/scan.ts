import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DlqMessage } from './message';
import { DlqReader } from './reader';

/**
 * How long the letters a removal selected stay hidden while the operator confirms: long
 * enough to read the list, short enough that a crashed run does not hide them for long.
 */
export const confirmHoldSeconds = 600;

/** What a letter's selection decided: take it, leave it, or cannot tell (and why). */
export type Verdict = boolean | { undecided: string };

/** Letters a scan selected, held hidden until they are removed or the scan is released. */
export interface Selected {
  reader: DlqReader;
  letters: DlqMessage[];
  /** Letters it could not decide on (e.g. a payload it could not read), with why. */
  undecided: Array<{ letter: DlqMessage; why: string }>;
  examined: number;
}

/**
 * Scans the DLQ until `limit` letters are selected (default: the whole queue), without
 * consuming any: each is held while the scan moves past it, and with `hold` the letters `select`
 * takes stay hidden that many seconds, so nobody else receives them and what a removal deletes
 * is exactly what it showed. Call `reader.releaseHeld()` in a `finally`: it makes every letter
 * not removed visible again (a scan that fails releases them itself).
 */
export async function scanLetters(
  sqs: SQSClient,
  dlqUrl: string,
  select: (letter: DlqMessage) => Verdict | Promise<Verdict>,
  options: {
    limit?: number;
    hold?: number;
    signal?: AbortSignal | undefined;
    onProgress?: (examined: number, selected: number) => void;
  },
): Promise<Selected> {
  const reader = new DlqReader(sqs, dlqUrl);
  const selected: Selected = { reader, letters: [], undecided: [], examined: 0 };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  try {
    while (selected.letters.length < limit && !options.signal?.aborted) {
      const batch = await reader.next(10);
      if (batch.length === 0) break;
      selected.examined += batch.length;
      const taken: DlqMessage[] = [];
      for (const letter of batch) {
        const verdict = await select(letter);
        if (verdict === true && selected.letters.length + taken.length < limit) taken.push(letter);
        else if (typeof verdict === 'object')
          selected.undecided.push({ letter, why: verdict.undecided });
      }
      if (options.hold)
        await reader.extend(
          taken.map((letter) => letter.messageId),
          options.hold,
        );
      selected.letters.push(...taken);
      options.onProgress?.(selected.examined, selected.letters.length);
    }
  } catch (error) {
    await reader.releaseHeld();
    throw error;
  }
  return selected;
}

/** Deletes the selected letters; returns the ids it could not delete (still in the DLQ). */
export async function removeLetters(selected: Selected): Promise<string[]> {
  return selected.reader.delete(selected.letters.map((letter) => letter.messageId));
}
