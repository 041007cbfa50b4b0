/**
 * Command-line port advisor: `npm run advise -- "<situation>"`, e.g.
 * `npm run advise -- "who=application&net=gcp&via=esp"`; `--json` prints the Advice object.
 * Invalid input exits with status 2 and one line naming the bad field and the accepted values.
 *
 * Leaves to others: the advice itself (../advisor.ts).
 */
import process from 'node:process';
import { advise, parseSituationQuery } from '../index';

const args = process.argv.slice(2);
const json = args.includes('--json');
const rest = args.filter((a) => a !== '--json');
if (rest.length > 1) {
	process.stderr.write(
		`Expected one situation, got ${rest.length} arguments; quote the situation.\n`
	);
	process.exit(2);
}
const { situation, problems } = parseSituationQuery(rest[0] ?? '');
if (problems.length > 0) {
	const p = problems[0];
	const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
	const accepted =
		p.accepted && !p.message.includes('accepted:') ? ` Accepted: ${p.accepted.join(', ')}.` : '';
	process.stderr.write(
		`Invalid situation, field "${p.field}": ${p.message.replace(/ The default was used\.$/, '')}${accepted}${more}\n`
	);
	process.exit(2);
}
const a = advise(situation);
if (json) {
	process.stdout.write(`${JSON.stringify(a, null, 2)}\n`);
} else {
	const out: string[] = [];
	out.push(
		`Recommended: port ${a.port}, ${a.mode}${a.tlsRequired ? ' (TLS required)' : ''}${a.auth ? ', with AUTH' : ''}${a.requiretls ? ', REQUIRETLS' : ''}`
	);
	out.push(`  ${a.headline}`);
	if (a.factSheetRow) out.push(`  (fact sheet §8, row ${a.factSheetRow})`);
	if (a.alternatives.length) {
		out.push('Alternatives:');
		for (const x of a.alternatives)
			out.push(`  - ${x.port === null ? '' : `${x.port} ${x.mode}: `}${x.note}`);
	}
	if (a.avoid.length) {
		out.push('Avoid:');
		for (const x of a.avoid) out.push(`  - ${x.what}: ${x.why}`);
	}
	out.push('Why:');
	for (const r of a.reasons) out.push(`  - ${r.text} (${r.rfc})`);
	process.stdout.write(`${out.join('\n')}\n`);
}
