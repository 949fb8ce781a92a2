// The terminal review, written once for `reid catalog review` (over ssh, or with piped input in
// tests and scripts): each waiting sighting with its top candidates, and one key per answer.
// Every answer is one store transaction, so quitting or a crash at any point loses nothing.
import { describeEvent, type Catalog, type QueueEntry } from '../catalog/index.ts';

/** Where the reviewer's answers come from: single keys, and whole lines for merge arguments. */
export interface ReviewInput {
  /** The next key (one character, or a line's first token); undefined at end of input. */
  key(): Promise<string | undefined>;
  /** The next whole line; undefined at end of input. */
  line(prompt: string): Promise<string | undefined>;
}

export interface ReviewOptions {
  who?: string;
  /** Candidates shown per sighting (default 5, at most 9). */
  top?: number;
  write: (text: string) => void;
  /**
   * Called after each change (decision, merge, undo), e.g. to recompute the waiting sightings'
   * candidates so an individual created a moment ago is offered for the next sighting of it.
   */
  afterChange?: () => void | Promise<void>;
}

export interface ReviewSummary {
  same: number;
  new: number;
  unsure: number;
  merged: number;
  undone: number;
  /** Sightings still waiting when the review ended. */
  left: number;
}

export const reviewKeys = 's same as #1 · 1-9 same as #k · n new individual · u not sure · e whole encounter · m merge · z undo · q quit';

/** Review input over a stream of lines (piped stdin): each line is one key, or a merge's arguments. */
export function lineReviewInput(lines: AsyncIterable<string>): ReviewInput {
  const it = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    for (;;) {
      const r = await it.next();
      if (r.done) return undefined;
      if (r.value.trim() !== '') return r.value.trim();
    }
  };
  return { key: next, line: next };
}

function describe(catalog: Catalog, entry: QueueEntry, top: number, position: string): string {
  const s = entry.sighting;
  const out = [
    '',
    `${position} sighting ${s.id} (${s.status}) · encounter ${s.encounter}${entry.encounterWaiting.length ? ` with ${entry.encounterWaiting.length} more waiting` : ''}`,
    `  file ${catalog.imageFile(s)}  (was ${s.originalName})`,
    `  date ${s.date ?? '-'} · location ${s.location ?? '-'} · photographer ${s.photographer ?? '-'}`,
  ];
  const verdict = entry.matching?.verdict;
  out.push(verdict === undefined ? '  no candidates computed yet'
    : verdict === 'uncalibrated' ? '  UNCALIBRATED: the model has no calibration, so nothing is decided and no probabilities are shown'
      : `  model says: ${verdict === 'known' ? 'known individual' : 'new individual'}`);
  const summaries = new Map(catalog.individuals().map((i) => [i.id, i]));
  entry.candidates.slice(0, top).forEach((c, k) => {
    const ind = summaries.get(c.individual);
    const p = c.probability === null ? '' : `p ${c.probability.toFixed(3)}  `;
    const d = c.scores.embeddingDistance === undefined ? '' : `distance ${c.scores.embeddingDistance.toFixed(4)}`;
    const thumb = ind?.thumbnailSighting == null ? '' : `  ${catalog.imageFile(ind.thumbnailSighting)}`;
    out.push(`  ${k + 1}. ${(ind?.name ?? String(c.individual)).padEnd(14)} ${p}${d}  (${ind?.sightingCount ?? 0} sightings)${thumb}`);
  });
  if (entry.candidates.length === 0) out.push('  (no candidates: the catalogue has no confirmed sightings to compare with)');
  return out.join('\n');
}

