/**
 * The scenario: one typed, serialisable (plain JSON) description of a situation to simulate — which
 * phase, which port, how the client and the servers are set up, what the network blocks, who sits on
 * the path and what policy the recipient domain publishes. Also the validator, which explains every
 * problem in plain words and never throws, and `normalizeScenario`, which turns any input into the
 * nearest valid scenario.
 *
 * Leaves to others: the compact URL form (scenario-query.ts) and running it (run-scenario.ts).
 *
 * RFC sections behind the cross-field rules: RFC 3207 §4 (an MX must not require STARTTLS),
 * RFC 8314 §7.3 (relay is always port 25), RFC 9051 §2.1 and RFC 1939 §3 / RFC 8314 §3.1–3.2
 * (retrieval ports).
 */
import {
	RETRIEVAL_PORTS,
	SMTP_PORTS,
	isRetrievalPort,
	isSmtpPort,
	type RetrievalPort,
	type SmtpPort
} from './ports';

export const PHASES = ['submission', 'relay', 'receipt', 'journey'] as const;
export type Phase = (typeof PHASES)[number];

export const CLIENT_SECURITIES = [
	'none',
	'opportunistic',
	'starttls-required',
	'implicit'
] as const;
/**
 * none: never starts TLS. opportunistic: STARTTLS when offered, else carries on in clear.
 * starttls-required: STARTTLS or stop. implicit: TLS handshake as soon as TCP connects.
 */
export type ClientSecurity = (typeof CLIENT_SECURITIES)[number];

export const LISTEN_MODES = ['closed', 'plaintext', 'implicit-tls'] as const;
/** How a server listens on one port: not at all, plaintext first (STARTTLS possible), or implicit TLS. */
export type ListenMode = (typeof LISTEN_MODES)[number];

export const CERT_STATES = ['valid', 'expired', 'wrong-name'] as const;
export type CertState = (typeof CERT_STATES)[number];

export const ON_PATH_PARTIES = [
	'none',
	'eavesdropper',
	'strip-starttls',
	'forge-454',
	'fake-cert',
	'inject-commands'
] as const;
export type OnPathParty = (typeof ON_PATH_PARTIES)[number];

export const HOPS = ['submission', 'relay', 'retrieval'] as const;
/** A network hop an on-path party can sit on. */
export type Hop = (typeof HOPS)[number];

export const MTA_STS_MODES = ['none', 'testing', 'enforce'] as const;
export type MtaStsMode = (typeof MTA_STS_MODES)[number];

export const SERVER_ROLES = ['submission', 'mx'] as const;
/** submission: an MSA that requires AUTH (RFC 6409 §4.3). mx: accepts only for its own domains. */
export type ServerRole = (typeof SERVER_ROLES)[number];

export const RETRIEVAL_PROTOCOLS = ['imap', 'pop3'] as const;
export type RetrievalProtocol = (typeof RETRIEVAL_PROTOCOLS)[number];

/** right or wrong password; none: the sender does not authenticate (an MTA, a device on a trusted LAN). */
export const CREDENTIALS = ['right', 'wrong', 'none'] as const;
export type Credentials = (typeof CREDENTIALS)[number];

/** The server the client submits to (its provider's MSA, or an MX when misdirected). */
export interface ServerSetup {
	role: ServerRole;
	/** Listening mode per SMTP port. */
	listen: Record<SmtpPort, ListenMode>;
	/** Offers STARTTLS on plaintext ports. */
	starttls: boolean;
	/** AUTH hidden and refused until TLS is up (Postfix smtpd_tls_auth_only). */
	tlsBeforeAuth: boolean;
	/** Requires TLS before any mail command (Postfix smtpd_tls_security_level=encrypt), RFC 3207 §4. */
	requireTls: boolean;
	cert: CertState;
	/** Advertises REQUIRETLS after TLS (RFC 8689). */
	requiretls: boolean;
	/** Discards plaintext pipelined after STARTTLS (the CVE-2011-0411 fix). */
	patched: boolean;
}

/** The recipient domain's MX (relay and receipt phases). Always listens on 25 in plaintext. */
export interface MxSetup {
	starttls: boolean;
	cert: CertState;
	requiretls: boolean;
	patched: boolean;
}

