/**
 * Reply codes and reply texts: every server line the lab puts on the wire, as typed constants, each
 * with the RFC section it comes from and, where the text is Postfix's rather than the RFC's, a note
 * saying so (fact sheet §3, "Reference: the normative codes used below").
 *
 * Leaves to others: when a reply is sent (the SMTP session machine decides) and what the client does
 * with it (the client policy in run-scenario.ts).
 *
 * RFC sections: RFC 5321 §4.2.3 (codes), §4.1.1.11 (555), §3.6.2 (relay refusal), RFC 3207 §4
 * (STARTTLS replies), RFC 4954 §6 (AUTH replies), RFC 6409 §4.3, RFC 8689 §4.2.1 (REQUIRETLS),
 * RFC 2034 §3–4 (no enhanced code on greetings, EHLO replies or 3yz).
 */

export interface ReplyDef {
	readonly code: number;
	/** Enhanced status code (RFC 3463), or null where none goes (greeting, EHLO, 3yz). */
	readonly enhanced: string | null;
	/** The text after the code(s); `{host}` and `{rcpt}` are filled in by formatReply. */
	readonly text: string;
	readonly rfc: string;
	/** Where the exact text comes from when it is not the RFC's wording. */
	readonly source: 'RFC' | 'Postfix';
}

export const REPLIES = {
	greeting: {
		code: 220,
		enhanced: null,
		text: '{host} ESMTP Postfix',
		rfc: 'RFC 5321 §4.2.3',
		source: 'Postfix'
	},
	starttlsReady: {
		code: 220,
		enhanced: '2.0.0',
		text: 'Ready to start TLS',
		rfc: 'RFC 3207 §4',
		source: 'Postfix'
	},
	tlsNotAvailable: {
		code: 454,
		enhanced: '4.7.0',
		text: 'TLS not available due to local problem',
		rfc: 'RFC 3207 §4',
		source: 'Postfix'
	},
	starttlsNotOffered: {
		code: 502,
		enhanced: '5.5.1',
		text: 'Error: command not implemented',
		rfc: 'RFC 5321 §4.2.4',
		source: 'Postfix'
	},
	mustStarttls: {
		code: 530,
		enhanced: '5.7.0',
		text: 'Must issue a STARTTLS command first',
		rfc: 'RFC 3207 §4',
		source: 'RFC'
	},
	authRequired: {
		code: 530,
		enhanced: '5.7.0',
		text: 'Authentication required',
		rfc: 'RFC 4954 §6; RFC 6409 §4.3',
		source: 'RFC'
	},
	authNotEnabled: {
		code: 503,
		enhanced: '5.5.1',
		text: 'Error: authentication not enabled',
		rfc: 'RFC 4954 §4',
		source: 'Postfix'
	},
	authSucceeded: {
		code: 235,
		enhanced: '2.7.0',
		text: 'Authentication successful',
		rfc: 'RFC 4954 §6',
		source: 'RFC'
	},
	authInvalid: {
		code: 535,
		enhanced: '5.7.8',
		text: 'Authentication credentials invalid',
		rfc: 'RFC 4954 §6',
		source: 'RFC'
	},
	mailOk: { code: 250, enhanced: '2.1.0', text: 'Ok', rfc: 'RFC 5321 §4.2.3', source: 'Postfix' },
	rcptOk: { code: 250, enhanced: '2.1.5', text: 'Ok', rfc: 'RFC 5321 §4.2.3', source: 'Postfix' },
	relayDenied: {
		code: 554,
		enhanced: '5.7.1',
		text: '<{rcpt}>: Relay access denied',
		rfc: 'RFC 5321 §3.6.2; RFC 3463 §3.8',
		source: 'Postfix'
	},
	dataGoAhead: {
		code: 354,
		enhanced: null,
		text: 'End data with <CR><LF>.<CR><LF>',
		rfc: 'RFC 5321 §4.2.3',
		source: 'Postfix'
	},
	queued: {
		code: 250,
		enhanced: '2.0.0',
		text: 'Ok: queued as {queue}',
		rfc: 'RFC 5321 §4.2.3',
		source: 'Postfix'
	},
	resetOk: {
		code: 250,
		enhanced: '2.0.0',
		text: 'Ok',
		rfc: 'RFC 5321 §4.1.1.5',
		source: 'Postfix'
	},
	badSequence: {
		code: 503,
		enhanced: '5.5.1',
		text: 'Error: need MAIL command',
		rfc: 'RFC 5321 §4.2.4',
		source: 'Postfix'
	},
	needRcpt: {
		code: 554,
		enhanced: '5.5.1',
		text: 'Error: no valid recipients',
		rfc: 'RFC 5321 §4.2.4',
		source: 'Postfix'
	},
	sendHeloFirst: {
		code: 503,
		enhanced: '5.5.1',
		text: 'Error: send HELO/EHLO first',
		rfc: 'RFC 5321 §4.1.4',
		source: 'Postfix'
	},
	tlsAlreadyActive: {
		code: 554,
		enhanced: '5.5.1',
		text: 'Error: TLS already active',
		rfc: 'RFC 3207 §4.2',
		source: 'Postfix'
	},
	alreadyAuthenticated: {
		code: 503,
		enhanced: '5.5.1',
		text: 'Error: already authenticated',
		rfc: 'RFC 4954 §4',
		source: 'Postfix'
	},
	needRcptCommand: {
		code: 503,
		enhanced: '5.5.1',
		text: 'Error: need RCPT command',
		rfc: 'RFC 5321 §4.2.4',
		source: 'Postfix'
	},
	unsupportedOption: {
		code: 555,
		enhanced: '5.5.4',
		text: 'Unsupported option: REQUIRETLS',
		rfc: 'RFC 5321 §4.1.1.11',
		source: 'Postfix'
	},
	bye: { code: 221, enhanced: '2.0.0', text: 'Bye', rfc: 'RFC 5321 §4.2.3', source: 'Postfix' },
	/** Not sent by the server: the status a sending MTA puts in a bounce (RFC 8689 §4.2.1). */
	requireTlsSupportRequired: {
		code: 550,
		enhanced: '5.7.30',
		text: 'REQUIRETLS support required',
		rfc: 'RFC 8689 §4.2.1',
		source: 'RFC'
	},
	/** Not sent by the server: the status a sending MTA puts in a bounce (RFC 8689 §4.2.1). */
	encryptionNeeded: {
		code: 550,
		enhanced: '5.7.10',
		text: 'Encryption needed',
		rfc: 'RFC 8689 §4.2.1; RFC 5248 §2',
		source: 'RFC'
	}
} as const satisfies Record<string, ReplyDef>;

