// What `reid doctor` reports: versions, threads, BLAS, CPU features, CUDA devices, and fixes.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { blasWarning, loadedBlas, type BlasInfo } from './blas-check.ts';
import { loadNative, NativeLoadError } from './load-native.ts';

export interface EnvironmentReport {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  cpuFeatures: string[];
  libtorch: string | null;
  threads: number | null;
  parallelBackend: string | null;
  mkldnn: boolean | null;
  blas: BlasInfo;
  cudaDevices: number;
  problems: string[];
}

function cpuFeatures(): string[] {
  try {
    const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? [];
    return ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512_vnni', 'amx_tile'].filter((f) => flags.includes(f));
  } catch {
    return [];
  }
}

export function environmentReport(): EnvironmentReport {
  const report: EnvironmentReport = {
    node: process.version, platform: `${process.platform}-${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(), cpuFeatures: cpuFeatures(), libtorch: null, threads: null, parallelBackend: null,
    mkldnn: null, blas: { kind: 'unknown', path: null }, cudaDevices: 0, problems: [],
  };
  try {
    const native = loadNative();
    report.libtorch = native.torchVersion();
    report.threads = native.getNumThreads();
    report.parallelBackend = /ATen parallel backend: (.*)/.exec(native.parallelInfo())?.[1] ?? null;
    report.mkldnn = native.hasMkldnn();
    report.cudaDevices = native.cudaAvailable() ? native.cudaDeviceCount() : 0;
    report.blas = loadedBlas();
  } catch (error) {
    report.problems.push(error instanceof NativeLoadError ? error.message : `native addon: ${(error as Error).message}`);
    return report;
  }
  const blas = blasWarning(report.blas);
  if (blas) report.problems.push(blas);
  if (report.threads !== null && report.threads < report.cores) {
    report.problems.push(`libtorch uses ${report.threads} of ${report.cores} cores. Fix: unset REID_THREADS or set it to ${report.cores}.`);
  }
  if (Number(process.versions.node.split('.')[0]) < 20) report.problems.push(`Node ${process.version} is too old. Fix: install Node.js 20 or newer.`);
  return report;
}
