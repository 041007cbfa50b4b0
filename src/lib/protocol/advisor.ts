/**
 * The port advisor: from a situation (who is sending, from which network, through which provider,
 * what the sender's software can do) to the recommended port and security mode, acceptable
 * alternatives, what to avoid and why, with RFC citations. `ADVISOR_CASES` restates the 25 rows of
 * fact sheet §8 as situations with their expected answers; a test proves the advisor agrees.
 *
 * Leaves to others: port facts (ports.ts) and simulating what happens (run-scenario.ts).
 *
 * RFC sections: RFC 8314 §3, §3.1–3.3, §4, §4.1, §4.5.2, §5.1, §5.2, §7.3; RFC 6409 §1, §3.1, §4.3;
 * RFC 5068 §3.2, §4, §4.1; RFC 3207 §4, §4.3, §6; RFC 5321 §4.5.4.2, §5.1; RFC 8461; RFC 7672;
 * RFC 8460; RFC 8689 §2, §4.2.1; RFC 4954 §4; RFC 4616; RFC 8997; RFC 9051 §2.1, §11.2; RFC 1939 §3;
 * RFC 2595 §4.
 */
import type { Problem } from './scenario';

export const SENDERS = [
	'mail-client',
	'application',
	'device',
	'mta',
	'mx',
	'mail-service',
	'reader'
] as const;
/** Who needs a port: a mail program, an application, a device (printer), a sending MTA, a receiving MX, a mail service offering submission, or a reading client. */
export type Sender = (typeof SENDERS)[number];

export const NETWORKS = [
	'home',
	'hotspot',
	'corporate',
	'aws',
	'gcp',
	'azure',
	'azure-ea',
	'shared-hosting',
	'lan',
	'datacenter'
] as const;
export type Network = (typeof NETWORKS)[number];

export const PROVIDERS = ['mailbox', 'ses', 'esp', 'relay', 'smarthost', 'none'] as const;
/** What the sender submits through: its mailbox provider (or company server), Amazon SES, an ESP, an authenticated relay, a smarthost, or nothing (direct delivery). */
export type Provider = (typeof PROVIDERS)[number];

export const CAPABILITIES = ['both', 'implicit-only', 'starttls-only', 'none'] as const;
/** What TLS the sender's software can do. */
export type Capability = (typeof CAPABILITIES)[number];

export const ADVICE_MODES = ['implicit-tls', 'starttls', 'none', 'https-api'] as const;
export type AdviceMode = (typeof ADVICE_MODES)[number];

export interface Situation {
	who: Sender;
	network: Network;
	/** Outbound ports blocked in addition to what the network implies. */
	blocked: number[];
	provider: Provider;
	can: Capability;
	/** For readers: IMAP or POP3. */
	access: 'imap' | 'pop3';
	/** The message must never cross a hop unencrypted. */
	sensitive: boolean;
	/** SMTP ports are unreliable from where the application runs. */
	smtpUnreliable: boolean;
	/** A configuration in use or suggested, to be judged, e.g. `{ port: 25, mode: 'none' }`. */
	current: { port: number; mode: AdviceMode } | null;
}

export interface Advice {
	port: number;
	mode: AdviceMode;
	/** The client (or server) must insist on TLS; false for opportunistic STARTTLS on port 25. */
	tlsRequired: boolean;
	/** Authenticate with SMTP AUTH (or the API key). */
	auth: boolean;
	/** Send the message with REQUIRETLS. */
	requiretls: boolean;
	headline: string;
	alternatives: { port: number | null; mode: AdviceMode | null; note: string }[];
	avoid: { what: string; why: string }[];
	reasons: { text: string; rfc: string }[];
	factSheetRow?: number;
}

export const defaultSituation: Situation = {
	who: 'mail-client',
	network: 'home',
	blocked: [],
	provider: 'mailbox',
	can: 'both',
	access: 'imap',
	sensitive: false,
	smtpUnreliable: false,
	current: null
};

/** Outbound blocks a network implies (fact sheet §1, port 25 row; §8 rows 4–9). */
export const NETWORK_BLOCKS: Record<Network, number[]> = {
	home: [25],
	hotspot: [25],
	corporate: [],
	aws: [25],
	gcp: [25],
	azure: [25],
	'azure-ea': [],
	'shared-hosting': [25],
	lan: [],
	datacenter: []
};