export type ReplyKey = keyof typeof REPLIES;

/** A reply as it travels: one or more lines, code first. */
export interface Reply {
	readonly key: ReplyKey | 'ehlo';
	readonly code: number;
	readonly lines: readonly string[];
	readonly rfc: string;
}

export interface ReplyVars {
	host?: string;
	rcpt?: string;
	queue?: string;
}

/** The single line of a one-line reply, e.g. `530 5.7.0 Must issue a STARTTLS command first`. */
export function formatReply(key: ReplyKey, vars: ReplyVars = {}): Reply {
	const def: ReplyDef = REPLIES[key];
	const text = def.text
		.replace('{host}', vars.host ?? '')
		.replace('{rcpt}', vars.rcpt ?? '')
		.replace('{queue}', vars.queue ?? '');
	const line = [String(def.code), def.enhanced, text].filter(Boolean).join(' ');
	return { key, code: def.code, lines: [line], rfc: def.rfc };
}

/**
 * EHLO keywords in the order Postfix lists them (fact sheet §3 (a)–(d)). Which of them appear
 * depends on TLS state: STARTTLS only before TLS (RFC 3207 §4.2), AUTH only where permitted
 * (RFC 4954 §6: do not advertise mechanisms not permitted without encryption).
 */
export interface EhloOptions {
	host: string;
	sizeLimit: number;
	starttls: boolean;
	auth: boolean;
	requiretls: boolean;
}

export const EHLO_RFC = 'RFC 5321 §4.1.1.1; RFC 3207 §4.2';

export function formatEhloReply(o: EhloOptions): Reply {
	const keywords = [
		'PIPELINING',
		`SIZE ${o.sizeLimit}`,
		...(o.starttls ? ['STARTTLS'] : []),
		...(o.auth ? ['AUTH PLAIN LOGIN'] : []),
		'ENHANCEDSTATUSCODES',
		'8BITMIME',
		...(o.requiretls ? ['REQUIRETLS'] : []),
		'SMTPUTF8'
	];
	const all = [o.host, ...keywords];
	const lines = all.map((k, i) => `250${i === all.length - 1 ? ' ' : '-'}${k}`);
	return { key: 'ehlo', code: 250, lines, rfc: EHLO_RFC };
}

/** Reply class as RFC 5321 §4.2.1 names it: 2yz positive completion ... 5yz permanent negative. */
export function replyClass(code: number): '2yz' | '3yz' | '4yz' | '5yz' {
	const c = Math.floor(code / 100);
	return c === 2 ? '2yz' : c === 3 ? '3yz' : c === 4 ? '4yz' : '5yz';
}
