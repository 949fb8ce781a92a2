#!/usr/bin/env node
// `reid` on PATH (after `npm link`): registers tsx's loader, then runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
