/**
 * One SMTP conversation on one TCP connection, as the server keeps it: which mode the session is in
 * (plaintext, TLS handshake, encrypted; anonymous or authenticated; where in the mail transaction)
 * and which reply each client command gets. Client commands are events; every reply is emitted as an
 * `smtp.reply` cue and kept as `context.lastReply`.
 *
 * Leaves to others: what the client decides to send (the client policy in run-scenario.ts), the TLS
 * handshake itself (tls-handshake.machine.ts) and anything an on-path party changes on the wire.
 *
 * RFC sections: RFC 5321 §3.1–3.3, §4.1.1 and §4.1.4 (greeting, EHLO, MAIL/RCPT/DATA, RSET, QUIT,
 * command order), RFC 3207 §4 and §4.2 (STARTTLS; 530 before TLS; the reset after TLS: no new
 * greeting, STARTTLS not advertised again, earlier knowledge discarded), RFC 4954 §4 and §6 (AUTH;
 * 235/535/530; no AUTH advertised where it is not permitted), RFC 6409 §4.3 (an MSA requires AUTH),
 * RFC 5321 §3.6.2 (relay refusal), RFC 8314 §3.3 (implicit TLS: greeting after the handshake),
 * RFC 8689 (REQUIRETLS on MAIL FROM), CVE-2011-0411 (plaintext injected with STARTTLS).
 */
import { enqueueActions, setup } from 'xstate';
import { formatEhloReply, formatReply, type Reply, type ReplyKey } from '../replies';

export interface SmtpSessionInput {
	serverHost: string;
	/** How the server listens on the port of this connection. */
	listen: 'plaintext' | 'implicit-tls';
	role: 'submission' | 'mx';
	/** Offers STARTTLS while in plaintext. */
	starttls: boolean;
	/** AUTH hidden and refused until TLS (Postfix smtpd_tls_auth_only). */
	tlsBeforeAuth: boolean;
	/** 530 5.7.0 to every command but EHLO, NOOP, STARTTLS and QUIT until TLS (RFC 3207 §4). */
	requireTls: boolean;
	/** Advertises REQUIRETLS once encrypted (RFC 8689). */
	requiretls: boolean;
	/** Discards plaintext that arrived with STARTTLS (CVE-2011-0411 fix). */
	patched: boolean;
	sizeLimit: number;
	queueId: string;
}

/** The only command the lab injects: the illustrative packet `STARTTLS\r\nRSET\r\n` (fact sheet §3 (h)). */
export type InjectedCommand = 'RSET';

export type SmtpSessionEvent =
	| { type: 'client.connect' }
	| { type: 'client.ehlo'; host: string }
	/** `injected`: plaintext commands that arrived in the same TCP segment as STARTTLS. */
	| { type: 'client.starttls'; injected?: readonly InjectedCommand[] }
	| { type: 'client.auth'; valid: boolean }
	| { type: 'client.mail'; from: string; requiretls?: boolean }
	| { type: 'client.rcpt'; to: string; local: boolean }
	| { type: 'client.data' }
	| { type: 'client.message' }
	| { type: 'client.rset' }
	| { type: 'client.quit' }
	/** The client drops the TCP connection without QUIT. */
	| { type: 'client.disconnect' }
	| { type: 'tls.finished' }
	| { type: 'tls.failed' };

export type SmtpSessionEmitted =
	| { type: 'smtp.reply'; reply: Reply; encrypted: boolean; injected: boolean }
	| { type: 'smtp.discarded'; commands: readonly string[] }
	| { type: 'smtp.closed' };

export interface SmtpSessionContext extends SmtpSessionInput {
	lastReply: Reply | null;
	/** Plaintext commands a vulnerable server kept across STARTTLS. */
	buffered: readonly InjectedCommand[];
}

type Mode = { encrypted: boolean };

