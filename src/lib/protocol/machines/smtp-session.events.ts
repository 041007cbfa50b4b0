/**
 * One event of every kind the SMTP session machine answers to (the client's commands, the network
 * and the TLS layer), with the variants that take a different path: an injected command after
 * STARTTLS, a wrong password, a REQUIRETLS message, a local and a non-local recipient. Path
 * exploration (`xstate/graph`) walks these: the machine's path spec and `npm run bench` use the
 * same alphabet, so a new event kind is covered by both once it is added here.
 */
import type { SmtpSessionEvent } from './smtp-session.machine';

export const SMTP_SESSION_EVENT_ALPHABET: readonly SmtpSessionEvent[] = [
	{ type: 'client.connect' },
	{ type: 'client.ehlo', host: 'client.example.net' },
	{ type: 'client.starttls' },
	{ type: 'client.starttls', injected: ['RSET'] },
	{ type: 'client.auth', valid: true },
	{ type: 'client.auth', valid: false },
	{ type: 'client.mail', from: 'alice@example.com' },
	{ type: 'client.mail', from: 'alice@example.com', requiretls: true },
	{ type: 'client.rcpt', to: 'bob@example.org', local: true },
	{ type: 'client.rcpt', to: 'carol@example.net', local: false },
	{ type: 'client.data' },
	{ type: 'client.message' },
	{ type: 'client.rset' },
	{ type: 'client.quit' },
	{ type: 'client.disconnect' },
	{ type: 'tls.finished' },
	{ type: 'tls.failed' }
];
