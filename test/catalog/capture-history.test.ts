// The exports: the sightings CSV parses back field for field (quotes, commas, line breaks; also
// with Python's csv module, as pandas and R's read.csv read it), and the capture history is the
// individual × occasion 0/1 matrix, occasions by day, month, year or a survey field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { captureHistory, captureHistoryCsv, occasionOf, sightingsCsv, type ExportRow } from '../../src/catalog/index.ts';
import { parseCsv } from '../../src/util/csv.ts';

const row = (individualId: number, individual: string, date: string | null, extra: Partial<ExportRow> = {}): ExportRow => ({
  individualId, individual, sighting: individualId * 10 + (date ? Number(date.slice(8, 10)) : 0), encounter: 1, date, location: null, photographer: null,
  file: 'images/ab/x.png', originalName: 'x.png', imageHash: 'ab'.repeat(32), crop: null, fields: {}, ...extra,
});

const rows: ExportRow[] = [
  row(1, 'Ada', '2024-05-01', { location: 'Bay, "north" side', fields: { survey: 'S1' } }),
  row(1, 'Ada', '2024-05-03', { fields: { survey: 'S2' } }),
  row(2, 'Bo', '2024-05-03', { location: 'line one\nline two', crop: { x: 1, y: 2, w: 30, h: 40 }, fields: { survey: 'S2', depth: 12.5 } }),
  row(3, 'Cy', '2024-06-10', { fields: { survey: 'S10' } }),
  row(4, 'Di', null),
];

test('capture history by day: 0/1 per individual and occasion, undated sightings counted apart', () => {
  const h = captureHistory(rows, { kind: 'day' });
  assert.deepEqual(h.individuals, ['Ada', 'Bo', 'Cy']);
  assert.deepEqual(h.occasions, ['2024-05-01', '2024-05-03', '2024-06-10']);
  assert.deepEqual([...h.matrix], [1, 1, 0, 0, 1, 0, 0, 0, 1]);
  assert.equal(h.unplaced, 1);
  assert.equal(captureHistoryCsv(h), 'individual,2024-05-01,2024-05-03,2024-06-10\r\nAda,1,1,0\r\nBo,0,1,0\r\nCy,0,0,1\r\n');
});

test('occasions by month, year and a survey field (sorted naturally: S2 before S10)', () => {
  assert.deepEqual(captureHistory(rows, { kind: 'month' }).occasions, ['2024-05', '2024-06']);
  assert.deepEqual([...captureHistory(rows, { kind: 'month' }).matrix], [1, 0, 1, 0, 0, 1]);
  assert.deepEqual(captureHistory(rows, { kind: 'year' }).occasions, ['2024']);
  const survey = captureHistory(rows, { kind: 'field', field: 'survey' });
  assert.deepEqual(survey.occasions, ['S1', 'S2', 'S10']);
  assert.deepEqual([...survey.matrix], [1, 1, 0, 0, 1, 0, 0, 0, 1]);
  assert.equal(occasionOf(rows[4]!, { kind: 'field', field: 'survey' }), null);
});

test('the sightings CSV parses back field for field, with free fields as columns', () => {
  const parsed = parseCsv(sightingsCsv(rows));
  const header = parsed[0]!;
  assert.deepEqual(header.slice(0, 4), ['individual_id', 'individual', 'sighting', 'encounter']);
  assert.deepEqual(header.slice(-2), ['depth', 'survey']);
  assert.equal(parsed.length, rows.length + 1);
  const at = (r: number, name: string) => parsed[r]![header.indexOf(name)];
  assert.equal(at(1, 'location'), 'Bay, "north" side');
  assert.equal(at(3, 'location'), 'line one\nline two');
  assert.equal(at(3, 'crop_w'), '30');
  assert.equal(at(3, 'depth'), '12.5');
  assert.equal(at(5, 'date'), '');
});

test("Python's csv module (what pandas and R's read.csv follow) reads the same table", (t) => {
  const python = spawnSync('python3', ['-c', 'import csv,sys,json; print(json.dumps(list(csv.DictReader(sys.stdin))))'], { input: sightingsCsv(rows), encoding: 'utf8' });
  if (python.error) return t.skip('python3 is not installed');
  const records = JSON.parse(python.stdout) as Record<string, string>[];
  assert.equal(records.length, rows.length);
  assert.equal(records[0]!.location, 'Bay, "north" side');
  assert.equal(records[2]!.location, 'line one\nline two');
  assert.deepEqual(records.map((r) => r.individual), ['Ada', 'Ada', 'Bo', 'Cy', 'Di']);
});
