// The native binding as seen by the tensor layer, loaded lazily on first use so that
// importing reid costs nothing until a tensor is made.
import { loadNative } from '../binding/load-native.ts';
import type { NativeBinding } from '../binding/native-types.ts';

let binding: NativeBinding | undefined;

export function native(): NativeBinding {
  return (binding ??= loadNative());
}
