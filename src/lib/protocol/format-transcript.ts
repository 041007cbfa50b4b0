/**
 * Plain-text transcript of a run, as the command-line tool prints it and the golden fixtures store
 * it: `C:`/`S:` lines for protocol commands and replies (`A:` for the attacker), TCP, TLS and DNS
 * events marked with `--`, an observer column after `|`, and the outcome at the end.
 *
 * Leaves to others: producing the run (run-scenario.ts).
 */
import type { RunResult, Step } from './result';
import { PARTY_LABELS } from './result';

const WIDTH = 64;

function speaker(step: Step): string {
	if (step.from === 'attacker') return 'A:';
	if (step.from === 'client' || step.from === 'sending-mta') return 'C:';
	return 'S:';
}

function observerCell(step: Step, line: string, first: boolean): string {
	if (step.observer === null) return '';
	if (!first) return step.observer === step.text ? '| (reads)' : '|';
	let cell = step.observer === step.text ? `| reads: ${line}` : `| ${step.observer}`;
	if (step.decoded) cell += ` -> decodes to ${step.decoded}`;
	return cell;
}

function pad(s: string): string {
	return s.length >= WIDTH ? `${s}  ` : s + ' '.repeat(WIDTH - s.length);
}

export function formatStep(step: Step): string[] {
	const out: string[] = [];
	const lines = step.text.split('\n');
	const lock = step.encrypted ? '[TLS] ' : '';
	const tamper = step.tampered ? `  (attacker: ${step.tampered})` : '';
	if (step.kind === 'command' || step.kind === 'reply' || step.kind === 'message') {
		lines.forEach((l, i) => {
			const left = `${speaker(step)} ${lock}${l}${i === 0 ? tamper : ''}`;
			const obs = observerCell(step, l, i === 0);
			out.push(obs ? pad(left) + obs : left);
		});
	} else if (step.kind === 'note' || step.kind === 'policy') {
		out.push(`   # ${PARTY_LABELS[step.from]}: ${step.text}`);
	} else {
		// The event's layer, unless its text already starts with it ("TCP connect to …", "TLS error: …"),
		// which the diagram shows alone: "-- TCP connect to", not "-- TCP TCP connect to".
		const tag = (l: string) => (l.startsWith(`${step.layer} `) ? '' : `${step.layer} `);
		lines.forEach((l, i) => {
			const parties = step.from === step.to ? step.from : `${step.from} -> ${step.to}`;
			const left = `-- ${tag(l)}${lock}${l}${i === 0 ? ` [${parties}]` : ''}`;
			const obs = observerCell(step, l, i === 0);
			out.push(obs ? pad(left) + obs : left);
		});
	}
	return out;
}

export function formatTranscript(result: RunResult, title?: string): string {
	const out: string[] = [];
	if (title) out.push(`# ${title}`);
	for (const step of result.steps) out.push(...formatStep(step));
	const o = result.outcome;
	out.push('');
	out.push(`OUTCOME: ${o.kind} — ${o.headline}`);
	out.push(`  ${o.detail}`);
	if (o.reply) out.push(`  reply: ${o.reply}`);
	out.push(
		`  fate: ${o.fate}; exposed to observer: ${o.exposures.join(', ') || 'nothing'}; readable on the wire: ${o.atRisk.join(', ') || 'nothing'}`
	);
	out.push(`  ${o.rfc}`);
	return out.map((l) => l.trimEnd()).join('\n') + '\n';
}
