import { describe, expect, it } from 'vitest';
import { getSimplePaths } from 'xstate/graph';
import type { SnapshotFrom } from 'xstate';
import { smtpSessionMachine, type SmtpSessionInput } from './smtp-session.machine';
import { TLS_HANDSHAKE_SEQUENCE, tlsHandshakeMachine } from './tls-handshake.machine';
import { SMTP_SESSION_EVENT_ALPHABET } from './smtp-session.events';

type Snap = SnapshotFrom<typeof smtpSessionMachine>;

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

/** One profile per port and server setup the lab models. */
const PROFILES: Record<string, SmtpSessionInput & { port: number }> = {
	'25 MX with STARTTLS': {
		...base,
		port: 25,
		role: 'mx',
		tlsBeforeAuth: false,
		serverHost: 'mx1.example.org'
	},
	'25 MX without STARTTLS': {
		...base,
		port: 25,
		role: 'mx',
		starttls: false,
		tlsBeforeAuth: false
	},
	'25 MX, unpatched': { ...base, port: 25, role: 'mx', tlsBeforeAuth: false, patched: false },
	'587 MSA, TLS before AUTH': { ...base, port: 587 },
	'587 MSA, TLS required for everything': { ...base, port: 587, requireTls: true },
	'587 MSA, legacy cleartext AUTH': { ...base, port: 587, tlsBeforeAuth: false },
	'587 MSA, unpatched': { ...base, port: 587, patched: false },
	'465 MSA, implicit TLS': { ...base, port: 465, listen: 'implicit-tls' },
	'2525 ESP, STARTTLS': { ...base, port: 2525 }
};

const EVENTS = [...SMTP_SESSION_EVENT_ALPHABET];

const serializeState = (s: Snap) => JSON.stringify(s.value) + s.context.buffered.length;

describe.each(Object.entries(PROFILES))('every path of an SMTP session on %s', (_name, profile) => {
	const { port: _port, ...input } = profile;
	const paths = getSimplePaths(smtpSessionMachine, { input, events: EVENTS, serializeState });

	it('has paths to walk', () => {
		expect(paths.length).toBeGreaterThan(3);
	});

	it('never leaves TLS once it is up, so later credentials are always encrypted', () => {
		for (const path of paths) {
			let encrypted = false;
			for (const step of path.steps) {
				if (encrypted)
					expect(step.state.hasTag('encrypted') || step.state.hasTag('closed')).toBe(true);
				if (step.state.hasTag('encrypted')) encrypted = true;
			}
		}
	});

	it('never accepts AUTH before TLS on a server that requires TLS', () => {
		if (!input.tlsBeforeAuth && !input.requireTls) return;
		for (const path of paths)
			for (const step of path.steps)
				if (step.state.hasTag('authenticated')) expect(step.state.hasTag('encrypted')).toBe(true);
	});

	it('never advertises STARTTLS after TLS', () => {
		for (const path of paths)
			for (const step of path.steps) {
				const r = step.state.context.lastReply;
				if (step.event.type === 'client.ehlo' && step.state.hasTag('encrypted'))
					expect(r?.lines.some((l) => l.slice(4) === 'STARTTLS')).toBe(false);
			}
	});

	it('sends no second greeting after STARTTLS', () => {
		if (input.listen !== 'plaintext') return;
		for (const path of paths)
			for (const step of path.steps)
				if (step.event.type === 'tls.finished')
					expect(step.state.context.lastReply?.key).not.toBe('greeting');
	});

	it('with implicit TLS, sends no SMTP line outside TLS', () => {
		if (input.listen !== 'implicit-tls') return;
		for (const path of paths)
			for (const step of path.steps)
				if (step.state.context.lastReply && !step.state.hasTag('closed'))
					expect(step.state.hasTag('encrypted')).toBe(true);
	});

	it('accepts mail only inside TLS when TLS is required for everything', () => {
		if (!input.requireTls) return;
		for (const path of paths)
			for (const step of path.steps)
				if (
					JSON.stringify(step.state.value) ===
					JSON.stringify({ plaintext: { anonymous: 'mailFrom' } })
				)
					throw new Error('MAIL accepted in clear');
	});
});

describe('every path of the TLS handshake', () => {
	const inputs = (['valid', 'expired', 'wrong-name', 'attacker'] as const).flatMap((cert) =>
		(['pkix', 'dane', 'none'] as const).flatMap((check) =>
			[true, false].map((peerSpeaksTls) => ({ sni: 'mx1.example.org', cert, check, peerSpeaksTls }))
		)
	);
	it.each(inputs)('ends established or failed, and failed only for a reason (%o)', (input) => {
		const paths = getSimplePaths(tlsHandshakeMachine, {
			input,
			events: TLS_HANDSHAKE_SEQUENCE.map((type) => ({ type }))
		});
		const ends = paths.filter((p) => p.state.status === 'done');
		expect(ends.length).toBe(1);
		const end = ends[0].state;
		const shouldFail =
			!input.peerSpeaksTls ||
			(input.check === 'pkix' && input.cert !== 'valid') ||
			(input.check === 'dane' && input.cert === 'attacker');
		expect(end.value).toBe(shouldFail ? 'failed' : 'established');
		// The attacker's certificate is never accepted by a checking client.
		if (input.cert === 'attacker' && input.check !== 'none') expect(end.value).toBe('failed');
	});
});
