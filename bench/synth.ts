// How fast synthetic sightings are drawn on one core (the generator is synchronous JS on the main
// thread): per pattern and size, CPU time per image and images per CPU-second, with the individual
// drawn once for its K sightings, and wall-clock images/s with the load average beside it (on a
// shared machine the wall figure drops; the CPU figure is what one free core gives).
// Usage: npm run bench -- synth [--sizes 64,128,256] [--individuals N] [--sightings K]
import { loadavg } from 'node:os';
import { synthPatterns, synthSightings } from '../src/data/index.ts';

function option(args: readonly string[], flag: string, fallback: string): string {
  const at = args.indexOf(flag);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

export async function main(args: readonly string[]): Promise<void> {
  const sizes = option(args, '--sizes', '64,128,256').split(',').map(Number);
  const individuals = Number(option(args, '--individuals', '25'));
  const k = Number(option(args, '--sightings', '8'));
  for (const size of sizes) {
    for (const pattern of synthPatterns) {
      synthSightings(pattern, 0, 1_000_000, [0, 1], { size }); // species layer and JIT warm-up
      const cpu0 = process.cpuUsage();
      const wall0 = performance.now();
      for (let id = 0; id < individuals; id++) synthSightings(pattern, 0, id, Array.from({ length: k }, (_, j) => j), { size });
      const cpu = process.cpuUsage(cpu0);
      const images = individuals * k;
      const cpuMs = (cpu.user + cpu.system) / 1000 / images;
      console.log(JSON.stringify({
        bench: 'synth', pattern, size, sightingsPerIndividual: k, images,
        cpuMsPerImage: +cpuMs.toFixed(2), imagesPerCpuSecond: Math.round(1000 / cpuMs),
        wallImagesPerSecond: Math.round((images * 1000) / (performance.now() - wall0)), loadAverage: +loadavg()[0]!.toFixed(1),
      }));
    }
  }
}