/** Runs the review until the queue is empty, the input ends, or the reviewer presses q. */
export async function catalogReview(catalog: Catalog, input: ReviewInput, options: ReviewOptions): Promise<ReviewSummary> {
  const top = Math.min(options.top ?? 5, 9);
  const who = options.who ?? 'reid';
  const write = options.write;
  const summary: ReviewSummary = { same: 0, new: 0, unsure: 0, merged: 0, undone: 0, left: 0 };
  const deferred = new Set<number>(); // answered "not sure" in this session: not asked again
  let wholeEncounter = false;
  for (;;) {
    const queue = catalog.queue().filter((e) => !deferred.has(e.sighting.id));
    const entry = queue[0];
    if (!entry) break;
    write(`${describe(catalog, entry, top, `[${queue.length} waiting]`)}\n  keys: ${reviewKeys}${wholeEncounter ? '\n  (next answer applies to the whole encounter)' : ''}\n> `);
    const key = await input.key();
    if (key === undefined || key === 'q') break;
    try {
      const sighting = entry.sighting.id;
      const choice = key === 's' ? 1 : /^[1-9]$/.test(key) ? Number(key) : 0;
      if (choice > 0) {
        const c = entry.candidates[choice - 1];
        if (!c || choice > top) {
          write(`no candidate #${choice}\n`);
          continue;
        }
        const r = catalog.decide({ sighting, decision: 'same', individual: c.individual, wholeEncounter, who });
        summary.same += r.decisions.length;
        write(`same as ${r.individual!.name} (${r.decisions.length} sighting${r.decisions.length === 1 ? '' : 's'})\n`);
      } else if (key === 'n') {
        const r = catalog.decide({ sighting, decision: 'new', wholeEncounter, who });
        summary.new += r.decisions.length;
        write(`new individual ${r.individual!.name} (rename with: reid catalog rename DIR ${r.individual!.id} NAME)\n`);
      } else if (key === 'u') {
        const r = catalog.decide({ sighting, decision: 'unsure', wholeEncounter, who });
        r.decisions.forEach((d) => deferred.add(d.sighting));
        summary.unsure += r.decisions.length;
        write('not sure: left in the queue\n');
      } else if (key === 'e') {
        wholeEncounter = !wholeEncounter;
        continue;
      } else if (key === 'm') {
        const answer = await input.line('merge: KEEP ABSORB (ids, names, or #k for candidate k)> ');
        if (answer === undefined) break;
        const refs = answer.trim().split(/\s+/).map((ref) => (/^#[1-9]$/.test(ref) ? entry.candidates[Number(ref.slice(1)) - 1]?.individual ?? ref : ref));
        if (refs.length !== 2) {
          write(`merge: expected two individuals but received "${answer}"\n`);
          continue;
        }
        const r = catalog.merge(refs[0]!, refs[1]!, who);
        summary.merged++;
        write(`merged ${r.from.name} into ${r.into.name} (${r.moved} sightings moved)\n`);
      } else if (key === 'z') {
        // The review takes back the reviewer's changes only, so a key pressed once too often never removes an import.
        const r = catalog.undo(who, { batches: false });
        if (r) summary.undone++;
        const undone = r ? catalog.events({ limit: 20 }).find((e) => e.id === r.undone) : undefined;
        for (const id of (undone?.payload.sightings as number[] | undefined) ?? []) deferred.delete(id);
        write(r ? `undid ${r.description}\n` : `${nothingOfTheReviewToUndo(catalog)}\n`);
      } else {
        write(`unknown key "${key}"; keys: ${reviewKeys}\n`);
        continue;
      }
      wholeEncounter = false;
      await options.afterChange?.();
    } catch (error) {
      write(`refused: ${(error as Error).message}\n`);
    }
  }
  summary.left = catalog.queue().length;
  return summary;
}

/** Why a reviewer's undo took nothing back: nothing is left, or the newest change is an import or add (`reid catalog undo` takes those). */
export function nothingOfTheReviewToUndo(catalog: Catalog): string {
  const batch = catalog.events({ limit: 100 }).find((e) => e.undoable);
  return batch ? `nothing of the review to undo: the newest change is the ${describeEvent(batch)} (reid catalog undo DIR takes it back)` : 'nothing to undo';
}