/** Ports each provider offers for SMTP (fact sheet §1 and §8; SES 465 is unverified and left out). */
export const PROVIDER_PORTS: Record<Provider, number[]> = {
	mailbox: [465, 587],
	ses: [25, 587, 2587],
	esp: [25, 587, 2525],
	relay: [587, 465],
	smarthost: [587, 465, 2525],
	none: []
};

const PROVIDER_API: Record<Provider, boolean> = {
	mailbox: false,
	ses: true,
	esp: true,
	relay: true,
	smarthost: false,
	none: false
};

const R = {
	prefer465: {
		text: 'RFC 8314 recommends implicit TLS for submission in preference to STARTTLS.',
		rfc: 'RFC 8314 §3; RFC 8314 §3.3'
	},
	both: {
		text: 'Clients and servers SHOULD implement both STARTTLS on 587 and implicit TLS on 465.',
		rfc: 'RFC 8314 §3.3'
	},
	equal: {
		text: 'STARTTLS on 587 and implicit TLS on 465 are equally secure only if both sides require TLS.',
		rfc: 'RFC 8314 §3.3'
	},
	auth587: {
		text: 'A submission server requires authentication.',
		rfc: 'RFC 6409 §4.3; RFC 5068 §3.2'
	},
	starttls587: {
		text: 'Port 587 starts in plaintext and upgrades with STARTTLS.',
		rfc: 'RFC 3207 §4.3; RFC 6409 §3.1'
	},
	block25: {
		text: 'Outbound port 25 is commonly blocked on residential networks against spam, and several clouds block or throttle it by policy.',
		rfc: 'RFC 6409 §1; RFC 5068 §4; the cloud providers’ documentation'
	},
	no587block: { text: 'Access providers must not block port 587.', rfc: 'RFC 5068 §4.1' },
	hostile: {
		text: 'Implicit TLS leaves no plaintext phase for an attacker on a hostile network to tamper with.',
		rfc: 'RFC 8314 Appendix A'
	},
	port2587: {
		text: 'Port 2587 is Amazon SES’s own alternate to 587, with STARTTLS.',
		rfc: 'Amazon SES documentation'
	},
	starttlsAlt: {
		text: 'Like 587, this provider port starts in plaintext and upgrades with STARTTLS: set the client to require TLS.',
		rfc: 'RFC 3207 §4; RFC 8314 §5.2; the provider’s documentation'
	},
	preferImplicitAccess: {
		text: 'RFC 8314 recommends implicit TLS for IMAP and POP in preference to STARTTLS.',
		rfc: 'RFC 8314 §3'
	},
	port2525: {
		text: 'Port 2525 is not an IANA SMTP port (IANA: ms-v-worlds); email service providers offer it with STARTTLS as a fallback.',
		rfc: 'IANA port registry; RFC 8314 §7.3'
	},
	relay25: {
		text: 'An MX record carries no port, so delivery to recipients’ MX hosts always uses port 25.',
		rfc: 'RFC 8314 §7.3; RFC 5321 §5.1'
	},
	opportunistic: {
		text: 'Relay uses opportunistic STARTTLS; MTA-STS and DANE let the recipient domain enforce TLS.',
		rfc: 'RFC 3207 §4; RFC 8461; RFC 7672'
	},
	mxListen: { text: 'An MX keeps a listener on port 25.', rfc: 'RFC 5321 §4.5.4.2' },
	mxNoRequire: {
		text: 'A publicly referenced MX must not require STARTTLS to deliver mail locally.',
		rfc: 'RFC 3207 §4'
	},
	msp: {
		text: 'A mail service should offer implicit TLS and, for now, STARTTLS, and advertise the implicit-TLS service first.',
		rfc: 'RFC 8314 §4; RFC 8314 §4.5.2; RFC 8314 §5.1'
	},
	cleartextChange: {
		text: 'Users who sent passwords in cleartext should be required to change them.',
		rfc: 'RFC 8314 §4.1'
	},
	legacy: {
		text: 'Cleartext is only for legacy systems that cannot be upgraded; an MSA may authorise by being on a protected subnet.',
		rfc: 'RFC 8314 §4.1; RFC 6409 §4.3'
	},
	base64: {
		text: 'AUTH PLAIN is base64, which anyone can decode: never send it without TLS.',
		rfc: 'RFC 4954 §4; RFC 4616 §2'
	},
	mismatch: {
		text: 'Implicit TLS starts with a TLS handshake; port 587 starts with a plaintext 220. Mixing them hangs or fails.',
		rfc: 'RFC 8314 §3.3; RFC 3207 §4'
	},
	tls12: { text: 'TLS 1.2 is the minimum for submission and access.', rfc: 'RFC 8997' },
	requiretls: {
		text: 'REQUIRETLS makes every hop use validated TLS or return the message; transport TLS is hop-by-hop only.',
		rfc: 'RFC 8689 §2; RFC 8689 §4.2.1; RFC 3207 §6'
	},
	imap: {
		text: 'IMAP over implicit TLS on 993 is recommended; 143 must offer STARTTLS.',
		rfc: 'RFC 8314 §3.2; RFC 9051 §2.1; RFC 9051 §11.2'
	},
	pop: {
		text: 'POP3 over implicit TLS on 995 is recommended; 110 upgrades with STLS.',
		rfc: 'RFC 8314 §3.1; RFC 1939 §3; RFC 2595 §4'
	},
	api: {
		text: 'An HTTPS API on port 443 avoids SMTP port blocks entirely.',
		rfc: 'the provider’s documentation (e.g. the Amazon SES HTTPS API)'
	},
	aws25: {
		text: 'Direct delivery needs port 25; on AWS it is throttled until AWS removes the limit on request.',
		rfc: 'RFC 8314 §7.3; Amazon SES documentation'
	}
};

