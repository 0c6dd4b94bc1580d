import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A listening TCP socket: the address it is bound to, and its port. */
export interface ListeningSocket {
  address: string;
  port: number;
}

/**
 * The listening TCP sockets the given processes hold, as `ss -ltnp` would list them: the
 * socket inodes among each process's open files, looked up in /proc/net/tcp and tcp6. Linux only.
 */
export function listeningSockets(pids: number[]): ListeningSocket[] {
  const inodes = new Set(pids.flatMap(socketInodes));
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A' && inodes.has(fields[9] ?? ''))
      .map((fields) => {
        const [hexAddress = '', hexPort = ''] = (fields[1] ?? '').split(':');
        return { address: addressOf(hexAddress), port: Number.parseInt(hexPort, 16) };
      }),
  );
}

function socketInodes(pid: number): string[] {
  return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      return match?.[1] ? [match[1]] : [];
    } catch {
      return []; // closed meanwhile
    }
  });
}

/** An IPv4 address from /proc (32 bits in host, little-endian, order); IPv6 stays as hex. */
function addressOf(hex: string): string {
  if (hex.length !== 8) return `[${hex}]`;
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}
