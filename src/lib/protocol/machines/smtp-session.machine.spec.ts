import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import {
	smtpSessionMachine,
	type SmtpSessionEvent,
	type SmtpSessionInput
} from './smtp-session.machine';

type Snap = SnapshotFrom<typeof smtpSessionMachine>;

const msa: SmtpSessionInput = {
	serverHost: 'mail.example.com',
	listen: 'plaintext',
	role: 'submission',
	starttls: true,
	tlsBeforeAuth: true,
	requireTls: false,
	requiretls: false,
	patched: true,
	sizeLimit: 10240000,
	queueId: '4ABC123'
};

function run(input: SmtpSessionInput, events: SmtpSessionEvent[]): Snap {
	let [snap] = initialTransition(smtpSessionMachine, input);
	for (const e of events) [snap] = transition(smtpSessionMachine, snap, e);
	return snap;
}

const reply = (s: Snap) => s.context.lastReply?.lines.join('\n') ?? null;
const connect: SmtpSessionEvent = { type: 'client.connect' };
const ehlo: SmtpSessionEvent = { type: 'client.ehlo', host: 'client.example.net' };
const starttls: SmtpSessionEvent = { type: 'client.starttls' };
const tlsUp: SmtpSessionEvent = { type: 'tls.finished' };
const authOk: SmtpSessionEvent = { type: 'client.auth', valid: true };
const authBad: SmtpSessionEvent = { type: 'client.auth', valid: false };
const mail: SmtpSessionEvent = { type: 'client.mail', from: 'alice@example.com' };
const rcptRemote: SmtpSessionEvent = { type: 'client.rcpt', to: 'bob@example.org', local: false };

