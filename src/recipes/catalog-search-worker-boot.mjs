// Worker entry: register tsx's loader in this thread, then run the TypeScript worker body.
// (A worker's --import hooks are not yet in place when Node 20 loads its entry module.)
import { register } from 'tsx/esm/api';

register();
await import('./catalog-search-worker-main.ts');
