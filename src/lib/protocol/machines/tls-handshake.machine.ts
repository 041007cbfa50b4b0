/**
 * A TLS 1.3 full handshake as RFC 8446 §2 (Figure 1) draws it: ClientHello (with SNI) →
 * ServerHello → {EncryptedExtensions} → {Certificate} → {CertificateVerify} → {Finished} →
 * client {Finished}, then application data. The client checks the certificate after
 * CertificateVerify and aborts with an alert when its validation policy rejects it.
 *
 * Leaves to others: when a handshake starts (the SMTP session or the access protocol decides),
 * the bytes and cryptography (not modelled), and what certificate an attacker presents (the
 * scenario runner chooses the input).
 *
 * RFC sections: RFC 8446 §2 (message flow), §4.4.2.4 and §6.2 (certificate failure alerts),
 * §1.2 (everything after ServerHello is encrypted), RFC 8314 §5.3 and RFC 7817 (PKIX name checks
 * for mail), RFC 7672 §3.1.1 (DANE-EE ignores names and expiry), RFC 7435 (opportunistic TLS
 * without authentication).
 */
import { enqueueActions, setup } from 'xstate';

/** What the peer presents. `attacker` is a certificate the attacker made for the server's name. */
export type PresentedCert = 'valid' | 'expired' | 'wrong-name' | 'attacker';

/**
 * How the client judges the certificate: `pkix` (chain, name and dates: RFC 8314 §5.3, RFC 7817),
 * `dane` (TLSA match, DANE-EE(3): RFC 7672 §3.1.1) or `none` (encrypt only: RFC 7435).
 */
export type CertCheck = 'pkix' | 'dane' | 'none';

export interface TlsHandshakeInput {
	sni: string;
	cert: PresentedCert;
	check: CertCheck;
	/** False when the peer answers ClientHello with plaintext (a STARTTLS port spoken to as implicit TLS). */
	peerSpeaksTls: boolean;
}

export type TlsHandshakeEvent =
	| { type: 'tls.client-hello' }
	| { type: 'tls.server-hello' }
	| { type: 'tls.encrypted-extensions' }
	| { type: 'tls.certificate' }
	| { type: 'tls.certificate-verify' }
	| { type: 'tls.server-finished' }
	| { type: 'tls.client-finished' };

export type TlsAlert = 'certificate_expired' | 'bad_certificate' | 'unknown_ca' | 'protocol_error';

export type TlsHandshakeEmitted =
	| {
			type: 'tls.message';
			from: 'client' | 'server';
			/** RFC 8446 name, e.g. `ServerHello`. */
			name: string;
			/** Sent under handshake keys (`{}` in RFC 8446 §2). */
			encrypted: boolean;
	  }
	| { type: 'tls.alert'; alert: TlsAlert; reason: string }
	| { type: 'tls.established' };

export interface TlsHandshakeContext extends TlsHandshakeInput {
	alert: TlsAlert | null;
}

/** Why a certificate is refused under a check, or null when accepted. */
export function certificateVerdict(
	cert: PresentedCert,
	check: CertCheck
): { alert: TlsAlert; reason: string } | null {
	if (check === 'none') return null;
	if (check === 'dane') {
		// DANE-EE(3) pins the server's key: names and dates are not checked (RFC 7672 §3.1.1).
		return cert === 'attacker'
			? { alert: 'bad_certificate', reason: 'The certificate does not match the TLSA record.' }
			: null;
	}
	switch (cert) {
		case 'valid':
			return null;
		case 'expired':
			return { alert: 'certificate_expired', reason: 'The certificate has expired.' };
		case 'wrong-name':
			return {
				alert: 'bad_certificate',
				reason: 'The certificate is for another name than the one the client asked for.'
			};
		case 'attacker':
			return {
				alert: 'unknown_ca',
				reason: 'The certificate is not signed by a certificate authority the client trusts.'
			};
	}
}

const msg = (from: 'client' | 'server', name: string, encrypted: boolean) =>
	({ type: 'sendMessage', params: { from, name, encrypted } }) as const;