function effectiveBlocks(s: Situation): number[] {
	return [...new Set([...NETWORK_BLOCKS[s.network], ...s.blocked])];
}

const canImplicit = (c: Capability) => c === 'both' || c === 'implicit-only';
const canStarttls = (c: Capability) => c === 'both' || c === 'starttls-only';

/** The recommended port and mode for a situation (pure; never throws on a valid situation). */
export function advise(input: Situation): Advice {
	const s = normalizeSituation(input).situation;
	const advice = decide(s);
	const row = caseRowFor(s);
	if (row !== undefined) advice.factSheetRow = row;
	return advice;
}

function base(port: number, mode: AdviceMode, headline: string): Advice {
	return {
		port,
		mode,
		tlsRequired: mode !== 'none',
		auth: true,
		requiretls: false,
		headline,
		alternatives: [],
		avoid: [],
		reasons: []
	};
}

function decide(s: Situation): Advice {
	const blocked = effectiveBlocks(s);
	const open = (p: number) => !blocked.includes(p);

	if (s.who === 'reader') {
		const imap = s.access === 'imap';
		const [implicit, clear] = imap ? [993, 143] : [995, 110];
		const a = canImplicit(s.can)
			? base(implicit, 'implicit-tls', `${imap ? 'IMAP' : 'POP3'} on ${implicit} with implicit TLS`)
			: base(
					clear,
					'starttls',
					`${imap ? 'IMAP' : 'POP3'} on ${clear}, ${imap ? 'STARTTLS' : 'STLS'} required`
				);
		if (a.port === implicit)
			a.alternatives.push({
				port: clear,
				mode: 'starttls',
				note: `${imap ? 'STARTTLS' : 'STLS'} required on ${clear}`
			});
		a.avoid.push({
			what: `${clear} without TLS`,
			why: 'The password and every message cross the network in clear.'
		});
		a.reasons.push(imap ? R.imap : R.pop, R.preferImplicitAccess);
		return a;
	}

	if (s.who === 'mx') {
		const a = base(
			25,
			'starttls',
			'Listen on 25, offer STARTTLS, do not require it; publish MTA-STS, DANE and TLS-RPT'
		);
		a.tlsRequired = false;
		a.auth = false;
		a.avoid.push({
			what: 'Requiring STARTTLS on the MX',
			why: 'Senders without TLS could not deliver; enforce TLS with MTA-STS or DANE instead.'
		});
		a.reasons.push(R.mxListen, R.mxNoRequire, {
			text: 'MTA-STS, DANE and TLS-RPT let senders enforce and report TLS.',
			rfc: 'RFC 8461; RFC 7672; RFC 8460'
		});
		return a;
	}

	if (s.who === 'mail-service') {
		const a = base(
			465,
			'implicit-tls',
			'Offer 465 with implicit TLS and 587 with STARTTLS required before AUTH'
		);
		a.alternatives.push({
			port: 587,
			mode: 'starttls',
			note: 'Also offer 587 with STARTTLS, TLS required before AUTH'
		});
		a.reasons.push(R.both, R.msp, R.auth587);
		if (s.current && s.current.mode === 'none') {
			a.avoid.push({
				what: `Cleartext submission on ${s.current.port}`,
				why: 'Passwords cross the network in clear; disable cleartext AUTH.'
			});
			a.reasons.push(R.cleartextChange);
		}
		return a;
	}

	if (s.who === 'mta') {
		const directOk = open(25) || s.network === 'aws';
		if (directOk) {
			const a = base(
				25,
				'starttls',
				s.network === 'aws'
					? 'Port 25, after AWS removes the sending limit'
					: 'Port 25 with opportunistic STARTTLS; enforce with MTA-STS or DANE'
			);
			a.tlsRequired = false;
			a.auth = false;
			// Handing mail to a provider is a different route, not another port to the MX: offer it
			// only where the sender has one or a cloud's own guidance names one (fact sheet §8 rows 5, 9;
			// row 13 has no alternative, since an MX record carries no port, RFC 8314 §7.3).
			if (s.provider !== 'none' || s.network === 'aws' || s.network === 'azure-ea') {
				a.alternatives.push({
					port: 587,
					mode: 'starttls',
					note: 'Relay through a provider (SES or an ESP) on 587, or 465 with implicit TLS'
				});
			}
			a.avoid.push({
				what: 'Delivering to recipients’ MX hosts on 587, 465 or 2525',
				why: 'Those ports reach only your own provider; MX delivery is port 25.'
			});
			a.reasons.push(R.relay25, R.opportunistic);
			if (s.network === 'aws') a.reasons.push(R.aws25);
			return a;
		}
		const a = base(587, 'starttls', 'Relay outbound mail through a smarthost on 587 (or 465/2525)');
		a.alternatives.push({
			port: 465,
			mode: 'implicit-tls',
			note: 'The smarthost’s implicit-TLS port'
		});
		a.alternatives.push({
			port: 2525,
			mode: 'starttls',
			note: 'The smarthost’s port 2525 with STARTTLS required'
		});
		a.avoid.push({
			what: 'Waiting for port 25 to open',
			why: 'This network blocks outbound 25; inbound 25 to your MX is a separate matter.'
		});
		a.reasons.push(R.block25, R.relay25);
		return a;
	}

	if (s.who === 'device' && s.can === 'none') {
		const a = base(
			25,
			'none',
			'Send to an internal relay on the LAN, restricted by IP; the relay submits onward with TLS'
		);
		a.tlsRequired = false;
		a.auth = false;
		a.alternatives.push({
			port: 587,
			mode: 'none',
			note: 'The internal relay may listen on 587 instead, restricted by IP'
		});
		a.alternatives.push({
			port: null,
			mode: null,
			note: 'Replace the device or update its firmware'
		});
		a.avoid.push({
			what: 'Sending its password in clear over the internet',
			why: 'Anyone on the path can read it.'
		});
		a.reasons.push(R.legacy);
		return a;
	}

	// Submission by a mail client, an application or a TLS-capable device.
	const offers = s.provider === 'none' ? PROVIDER_PORTS.mailbox : PROVIDER_PORTS[s.provider];
	const api = PROVIDER_API[s.provider];
	const order: { port: number; mode: AdviceMode }[] =
		s.who === 'mail-client'
			? [
					{ port: 465, mode: 'implicit-tls' },
					{ port: 587, mode: 'starttls' },
					{ port: 2525, mode: 'starttls' }
				]
			: [
					{ port: 587, mode: 'starttls' },
					{ port: 2587, mode: 'starttls' },
					{ port: 465, mode: 'implicit-tls' },
					{ port: 2525, mode: 'starttls' }
				];
	const usable = order.filter(
		(c) =>
			offers.includes(c.port) &&
			open(c.port) &&
			(c.mode === 'implicit-tls' ? canImplicit(s.can) : canStarttls(s.can))
	);
	let a: Advice;
	if (s.smtpUnreliable && api) {
		a = base(443, 'https-api', 'Use the provider’s HTTPS API on port 443');
		for (const c of usable)
			a.alternatives.push({ port: c.port, mode: c.mode, note: `SMTP submission on ${c.port}` });
		a.reasons.push(R.api);
	} else if (usable.length === 0) {
		a = api
			? base(443, 'https-api', 'No SMTP port gets through: use the provider’s HTTPS API')
			: base(
					465,
					'implicit-tls',
					'No offered port gets through from here: use another network or a VPN, then 465'
				);
		a.reasons.push(api ? R.api : R.prefer465);
	} else {
		const top = usable[0];
		a = base(
			top.port,
			top.mode,
			top.mode === 'implicit-tls'
				? `${top.port} with implicit TLS and AUTH`
				: `${top.port} with STARTTLS required, then AUTH`
		);
		for (const c of usable.slice(1))
			a.alternatives.push({
				port: c.port,
				mode: c.mode,
				note:
					c.mode === 'starttls' ? `${c.port} with STARTTLS required` : `${c.port} with implicit TLS`
			});
		if (api)
			a.alternatives.push({ port: 443, mode: 'https-api', note: 'The provider’s HTTPS API' });
		if (top.mode === 'implicit-tls') a.reasons.push(R.prefer465, R.both);
		else a.reasons.push(top.port === 587 ? R.starttls587 : R.starttlsAlt, R.equal);
		if (top.port === 2525) a.reasons.push(R.port2525);
		if (top.port === 2587) a.reasons.push(R.port2587);
		a.reasons.push(R.auth587);
	}
	if (s.network === 'hotspot' && a.mode === 'implicit-tls') {
		a.reasons.push(R.hostile);
		a.alternatives.push({ port: null, mode: null, note: 'A VPN' });
	}
	if (blocked.includes(25)) a.reasons.push(R.block25);
	if (
		s.who === 'mail-client' &&
		!a.alternatives.some((x) => x.port === 2525) &&
		blocked.includes(587)
	) {
		a.alternatives.push({
			port: 2525,
			mode: 'starttls',
			note: 'An ESP’s port 2525 with STARTTLS required'
		});
		a.alternatives.push({ port: 443, mode: 'https-api', note: 'An ESP’s HTTPS API' });
	}
	if (s.can === 'implicit-only') {
		a.reasons.push(R.tls12);
		a.alternatives.push({ port: null, mode: null, note: 'Upgrade the client' });
	}
	if (s.sensitive) {
		a.requiretls = true;
		a.headline += ', and send with REQUIRETLS where your provider and the path support it';
		a.alternatives.push({
			port: null,
			mode: null,
			note: 'S/MIME or PGP for end-to-end protection'
		});
		a.reasons.push(R.requiretls);
	}
	if (s.current) {
		const c = s.current;
		if (c.mode === 'none') {
			a.avoid.push({
				what: `Port ${c.port} with AUTH and no TLS`,
				why: 'The password crosses the network as base64, readable by anyone on the path.'
			});
			a.reasons.push(R.base64);
		} else if (
			(c.port === 587 && c.mode === 'implicit-tls') ||
			(c.port === 465 && c.mode === 'starttls')
		) {
			a.avoid.push({
				what: `${c.mode === 'implicit-tls' ? 'Implicit TLS' : 'STARTTLS'} on port ${c.port}`,
				why: 'Wrong mode for the port: 465 is implicit TLS, 587 is STARTTLS.'
			});
			a.reasons.push(R.mismatch);
			if (!a.alternatives.some((x) => x.port === 587))
				a.alternatives.push({ port: 587, mode: 'starttls', note: '587 with STARTTLS required' });
		} else if (c.port === 25) {
			a.avoid.push({
				what: 'Submitting on port 25',
				why: 'Port 25 is for relay between servers and is often blocked for clients.'
			});
		}
	}
	if (s.who === 'device')
		a.alternatives.push({
			port: 2525,
			mode: 'starttls',
			note: 'An ESP’s port 2525 with STARTTLS required'
		});
	dedupeAlternatives(a);
	return a;
}

