import { Progress } from '../src/progress';
import { Buffer } from './helpers/run';

/** A progress indicator on `sink` whose clock the test sets. */
function progressOn(sink: Buffer, label: string, total?: number) {
  const clock = { now: 0 };
  const progress = new Progress({
    sink,
    label,
    unit: 'events',
    ...(total === undefined ? {} : { total }),
    intervalMs: 2000,
    now: () => clock.now,
  });
  return { progress, clock };
}

/** The text of each line drawn on a terminal, without the control characters. */
const drawnLines = (sink: Buffer) =>
  sink.text
    .replaceAll('\r\x1b[2K', '\n')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.trimEnd());

describe('progress', () => {
  it('redraws a bar in place on a TTY', () => {
    // Prepare
    const sink = new Buffer(true, 100);
    const { progress, clock } = progressOn(sink, 'sending', 200);

    // Act
    clock.now = 1000;
    progress.update(100);
    progress.finish();

    // Assess
    expect(sink.text).toContain('\r\x1b[2Ksending   █');
    expect(sink.text).toContain(' 50%   100/200 events    100/s');
    expect(sink.text.endsWith('\n')).toBe(true);
  });

  it('keeps every column in place whatever the label, counts and rate', () => {
    // Prepare
    const sink = new Buffer(true, 100);
    const sending = progressOn(sink, 'sending', 2000);
    const stored = progressOn(sink, 'stored', 2000);

    // Act
    sending.clock.now = 1000;
    sending.progress.update(5);
    sending.clock.now = 9000;
    sending.progress.update(2000);
    stored.clock.now = 1000;
    stored.progress.update(0);

    // Assess
    const columns = (line: string) =>
      [line.search(/[█░]/), line.indexOf('%'), line.indexOf(' events'), line.length].join();
    const lines = drawnLines(sink);
    expect(lines.map(columns)).toEqual(lines.map(() => columns(lines[0] ?? '')));
    expect(lines).toHaveLength(3);
  });

  it('prints plain periodic lines without control characters when not a TTY', () => {
    // Prepare
    const sink = new Buffer(false);
    const { progress, clock } = progressOn(sink, 'sending', 100);

    // Act
    clock.now = 500;
    progress.update(10);
    clock.now = 2500;
    progress.update(50);
    clock.now = 3000;
    progress.finish();

    // Assess
    expect(sink.text).toBe(
      'sending: 50/100 events (50%), 20/s\nsending: 50/100 events (50%), 17/s\n',
    );
  });

  it('counts without a total', () => {
    // Prepare
    const sink = new Buffer(false);
    const { progress, clock } = progressOn(sink, 'moved');
    clock.now = 2000;

    // Act
    progress.finish('of ~7');

    // Assess
    expect(sink.text).toBe('moved 0 events  0/s  of ~7\n');
  });

  it('shows the time left at the rate since the first update, for a job followed mid-way', () => {
    // Prepare
    const sink = new Buffer(false);
    const clock = { now: 0 };
    const progress = new Progress({
      sink,
      label: 'replaying',
      unit: 'events',
      total: 1000,
      eta: true,
      intervalMs: 2000,
      now: () => clock.now,
    });

    // Act: 400 were published before it was followed, then 100/s
    clock.now = 1000;
    progress.update(400);
    clock.now = 3000;
    progress.update(600);

    // Assess
    expect(sink.text).toBe('replaying: 600/1000 events (60%), 100/s  ETA 4.0 s\n');
  });
});
