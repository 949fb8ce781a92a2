import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../../src/util/errors.ts';
import { Progress, type ProgressStream } from '../../src/util/progress.ts';

class FakeStream implements ProgressStream {
  readonly chunks: string[] = [];
  constructor(readonly isTTY: boolean, readonly columns?: number) {}
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

test('not a TTY: plain lines every 10% with counts, rate, ETA and fields; one done line', () => {
  const stream = new FakeStream(false);
  const clock = fakeClock();
  const progress = new Progress({ total: 100, label: 'embed', stream, now: clock.now, logEveryMs: 60_000 });
  for (let i = 0; i < 100; i += 1) {
    clock.advance(100); // 10 items per second
    progress.tick(1, { loss: 1 / (i + 1) });
  }
  progress.done();
  progress.done();
  progress.tick(5);
  const lines = stream.text.split('\n').filter((line) => line !== '');
  assert.ok(stream.chunks.every((chunk) => chunk.endsWith('\n') && !chunk.includes('\r')), 'no carriage returns off a TTY');
  // First tick, then 10%, 20%, ... 90%, then the done line.
  assert.equal(lines.length, 11, lines.join('\n'));
  assert.equal(lines[0], 'embed 1/100 1.0% 10.0 it/s ETA 0:10 loss=1');
  assert.equal(lines[1], 'embed 10/100 10.0% 10.0 it/s ETA 0:09 loss=0.1000');
  assert.equal(lines[9], 'embed 90/100 90.0% 10.0 it/s ETA 0:01 loss=0.01111');
  assert.equal(lines[10], 'embed 100/100 in 0:10 10.0 it/s loss=0.01000');
  assert.equal(lines.filter((line) => line.includes(' in ')).length, 1, 'done prints once');
});

test('not a TTY: also logs when time passes, even between percent steps', () => {
  const stream = new FakeStream(false);
  const clock = fakeClock();
  const progress = new Progress({ total: 1000, stream, now: clock.now, logEveryMs: 5000 });
  progress.tick(); // first line
  for (let i = 0; i < 10; i += 1) {
    clock.advance(1000);
    progress.tick();
  }
  assert.equal(stream.chunks.length, 3, stream.text); // at t=0, t=5s, t=10s
  // Rate samples: 2 it/s over the first second (2 ticks), then 1 it/s nine times:
  // 1 + 0.7^9 = 1.04 it/s; ETA 989 / 1.040 s = 15:51.
  assert.match(stream.chunks[2]!, /^11\/1000 1\.1% 1\.04 it\/s ETA 15:51\n$/);
});

test('rate is smoothed: a slowdown moves it part of the way at once', () => {
  const stream = new FakeStream(false);
  const clock = fakeClock();
  const progress = new Progress({ total: 1000, stream, now: clock.now, logEveryMs: 0 });
  for (let i = 0; i < 5; i += 1) {
    clock.advance(100);
    progress.tick(10); // 100 it/s
  }
  clock.advance(1000);
  progress.tick(10); // one sample at 10 it/s
  assert.match(stream.chunks.at(-1)!, / 73\.0 it\/s /); // 0.3 * 10 + 0.7 * 100
});

test('TTY: redraws in place with \\r at most every 100 ms, fits the width, ends with a newline', () => {
  const stream = new FakeStream(true, 40);
  const clock = fakeClock();
  const progress = new Progress({ total: 10, label: 'train', stream, now: clock.now });
  for (let i = 0; i < 10; i += 1) {
    clock.advance(30);
    progress.tick(1, { loss: 0.5, lr: '1e-3' });
  }
  progress.done();
  // 10 ticks over 300 ms: drawn at 30, 150 (>=100 ms later), 270 → 3 redraws, plus the done line.
  assert.equal(stream.chunks.length, 4, JSON.stringify(stream.chunks));
  assert.ok(stream.chunks.every((chunk) => chunk.startsWith('\r') && chunk.includes('\x1b[K')));
  assert.ok(stream.chunks.slice(0, 3).every((chunk) => !chunk.includes('\n')));
  for (const chunk of stream.chunks.slice(0, 3)) {
    const visible = chunk.replace('\r', '').replace('\x1b[K', '').replace('\n', '');
    assert.ok(visible.length < 40, visible);
  }
  assert.ok(stream.chunks[3]!.startsWith('\rtrain 10/10 in 0:00 33.3 it/s loss=0.5000 lr=1e-3'), stream.chunks[3]);
  assert.ok(stream.chunks[3]!.endsWith('\n'));
});

test('quiet prints nothing; unknown total shows counts without percent or ETA', () => {
  const quietStream = new FakeStream(false);
  const quiet = new Progress({ total: 3, stream: quietStream, quiet: true });
  quiet.tick(3);
  quiet.done();
  assert.equal(quietStream.text, '');
  assert.equal(quiet.completed, 3);

  const stream = new FakeStream(false);
  const clock = fakeClock();
  const open = new Progress({ stream, now: clock.now, unit: 'img' });
  clock.advance(500);
  open.tick(50);
  assert.equal(stream.text, '50 100 img/s\n');
});

test('bad arguments throw ArgumentError in the standard shape', () => {
  assert.throws(() => new Progress({ total: -1 }), (error: unknown) => {
    assert.ok(error instanceof ArgumentError);
    assert.equal(error.message, 'Progress: expected a non-negative finite number or undefined for options.total but received -1 of type number.');
    return true;
  });
  assert.throws(() => new Progress({ quiet: true }).tick(Number.NaN), /Progress\.tick: expected a non-negative finite number for n but received NaN/);
});
