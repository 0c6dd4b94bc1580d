import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/** Certificates made for one test run with the openssl CLI (a throwaway CA). */
export interface TestCertificates {
  /** PEM file of the CA that signed `forHost`. */
  caFile: string;
  /** Key and certificate signed by the CA, naming `host` (subjectAltName DNS). */
  forHost(host: string): { key: Buffer; cert: Buffer };
  /** A self-signed key and certificate naming `host`, trusted by nobody. */
  selfSigned(host: string): { key: Buffer; cert: Buffer };
}

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxa-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=fluxa-test-ca',
  );
  let serial = 0;
  const san = (host: string) => {
    const file = path.join(dir, `san-${host}.cnf`);
    writeFileSync(file, `subjectAltName=DNS:${host}\n`);
    return file;
  };
  return {
    caFile: path.join(dir, 'ca.pem'),
    forHost(host) {
      serial += 1;
      openssl(
        'req',
        ...ecKey,
        '-keyout',
        `${serial}.key`,
        '-out',
        `${serial}.csr`,
        '-subj',
        `/CN=${host}`,
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${serial}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        String(serial),
        '-out',
        `${serial}.pem`,
        '-days',
        '2',
        '-extfile',
        san(host),
      );
      return {
        key: readFileSync(path.join(dir, `${serial}.key`)),
        cert: readFileSync(path.join(dir, `${serial}.pem`)),
      };
    },
    selfSigned(host) {
      serial += 1;
      openssl(
        'req',
        '-x509',
        ...ecKey,
        '-keyout',
        `${serial}.key`,
        '-out',
        `${serial}.pem`,
        '-days',
        '2',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
      );
      return {
        key: readFileSync(path.join(dir, `${serial}.key`)),
        cert: readFileSync(path.join(dir, `${serial}.pem`)),
      };
    },
  };
}

/** A PostgreSQL ErrorResponse: FATAL 28P01 (what a wrong password gets). */
function authenticationFailed(): Buffer {
  const fields = Buffer.from('SFATAL\0C28P01\0Mstand-in: no database here\0\0', 'latin1');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/**
 * A stand-in for a TLS PostgreSQL server: answers the SSLRequest with 'S',
 * completes a TLS handshake with the given certificate (counted), then refuses
 * the login with 28P01. A client that refuses the certificate never completes
 * a handshake, so it never sends its startup message (user name, database).
 */
export async function tlsPostgresStandIn(identity: { key: Buffer; cert: Buffer }): Promise<{
  port: number;
  handshakes(): number;
  close(): Promise<void>;
}> {
  const context = tls.createSecureContext(identity);
  let handshakes = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      socket.write('S');
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
      secure.on('error', () => {});
      secure.on('secure', () => {
        handshakes += 1;
      });
      secure.once('data', () => secure.end(authenticationFailed()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    handshakes: () => handshakes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