export interface Scenario {
	phase: Phase;
	/** Port the mail client submits on. Relay to an MX is always port 25 and ignores this. */
	port: SmtpPort;
	client: {
		security: ClientSecurity;
		validatesCerts: boolean;
		credentials: Credentials;
	};
	server: ServerSetup;
	mx: MxSetup;
	/** Whether the server receiving the mail handles the recipient's domain (false: relay denied). */
	recipientLocal: boolean;
	network: {
		/** Outbound ports blocked on the mail client's network (ISP, hotspot, corporate firewall). */
		blocked: number[];
		/** Outbound ports blocked on the sending MTA's network (a cloud provider blocking 25). */
		mtaBlocked: number[];
	};
	onPath: { party: OnPathParty; hop: Hop };
	policy: {
		mtaSts: MtaStsMode;
		/** DNSSEC-signed TLSA records at _25._tcp.<mx> (RFC 7672). */
		dane: boolean;
		/** The message carries REQUIRETLS (RFC 8689). */
		requireTls: boolean;
	};
	retrieval: { protocol: RetrievalProtocol; port: RetrievalPort; security: ClientSecurity };
}

export interface Problem {
	/** Dotted path of the field, e.g. `client.security`, or the URL key. */
	field: string;
	message: string;
	accepted?: string[];
}

export const defaultScenario: Scenario = {
	phase: 'submission',
	port: 587,
	client: { security: 'starttls-required', validatesCerts: true, credentials: 'right' },
	server: {
		role: 'submission',
		listen: { 25: 'plaintext', 465: 'implicit-tls', 587: 'plaintext', 2525: 'closed' },
		starttls: true,
		tlsBeforeAuth: true,
		requireTls: false,
		cert: 'valid',
		requiretls: false,
		patched: true
	},
	mx: { starttls: true, cert: 'valid', requiretls: false, patched: true },
	recipientLocal: true,
	network: { blocked: [], mtaBlocked: [] },
	onPath: { party: 'none', hop: 'submission' },
	policy: { mtaSts: 'none', dane: false, requireTls: false },
	retrieval: { protocol: 'imap', port: 993, security: 'implicit' }
};

/** The hop an on-path party sits on when none is given: the first hop of the phase. */
export function defaultHop(phase: Phase): Hop {
	return phase === 'relay' ? 'relay' : phase === 'receipt' ? 'retrieval' : 'submission';
}

/** Hops a phase traverses. */
export function hopsOf(phase: Phase): Hop[] {
	switch (phase) {
		case 'submission':
			return ['submission'];
		case 'relay':
			return ['relay'];
		case 'receipt':
			return ['retrieval'];
		case 'journey':
			return ['submission', 'relay', 'retrieval'];
	}
}

/** The implicit-TLS port of a retrieval protocol, and its cleartext port. */
export const RETRIEVAL_PORTS_OF: Record<
	RetrievalProtocol,
	{ implicit: RetrievalPort; clear: RetrievalPort }
> = { imap: { implicit: 993, clear: 143 }, pop3: { implicit: 995, clear: 110 } };

export function cloneScenario(s: Scenario): Scenario {
	return {
		...s,
		client: { ...s.client },
		server: { ...s.server, listen: { ...s.server.listen } },
		mx: { ...s.mx },
		network: { blocked: [...s.network.blocked], mtaBlocked: [...s.network.mtaBlocked] },
		onPath: { ...s.onPath },
		policy: { ...s.policy },
		retrieval: { ...s.retrieval }
	};
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
	if (typeof v === 'string') return `"${v}"`;
	if (v === undefined) return 'nothing';
	try {
		return JSON.stringify(v) ?? String(v);
	} catch {
		return String(v);
	}
}

/**
 * Turns any input into the nearest valid scenario: each missing or bad field takes its default,
 * and each problem is reported in plain words. Never throws.
 */
