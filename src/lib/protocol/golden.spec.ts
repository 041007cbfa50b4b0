/**
 * Golden transcripts: one folder per preset under fixtures/, each holding the reviewed transcript.
 * `UPDATE_GOLDEN=1 npx vitest run --project node src/lib/protocol/golden.spec.ts` rewrites them;
 * review the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatTranscript } from './format-transcript';
import { PRESETS, findPreset } from './presets';
import { runScenario } from './run-scenario';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

function render(id: string): string {
	const p = findPreset(id);
	if (!p) throw new Error(`No preset named ${id}`);
	return formatTranscript(runScenario(p.scenario), `${p.title} (${p.query || 'defaults'})`);
}

if (update) {
	for (const p of PRESETS) {
		mkdirSync(join(FIXTURES, p.id), { recursive: true });
		writeFileSync(join(FIXTURES, p.id, 'transcript.txt'), render(p.id));
	}
}

const folders = existsSync(FIXTURES)
	? readdirSync(FIXTURES, { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.map((d) => d.name)
	: [];

describe('golden transcripts', () => {
	it('exist for every preset, at least the 12 dialogues of fact sheet §3–§4 and a whole journey', () => {
		expect(folders.sort()).toEqual(PRESETS.map((p) => p.id).sort());
		expect(folders).toContain('whole-journey');
		expect(folders.length).toBeGreaterThanOrEqual(13);
	});

	it.each(PRESETS.map((p) => p.id))("%s never repeats an event line's layer tag", (id) => {
		const lines = render(id).split('\n');
		expect(lines.some((l) => /^-- TCP connect to /.test(l))).toBe(true);
		expect(lines.filter((l) => /^-- (\w+) (\[TLS\] )?\1 /.test(l))).toEqual([]);
	});

	it.each(folders)('%s matches its reviewed transcript', (id) => {
		const expected = readFileSync(join(FIXTURES, id, 'transcript.txt'), 'utf8');
		expect(render(id)).toBe(expected);
	});
});
