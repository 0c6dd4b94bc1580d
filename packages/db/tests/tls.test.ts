import type { DatabaseSettings } from '@fluxa/config';
import { connectDatabase } from '../src';
import { makeCertificates, tlsPostgresStandIn } from './helpers/tlsServer';

const certificates = makeCertificates();

/** Settings for a server on localhost:port, as a deployed function would use them. */
function settingsFor(
  port: number,
  tls: Pick<DatabaseSettings, 'ssl' | 'sslRootCert'>,
): DatabaseSettings {
  return {
    url: `postgres://fluxa:secret@localhost:${port}/fluxa`,
    port,
    prepare: true,
    poolMax: 1,
    ...tls,
  };
}

async function connectOnce(settings: DatabaseSettings): Promise<unknown> {
  const sql = await connectDatabase(settings, { applicationName: 'tls-test' });
  try {
    await sql`select 1`;
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe('TLS to the database', () => {
  it('verify-full talks to a server whose certificate chains to the trusted CA and names the host', async () => {
    // Prepare
    const server = await tlsPostgresStandIn(certificates.forHost('localhost'));

    // Act
    const error = await connectOnce(
      settingsFor(server.port, { ssl: 'verify-full', sslRootCert: certificates.caFile }),
    );

    // Assess: past the handshake, the stand-in refused the login (it holds no database).
    expect(server.handshakes()).toBe(1);
    expect(error).toMatchObject({ code: '28P01' });
    await server.close();
  });

  it('verify-full refuses a certificate no trusted CA signed, before sending anything', async () => {
    // Prepare
    const server = await tlsPostgresStandIn(certificates.selfSigned('localhost'));

    // Act
    const error = await connectOnce(settingsFor(server.port, { ssl: 'verify-full' }));

    // Assess
    expect(error).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(server.handshakes()).toBe(0);
    await server.close();
  });

  it('verify-full refuses a trusted certificate issued for another host', async () => {
    // Prepare
    const server = await tlsPostgresStandIn(certificates.forHost('db.elsewhere.test'));

    // Act
    const error = await connectOnce(
      settingsFor(server.port, { ssl: 'verify-full', sslRootCert: certificates.caFile }),
    );

    // Assess
    expect(error).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(server.handshakes()).toBe(0);
    await server.close();
  });

  it('require would have completed the handshake with an impostor (why deployed stacks use verify-full)', async () => {
    // Prepare
    const server = await tlsPostgresStandIn(certificates.selfSigned('localhost'));

    // Act
    const error = await connectOnce(settingsFor(server.port, { ssl: 'require' }));

    // Assess
    expect(server.handshakes()).toBe(1);
    expect(error).toMatchObject({ code: '28P01' });
    await server.close();
  });
});