export function normalizeScenario(input: unknown): { scenario: Scenario; problems: Problem[] } {
	const problems: Problem[] = [];
	const s = cloneScenario(defaultScenario);
	if (!isRecord(input)) {
		problems.push({
			field: '(scenario)',
			message: `A scenario must be an object, got ${describe(input)}.`
		});
		return { scenario: s, problems };
	}

	function pick<T extends string>(
		obj: Record<string, unknown>,
		key: string,
		path: string,
		allowed: readonly T[],
		fallback: T
	): T {
		const v = obj[key];
		if (v === undefined) return fallback;
		if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
		problems.push({
			field: path,
			message: `${path} must be one of ${allowed.join(', ')}; got ${describe(v)}.`,
			accepted: [...allowed]
		});
		return fallback;
	}
	function bool(
		obj: Record<string, unknown>,
		key: string,
		path: string,
		fallback: boolean
	): boolean {
		const v = obj[key];
		if (v === undefined) return fallback;
		if (typeof v === 'boolean') return v;
		problems.push({
			field: path,
			message: `${path} must be true or false; got ${describe(v)}.`,
			accepted: ['true', 'false']
		});
		return fallback;
	}
	function sub(key: string): Record<string, unknown> {
		const v = input as Record<string, unknown>;
		if (v[key] === undefined) return {};
		if (isRecord(v[key])) return v[key] as Record<string, unknown>;
		problems.push({ field: key, message: `${key} must be an object; got ${describe(v[key])}.` });
		return {};
	}
	function ports(v: unknown, path: string): number[] {
		if (v === undefined) return [];
		if (!Array.isArray(v)) {
			problems.push({
				field: path,
				message: `${path} must be a list of port numbers; got ${describe(v)}.`
			});
			return [];
		}
		const out: number[] = [];
		for (const p of v) {
			if (typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535) {
				if (!out.includes(p)) out.push(p);
			} else {
				problems.push({
					field: path,
					message: `${path} may hold only TCP port numbers from 1 to 65535; ${describe(p)} was ignored.`
				});
			}
		}
		return out.sort((a, b) => a - b);
	}

	s.phase = pick(input, 'phase', 'phase', PHASES, s.phase);
	const port = input.port;
	if (port !== undefined) {
		if (isSmtpPort(port)) s.port = port;
		else
			problems.push({
				field: 'port',
				message: `port must be an SMTP port the lab models (${SMTP_PORTS.join(', ')}); got ${describe(port)}.`,
				accepted: SMTP_PORTS.map(String)
			});
	}

	const c = sub('client');
	s.client.security = pick(c, 'security', 'client.security', CLIENT_SECURITIES, s.client.security);
	s.client.validatesCerts = bool(
		c,
		'validatesCerts',
		'client.validatesCerts',
		s.client.validatesCerts
	);
	s.client.credentials = pick(
		c,
		'credentials',
		'client.credentials',
		CREDENTIALS,
		s.client.credentials
	);

	const sv = sub('server');
	s.server.role = pick(sv, 'role', 'server.role', SERVER_ROLES, s.server.role);
	if (sv.listen !== undefined) {
		if (isRecord(sv.listen)) {
			for (const k of Object.keys(sv.listen)) {
				const n = Number(k);
				if (!isSmtpPort(n)) {
					problems.push({
						field: `server.listen.${k}`,
						message: `server.listen has no port ${k}; the lab models ${SMTP_PORTS.join(', ')}.`,
						accepted: SMTP_PORTS.map(String)
					});
					continue;
				}
				s.server.listen[n] = pick(
					sv.listen,
					k,
					`server.listen.${k}`,
					LISTEN_MODES,
					s.server.listen[n]
				);
			}
		} else {
			problems.push({
				field: 'server.listen',
				message: `server.listen must be an object; got ${describe(sv.listen)}.`
			});
		}
	}
	s.server.starttls = bool(sv, 'starttls', 'server.starttls', s.server.starttls);
	s.server.tlsBeforeAuth = bool(
		sv,
		'tlsBeforeAuth',
		'server.tlsBeforeAuth',
		s.server.tlsBeforeAuth
	);
	s.server.requireTls = bool(sv, 'requireTls', 'server.requireTls', s.server.requireTls);
	s.server.cert = pick(sv, 'cert', 'server.cert', CERT_STATES, s.server.cert);
	s.server.requiretls = bool(sv, 'requiretls', 'server.requiretls', s.server.requiretls);
	s.server.patched = bool(sv, 'patched', 'server.patched', s.server.patched);

	const mx = sub('mx');
	s.mx.starttls = bool(mx, 'starttls', 'mx.starttls', s.mx.starttls);
	s.mx.cert = pick(mx, 'cert', 'mx.cert', CERT_STATES, s.mx.cert);
	s.mx.requiretls = bool(mx, 'requiretls', 'mx.requiretls', s.mx.requiretls);
	s.mx.patched = bool(mx, 'patched', 'mx.patched', s.mx.patched);

	s.recipientLocal = bool(input, 'recipientLocal', 'recipientLocal', s.recipientLocal);

	const net = sub('network');
	s.network.blocked = ports(net.blocked, 'network.blocked');
	s.network.mtaBlocked = ports(net.mtaBlocked, 'network.mtaBlocked');

	const op = sub('onPath');
	s.onPath.party = pick(op, 'party', 'onPath.party', ON_PATH_PARTIES, s.onPath.party);
	s.onPath.hop = pick(op, 'hop', 'onPath.hop', HOPS, defaultHop(s.phase));

	const pol = sub('policy');
	s.policy.mtaSts = pick(pol, 'mtaSts', 'policy.mtaSts', MTA_STS_MODES, s.policy.mtaSts);
	s.policy.dane = bool(pol, 'dane', 'policy.dane', s.policy.dane);
	s.policy.requireTls = bool(pol, 'requireTls', 'policy.requireTls', s.policy.requireTls);

	const rt = sub('retrieval');
	s.retrieval.protocol = pick(
		rt,
		'protocol',
		'retrieval.protocol',
		RETRIEVAL_PROTOCOLS,
		s.retrieval.protocol
	);
	const rport = rt.port;
	const own = RETRIEVAL_PORTS_OF[s.retrieval.protocol];
	if (rport === undefined) s.retrieval.port = own.implicit;
	else if (isRetrievalPort(rport) && (rport === own.implicit || rport === own.clear))
		s.retrieval.port = rport;
	else {
		problems.push({
			field: 'retrieval.port',
			message: `retrieval.port for ${s.retrieval.protocol.toUpperCase()} must be ${own.implicit} or ${own.clear}; got ${describe(rport)}.`,
			accepted: [String(own.implicit), String(own.clear)]
		});
		s.retrieval.port = own.implicit;
	}
	s.retrieval.security = pick(
		rt,
		'security',
		'retrieval.security',
		CLIENT_SECURITIES,
		s.retrieval.security
	);

	problems.push(...crossFieldProblems(s));
	return { scenario: s, problems };
}