function dedupeAlternatives(a: Advice): void {
	const seen = new Set<string>();
	a.alternatives = a.alternatives.filter((x) => {
		const k = `${x.port}:${x.mode}:${x.port === null ? x.note : ''}`;
		if ((x.port === a.port && x.mode === a.mode) || seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}

// ---- validation and the compact form -------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function normalizeSituation(input: unknown): { situation: Situation; problems: Problem[] } {
	const problems: Problem[] = [];
	const s: Situation = { ...defaultSituation, blocked: [] };
	if (!isRecord(input)) {
		problems.push({ field: '(situation)', message: 'A situation must be an object.' });
		return { situation: s, problems };
	}
	const pick = <T extends string>(key: keyof Situation, allowed: readonly T[]): T | undefined => {
		const v = input[key];
		if (v === undefined) return undefined;
		if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
		problems.push({
			field: key,
			message: `${key} must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}.`,
			accepted: [...allowed]
		});
		return undefined;
	};
	const bool = (key: 'sensitive' | 'smtpUnreliable') => {
		const v = input[key];
		if (v === undefined) return;
		if (typeof v === 'boolean') s[key] = v;
		else
			problems.push({
				field: key,
				message: `${key} must be true or false.`,
				accepted: ['true', 'false']
			});
	};
	s.who = pick('who', SENDERS) ?? s.who;
	s.network = pick('network', NETWORKS) ?? s.network;
	s.provider = pick('provider', PROVIDERS) ?? s.provider;
	s.can = pick('can', CAPABILITIES) ?? s.can;
	s.access = pick('access', ['imap', 'pop3'] as const) ?? s.access;
	bool('sensitive');
	bool('smtpUnreliable');
	if (input.blocked !== undefined) {
		if (
			Array.isArray(input.blocked) &&
			input.blocked.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)
		)
			s.blocked = [...new Set(input.blocked as number[])].sort((a, b) => a - b);
		else
			problems.push({
				field: 'blocked',
				message: 'blocked must be a list of port numbers from 1 to 65535.'
			});
	}
	if (input.current !== undefined && input.current !== null) {
		const c = input.current;
		if (
			isRecord(c) &&
			Number.isInteger(c.port) &&
			(c.port as number) >= 1 &&
			(c.port as number) <= 65535 &&
			typeof c.mode === 'string' &&
			(ADVICE_MODES as readonly string[]).includes(c.mode)
		)
			s.current = { port: c.port as number, mode: c.mode as AdviceMode };
		else
			problems.push({
				field: 'current',
				message: `current must be { port, mode } with mode one of ${ADVICE_MODES.join(', ')}.`,
				accepted: [...ADVICE_MODES]
			});
	}
	return { situation: s, problems };
}

export function validateSituation(input: unknown): Problem[] {
	try {
		return normalizeSituation(input).problems;
	} catch (e) {
		return [{ field: '(situation)', message: `The situation could not be read: ${String(e)}` }];
	}
}

/** Compact keys: who, net, block, via, can, access, sensitive, unreliable, now (`port:mode`). */
export const SITUATION_KEYS = [
	{ key: 'who', field: 'who', values: SENDERS },
	{ key: 'net', field: 'network', values: NETWORKS },
	{ key: 'block', field: 'blocked', values: ['a comma-separated list of port numbers'] },
	{ key: 'via', field: 'provider', values: PROVIDERS },
	{ key: 'can', field: 'can', values: CAPABILITIES },
	{ key: 'access', field: 'access', values: ['imap', 'pop3'] },
	{ key: 'sensitive', field: 'sensitive', values: ['yes', 'no'] },
	{ key: 'unreliable', field: 'smtpUnreliable', values: ['yes', 'no'] },
	{ key: 'now', field: 'current', values: ['<port>:<mode>, e.g. 587:implicit-tls'] }
] as const;

export function parseSituationQuery(query: string | URLSearchParams): {
	situation: Situation;
	problems: Problem[];
} {
	const problems: Problem[] = [];
	let params: URLSearchParams;
	try {
		params =
			typeof query === 'string' ? new URLSearchParams(query.trim().replace(/^\?/, '')) : query;
	} catch (e) {
		return {
			situation: { ...defaultSituation },
			problems: [{ field: '(query)', message: String(e) }]
		};
	}
	const o: Record<string, unknown> = {};
	for (const [k, raw] of params.entries()) {
		const spec = SITUATION_KEYS.find((x) => x.key === k);
		if (!spec) {
			problems.push({
				field: k,
				message: `Unknown key "${k}" was ignored.`,
				accepted: SITUATION_KEYS.map((x) => x.key)
			});
			continue;
		}
		const bad = () =>
			problems.push({
				field: k,
				message: `${k}=${raw} is not valid; accepted: ${spec.values.join(', ')}. The default was used.`,
				accepted: [...spec.values]
			});
		if (k === 'block') {
			const parts = raw === '' ? [] : raw.split(',');
			if (parts.every((p) => /^\d{1,5}$/.test(p) && +p >= 1 && +p <= 65535))
				o.blocked = parts.map(Number);
			else bad();
		} else if (k === 'sensitive' || k === 'unreliable') {
			if (raw === 'yes' || raw === 'no') o[spec.field] = raw === 'yes';
			else bad();
		} else if (k === 'now') {
			const m = /^(\d{1,5}):([a-z-]+)$/.exec(raw);
			if (m && (ADVICE_MODES as readonly string[]).includes(m[2]) && +m[1] >= 1 && +m[1] <= 65535)
				o.current = { port: Number(m[1]), mode: m[2] };
			else bad();
		} else if ((spec.values as readonly string[]).includes(raw)) o[spec.field] = raw;
		else bad();
	}
	const { situation, problems: more } = normalizeSituation(o);
	return { situation, problems: [...problems, ...more] };
}

export function serializeSituation(s: Situation): string {
	const d = defaultSituation;
	const parts: string[] = [];
	if (s.who !== d.who) parts.push(`who=${s.who}`);
	if (s.network !== d.network) parts.push(`net=${s.network}`);
	if (s.blocked.length) parts.push(`block=${s.blocked.join(',')}`);
	if (s.provider !== d.provider) parts.push(`via=${s.provider}`);
	if (s.can !== d.can) parts.push(`can=${s.can}`);
	if (s.access !== d.access) parts.push(`access=${s.access}`);
	if (s.sensitive) parts.push('sensitive=yes');
	if (s.smtpUnreliable) parts.push('unreliable=yes');
	if (s.current) parts.push(`now=${s.current.port}:${s.current.mode}`);
	return parts.join('&');
}

// ---- fact sheet §8 as cases ----------------------------------------------------------------

export interface AdvisorCase {
	/** Row number in fact sheet §8. */
	row: number;
	scenario: string;
	/** The situation in compact form. */
	query: string;
	situation: Situation;
	/** Any of these (port, mode) pairs is a correct primary answer, per the row. */
	expect: { port: number; mode: AdviceMode }[];
	/** Ports (or modes) that must appear among the alternatives. */
	alternatives: { port: number | null; mode?: AdviceMode }[];
	requiretls?: boolean;
	/** What must be named in `avoid` (substring). */
	avoid?: string;
}

const CASE_DEFS: Omit<AdvisorCase, 'situation'>[] = [
	{
		row: 1,
		scenario: 'Thunderbird or Outlook at home, sending via the mailbox provider',
		query: '',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: [{ port: 587, mode: 'starttls' }]
	},
	{
		row: 2,
		scenario: 'Residential ISP blocks outbound port 25',
		query: 'block=25',
		expect: [
			{ port: 465, mode: 'implicit-tls' },
			{ port: 587, mode: 'starttls' }
		],
		alternatives: []
	},
	{
		row: 3,
		scenario: 'Laptop on a coffee-shop hotspot, company mail server',
		query: 'net=hotspot',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: [{ port: 587, mode: 'starttls' }, { port: null }]
	},
	{
		row: 4,
		scenario: 'App on AWS EC2 sending via Amazon SES SMTP',
		query: 'who=application&net=aws&via=ses',
		expect: [
			{ port: 587, mode: 'starttls' },
			{ port: 2587, mode: 'starttls' }
		],
		alternatives: [{ port: 443, mode: 'https-api' }]
	},
	{
		row: 5,
		scenario: 'Own MTA on EC2 delivering directly to recipients’ MX hosts',
		query: 'who=mta&net=aws&via=none',
		expect: [{ port: 25, mode: 'starttls' }],
		alternatives: [{ port: 587 }]
	},
	{
		row: 6,
		scenario: 'App on a Google Cloud VM sending mail',
		query: 'who=application&net=gcp&via=esp',
		expect: [
			{ port: 587, mode: 'starttls' },
			{ port: 465, mode: 'implicit-tls' }
		],
		alternatives: [{ port: 2525 }]
	},
	{
		row: 7,
		scenario: 'Own MX and outbound MTA on GCP',
		query: 'who=mta&net=gcp&via=smarthost',
		expect: [
			{ port: 587, mode: 'starttls' },
			{ port: 465, mode: 'implicit-tls' },
			{ port: 2525, mode: 'starttls' }
		],
		alternatives: []
	},
	{
		row: 8,
		scenario: 'App on an Azure VM (pay-as-you-go)',
		query: 'who=application&net=azure&via=relay',
		expect: [{ port: 587, mode: 'starttls' }],
		alternatives: [{ port: 465 }, { port: 443, mode: 'https-api' }]
	},
	{
		row: 9,
		scenario: 'Azure VM under EA / MCA-E delivering directly to MX hosts',
		query: 'who=mta&net=azure-ea&via=none',
		expect: [{ port: 25, mode: 'starttls' }],
		alternatives: [{ port: 587 }]
	},
	{
		row: 10,
		scenario: 'Corporate firewall blocks outbound 587',
		query: 'net=corporate&block=587',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: [
			{ port: 2525, mode: 'starttls' },
			{ port: 443, mode: 'https-api' }
		]
	},
	{
		row: 11,
		scenario: 'Sending through an ESP; the network blocks 25 and 587',
		query: 'block=25,587&via=esp',
		expect: [{ port: 2525, mode: 'starttls' }],
		alternatives: [{ port: 443, mode: 'https-api' }]
	},
	{
		row: 12,
		scenario: 'Web application where SMTP ports are unreliable',
		query: 'who=application&net=datacenter&via=esp&unreliable=yes',
		expect: [{ port: 443, mode: 'https-api' }],
		alternatives: [{ port: 587 }]
	},
	{
		row: 13,
		scenario: 'Server-to-server relay to the recipient’s MX',
		query: 'who=mta&net=datacenter&via=none',
		expect: [{ port: 25, mode: 'starttls' }],
		alternatives: []
	},
	{
		row: 14,
		scenario: 'Setting up the receiving MX for a domain',
		query: 'who=mx&net=datacenter&via=none',
		expect: [{ port: 25, mode: 'starttls' }],
		alternatives: [],
		avoid: 'Requiring STARTTLS'
	},
	{
		row: 15,
		scenario: 'A mail service offering submission to its users',
		query: 'who=mail-service&net=datacenter&via=none',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: [{ port: 587, mode: 'starttls' }]
	},
	{
		row: 16,
		scenario: 'Legacy printer that only speaks plaintext SMTP',
		query: 'who=device&net=lan&can=none',
		expect: [
			{ port: 25, mode: 'none' },
			{ port: 587, mode: 'none' }
		],
		alternatives: [{ port: null }],
		avoid: 'password in clear'
	},
	{
		row: 17,
		scenario: 'Printer with STARTTLS but no implicit TLS',
		query: 'who=device&net=lan&can=starttls-only',
		expect: [{ port: 587, mode: 'starttls' }],
		alternatives: [{ port: 2525, mode: 'starttls' }]
	},
	{
		row: 18,
		scenario: 'Old mail client whose only option is “SSL” on 465',
		query: 'can=implicit-only',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: []
	},
	{
		row: 19,
		scenario: 'Client set to SSL/TLS but the port says 587',
		query: 'now=587:implicit-tls',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: [{ port: 587, mode: 'starttls' }],
		avoid: 'Implicit TLS on port 587'
	},
	{
		row: 20,
		scenario: 'Reading mail on a phone (IMAP)',
		query: 'who=reader',
		expect: [{ port: 993, mode: 'implicit-tls' }],
		alternatives: [{ port: 143, mode: 'starttls' }]
	},
	{
		row: 21,
		scenario: 'Downloading mail with POP3',
		query: 'who=reader&access=pop3',
		expect: [{ port: 995, mode: 'implicit-tls' }],
		alternatives: [{ port: 110, mode: 'starttls' }]
	},
	{
		row: 22,
		scenario: 'Someone suggests port 25 with AUTH PLAIN and no TLS',
		query: 'now=25:none',
		expect: [
			{ port: 465, mode: 'implicit-tls' },
			{ port: 587, mode: 'starttls' }
		],
		alternatives: [],
		avoid: 'Port 25 with AUTH and no TLS'
	},
	{
		row: 23,
		scenario: 'A highly sensitive message must never cross a hop unencrypted',
		query: 'sensitive=yes',
		expect: [
			{ port: 465, mode: 'implicit-tls' },
			{ port: 587, mode: 'starttls' }
		],
		alternatives: [{ port: null }],
		requiretls: true
	},
	{
		row: 24,
		scenario: 'An MSP still allows cleartext submission',
		query: 'who=mail-service&net=datacenter&via=none&now=587:none',
		expect: [{ port: 465, mode: 'implicit-tls' }],
		alternatives: [{ port: 587, mode: 'starttls' }],
		avoid: 'Cleartext submission'
	},
	{
		row: 25,
		scenario: 'Contact form on shared hosting that blocks outbound 25',
		query: 'who=application&net=shared-hosting&via=esp',
		expect: [
			{ port: 587, mode: 'starttls' },
			{ port: 465, mode: 'implicit-tls' }
		],
		alternatives: [{ port: 2525 }, { port: 443, mode: 'https-api' }]
	}
];

export const ADVISOR_CASES: readonly AdvisorCase[] = CASE_DEFS.map((d) => {
	const { situation, problems } = parseSituationQuery(d.query);
	if (problems.length) throw new Error(`Advisor case ${d.row}: ${problems[0].message}`);
	return { ...d, situation };
});

let caseIndex: Map<string, number> | null = null;
function caseRowFor(s: Situation): number | undefined {
	caseIndex ??= new Map(ADVISOR_CASES.map((c) => [serializeSituation(c.situation), c.row]));
	return caseIndex.get(serializeSituation(s));
}
