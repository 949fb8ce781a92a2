// `reid doctor`: the tutorial's versions.py, plus what to fix.
import type { Command } from 'commander';
import { environmentReport, type EnvironmentReport } from '../../index.ts';

export function printEnvironment(report: EnvironmentReport, out: (line: string) => void = console.log): void {
  const rows: [string, string][] = [
    ['node', report.node],
    ['platform', report.platform],
    ['cpu', `${report.cpu} (${report.cores} cores; ${report.cpuFeatures.join(' ') || 'no SIMD flags found'})`],
    ['libtorch', report.libtorch ?? 'NOT LOADED'],
    ['threads', `${report.threads ?? '?'} (${report.parallelBackend ?? '?'} backend; oneDNN ${report.mkldnn ? 'on' : 'off'})`],
    ['blas', `${report.blas.kind}${report.blas.path ? ` (${report.blas.path})` : ''}`],
    ['cuda devices', String(report.cudaDevices)],
  ];
  for (const [k, v] of rows) out(`${k.padEnd(13)} ${v}`);
  if (report.problems.length === 0) out('status        ok');
  else for (const p of report.problems) out(`PROBLEM       ${p}`);
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('report versions, threads, BLAS, CPU features and GPUs, and what to fix')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const report = environmentReport();
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else printEnvironment(report);
      if (report.problems.some((p) => p.includes('NOT') || report.libtorch === null)) process.exitCode = 1;
    });
}