describe('SMTP session machine', () => {
	it('greets with 220 on a plaintext port and waits for EHLO', () => {
		const s = run(msa, [connect]);
		expect(reply(s)).toBe('220 mail.example.com ESMTP Postfix');
		expect(s.value).toEqual({ plaintext: 'awaitingEhlo' });
	});

	it('sends no greeting before the TLS handshake on an implicit-TLS port, and greets inside TLS', () => {
		const implicit = { ...msa, listen: 'implicit-tls' as const };
		const before = run(implicit, [connect]);
		expect(before.matches('handshake')).toBe(true);
		expect(before.context.lastReply).toBeNull();
		const after = run(implicit, [connect, tlsUp]);
		expect(after.hasTag('encrypted')).toBe(true);
		expect(reply(after)).toBe('220 mail.example.com ESMTP Postfix');
	});

	it('advertises STARTTLS but not AUTH before TLS on a server that wants TLS before AUTH', () => {
		const s = run(msa, [connect, ehlo]);
		expect(s.context.lastReply?.lines).toContain('250-STARTTLS');
		expect(s.context.lastReply?.lines.some((l) => l.includes('AUTH'))).toBe(false);
	});

	it('answers STARTTLS with 220 2.0.0 Ready to start TLS and enters the handshake', () => {
		const s = run(msa, [connect, ehlo, starttls]);
		expect(reply(s)).toBe('220 2.0.0 Ready to start TLS');
		expect(s.matches('handshake')).toBe(true);
	});

	it('resets after STARTTLS: no second greeting, EHLO required again (RFC 3207 §4.2)', () => {
		const s = run(msa, [connect, ehlo, starttls, tlsUp]);
		expect(s.value).toEqual({ encrypted: 'awaitingEhlo' });
		expect(reply(s)).toBe('220 2.0.0 Ready to start TLS');
		const early = run(msa, [connect, ehlo, starttls, tlsUp, mail]);
		expect(reply(early)).toBe('503 5.5.1 Error: send HELO/EHLO first');
	});

	it('no longer advertises STARTTLS after TLS, and now offers AUTH', () => {
		const s = run(msa, [connect, ehlo, starttls, tlsUp, ehlo]);
		const lines = s.context.lastReply?.lines ?? [];
		expect(lines.some((l) => l.endsWith('STARTTLS'))).toBe(false);
		expect(lines).toContain('250-AUTH PLAIN LOGIN');
	});

	it('refuses a second STARTTLS inside TLS', () => {
		const s = run(msa, [connect, ehlo, starttls, tlsUp, ehlo, starttls]);
		expect(reply(s)).toBe('554 5.5.1 Error: TLS already active');
	});

	it('refuses AUTH before TLS with 503 when AUTH is hidden until TLS', () => {
		const s = run(msa, [connect, ehlo, authOk]);
		expect(reply(s)).toBe('503 5.5.1 Error: authentication not enabled');
		expect(s.hasTag('authenticated')).toBe(false);
	});

	it('answers 530 5.7.0 Must issue a STARTTLS command first to AUTH and MAIL when TLS is required', () => {
		const strict = { ...msa, requireTls: true };
		expect(reply(run(strict, [connect, ehlo, authOk]))).toBe(
			'530 5.7.0 Must issue a STARTTLS command first'
		);
		expect(reply(run(strict, [connect, ehlo, mail]))).toBe(
			'530 5.7.0 Must issue a STARTTLS command first'
		);
	});

	it('accepts AUTH inside TLS with 235 2.7.0 and tags the session authenticated', () => {
		const s = run(msa, [connect, ehlo, starttls, tlsUp, ehlo, authOk]);
		expect(reply(s)).toBe('235 2.7.0 Authentication successful');
		expect(s.hasTag('authenticated')).toBe(true);
		expect(s.hasTag('encrypted')).toBe(true);
	});

	it('answers wrong credentials with 535 5.7.8', () => {
		const s = run(msa, [connect, ehlo, starttls, tlsUp, ehlo, authBad]);
		expect(reply(s)).toBe('535 5.7.8 Authentication credentials invalid');
		expect(s.hasTag('authenticated')).toBe(false);
	});

	it('refuses MAIL from an unauthenticated session on a submission server (RFC 6409 §4.3)', () => {
		const s = run(msa, [connect, ehlo, starttls, tlsUp, ehlo, mail]);
		expect(reply(s)).toBe('530 5.7.0 Authentication required');
	});

	it('relays for an authenticated user and queues the message', () => {
		const s = run(msa, [
			connect,
			ehlo,
			starttls,
			tlsUp,
			ehlo,
			authOk,
			mail,
			rcptRemote,
			{ type: 'client.data' },
			{ type: 'client.message' }
		]);
		expect(reply(s)).toBe('250 2.0.0 Ok: queued as 4ABC123');
	});

	it('denies relay on an MX for a domain it does not handle', () => {
		const mx = { ...msa, role: 'mx' as const, serverHost: 'mx1.example.org', tlsBeforeAuth: false };
		const s = run(mx, [
			connect,
			ehlo,
			mail,
			{ type: 'client.rcpt', to: 'carol@example.net', local: false }
		]);
		expect(reply(s)).toBe('554 5.7.1 <carol@example.net>: Relay access denied');
		const ok = run(mx, [
			connect,
			ehlo,
			mail,
			{ type: 'client.rcpt', to: 'bob@example.org', local: true }
		]);
		expect(reply(ok)).toBe('250 2.1.5 Ok');
	});

	it('offers no AUTH on an MX, even inside TLS', () => {
		const mx = { ...msa, role: 'mx' as const, tlsBeforeAuth: false };
		const s = run(mx, [connect, ehlo, starttls, tlsUp, ehlo]);
		expect(s.context.lastReply?.lines.some((l) => l.includes('AUTH'))).toBe(false);
		expect(reply(run(mx, [connect, ehlo, starttls, tlsUp, ehlo, authOk]))).toBe(
			'503 5.5.1 Error: authentication not enabled'
		);
	});

	it('refuses STARTTLS with 502 when the server does not offer it', () => {
		const s = run({ ...msa, starttls: false }, [connect, ehlo, starttls]);
		expect(reply(s)).toBe('502 5.5.1 Error: command not implemented');
		expect(s.value).toEqual({ plaintext: { anonymous: 'idle' } });
	});

	it('advertises REQUIRETLS only inside TLS and rejects the parameter otherwise', () => {
		const rt = { ...msa, requiretls: true, tlsBeforeAuth: false };
		const plain = run(rt, [connect, ehlo]);
		expect(plain.context.lastReply?.lines.some((l) => l.includes('REQUIRETLS'))).toBe(false);
		const inside = run(rt, [connect, ehlo, starttls, tlsUp, ehlo]);
		expect(inside.context.lastReply?.lines).toContain('250-REQUIRETLS');
		const early = run(rt, [
			connect,
			ehlo,
			authOk,
			{ ...mail, requiretls: true } as SmtpSessionEvent
		]);
		expect(reply(early)).toBe('555 5.5.4 Unsupported option: REQUIRETLS');
	});

	it('discards plaintext injected with STARTTLS on a patched server', () => {
		const s = run(msa, [connect, ehlo, { type: 'client.starttls', injected: ['RSET'] }, tlsUp]);
		expect(s.context.buffered).toEqual([]);
		expect(reply(s)).toBe('220 2.0.0 Ready to start TLS');
	});

	it('runs plaintext injected with STARTTLS inside TLS on a vulnerable server (CVE-2011-0411)', () => {
		const s = run({ ...msa, patched: false }, [
			connect,
			ehlo,
			{ type: 'client.starttls', injected: ['RSET'] },
			tlsUp
		]);
		expect(s.hasTag('encrypted')).toBe(true);
		expect(reply(s)).toBe('250 2.0.0 Ok');
	});

	it('closes with 221 2.0.0 Bye on QUIT', () => {
		const s = run(msa, [connect, ehlo, { type: 'client.quit' }]);
		expect(reply(s)).toBe('221 2.0.0 Bye');
		expect(s.hasTag('closed')).toBe(true);
		expect(s.status).toBe('done');
	});

	it('closes when the TLS handshake fails', () => {
		const s = run(msa, [connect, ehlo, starttls, { type: 'tls.failed' }]);
		expect(s.hasTag('closed')).toBe(true);
	});
});
