import type { Command } from '../context';
import { dlqListCommand } from './dlqList';
import { dlqRedriveCommand } from './dlqRedrive';
import { getCommand } from './get';
import { listCommand } from './list';
import { loadCommand } from './load';
import { seedCommand } from './seed';
import { sendCommand } from './send';
import { statusCommand } from './status';
import { targetCommand } from './target';
import { verifyCommand } from './verify';

/** Every command, by the words that name it (`dlq redrive` is two). */
export const commands: Command[] = [
  sendCommand,
  seedCommand,
  getCommand,
  statusCommand,
  listCommand,
  loadCommand,
  verifyCommand,
  dlqListCommand,
  dlqRedriveCommand,
  targetCommand,
];
