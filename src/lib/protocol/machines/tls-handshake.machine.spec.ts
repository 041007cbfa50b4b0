import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import {
	TLS_HANDSHAKE_SEQUENCE,
	certificateVerdict,
	tlsHandshakeMachine,
	type TlsHandshakeInput
} from './tls-handshake.machine';

function handshake(input: TlsHandshakeInput) {
	let [snap] = initialTransition(tlsHandshakeMachine, input);
	const states: string[] = [String(snap.value)];
	for (const type of TLS_HANDSHAKE_SEQUENCE) {
		if (snap.status === 'done') break;
		[snap] = transition(tlsHandshakeMachine, snap, { type });
		states.push(String(snap.value));
	}
	return { snap, states };
}

const base: TlsHandshakeInput = {
	sni: 'mail.example.com',
	cert: 'valid',
	check: 'pkix',
	peerSpeaksTls: true
};

describe('TLS 1.3 handshake machine', () => {
	it('follows the RFC 8446 §2 message flow to an established session', () => {
		const { snap, states } = handshake(base);
		expect(states).toEqual([
			'start',
			'clientHelloSent',
			'serverHelloReceived',
			'serverParameters',
			'certificateReceived',
			'serverAuthenticated',
			'serverFinished',
			'established'
		]);
		expect(snap.hasTag('encrypted')).toBe(true);
	});

	it('is under handshake keys from ServerHello on (RFC 8446 §1.2)', () => {
		let [snap] = initialTransition(tlsHandshakeMachine, base);
		[snap] = transition(tlsHandshakeMachine, snap, { type: 'tls.client-hello' });
		expect(snap.hasTag('handshake-keys')).toBe(false);
		[snap] = transition(tlsHandshakeMachine, snap, { type: 'tls.server-hello' });
		expect(snap.hasTag('handshake-keys')).toBe(true);
	});

	it.each([
		['expired', 'certificate_expired'],
		['wrong-name', 'bad_certificate'],
		['attacker', 'unknown_ca']
	] as const)('rejects a %s certificate under PKIX with %s', (cert, alert) => {
		const { snap } = handshake({ ...base, cert });
		expect(snap.value).toBe('failed');
		expect(snap.context.alert).toBe(alert);
	});

	it('accepts any certificate when the client does not check (encrypted but not authenticated)', () => {
		for (const cert of ['expired', 'wrong-name', 'attacker'] as const) {
			expect(handshake({ ...base, cert, check: 'none' }).snap.value).toBe('established');
		}
	});

	it('under DANE-EE ignores names and dates but rejects a key that does not match TLSA', () => {
		expect(handshake({ ...base, cert: 'expired', check: 'dane' }).snap.value).toBe('established');
		expect(handshake({ ...base, cert: 'wrong-name', check: 'dane' }).snap.value).toBe(
			'established'
		);
		expect(handshake({ ...base, cert: 'attacker', check: 'dane' }).snap.value).toBe('failed');
		expect(certificateVerdict('attacker', 'dane')?.alert).toBe('bad_certificate');
	});

	it('fails when the peer answers in plaintext instead of a ServerHello', () => {
		const { snap, states } = handshake({ ...base, peerSpeaksTls: false });
		expect(states).toEqual(['start', 'clientHelloSent', 'failed']);
		expect(snap.context.alert).toBe('protocol_error');
	});
});
