// Typed errors for all of reid, and the one message shape they share:
// "<function>: expected <what> for <parameter> but received <value> of type <type>. <hint>".
// Callers branch on the class (DataError vs ArgumentError ...), people read the message.

export interface ReidErrorOptions {
  /** The underlying error, kept for stack traces (standard `Error.cause`). */
  cause?: unknown;
  /** The file being read or written when the error happened, if any. */
  file?: string;
}

/** Base class of every error reid throws on purpose. */
export class ReidError extends Error {
  /** The file involved, when there is one; also named in the message. */
  readonly file?: string;

  constructor(message: string, options: ReidErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReidError';
    if (options.file !== undefined) this.file = options.file;
  }
}

/** A file or dataset is malformed, truncated or of the wrong kind. */
export class DataError extends ReidError {
  constructor(message: string, options?: ReidErrorOptions) {
    super(message, options);
    this.name = 'DataError';
  }
}

/** A caller passed a bad argument (wrong type, range, combination). */
export class ArgumentError extends ReidError {
  constructor(message: string, options?: ReidErrorOptions) {
    super(message, options);
    this.name = 'ArgumentError';
  }
}

/** Tensor shapes do not fit together. */
export class ShapeError extends ReidError {
  constructor(message: string, options?: ReidErrorOptions) {
    super(message, options);
    this.name = 'ShapeError';
  }
}

/** A tensor was used after `dispose()`. */
export class DisposedTensorError extends ReidError {
  constructor(message: string, options?: ReidErrorOptions) {
    super(message, options);
    this.name = 'DisposedTensorError';
  }
}

/** libtorch raised an error inside a native op. */
export class TorchError extends ReidError {
  constructor(message: string, options?: ReidErrorOptions) {
    super(message, options);
    this.name = 'TorchError';
  }
}

const MAX_VALUE_CHARS = 60;

function truncate(text: string): string {
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS - 3)}...`;
}

/** A short, readable rendering of any value for an error message (never throws). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return truncate(JSON.stringify(value));
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return String(value);
  if (ArrayBuffer.isView(value)) {
    const length = 'length' in value ? (value as { length: number }).length : value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  try {
    const json = JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'bigint' ? `${inner}n` : inner,
    );
    if (json !== undefined) return truncate(json);
  } catch {
    // Circular or otherwise unserialisable: fall through to the generic form.
  }
  return `[${typeOfValue(value)}]`;
}

/** `typeof`, refined so messages say "Array", "null", "Float32Array" instead of "object". */
export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}

/**
 * Builds the standard message:
 * `fn: expected <what> for <param> but received <value> of type <type>. <hint>`.
 */
export function expected(fn: string, param: string, what: string, received: unknown, hint?: string): string {
  const base = `${fn}: expected ${what} for ${param} but received ${describeValue(received)} of type ${typeOfValue(received)}.`;
  return hint === undefined || hint === '' ? base : `${base} ${hint}`;
}