const machineSetup = setup({
	types: {
		input: {} as SmtpSessionInput,
		context: {} as SmtpSessionContext,
		events: {} as SmtpSessionEvent,
		emitted: {} as SmtpSessionEmitted
	},
	guards: {
		implicitTls: ({ context }) => context.listen === 'implicit-tls',
		/** RFC 3207 §4: a server requiring TLS answers 530 to all but EHLO, NOOP, STARTTLS, QUIT. */
		tlsRequiredButPlain: ({ context }, p: Mode) => !p.encrypted && context.requireTls,
		starttlsOffered: ({ context }) => context.starttls,
		/** An MX offers no AUTH; a tls-before-auth MSA offers none before TLS (RFC 4954 §6). */
		authNotOffered: ({ context }, p: Mode) =>
			context.role === 'mx' || (!p.encrypted && context.tlsBeforeAuth),
		credentialsValid: ({ event }) => event.type === 'client.auth' && event.valid,
		/** RFC 6409 §4.3: an MSA refuses MAIL from an unauthenticated session. */
		authRequired: ({ context }) => context.role === 'submission',
		/** REQUIRETLS may only be used when advertised, and it is advertised only inside TLS. */
		requiretlsNotPossible: ({ context, event }, p: Mode) =>
			event.type === 'client.mail' && !!event.requiretls && !(p.encrypted && context.requiretls),
		/** Authenticated users may relay; otherwise only local recipients (RFC 5321 §3.6.2). */
		mayRelayTo: ({ event }, p: { authenticated: boolean }) =>
			p.authenticated || (event.type === 'client.rcpt' && event.local),
		hasBuffered: ({ context }) => context.buffered.length > 0
	},
	actions: {
		reply: enqueueActions(
			({ context, event, enqueue }, p: { key: ReplyKey; encrypted: boolean }) => {
				const reply = formatReply(p.key, {
					host: context.serverHost,
					rcpt: event.type === 'client.rcpt' ? event.to : '',
					queue: context.queueId
				});
				enqueue.assign({ lastReply: reply });
				enqueue.emit({ type: 'smtp.reply', reply, encrypted: p.encrypted, injected: false });
			}
		),
		/** The EHLO list depends on the mode: RFC 3207 §4.2, RFC 4954 §6, RFC 8689. */
		replyEhlo: enqueueActions(({ context, enqueue }, p: Mode) => {
			const reply = formatEhloReply({
				host: context.serverHost,
				sizeLimit: context.sizeLimit,
				starttls: !p.encrypted && context.starttls,
				auth:
					context.role === 'submission' &&
					(p.encrypted || (!context.tlsBeforeAuth && !context.requireTls)),
				requiretls: p.encrypted && context.requiretls
			});
			enqueue.assign({ lastReply: reply });
			enqueue.emit({ type: 'smtp.reply', reply, encrypted: p.encrypted, injected: false });
		}),
		/** A vulnerable server keeps plaintext read with STARTTLS; a patched one drops it. */
		bufferInjected: enqueueActions(({ context, event, enqueue }) => {
			if (event.type !== 'client.starttls' || !event.injected?.length) return;
			if (context.patched) enqueue.emit({ type: 'smtp.discarded', commands: event.injected });
			else enqueue.assign({ buffered: event.injected });
		}),
		/** CVE-2011-0411: the buffered plaintext runs as if sent inside TLS. */
		runBuffered: enqueueActions(({ context, enqueue }) => {
			for (const _cmd of context.buffered) {
				const reply = formatReply('resetOk');
				enqueue.assign({ lastReply: reply });
				enqueue.emit({ type: 'smtp.reply', reply, encrypted: true, injected: true });
			}
			enqueue.assign({ buffered: [] });
		}),
		emitClosed: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'smtp.closed' }))
	}
});

type StateConfig = NonNullable<Parameters<typeof machineSetup.createMachine>[0]['states']>[string];

const say = (key: ReplyKey, encrypted: boolean) =>
	({ type: 'reply', params: { key, encrypted } }) as const;

