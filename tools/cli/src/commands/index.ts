import type { Command } from '../context';
import { dlqListCommand } from './dlqList';
import { dlqRedriveCommand } from './dlqRedrive';
import { dlqPurgeCommand, dlqRemoveCommand } from './dlqRemove';
import { eraseCommands } from './erase';
import { exportCommand } from './export';
import { getCommand } from './get';
import { listCommand } from './list';
import { loadCommand } from './load';
import { replayCommands } from './replay';
import { seedCommand } from './seed';
import { sendCommand } from './send';
import { statusCommand } from './status';
import { tailCommand } from './tail';
import { targetCommand } from './target';
import { verifyCommand } from './verify';

/** Every command, by the words that name it (`dlq redrive` is two). */
export const commands: Command[] = [
  sendCommand,
  seedCommand,
  getCommand,
  statusCommand,
  listCommand,
  exportCommand,
  tailCommand,
  loadCommand,
  verifyCommand,
  ...replayCommands,
  ...eraseCommands,
  dlqListCommand,
  dlqRedriveCommand,
  dlqRemoveCommand,
  dlqPurgeCommand,
  targetCommand,
];
