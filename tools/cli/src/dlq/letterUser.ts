import type { S3Client } from '@aws-sdk/client-s3';
import { getPayload, PayloadMissingError } from '@fluxa/storage';
import { messageOf } from '../errors';
import type { DlqMessage } from './message';

/**
 * The user a letter's event belongs to: from its payload inside the message, or read from its
 * payload object in S3. `undecided` (with why) when neither can be read: a letter that is not
 * an envelope, an object that is gone or cannot be read.
 */
export async function userOfLetter(
  s3: () => S3Client,
  letter: DlqMessage,
): Promise<{ userId: string } | { undecided: string }> {
  if (letter.userId !== undefined) return { userId: letter.userId };
  const location = letter.payloadObject;
  if (!location) return { undecided: 'not an envelope ingest writes: its user is unknown' };
  try {
    const payload: unknown = JSON.parse((await getPayload(s3(), location)).toString('utf8'));
    const userId = (payload as { user_id?: unknown } | null)?.user_id;
    return typeof userId === 'string' ? { userId } : { undecided: 'its payload names no user' };
  } catch (error) {
    const where = `s3://${location.bucket}/${location.key}`;
    if (error instanceof PayloadMissingError) return { undecided: `its payload ${where} is gone` };
    return { undecided: `its payload ${where} could not be read: ${messageOf(error)}` };
  }
}
