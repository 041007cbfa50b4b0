/**
 * Command-line transcript: `npm run transcript -- "<compact scenario or preset id>" [--json]`.
 * Prints the C:/S: transcript with TCP/TLS/DNS events and an observer column, then the outcome;
 * `--json` prints the RunResult. Invalid input exits with status 2 and one line naming the bad
 * field and the accepted values.
 *
 * Leaves to others: everything protocol (../index.ts); this file only reads arguments and prints.
 */
import process from 'node:process';
import { PRESETS, findPreset, formatTranscript, parseScenarioQuery, runScenario } from '../index';

function fail(message: string): never {
	process.stderr.write(`${message}\n`);
	process.exit(2);
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const rest = args.filter((a) => a !== '--json');
if (rest.length > 1)
	fail(`Expected one scenario, got ${rest.length} arguments; quote the scenario.`);
const input = rest[0] ?? '';
const preset = findPreset(input);
let title: string | undefined;
let scenario;
if (preset) {
	scenario = preset.scenario;
	title = `${preset.title} (${preset.query || 'defaults'})`;
} else {
	if (/^[a-z0-9-]+$/.test(input) && !input.includes('=')) {
		fail(`Unknown preset "${input}"; accepted preset ids: ${PRESETS.map((p) => p.id).join(', ')}`);
	}
	const parsed = parseScenarioQuery(input);
	if (parsed.problems.length > 0) {
		const p = parsed.problems[0];
		const more =
			parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more problem(s))` : '';
		const accepted =
			p.accepted && !p.message.includes('accepted:') ? ` Accepted: ${p.accepted.join(', ')}.` : '';
		// The web page falls back to defaults; the CLI refuses instead, so drop that clause.
		const message = p.message.replace(/ The default was used\.$/, '');
		fail(`Invalid scenario, field "${p.field}": ${message}${accepted}${more}`);
	}
	scenario = parsed.scenario;
}
const result = runScenario(scenario);
process.stdout.write(
	json ? `${JSON.stringify(result, null, 2)}\n` : formatTranscript(result, title)
);