/** Rules between fields; each one also repairs `s` to the nearest valid scenario. */
function crossFieldProblems(s: Scenario): Problem[] {
	const problems: Problem[] = [];
	if (s.server.role === 'mx' && s.server.requireTls) {
		problems.push({
			field: 'server.requireTls',
			message:
				'An MX must not require STARTTLS to deliver mail locally (RFC 3207 §4); TLS is enforced by MTA-STS or DANE instead. requireTls was turned off.',
			accepted: ['false']
		});
		s.server.requireTls = false;
	}
	if (s.phase === 'journey' && s.server.role !== 'submission') {
		problems.push({
			field: 'server.role',
			message:
				'A whole journey starts with submission to the sender’s own provider, so server.role must be submission.',
			accepted: ['submission']
		});
		s.server.role = 'submission';
	}
	if (!hopsOf(s.phase).includes(s.onPath.hop)) {
		const hop = defaultHop(s.phase);
		// With nobody on the path the hop means nothing, so it moves without a word.
		if (s.onPath.party !== 'none')
			problems.push({
				field: 'onPath.hop',
				message: `The ${s.phase} phase does not cross the ${s.onPath.hop} hop; the on-path party was moved to the ${hop} hop.`,
				accepted: hopsOf(s.phase)
			});
		s.onPath.hop = hop;
	}
	return problems;
}

/** Every problem with `input` as a scenario, in plain words. Never throws; [] means valid. */
export function validateScenario(input: unknown): Problem[] {
	try {
		return normalizeScenario(input).problems;
	} catch (e) {
		return [{ field: '(scenario)', message: `The scenario could not be read: ${String(e)}` }];
	}
}

export { RETRIEVAL_PORTS, SMTP_PORTS };
