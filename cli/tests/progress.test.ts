import { Progress } from '../src/progress';
import { Buffer } from './helpers/run';

describe('progress', () => {
  it('redraws a bar in place on a TTY', () => {
    // Prepare
    const sink = new Buffer(true, 100);
    let now = 0;
    const progress = new Progress({
      sink,
      label: 'sending',
      unit: 'events',
      total: 200,
      now: () => now,
    });

    // Act
    now = 1000;
    progress.update(100);
    progress.finish();

    // Assess
    expect(sink.text).toContain('\r\x1b[2Ksending █');
    expect(sink.text).toContain(' 50% 100/200 events  100/s');
    expect(sink.text.endsWith('\n')).toBe(true);
  });

  it('prints plain periodic lines without control characters when not a TTY', () => {
    // Prepare
    const sink = new Buffer(false);
    let now = 0;
    const progress = new Progress({
      sink,
      label: 'sending',
      unit: 'events',
      total: 100,
      intervalMs: 2000,
      now: () => now,
    });

    // Act
    now = 500;
    progress.update(10);
    now = 2500;
    progress.update(50);
    now = 3000;
    progress.finish();

    // Assess
    expect(sink.text).toBe(
      'sending: 50/100 events (50%), 20/s\nsending: 50/100 events (50%), 17/s\n',
    );
  });

  it('counts without a total', () => {
    // Prepare
    const sink = new Buffer(false);
    const progress = new Progress({ sink, label: 'moved', unit: 'messages', now: () => 2000 });

    // Act
    progress.finish('of ~7');

    // Assess
    expect(sink.text).toBe('moved 0 messages  0/s  of ~7\n');
  });
});
