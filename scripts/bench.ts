/**
 * `npm run bench`: median time to run each named scenario, and the time to enumerate every path of
 * the protocol machines with xstate/graph. Targets (issue 3): a whole journey under 1 ms, all path
 * enumeration under 10 s.
 */
import { performance } from 'node:perf_hooks';
import { getSimplePaths } from 'xstate/graph';
import { PRESETS, runScenario } from '../src/lib/protocol/index';
import {
	smtpSessionMachine,
	type SmtpSessionInput
} from '../src/lib/protocol/machines/smtp-session.machine';
import {
	TLS_HANDSHAKE_SEQUENCE,
	tlsHandshakeMachine
} from '../src/lib/protocol/machines/tls-handshake.machine';
import { journeyMachine } from '../src/lib/protocol/machines/journey.machine';
import { SMTP_SESSION_EVENT_ALPHABET } from '../src/lib/protocol/machines/smtp-session.events';

const RUNS = 200;

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

const rows: [string, number][] = [];
for (const p of PRESETS) {
	for (let i = 0; i < 20; i++) runScenario(p.scenario); // warm up
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		runScenario(p.scenario);
		times.push(performance.now() - t);
	}
	rows.push([p.id, median(times)]);
}
const width = Math.max(...rows.map(([id]) => id.length));
console.log(`Median time per preset (${RUNS} runs each):`);
for (const [id, ms] of rows) console.log(`  ${id.padEnd(width)}  ${ms.toFixed(3)} ms`);

const base: SmtpSessionInput = {
	serverHost: 'mail.example.com',
	listen: 'plaintext',
	role: 'submission',
	starttls: true,
	tlsBeforeAuth: true,
	requireTls: false,
	requiretls: true,
	patched: true,
	sizeLimit: 10240000,
	queueId: 'Q'
};
const events = [...SMTP_SESSION_EVENT_ALPHABET];
const profiles: SmtpSessionInput[] = [];
for (const listen of ['plaintext', 'implicit-tls'] as const)
	for (const role of ['submission', 'mx'] as const)
		for (const starttls of [true, false])
			for (const tlsBeforeAuth of [true, false])
				for (const requireTls of role === 'mx' ? [false] : [true, false])
					for (const patched of [true, false])
						profiles.push({ ...base, listen, role, starttls, tlsBeforeAuth, requireTls, patched });

const t0 = performance.now();
let count = 0;
for (const input of profiles) {
	count += getSimplePaths(smtpSessionMachine, {
		input,
		events,
		serializeState: (s) => JSON.stringify(s.value) + s.context.buffered.length
	}).length;
}
for (const cert of ['valid', 'expired', 'wrong-name', 'attacker'] as const)
	for (const check of ['pkix', 'dane', 'none'] as const)
		for (const peerSpeaksTls of [true, false])
			count += getSimplePaths(tlsHandshakeMachine, {
				input: { sni: 'mx1.example.org', cert, check, peerSpeaksTls },
				events: TLS_HANDSHAKE_SEQUENCE.map((type) => ({ type }))
			}).length;
for (const phase of ['submission', 'relay', 'receipt', 'journey'] as const)
	count += getSimplePaths(journeyMachine, {
		input: { phase },
		events: [{ type: 'phase.completed' }, { type: 'phase.failed' }]
	}).length;
const enumMs = performance.now() - t0;
console.log(
	`\nAll paths: ${count} paths over ${profiles.length} SMTP profiles, 24 TLS inputs and 4 journeys in ${enumMs.toFixed(0)} ms`
);

const journey = rows.find(([id]) => id === 'whole-journey')?.[1] ?? Infinity;
const ok = journey < 1 && enumMs < 10000;
console.log(
	`Targets: whole journey ${journey.toFixed(3)} ms (< 1 ms) ${journey < 1 ? 'OK' : 'MISSED'}; all paths ${(enumMs / 1000).toFixed(2)} s (< 10 s) ${enumMs < 10000 ? 'OK' : 'MISSED'}`
);
process.exitCode = ok ? 0 : 1;