export const tlsHandshakeMachine = setup({
	types: {
		input: {} as TlsHandshakeInput,
		context: {} as TlsHandshakeContext,
		events: {} as TlsHandshakeEvent,
		emitted: {} as TlsHandshakeEmitted
	},
	guards: {
		peerSpeaksTls: ({ context }) => context.peerSpeaksTls,
		certificateAccepted: ({ context }) => certificateVerdict(context.cert, context.check) === null
	},
	actions: {
		sendMessage: enqueueActions(
			({ enqueue }, p: { from: 'client' | 'server'; name: string; encrypted: boolean }) =>
				enqueue.emit({ type: 'tls.message', ...p })
		),
		rejectCertificate: enqueueActions(({ context, enqueue }) => {
			const v = certificateVerdict(context.cert, context.check);
			if (!v) return;
			enqueue.assign({ alert: v.alert });
			enqueue.emit({ type: 'tls.alert', ...v });
		}),
		rejectPlaintext: enqueueActions(({ enqueue }) => {
			enqueue.assign({ alert: 'protocol_error' });
			enqueue.emit({
				type: 'tls.alert',
				alert: 'protocol_error',
				reason: 'The server answered in plaintext, not with a ServerHello.'
			});
		}),
		announce: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'tls.established' }))
	}
}).createMachine({
	id: 'tlsHandshake',
	context: ({ input }) => ({ ...input, alert: null }),
	initial: 'start',
	states: {
		start: {
			on: {
				'tls.client-hello': {
					target: 'clientHelloSent',
					actions: msg('client', 'ClientHello', false)
				}
			}
		},
		/** Key exchange (RFC 8446 §2): waiting for the ServerHello. */
		clientHelloSent: {
			on: {
				'tls.server-hello': [
					{
						guard: 'peerSpeaksTls',
						target: 'serverHelloReceived',
						actions: msg('server', 'ServerHello', false)
					},
					{ target: 'failed', actions: 'rejectPlaintext' }
				]
			}
		},
		/** "Everything after this phase is encrypted" (RFC 8446 §2), under handshake keys. */
		serverHelloReceived: {
			tags: ['handshake-keys'],
			on: {
				'tls.encrypted-extensions': {
					target: 'serverParameters',
					actions: msg('server', 'EncryptedExtensions', true)
				}
			}
		},
		serverParameters: {
			tags: ['handshake-keys'],
			on: {
				'tls.certificate': {
					target: 'certificateReceived',
					actions: msg('server', 'Certificate', true)
				}
			}
		},
		certificateReceived: {
			tags: ['handshake-keys'],
			on: {
				'tls.certificate-verify': [
					{
						guard: 'certificateAccepted',
						target: 'serverAuthenticated',
						actions: msg('server', 'CertificateVerify', true)
					},
					{
						target: 'failed',
						actions: [msg('server', 'CertificateVerify', true), 'rejectCertificate']
					}
				]
			}
		},
		serverAuthenticated: {
			tags: ['handshake-keys'],
			on: {
				'tls.server-finished': {
					target: 'serverFinished',
					actions: msg('server', 'Finished', true)
				}
			}
		},
		/** The server may already send application data here (RFC 8446 §2, Figure 1). */
		serverFinished: {
			tags: ['handshake-keys'],
			on: {
				'tls.client-finished': {
					target: 'established',
					actions: [msg('client', 'Finished', true), 'announce']
				}
			}
		},
		established: { type: 'final', tags: ['encrypted'] },
		failed: { type: 'final', tags: ['closed'] }
	}
});

export type TlsHandshakeMachine = typeof tlsHandshakeMachine;

/** The events of a full handshake, in order: the driver sends them until the machine stops. */
export const TLS_HANDSHAKE_SEQUENCE: readonly TlsHandshakeEvent['type'][] = [
	'tls.client-hello',
	'tls.server-hello',
	'tls.encrypted-extensions',
	'tls.certificate',
	'tls.certificate-verify',
	'tls.server-finished',
	'tls.client-finished'
];
