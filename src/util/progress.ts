// A progress line for long work (training epochs, embedding a gallery, downloads): items done,
// percentage, smoothed rate, ETA and live fields such as the loss. On a terminal it redraws one
// line in place, throttled; in logs and CI (not a TTY) it prints a plain line now and then.
import { ArgumentError, expected } from './errors.ts';

/** The part of a writable stream Progress needs (process.stderr, or a fake in tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Items expected in all; omit when unknown (then no percentage or ETA). */
  total?: number;
  /** Shown first on the line, e.g. 'epoch 3/10'. Default ''. */
  label?: string;
  /** Default process.stderr, so progress never mixes with data written to stdout. */
  stream?: ProgressStream;
  /** Print nothing at all (default false). */
  quiet?: boolean;
  /** Unit after the rate, default 'it' (prints 'it/s'). */
  unit?: string;
  /** TTY: least time between redraws, default 100 ms (~10 redraws a second). */
  redrawIntervalMs?: number;
  /** Not a TTY: print a line each time this many more percent are done, default 10. */
  logEveryPercent?: number;
  /** Not a TTY: also print a line when this long has passed since the last, default 5000 ms. */
  logEveryMs?: number;
  /** Clock in milliseconds, default performance.now(); tests pass a fake. */
  now?: () => number;
}

const SMOOTHING = 0.3; // Weight of the newest rate sample (as tqdm): steady, yet follows slowdowns.

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(3) : value.toPrecision(4);
}

/** `new Progress({ total })`, then `tick()` per item (or `tick(n)`), then `done()`. */
export class Progress {
  private readonly total: number | undefined;
  private readonly label: string;
  private readonly stream: ProgressStream;
  private readonly quiet: boolean;
  private readonly unit: string;
  private readonly redrawIntervalMs: number;
  private readonly logEveryPercent: number;
  private readonly logEveryMs: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private fields: Record<string, string | number> = {};
  private count = 0;
  private rate: number | undefined;
  private sampleAt: number;
  private sampleCount = 0;
  private lastDrawAt = -Infinity;
  private lastLoggedPercent = 0;
  private finished = false;

  constructor(options: ProgressOptions = {}) {
    const { total } = options;
    if (total !== undefined && !(Number.isFinite(total) && total >= 0)) {
      throw new ArgumentError(expected('Progress', 'options.total', 'a non-negative finite number or undefined', total));
    }
    this.total = total;
    this.label = options.label ?? '';
    this.stream = options.stream ?? process.stderr;
    this.quiet = options.quiet ?? false;
    this.unit = options.unit ?? 'it';
    this.redrawIntervalMs = options.redrawIntervalMs ?? 100;
    this.logEveryPercent = options.logEveryPercent ?? 10;
    this.logEveryMs = options.logEveryMs ?? 5000;
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
    this.sampleAt = this.startedAt;
  }

  /** Items done so far. */
  get completed(): number {
    return this.count;
  }

  /** Records `n` more items done (default 1) and the latest fields; redraws when it is time. */
  tick(n = 1, fields?: Record<string, string | number>): void {
    if (!(Number.isFinite(n) && n >= 0)) throw new ArgumentError(expected('Progress.tick', 'n', 'a non-negative finite number', n));
    if (this.finished) return; // Late ticks (e.g. from a callback after done) must not reprint.
    this.count += n;
    if (fields !== undefined) this.fields = { ...this.fields, ...fields };
    const now = this.now();
    this.updateRate(now);
    if (this.quiet) return;
    if (this.stream.isTTY) {
      if (now - this.lastDrawAt >= this.redrawIntervalMs) this.draw(now, this.line());
      return;
    }
    const percent = this.total ? (100 * this.count) / this.total : 0;
    const stepReached = this.total !== undefined && percent >= this.lastLoggedPercent + this.logEveryPercent && percent < 100;
    if (stepReached || now - this.lastDrawAt >= this.logEveryMs) {
      if (stepReached) this.lastLoggedPercent = Math.floor(percent / this.logEveryPercent) * this.logEveryPercent;
      this.draw(now, this.line());
    }
  }

  /** Prints the final line once (with elapsed time and mean rate); later calls do nothing. */
  done(fields?: Record<string, string | number>): void {
    if (this.finished) return;
    this.finished = true;
    if (fields !== undefined) this.fields = { ...this.fields, ...fields };
    if (this.quiet) return;
    const now = this.now();
    const elapsed = (now - this.startedAt) / 1000;
    const mean = elapsed > 0 ? this.count / elapsed : undefined;
    const counts = this.total === undefined ? `${this.count}` : `${this.count}/${this.total}`;
    const parts = [this.label, counts, `in ${formatDuration(elapsed)}`, this.rateText(mean), this.fieldsText()];
    this.draw(now, parts.filter((part) => part !== '').join(' '), true);
  }

  private updateRate(now: number): void {
    const seconds = (now - this.sampleAt) / 1000;
    if (seconds < 0.05) return; // Too short a window: the sample would be noise.
    const sample = (this.count - this.sampleCount) / seconds;
    this.rate = this.rate === undefined ? sample : SMOOTHING * sample + (1 - SMOOTHING) * this.rate;
    this.sampleAt = now;
    this.sampleCount = this.count;
  }

  private rateText(rate: number | undefined): string {
    if (rate === undefined) return `? ${this.unit}/s`;
    // Three significant figures or so: enough to compare runs, steady enough to read while it moves.
    const digits = rate >= 100 ? 0 : rate >= 10 ? 1 : 2;
    return `${rate.toFixed(digits)} ${this.unit}/s`;
  }

  private fieldsText(): string {
    return Object.entries(this.fields)
      .map(([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : value}`)
      .join(' ');
  }

  private line(): string {
    const parts = [this.label];
    if (this.total === undefined) parts.push(`${this.count}`);
    else {
      const percent = this.total === 0 ? 100 : (100 * this.count) / this.total;
      parts.push(`${this.count}/${this.total}`, `${percent.toFixed(1)}%`);
    }
    parts.push(this.rateText(this.rate));
    if (this.total !== undefined) {
      const eta = this.rate ? (this.total - this.count) / this.rate : Number.NaN;
      parts.push(`ETA ${formatDuration(Math.max(0, eta))}`);
    }
    parts.push(this.fieldsText());
    return parts.filter((part) => part !== '').join(' ');
  }

  private draw(now: number, text: string, final = false): void {
    this.lastDrawAt = now;
    if (this.stream.isTTY) {
      const width = this.stream.columns ?? 0;
      // A redrawn line must not wrap (\r only returns within the last row); the final one may.
      const fitted = !final && width > 1 && text.length >= width ? text.slice(0, width - 1) : text;
      // \r returns to column 0; \x1b[K clears what a longer previous line left behind.
      this.stream.write(`\r${fitted}\x1b[K${final ? '\n' : ''}`);
    } else {
      this.stream.write(`${text}\n`);
    }
  }
}
