// Index validation shared by every dataset, so an out-of-range read fails with the same clear message.
import { ArgumentError } from '../util/errors.ts';

export function checkIndex(functionName: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new ArgumentError(
      `${functionName}: expected an integer in [0, ${length}) for index but received ${String(index)}.`,
    );
  }
}
