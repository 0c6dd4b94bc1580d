// The emulator globalSetup starts has no authentication: it must listen on loopback only
// (127.0.0.1), never on every interface, which is fauxqs's own default.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { requireTestEnv } from '@fluxa/testing';

const port = Number(new URL(requireTestEnv('AWS_ENDPOINT_URL')).port);

/** 'connected' or the connect error code (ECONNREFUSED when nothing listens there). */
function tryConnect(host: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** The machine's addresses other than 127.0.0.1 (link-local IPv6 left out: it needs a scope). */
function otherAddresses(): string[] {
  const own = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined)
    .map((address) => address.address)
    .filter((address) => address !== '127.0.0.1' && !address.startsWith('fe80:'));
  // On Linux every 127.0.0.0/8 address is this machine, so 127.0.0.2 reaches a 0.0.0.0 listener.
  return process.platform === 'linux' ? [...own, '127.0.0.2'] : own;
}

/** Local addresses of the TCP sockets listening on `port`, from /proc/net/tcp and tcp6 (Linux). */
function listeningAddresses(): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter(([, local, , state]) => state === '0A' && local?.endsWith(`:${hexPort}`))
      .map(([, local]) => {
        const hex = local?.split(':')[0] ?? '';
        if (hex.length !== 8) return `[${hex}]`; // IPv6: any listener there is wrong here
        // IPv4 in /proc is the 32-bit address in host (little-endian) byte order.
        return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
      }),
  );
}

describe('the test emulator', () => {
  it('accepts connections on 127.0.0.1 and refuses them on every other address of this machine', async () => {
    // Prepare
    const others = otherAddresses();

    // Act
    const onLoopback = await tryConnect('127.0.0.1');
    const elsewhere = await Promise.all(others.map(async (host) => [host, await tryConnect(host)]));

    // Assess
    expect(others.length).toBeGreaterThan(0);
    expect(onLoopback).toBe('connected');
    expect(Object.fromEntries(elsewhere)).toEqual(
      Object.fromEntries(others.map((host) => [host, 'ECONNREFUSED'])),
    );
  });

  if (process.platform === 'linux') {
    it('has exactly one listening socket on its port, bound to 127.0.0.1 (as ss -ltn shows it)', () => {
      // Act
      const addresses = listeningAddresses();

      // Assess
      expect(addresses).toEqual(['127.0.0.1']);
    });
  }
});