/** MAIL, RCPT, DATA and the message, the same for anonymous and authenticated sessions. */
function transaction(encrypted: boolean, authenticated: boolean): StateConfig {
	const mode = { encrypted };
	return {
		initial: 'idle',
		tags: authenticated ? ['authenticated'] : [],
		on: {
			'client.ehlo': {
				target: '.idle',
				reenter: true,
				actions: { type: 'replyEhlo', params: mode }
			},
			'client.rset': { target: '.idle', reenter: true, actions: say('resetOk', encrypted) },
			'client.auth': authenticated
				? { actions: say('alreadyAuthenticated', encrypted) }
				: [
						{
							guard: { type: 'tlsRequiredButPlain', params: mode },
							actions: say('mustStarttls', encrypted)
						},
						{
							guard: { type: 'authNotOffered', params: mode },
							actions: say('authNotEnabled', encrypted)
						},
						{
							guard: 'credentialsValid',
							target: '#smtpSession.' + (encrypted ? 'encrypted' : 'plaintext') + '.authenticated',
							actions: say('authSucceeded', encrypted)
						},
						{ actions: say('authInvalid', encrypted) }
					]
		},
		states: {
			idle: {
				on: {
					'client.mail': [
						{
							guard: { type: 'tlsRequiredButPlain', params: mode },
							actions: say('mustStarttls', encrypted)
						},
						{
							guard: { type: 'requiretlsNotPossible', params: mode },
							actions: say('unsupportedOption', encrypted)
						},
						...(authenticated
							? []
							: [{ guard: 'authRequired' as const, actions: say('authRequired', encrypted) }]),
						{ target: 'mailFrom', actions: say('mailOk', encrypted) }
					],
					'client.rcpt': { actions: say('badSequence', encrypted) },
					'client.data': { actions: say('badSequence', encrypted) }
				}
			},
			mailFrom: {
				on: {
					'client.rcpt': [
						{
							guard: { type: 'mayRelayTo', params: { authenticated } },
							target: 'rcptTo',
							actions: say('rcptOk', encrypted)
						},
						{ actions: say('relayDenied', encrypted) }
					],
					'client.data': { actions: say('needRcpt', encrypted) }
				}
			},
			rcptTo: {
				on: {
					'client.rcpt': [
						{
							guard: { type: 'mayRelayTo', params: { authenticated } },
							actions: say('rcptOk', encrypted)
						},
						{ actions: say('relayDenied', encrypted) }
					],
					'client.data': { target: 'data', actions: say('dataGoAhead', encrypted) }
				}
			},
			data: {
				on: { 'client.message': { target: 'idle', actions: say('queued', encrypted) } }
			}
		}
	};
}

/** The dialogue after the greeting, the same shape in plaintext and inside TLS. */
function dialogue(encrypted: boolean): StateConfig {
	const mode = { encrypted };
	return {
		initial: 'awaitingEhlo',
		tags: encrypted ? ['encrypted'] : [],
		on: {
			'client.starttls': encrypted
				? { actions: say('tlsAlreadyActive', true) }
				: [
						{
							guard: 'starttlsOffered',
							target: '#smtpSession.handshake',
							actions: [say('starttlsReady', false), 'bufferInjected']
						},
						{ actions: say('starttlsNotOffered', false) }
					],
			'client.quit': { target: '#smtpSession.closed', actions: say('bye', encrypted) },
			'client.disconnect': { target: '#smtpSession.closed' }
		},
		states: {
			/** After the greeting, or right after a STARTTLS handshake (RFC 3207 §4.2 reset). */
			awaitingEhlo: {
				on: {
					'client.ehlo': { target: 'anonymous', actions: { type: 'replyEhlo', params: mode } },
					'client.mail': [
						{
							guard: { type: 'tlsRequiredButPlain', params: mode },
							actions: say('mustStarttls', encrypted)
						},
						{ actions: say('sendHeloFirst', encrypted) }
					],
					'client.auth': [
						{
							guard: { type: 'tlsRequiredButPlain', params: mode },
							actions: say('mustStarttls', encrypted)
						},
						{ actions: say('sendHeloFirst', encrypted) }
					],
					'client.starttls': { actions: say('sendHeloFirst', encrypted) },
					'client.rset': { actions: say('resetOk', encrypted) }
				}
			},
			anonymous: transaction(encrypted, false),
			authenticated: transaction(encrypted, true)
		}
	};
}

export const smtpSessionMachine = machineSetup.createMachine({
	id: 'smtpSession',
	context: ({ input }) => ({ ...input, lastReply: null, buffered: [] }),
	initial: 'disconnected',
	states: {
		disconnected: {
			on: {
				'client.connect': [
					{ guard: 'implicitTls', target: 'handshake' },
					{ target: 'plaintext', actions: say('greeting', false) }
				]
			}
		},
		/** TLS handshake: right after TCP connect (implicit TLS) or after `220 Ready to start TLS`. */
		handshake: {
			on: {
				'tls.finished': [
					// RFC 8314 §3.3: with implicit TLS the greeting is the first application data.
					{ guard: 'implicitTls', target: 'encrypted', actions: say('greeting', true) },
					// RFC 3207 §4.2: after STARTTLS, no second greeting; the client speaks first.
					{ guard: 'hasBuffered', target: 'encrypted', actions: 'runBuffered' },
					{ target: 'encrypted' }
				],
				'tls.failed': { target: 'closed' },
				'client.disconnect': { target: 'closed' }
			}
		},
		plaintext: dialogue(false),
		encrypted: dialogue(true),
		closed: { type: 'final', tags: ['closed'], entry: 'emitClosed' }
	}
});

export type SmtpSessionMachine = typeof smtpSessionMachine;
